"""A deadline for one HTTP exchange, enforced at the socket.

The socket timeout bounds each read, not their sum: headers or a body trickled a byte at a time run
on forever. A timer thread shuts the exchange's socket down at the deadline, which ends a blocked
read (or send) at once, in the headers as in the body. To know the socket, the session's connections
hand theirs (a kept-alive one when lent by its pool, a new one once connected) to the watchdog of
the exchange running in this thread. The socket, not the connection: urllib3 hands it over to the
response once the headers are read.

Every watchdog of a process waits on one thread (_Minuteur): a timer thread per exchange cost a
thread's start, and so a hand-over of the interpreter, on every ANTS call.
"""

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time

import requests
import urllib3.poolmanager
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_running = threading.local()  # .watchdog: the watchdog of the exchange this thread is in


class _Minuteur:
    """One thread firing the watchdogs of this process at their deadlines, earliest first."""

    def __init__(self):
        self._condition = threading.Condition()
        self._heure = []  # (monotonic deadline, order, watchdog)
        self._ordre = itertools.count()
        self._fil: threading.Thread | None = None

    def programmer(self, watchdog: "Watchdog", seconds: float) -> None:
        with self._condition:
            if self._fil is None:
                self._fil = threading.Thread(target=self._tourner, name="ants-watchdog", daemon=True)
                self._fil.start()
            heapq.heappush(self._heure, (time.monotonic() + seconds, next(self._ordre), watchdog))
            if self._heure[0][2] is watchdog:  # sooner than what the thread waits for
                self._condition.notify()

    def _tourner(self) -> None:
        while True:
            with self._condition:
                while not self._heure or self._heure[0][0] > time.monotonic():
                    self._condition.wait(self._heure[0][0] - time.monotonic() if self._heure else None)
                _, _, watchdog = heapq.heappop(self._heure)
            watchdog._fire()  # noqa: SLF001 - a stopped one does nothing

    def apres_fork(self) -> None:
        """A forked child has no thread but the one that forked: it starts its own."""
        self._condition = threading.Condition()
        self._heure, self._fil = [], None


_minuteur = _Minuteur()
os.register_at_fork(after_in_child=_minuteur.apres_fork)


class Watchdog:
    def __init__(self, seconds: float):
        self.fired = False
        self._socket = None
        self._done = False
        self._lock = threading.Lock()
        self._seconds = max(seconds, 0.0)

    def __enter__(self) -> "Watchdog":
        _running.watchdog = self
        _minuteur.programmer(self, self._seconds)
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
        _running.watchdog = None

    def stop(self) -> None:
        """No shutdown after this: the connection may go back to the pool, to another exchange."""
        with self._lock:
            self._done = True
            self._socket = None  # the minuteur holds this watchdog until its deadline, not the socket

    # Shutdowns happen under the lock: once stop() returns, none can hit a connection lent again.

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self._done:
                return
            self._socket = sock
            if self.fired:  # the deadline passed while connecting
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
