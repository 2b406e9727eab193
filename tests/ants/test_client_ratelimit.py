"""The per-account rate limit, on the shared cache (Redis when CACHE_URL says so)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from ants.client import AntsUnavailable
from ants.client.ratelimit import RateLimiter
from ants.sandbox.testing import free_port
from tests.ants.client_helpers import FakeClock

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys, django
django.setup()
from ants.client import AntsUnavailable
from ants.client.ratelimit import RateLimiter
limiter = RateLimiter(int(sys.argv[1]), max_wait=0)
taken = 0
for _ in range(int(sys.argv[3])):
    try:
        limiter.acquire(sys.argv[2])
        taken += 1
    except AntsUnavailable:
        pass
print(json.dumps(taken))
"""


class SleepingClock(FakeClock):
    """A wall clock that moves forward by exactly what the limiter sleeps."""

    def __init__(self, now: float):
        super().__init__(now)
        self.sleeps = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def limiter(per_minute, clock: SleepingClock, max_wait=70.0) -> RateLimiter:
    return RateLimiter(per_minute, max_wait=max_wait, clock=clock, sleep=clock.sleep)


def account() -> str:
    return f"test-{uuid.uuid4().hex}"


def counted(key: str) -> dict[int, int]:
    """The seconds counted on Redis for an account, and their counts."""
    redis_key = caches["default"].make_key(f"ants:rate:{key}")
    counts = caches["default"]._cache.get_client(redis_key).hgetall(redis_key)  # noqa: SLF001
    return {int(second): int(count) for second, count in counts.items()}


def test_a_burst_within_the_limit_does_not_wait():
    clock = SleepingClock(now=5_000_000.25)
    limit = limiter(3, clock)
    key = account()

    seconds = [limit.acquire(key) for _ in range(3)]

    assert seconds == [5_000_000] * 3
    assert clock.sleeps == []


def test_a_request_over_the_limit_waits_until_the_oldest_leaves_the_minute():
    clock = SleepingClock(now=5_000_100.25)
    limit = limiter(2, clock)
    key = account()
    limit.acquire(key)
    clock.now += 30
    limit.acquire(key)

    taken = limit.acquire(key)

    assert taken == 5_000_161  # the first call's second is 61 seconds behind: no 60 seconds hold 3
    assert clock.sleeps == [30.75]


def test_accounts_have_their_own_limit():
    clock = SleepingClock(now=5_000_200.5)
    limit = limiter(1, clock)

    limit.acquire(account())
    limit.acquire(account())

    assert clock.sleeps == []


def test_waiting_longer_than_the_bound_gives_up_with_unavailable():
    clock = SleepingClock(now=5_000_300.5)
    limit = limiter(1, clock, max_wait=10)
    key = account()
    limit.acquire(key)

    with pytest.raises(AntsUnavailable) as raised:
        limit.acquire(key)

    assert "Réessayez" in raised.value.message
    assert clock.sleeps == []


ON_REDIS = pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
    reason="the limit is shared across processes only through Redis (CACHE_URL=redis://…)",
)


@ON_REDIS
def test_two_processes_sharing_redis_never_exceed_the_limit_together():
    per_minute, each = 10, 8
    key = account()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "autoecole.settings"}
    command = [sys.executable, "-c", CHILD, str(per_minute), key, str(each)]
    children = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=60)[0] for child in children]

    taken = sum(json.loads(output) for output in outputs)  # 16 asked within a minute

    assert taken == per_minute


def test_a_cache_that_is_down_does_not_stop_the_calls(settings, caplog):
    dead = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
    }
    settings.CACHES = {**settings.CACHES, "dead": dead}
    clock = SleepingClock(now=5_000_400.5)

    windows = [
        RateLimiter(1, max_wait=1, cache_alias="dead", clock=clock, sleep=clock.sleep).acquire("a")
        for _ in range(3)
    ]

    assert windows == [5_000_400] * 3
    assert "not enforced" in caplog.text


def test_the_embedded_mode_s_in_process_cache_keeps_the_same_limit(settings):
    settings.CACHES = {
        **settings.CACHES,
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    clock = SleepingClock(now=5_000_500.25)
    limit = RateLimiter(2, max_wait=70, cache_alias="local", clock=clock, sleep=clock.sleep)
    key = account()
    limit.acquire(key)
    clock.now += 30
    limit.acquire(key)

    assert limit.acquire(key) == 5_000_561
    assert clock.sleeps == [30.75]


@ON_REDIS
def test_an_account_s_count_on_redis_keeps_only_the_last_minute():
    clock = SleepingClock(now=5_000_600.5)
    limit = limiter(600, clock)
    key = account()
    for _ in range(18):  # three minutes, a call every 10 seconds
        limit.acquire(key)
        clock.now += 10

    assert sorted(counted(key)) == [5_000_710 + 10 * n for n in range(7)]  # 710 to 770


@ON_REDIS
def test_each_call_takes_one_slot_whichever_client_makes_it():
    clock = SleepingClock(now=5_000_800.5)
    key = account()
    limiter(600, clock).acquire(key)  # a client per task: none keeps slots for calls it never makes
    limiter(600, clock).acquire(key)

    assert counted(key) == {5_000_800: 2}
