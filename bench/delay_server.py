#!/usr/bin/env python3
"""A target that answers every request after a fixed delay, for bench/load.sh's latency check.

    python3 bench/delay_server.py PORT SECONDS

HTTP/1.1 with keep-alive, one thread per connection; the delay is time.sleep (nanosleep), which
overshoots by tens of microseconds, not milliseconds. Its own parsing and writing add a little on
top: bench/load.sh prints oha's p50 against it for reference.
"""
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = float(sys.argv[2])
BODY = b'{"delayed":true}'


ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(BODY)).encode()
    + b"\r\n\r\n"
    + BODY
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Head and body leave in one write with Nagle off: written apart, the body waits for the
    # client's delayed ACK (40 ms on Linux) and every answer takes ~100 ms instead of 50.
    disable_nagle_algorithm = True

    def do_GET(self):
        time.sleep(DELAY)
        self.wfile.write(ANSWER)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
