#!/usr/bin/env python3
"""A minimal GitHub stand-in for scripts/bench.sh: plain HTTP on 127.0.0.1, threaded.

POST .../issues/<n>/comments -> 201 with a JSON comment; PATCH .../comments/<id> -> 200;
any GET -> 200 []. No state beyond a counter. Usage: github_standin.py [PORT] (0 = any
free port); prints the port on its first line of output, then serves until killed.
"""
import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_lock = threading.Lock()
_next_id = [0]


class Handler(BaseHTTPRequestHandler):
    """Answers the issue-comment endpoints tri and benches/step.sh use."""

    protocol_version = "HTTP/1.1"  # keep-alive: a bulk sync reuses its connection

    def setup(self):
        """Per connection: no Nagle delay."""
        super().setup()
        # One write per answer and no Nagle delay on kept-alive connections.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        """Quiet: no access log."""
        pass

    def _answer(self, status, reason, payload):
        """Sends `payload` as JSON in one write."""
        body = json.dumps(payload).encode()
        head = (
            f"HTTP/1.1 {status} {reason}\r\n"
            "Content-Type: application/json; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        self.wfile.write(head + body)
        self.wfile.flush()

    def _body(self):
        """The request body."""
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _comment(self, cid, body):
        """A comment object as GitHub returns it (the fields tri reads)."""
        path = self.path.split("?")[0]
        parts = path.strip("/").split("/")  # repos/o/r/issues/<n>/comments[...]
        repo, issue = "/".join(parts[1:3]), parts[4] if len(parts) > 4 else "0"
        return {
            "id": cid,
            "html_url": f"https://github.com/{repo}/issues/{issue}#issuecomment-{cid}",
            "body": body,
        }

    def do_POST(self):
        """Create a comment: 201."""
        try:
            body = json.loads(self._body() or b"{}").get("body", "")
        except ValueError:
            return self._answer(400, "Bad Request", {"message": "Problems parsing JSON"})
        with _lock:
            _next_id[0] += 1
            cid = _next_id[0]
        self._answer(201, "Created", self._comment(cid, body))

    def do_PATCH(self):
        """Edit a comment: 200."""
        body = json.loads(self._body() or b"{}").get("body", "")
        cid = int(self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or 0)
        self._answer(200, "OK", self._comment(cid, body))

    def do_GET(self):
        """List comments: always none."""
        self._answer(200, "OK", [])


def main():
    """Serves on the port given (0: any free one) and prints it."""
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
