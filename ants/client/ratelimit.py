"""ANTS's rate limit per account (600 calls a minute, docs/ants-api.md), shared by every worker process.

Counted in the Django cache per second of wall-clock time: Redis in production (processes on any
host share the count), LocMem in embedded mode (one process, which is fine). A call
takes a slot when the account's calls in the current second and the 60 before it stay within the
limit, so that no 60 seconds, however placed, hold more: a burst is allowed (a sync's pages one after
the other), a sustained rate is not. A caller over the limit waits until the oldest counted second
leaves the span, within a bound, rather than failing at once.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from .errors import AntsUnavailable

logger = logging.getLogger("ants.client")

# Any 60 seconds lie within 61 consecutive one-second windows.
SPAN_SECONDS = 61
# Keys outlive the span a little so a slow INCR never lands on an expired key.
_KEY_TTL_SECONDS = SPAN_SECONDS + 5
# On Redis, one round trip per call, atomic (four through the cache's API: 2.1 ms a call, measured):
# the current second counted, the span's counts read, the count given back if over the limit.
# KEYS: the span's seconds, the current one last; ARGV: the limit, the keys' lifetime. Returns the
# span's counts (this call's included) when over the limit, else nothing.
_TAKE_SCRIPT = """
local now = KEYS[#KEYS]
if redis.call('INCR', now) == 1 then redis.call('EXPIRE', now, ARGV[2]) end
local counts, total = redis.call('MGET', unpack(KEYS)), 0
for i, count in ipairs(counts) do
  counts[i] = tonumber(count) or 0
  total = total + counts[i]
end
if total <= tonumber(ARGV[1]) then return false end
redis.call('DECR', now)
return counts
"""


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        *,
        max_wait: float,
        cache_alias: str = "default",
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.per_minute = per_minute
        self.max_wait = max_wait
        self.cache = caches[cache_alias]
        # Wall-clock time: windows must line up across processes.
        self.clock = clock
        self.sleep = sleep

    @classmethod
    def from_settings(cls, **kwargs) -> "RateLimiter":
        return cls(settings.ANTS_RATE_LIMIT_PER_MINUTE, max_wait=settings.ANTS_RATE_LIMIT_MAX_WAIT, **kwargs)

    def acquire(self, account: str, *, max_wait: float | None = None) -> int:
        """Take one request slot for `account`, waiting at most `max_wait` (the caller's time left)
        or the configured wait, whichever is shorter; return the second (epoch) it was taken in."""
        if self.per_minute <= 0:
            return int(self.clock())
        deadline = self.clock() + min(self.max_wait, self.max_wait if max_wait is None else max_wait)
        while True:
            now = self.clock()
            second = int(now)
            frees_at = self._take(account, second)
            if frees_at is None:
                return second
            if frees_at > deadline:
                raise AntsUnavailable(
                    "Trop de demandes envoyées à l'ANTS en même temps. Réessayez dans un instant."
                )
            self.sleep(frees_at - now)

    def _take(self, account: str, second: int) -> int | None:
        """None when a slot was taken in `second`, else the second at which one frees up.

        The count is raised first, then the span summed: of two processes racing for the last slot,
        the one that sums last sees both, so together they never pass the limit (the loser gives its
        count back)."""
        keys = [f"ants:rate:{account}:{s}" for s in range(second - SPAN_SECONDS + 1, second + 1)]
        try:
            counts = self._count_on_redis(keys) if isinstance(self.cache, RedisCache) else self._count(keys)
        except RedisError:
            # The limit spares ANTS; it must not stop the product when the cache is down.
            logger.warning("ANTS rate limit not enforced: the cache is unavailable")
            return None
        except ValueError:
            return second + 1  # the key expired between two calls (or the cache was cleared): again
        if counts is None:
            return None
        # keys[i] is second - 60 + i: the oldest counted second leaves the span 61 seconds after it.
        oldest = next(i for i, count in enumerate(counts) if count)
        return second + 1 + oldest

    def _count_on_redis(self, keys: list[str]) -> list[int] | None:
        """_TAKE_SCRIPT on the cache's own Redis, under the cache's key names."""
        names = [self.cache.make_key(key) for key in keys]
        client = self.cache._cache.get_client(names[-1], write=True)  # noqa: SLF001 - Django's own client
        take = client.register_script(_TAKE_SCRIPT)  # sent once, then called by its SHA1
        return take(keys=names, args=[self.per_minute, _KEY_TTL_SECONDS]) or None

    def _count(self, keys: list[str]) -> list[int] | None:
        """The same through the cache's API (LocMem: one process, which its lock keeps in order)."""
        self._increment(keys[-1])
        counts = self.cache.get_many(keys)
        if sum(counts.values()) <= self.per_minute:
            return None
        self.cache.decr(keys[-1])
        return [counts.get(key, 0) for key in keys]

    def _increment(self, key: str) -> None:
        if not self.cache.add(key, 1, timeout=_KEY_TTL_SECONDS):
            try:
                self.cache.incr(key)
            except ValueError:
                # The key vanished between add and incr (cleared): count afresh.
                self.cache.add(key, 1, timeout=_KEY_TTL_SECONDS)
