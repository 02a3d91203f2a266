"""Sends N keep-alive requests over 32 connections; a share of extra clients send a request
and hang up before reading the answer. Bounded in count; loopback only."""
import socket, sys, threading

port, total, early = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
REQUEST = b"GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
WORKERS = 32
per_worker = total // WORKERS

def worker():
    sock = socket.create_connection(("127.0.0.1", port))
    answered = 0
    pipeline = 16
    while answered < per_worker:
        batch = min(pipeline, per_worker - answered)
        sock.sendall(REQUEST * batch)
        seen = 0
        data = b""
        while seen < batch:
            chunk = sock.recv(65536)
            if not chunk:
                raise SystemExit("server closed the connection")
            data += chunk
            seen = data.count(b"hello")
        answered += batch
    sock.close()
    for _ in range(int(per_worker * early / 10)):
        hang_up = socket.create_connection(("127.0.0.1", port))
        hang_up.sendall(REQUEST)
        hang_up.close()

threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
for t in threads: t.start()
for t in threads: t.join()
