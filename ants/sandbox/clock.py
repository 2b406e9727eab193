"""The sandbox clock: real time plus an offset the control API moves (tokens and expiry follow it)."""

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
OFFSET_KEY = "clock_offset"


def now(store) -> float:
    return time.time() + store.get(OFFSET_KEY, 0)


def advance(store, seconds: float) -> float:
    store.put(OFFSET_KEY, store.get(OFFSET_KEY, 0) + seconds)
    return now(store)


def iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, PARIS).isoformat(timespec="seconds")


def day_start(day: date) -> float:
    """The timestamp of 00:00 in Paris on `day` (ANTS's days are Paris days)."""
    return datetime(day.year, day.month, day.day, tzinfo=PARIS).timestamp()


def local_date(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, PARIS).date()


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
