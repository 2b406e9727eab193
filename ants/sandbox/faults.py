"""Injected faults (set through /_control/faults/*), applied to requests under /api/v1 only.

State lives in the store's `faults` key so that every thread sees one truth:
  latency_ms                      added before every request is handled
  errors  {next, ratio, seed, status, method, path, seen}
          the next N matching requests fail, then a deterministic share `ratio` of them
          (request k fails when Random(f"{seed}:{k}") draws below ratio); not applied
  timeout {method, path, delay_s, drop, times}
          the next `times` matching requests ARE applied, then the answer is held `delay_s`
          seconds, or the connection is dropped without an answer (`drop`)
  late    {method, path, delay_s, times}
          the next `times` matching requests get no answer (the connection is closed) and are
          applied only once the sandbox clock has passed `delay_s` more seconds; they wait, whole,
          under LATE_KEY
  html    {next, status, method, path}
          the next N matching requests get an HTML page (a proxy's, a portal's) with that status;
          not applied
  vanish  {agrement: "empty" | "partial"}   the list of demandes of that account is empty / partial
  rate_limit  N   at most N authenticated requests per account per second of the server's wall clock
"""

import base64
import fnmatch
import random
import time

from .errors import ApiError

KEY = "faults"
LATE_KEY = "late_requests"  # requests received and not applied yet: not a fault, so `clear` keeps them
RETRY_AFTER_S = 2


def get(store) -> dict:
    return store.get(KEY, {})


def update(store, name: str, value) -> dict:
    faults = get(store)
    if value in (None, {}, 0):
        faults.pop(name, None)
    else:
        faults[name] = value
    store.put(KEY, faults)
    return faults


def _matches(rule: dict, method: str, path: str) -> bool:
    return (not rule.get("method") or rule["method"].upper() == method) and (
        not rule.get("path") or fnmatch.fnmatchcase(path, rule["path"])
    )


def error_to_inject(store, method: str, path: str) -> ApiError | None:
    """Consumes one step of the error fault; the error to answer instead of handling, if any."""
    faults = get(store)
    rule = faults.get("errors")
    if not rule or not _matches(rule, method, path):
        return None
    seen = rule.get("seen", 0)
    rule["seen"] = seen + 1
    if rule.get("next", 0) > 0:
        rule["next"] -= 1
        fail = True
    else:
        fail = random.Random(f"{rule.get('seed', 0)}:{seen}").random() < rule.get("ratio", 0)  # noqa: S311
    store.put(KEY, faults)
    if not fail:
        return None
    status = rule.get("status", 500)
    if status == 429:
        return ApiError(
            "RATE_LIMITED",
            details={"retry_after": RETRY_AFTER_S},
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
    return ApiError("UNAVAILABLE" if status == 503 else "INTERNAL_ERROR")


HTML_PAGE = "<!DOCTYPE html><html><body><h1>Service momentanément indisponible</h1></body></html>"


def html_to_answer(store, method: str, path: str) -> int | None:
    """Consumes one use of the html fault; the status of the page to answer instead, if any."""
    faults = get(store)
    rule = faults.get("html")
    if not rule or not _matches(rule, method, path):
        return None
    rule["next"] -= 1
    if rule["next"] <= 0:
        faults.pop("html")
    store.put(KEY, faults)
    return rule["status"]


def _use(store, name: str, method: str, path: str) -> dict | None:
    """Consumes one use of the `name` fault (counted by `times`) when this request matches it."""
    faults = get(store)
    rule = faults.get(name)
    if not rule or not _matches(rule, method, path):
        return None
    rule["times"] = rule.get("times", 1) - 1
    if rule["times"] <= 0:
        faults.pop(name)
    store.put(KEY, faults)
    return rule


def timeout_to_apply(store, method: str, path: str) -> dict | None:
    return _use(store, "timeout", method, path)


def hold_if_late(store, request, agrement: str, now: float) -> bool:
    """Keeps the request for later when the late fault takes it (consuming one use)."""
    rule = _use(store, "late", request.method, request.path)
    if rule is None:
        return False
    held = store.get(LATE_KEY, [])
    held.append(
        {
            "due": now + rule.get("delay_s", 60),
            "agrement": agrement,
            "method": request.method,
            "path": request.path,
            "query": request.query_string.decode("latin-1"),
            "content_type": request.content_type or "",
            "body": base64.b64encode(request.get_data()).decode(),
        }
    )
    store.put(LATE_KEY, held)
    return True


def due_late_requests(store, now: float) -> list[dict]:
    """The held requests whose time has come, taken out of the store (body decoded)."""
    held = store.get(LATE_KEY, [])
    due = [late for late in held if late["due"] <= now]
    if due:
        store.put(LATE_KEY, [late for late in held if late["due"] > now])
    return [{**late, "body": base64.b64decode(late["body"])} for late in due]


class RateLimiter:
    """Counts each account's requests in fixed one-second windows (in memory, under the store's lock)."""

    def __init__(self):
        self.counts: dict[tuple[str, int], int] = {}

    def check(self, store, agrement: str) -> None:
        limit = get(store).get("rate_limit", 0)
        if not limit:
            return
        window = int(time.time())
        self.counts = {key: count for key, count in self.counts.items() if key[1] == window}
        self.counts[agrement, window] = self.counts.get((agrement, window), 0) + 1
        if self.counts[agrement, window] > limit:
            raise ApiError("RATE_LIMITED", details={"retry_after": 1}, headers={"Retry-After": "1"})


def vanish_mode(store, agrement: str) -> str:
    return get(store).get("vanish", {}).get(agrement, "")
