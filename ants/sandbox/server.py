"""The sandbox's HTTP server: WSGI on the standard library's http.server, connections kept alive.

A real ANTS keeps connections alive; werkzeug's development server closes every one (a new
connection and a new thread per request: ~2 ms a call, measured), which the product's client would
pay for in every benchmark and no production server makes it pay. Here a connection serves its
requests one after the other until the client closes it or stays idle for IDLE_TIMEOUT_S.

What a request's handler may rely on:
- the body is read from a stream limited to its Content-Length; what the app leaves unread is read
  and dropped before the next request (up to DRAIN_MAX_BYTES, else the connection is closed);
- the answer is sent with its Content-Length, whole;
- `environ["sandbox.arrived"]` is when the request's first line had come (time.monotonic()): the
  latency fault counts from there, so that the server's own handling, its headers' parsing
  included, falls within it;
- `environ["sandbox.socket"]` is the connection's socket: shutting it down, then raising
  ConnectionAbortedError, drops the exchange without an answer (the timeout faults);
- a request body sent in chunks is refused (411): every client of the sandbox sends its length.
"""

import http.server
import io
import logging
import socket
import sys
import time
from urllib.parse import unquote

logger = logging.getLogger("ants.sandbox")

IDLE_TIMEOUT_S = 60
DRAIN_MAX_BYTES = 1024 * 1024


class _Body(io.RawIOBase):
    """The request's body: at most `length` bytes of the connection, counted as they are read."""

    def __init__(self, stream, length: int):
        self._stream, self.remaining = stream, length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), self.remaining)
        if size <= 0:
            return 0
        data = self._stream.read(size)
        buffer[: len(data)] = data
        self.remaining -= len(data)
        if not data:
            self.remaining = 0  # the client went away mid-body
        return len(data)

    def drain(self) -> bool:
        """What the app left unread, read and dropped; False when too much is left to bother."""
        if self.remaining > DRAIN_MAX_BYTES:
            return False
        while self.remaining and self.read(64 * 1024):
            pass
        return True


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the client says otherwise
    timeout = IDLE_TIMEOUT_S

    def setup(self) -> None:
        super().setup()
        # The headers and the body go out as two writes: without this, the body would wait for the
        # client's delayed acknowledgement of the headers (40 ms on Linux) on a kept-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # noqa: A002 - the app logs one line per request itself
        pass

    def parse_request(self) -> bool:
        self.arrived = time.monotonic()  # its first line has come, its headers are parsed next
        return super().parse_request()

    def _serve(self) -> None:
        arrived = self.arrived
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self.send_error(411, "Content-Length required")
            return
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit():
            self.close_connection = True
            self.send_error(400, "Invalid Content-Length")
            return
        body = _Body(self.rfile, int(length))
        answer = _Answer()
        try:
            chunks = self.server.app(self._environ(body, arrived), answer.start_response)
            try:
                content = [*answer.written, *chunks]  # sent as they are: no copy of a large file
            finally:
                getattr(chunks, "close", lambda: None)()
        except ConnectionAbortedError:  # the app dropped the exchange: no answer at all
            self.close_connection = True
            return
        except Exception:
            logger.exception("%s %s failed in the server", self.command, self.path)
            self.close_connection = True
            self.send_error(500)
            return
        self.close_connection = self.close_connection or not body.drain()
        self._send(answer, content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def _send(self, answer: "_Answer", content: list[bytes]) -> None:
        code, _, reason = answer.status.partition(" ")
        self.send_response(int(code), reason)
        head = self.command == "HEAD"  # the app says the length of the body it leaves out
        for name, value in answer.headers:
            if name.lower() not in ("connection", "transfer-encoding") and (
                head or name.lower() != "content-length"
            ):
                self.send_header(name, value)
        if not head:
            self.send_header("Content-Length", str(sum(map(len, content))))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            for part in content:
                self.wfile.write(part)

    def _environ(self, body: _Body, arrived: float) -> dict:
        path, _, query = self.path.partition("?")
        environ = {
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path, "latin-1"),
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": self.headers.get("Content-Length", ""),
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BufferedReader(body),
            "wsgi.input_terminated": True,  # the stream ends with the body: read it to its end
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "sandbox.socket": self.connection,
            "sandbox.arrived": arrived,
        }
        for name, value in self.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        return environ


class _Answer:
    """What the app answered: the status, the headers, and what it wrote through write()."""

    def __init__(self):
        self.status, self.headers, self.written = "500 Internal Server Error", [], []

    def start_response(self, status: str, headers: list, exc_info=None):
        self.status, self.headers = status, headers
        return self.written.append


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, app):
        super().__init__(address, _Handler)
        self.app = app

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client gone mid-answer is no error
            super().handle_error(request, client_address)


def serve(host: str, port: int, app) -> None:
    """Serve `app` until the process is stopped."""
    with _Server((host, port), app) as server:
        server.serve_forever()
