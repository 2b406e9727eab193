"""A hostile ANTS on a real socket, for what neither the sandbox nor `responses` can play: bytes
trickled one at a time, headers that never end, a gzip bomb, a token the HTTP layer cannot encode.

Each connection reads one request, then the test's `script(method, path, out)` writes the raw answer
on `out` (the connection closes after it). Scripts below cover the usual answers.
"""

import gzip
import io
import json
import socketserver
import threading
import time
from collections.abc import Callable

TRICKLE_PAUSE_S = 0.05  # between two bytes: far longer than the client's per-read work, far below a timeout
GIVE_UP_S = 5  # a hostile script stops after this, so that a client without deadline fails, not hangs


class _Connection(socketserver.StreamRequestHandler):
    timeout = GIVE_UP_S

    def handle(self):
        request_line = self.rfile.readline().decode("latin-1").split()
        length = 0
        while (line := self.rfile.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        self.rfile.read(length)
        method, path = request_line[0], request_line[1]
        self.server.ants.requests.append((method, path))
        try:
            self.server.ants.script(method, path, _Out(self))
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the client gave up on us (what the hostile scripts expect), or we gave up on it


class _Out:
    def __init__(self, connection: _Connection):
        self.write, self.flush = connection.wfile.write, connection.wfile.flush
        self._rfile = connection.rfile

    def wait_for_hangup(self) -> None:
        self._rfile.read()


class HostileAnts:
    def __init__(self, script: Callable):
        self.script = script
        self.requests: list[tuple[str, str]] = []
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Connection)
        self.server.daemon_threads = True
        self.server.ants = self
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def head(out, status: int = 200, content_type: str = "application/json", **headers) -> None:
    lines = [f"HTTP/1.1 {status} X", f"Content-Type: {content_type}", "Connection: close"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    out.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


def answer_json(out, body: dict, status: int = 200) -> None:
    content = json.dumps(body).encode()
    head(out, status, Content_Length=len(content))
    out.write(content)


def signs_in(method: str, path: str, out, token: str = "tok-1") -> bool:  # noqa: S107 - a fake token
    """Answers the token call (and returns True) so that scripts only play the call under test."""
    if (method, path) != ("POST", "/api/v1/auth/token"):
        return False
    answer_json(out, {"token": token, "expires_in": 3600})
    return True


def trickle_body(out) -> None:
    """A JSON answer that announces its length, then sends one byte at a time, forever."""
    head(out, Content_Length=10_000_000)
    out.write(b'{"results": [')
    for _ in range(int(GIVE_UP_S / TRICKLE_PAUSE_S)):
        out.write(b" ")
        out.flush()
        time.sleep(TRICKLE_PAUSE_S)


def trickle_headers(out) -> None:
    """A status line, then one more header line at a time, never the blank line that ends them."""
    out.write(b"HTTP/1.1 200 OK\r\n")
    for number in range(int(GIVE_UP_S / TRICKLE_PAUSE_S)):
        out.write(f"X-Encore-{number % 90}: {number}\r\n".encode())
        out.flush()
        time.sleep(TRICKLE_PAUSE_S)


def stall(out) -> None:
    """Never answers: waits for the client to hang up."""
    out.wait_for_hangup()


def gzip_bomb(decoded_bytes: int) -> bytes:
    """`decoded_bytes` of JSON-ish spaces, gzip-compressed (about a thousandth of it on the wire)."""
    block = b" " * (1024 * 1024)
    wire = io.BytesIO()
    with gzip.GzipFile(fileobj=wire, mode="wb", compresslevel=9) as compressor:
        compressor.write(b'{"results": [')
        for _ in range(decoded_bytes // len(block)):
            compressor.write(block)
    return wire.getvalue()
