"""The deadline's watchdog: one thread per process fires every exchange's, a forked worker's too."""

import multiprocessing
import socket
import threading
import time

from ants.client.watchdog import Watchdog


def _blocked_read_cut_after(seconds: float) -> float:
    """Seconds a read that nobody answers lasts under a watchdog of `seconds`."""
    ours, theirs = socket.socketpair()
    with ours, theirs:
        started = time.monotonic()
        with Watchdog(seconds) as watchdog:
            watchdog.watch(ours)
            ours.recv(1)  # returns b"" once the watchdog shuts the socket down
        return time.monotonic() - started


def _watchdog_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "ants-watchdog"]


def test_a_blocked_read_ends_at_the_watchdog_s_deadline():
    assert 0.2 <= _blocked_read_cut_after(0.2) < 2


def test_the_exchanges_of_a_process_share_one_watchdog_thread():
    for _ in range(50):
        with Watchdog(30):
            pass

    assert len(_watchdog_threads()) == 1


def test_a_stopped_watchdog_leaves_the_socket_alone():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        with Watchdog(0.05) as watchdog:
            watchdog.watch(ours)
        _blocked_read_cut_after(0.1)  # fired after the stopped one's deadline: it has passed
        theirs.sendall(b"x")

        assert ours.recv(1) == b"x"


def _in_child(results):
    results.put(_blocked_read_cut_after(0.2))


def test_a_forked_worker_s_deadlines_still_fire():
    with Watchdog(30):  # the parent's thread runs before the fork
        pass
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_in_child, args=(results,))
    child.start()
    try:
        assert 0.2 <= results.get(timeout=10) < 2
    finally:
        child.kill()
        child.join()
