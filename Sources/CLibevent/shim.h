#ifndef SPANSCOPE_CLIBEVENT_SHIM_H
#define SPANSCOPE_CLIBEVENT_SHIM_H

// The system headers come first: event2/event-config.h defines _GNU_SOURCE, and
// if it is seen before them Swift's Glibc module and this one disagree on fd_set.
#include <sys/types.h>
#include <sys/time.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <event2/http.h>
#include <event2/http_struct.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>
#include <pthread.h>

// glibc declares it only under _GNU_SOURCE, which Swift's Glibc module does not set.
extern int pthread_setname_np(pthread_t thread, const char *name);

/// Names the calling thread (at most 15 characters are kept), for debuggers and `top -H`.
static inline void spanscope_name_current_thread(const char *name) {
    pthread_setname_np(pthread_self(), name);
}

#endif
