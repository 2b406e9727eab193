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
import weakref
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
# On Redis, one round trip takes the slot, atomically, on one hash per account whose fields are the
# seconds counted (the cache's API took four calls, 2.1 ms a call; one key per second, 0.8 ms;
# the hash, 0.23 ms: measured). Slots are not taken ahead for later calls: a client that made one
# call would leave them counted and unused, and a burst of short-lived clients (one per task) then
# reached the limit with a third fewer calls.
# KEYS: the account's hash; ARGV: the current second, the limit, the span, the key's lifetime.
# Returns {1, 0} when the slot is taken, or {0, the oldest second still counted} over the limit.
# Seconds that left the span are dropped on the way; later ones (another host's clock ahead of this
# one's) are not counted, as with a key per second.
_TAKE_SCRIPT = """
local now, limit, span = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local fields, total, oldest, gone = redis.call('HGETALL', KEYS[1]), 0, nil, {}
for i = 1, #fields, 2 do
  local second = tonumber(fields[i])
  if second <= now - span then
    gone[#gone + 1] = fields[i]
  elseif second <= now then
    total = total + tonumber(fields[i + 1])
    if oldest == nil or second < oldest then oldest = second end
  end
end
if #gone > 0 then redis.call('HDEL', KEYS[1], unpack(gone)) end
if total >= limit then return {0, oldest} end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
return {1, 0}
"""


# Per cache object (Django's are per thread): every limiter of a thread (one per ANTS client) shares it.
_scripts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _script(cache: RedisCache, key: str):
    """_TAKE_SCRIPT registered on the cache's Redis client for `key` (sent once, then called by its
    SHA1). Made once per cache: a Redis client's construction cost ~1 ms on each account's first call."""
    if cache not in _scripts:
        client = cache._cache.get_client(key, write=True)  # noqa: SLF001 - Django's own client
        _scripts[cache] = client.register_script(_TAKE_SCRIPT)
    return _scripts[cache]


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
        """None when a slot was taken in `second`, else the second at which one frees up (the
        oldest counted second leaves the span SPAN_SECONDS after it)."""
        try:
            if isinstance(self.cache, RedisCache):
                oldest = self._take_on_redis(account, second)
            else:
                oldest = self._take_in_process(account, second)
        except RedisError:
            # The limit spares ANTS; it must not stop the product when the cache is down.
            logger.warning("ANTS rate limit not enforced: the cache is unavailable")
            return None
        except ValueError:
            return second + 1  # the key expired between two calls (or the cache was cleared): again
        return None if oldest is None else oldest + SPAN_SECONDS

    def _take_on_redis(self, account: str, second: int) -> int | None:
        """_TAKE_SCRIPT on the cache's own Redis, under the cache's key name."""
        key = self.cache.make_key(f"ants:rate:{account}")
        taken, oldest = _script(self.cache, key)(
            keys=[key], args=[second, self.per_minute, SPAN_SECONDS, _KEY_TTL_SECONDS]
        )
        return None if taken else oldest

    def _take_in_process(self, account: str, second: int) -> int | None:
        """The same through the cache's API, one key per second (LocMem: one process, which its lock
        keeps in order). The count is raised first, then the span summed."""
        keys = [f"ants:rate:{account}:{s}" for s in range(second - SPAN_SECONDS + 1, second + 1)]
        self._increment(keys[-1])
        counts = self.cache.get_many(keys)
        if sum(counts.values()) <= self.per_minute:
            return None
        self.cache.decr(keys[-1])
        return next(second - SPAN_SECONDS + 1 + i for i, key in enumerate(keys) if counts.get(key))

    def _increment(self, key: str) -> None:
        if not self.cache.add(key, 1, timeout=_KEY_TTL_SECONDS):
            try:
                self.cache.incr(key)
            except ValueError:
                # The key vanished between add and incr (cleared): count afresh.
                self.cache.add(key, 1, timeout=_KEY_TTL_SECONDS)
