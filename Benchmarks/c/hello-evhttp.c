/* The baseline: a plain evhttp hello-world on one loop, built from the same libevent. */
#include <signal.h>
#include <stdlib.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

static void hello(struct evhttp_request *req, void *arg) {
    (void)arg;
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "text/plain; charset=utf-8");
    evbuffer_add(evhttp_request_get_output_buffer(req), "hello", 5);
    evhttp_send_reply(req, 200, "OK", NULL);
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8081;
    signal(SIGPIPE, SIG_IGN);
    struct event_base *base = event_base_new();
    struct evhttp *http = evhttp_new(base);
    evhttp_set_gencb(http, hello, NULL);
    if (evhttp_bind_socket(http, "127.0.0.1", (unsigned short)port) != 0) return 1;
    event_base_dispatch(base);
    return 0;
}
