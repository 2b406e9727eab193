"""A deadline for one HTTP exchange, enforced at the socket.

The socket timeout bounds each read, not their sum: headers or a body trickled a byte at a time run
on forever. A timer thread shuts the exchange's socket down at the deadline, which ends a blocked
read (or send) at once, in the headers as in the body. To know the socket, the session's connections
hand theirs (a kept-alive one when lent by its pool, a new one once connected) to the watchdog of
the exchange running in this thread. The socket, not the connection: urllib3 hands it over to the
response once the headers are read.
"""

import contextlib
import socket
import threading

import requests
import urllib3.poolmanager
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_running = threading.local()  # .watchdog: the watchdog of the exchange this thread is in


class Watchdog:
    def __init__(self, seconds: float):
        self.fired = False
        self._socket = None
        self._done = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> "Watchdog":
        _running.watchdog = self
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
        _running.watchdog = None

    def stop(self) -> None:
        """No shutdown after this: the connection may go back to the pool, to another exchange."""
        with self._lock:
            self._done = True
        self._timer.cancel()

    # Shutdowns happen under the lock: once stop() returns, none can hit a connection lent again.

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socket = sock
            if self.fired and not self._done:  # the deadline passed while connecting
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            if self._socket is not None:  # else still connecting: watch() shuts it once connected
                _shut(self._socket)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watch(sock) -> None:
    watchdog = getattr(_running, "watchdog", None)
    if watchdog is not None and sock is not None:
        watchdog.watch(sock)


class _WatchedConnection:
    def connect(self):
        super().connect()
        _watch(self.sock)


class _WatchedPool:
    def _get_conn(self, timeout=None):
        connection = super()._get_conn(timeout)
        _watch(connection.sock)  # kept alive from an earlier exchange (None when new)
        return connection


class _HTTPConnection(_WatchedConnection, HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnection, HTTPSConnection):
    pass


class _HTTPPool(_WatchedPool, HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(_WatchedPool, HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if manager.pool_classes_by_scheme is urllib3.poolmanager.pool_classes_by_scheme:  # not SOCKS's own
            manager.pool_classes_by_scheme = _POOLS
        return manager


def watched_session() -> requests.Session:
    """A session whose exchanges a Watchdog (entered in the same thread) can cut short."""
    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, _Adapter())
    return session
