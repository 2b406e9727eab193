"""A per-account request rate limit shared by every worker process.

Fixed one-second windows counted in the Django cache: Redis in production (INCR is atomic, so
processes on any host share the count), LocMem in embedded mode (one process, which is fine). A
caller over the limit waits for the next window, within a bound, rather than failing at once.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from .errors import AntsUnavailable

logger = logging.getLogger("ants.client")

# Keys outlive their window a little so a slow INCR never lands on an expired key.
_KEY_TTL_SECONDS = 5


class RateLimiter:
    def __init__(
        self,
        per_second: int,
        *,
        max_wait: float,
        cache_alias: str = "default",
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.per_second = per_second
        self.max_wait = max_wait
        self.cache = caches[cache_alias]
        # Wall-clock time: windows must line up across processes.
        self.clock = clock
        self.sleep = sleep

    @classmethod
    def from_settings(cls, **kwargs) -> "RateLimiter":
        return cls(settings.ANTS_RATE_LIMIT_PER_SECOND, max_wait=settings.ANTS_RATE_LIMIT_MAX_WAIT, **kwargs)

    def acquire(self, account: str, *, max_wait: float | None = None) -> int:
        """Take one request slot for `account`, waiting at most `max_wait` (the caller's time left)
        or the configured wait, whichever is shorter; return the window (epoch second) it belongs to."""
        if self.per_second <= 0:
            return int(self.clock())
        deadline = self.clock() + min(self.max_wait, self.max_wait if max_wait is None else max_wait)
        while True:
            now = self.clock()
            window = int(now)
            if self._take(f"ants:rate:{account}:{window}"):
                return window
            wake = window + 1
            if wake > deadline:
                raise AntsUnavailable(
                    "Trop de demandes envoyées à l'ANTS en même temps. Réessayez dans un instant."
                )
            self.sleep(wake - now)

    def _take(self, key: str) -> bool:
        try:
            if self.cache.add(key, 1, timeout=_KEY_TTL_SECONDS):
                return True
            count = self.cache.incr(key)
        except ValueError:
            # The key vanished between add and incr (expired, or the cache was cleared): count afresh.
            return self._take(key)
        except RedisError:
            # The limit spares ANTS; it must not stop the product when the cache is down.
            logger.warning("ANTS rate limit not enforced: the cache is unavailable")
            return True
        return count <= self.per_second
