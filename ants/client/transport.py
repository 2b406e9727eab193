"""HTTP to ANTS: sessions per account, timeouts and deadlines, size caps, token, retries, rate limit,
call log.

With watchdog.py (the socket-level deadline), the only module that imports `requests`. Bounds: each
call ends by its deadline (ANTS_CALL_DEADLINE: every attempt, wait and sign-in included), each read
attempt within the connect and read timeouts, and no body is read past its size cap (decompressed).
What is retried:
- READ (GET, and the token POST): connection errors, timeouts, slow or unreadable bodies, 5xx, 429;
  with exponential backoff and full jitter, a bounded number of attempts.
- WRITE (create, validate, upload, transfer, set ePhoto): retried only when ANTS surely did not act
  on it (connection refused, 429, 503 UNAVAILABLE). Once the request may have reached ANTS (timeout,
  dropped connection, 500/502/504, a redirect, an unreadable or oversized success body) it raises
  UnknownOutcome.
- DELETE: retried like a read; a 404 on a retry after an answer was lost means the first one worked.
A 401 TOKEN_EXPIRED / TOKEN_INVALID (or a 401 page without ANTS's code) renews the token and resends,
once (ANTS did not act on it).
"""

import enum
import hashlib
import http.cookiejar as http_cookies
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils import timezone
from urllib3.exceptions import NewConnectionError

from . import errors, wire
from .ratelimit import RateLimiter
from .watchdog import Watchdog, watched_session

logger = logging.getLogger("ants.client")


class _NoQueryStrings(logging.Filter):
    """urllib3 logs request URLs (at DEBUG); their query strings hold candidates' emails."""

    _QUERY = re.compile(r"\?[^\s\"']*")

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self._QUERY.sub("?…", record.getMessage()), ()
        return True


for _name in ("urllib3.connectionpool", "urllib3.connection", "urllib3.poolmanager", "urllib3.util.retry"):
    logging.getLogger(_name).addFilter(_NoQueryStrings())

API_PREFIX = "/api/v1"
MAX_JSON_BYTES = 2 * 1024 * 1024  # a full page of 100 demandes is about 50 KB
MAX_FILE_BYTES = 12 * 1024 * 1024  # files are at most 11 MB (11 534 336 bytes)
_CHUNK = 64 * 1024
_TOO_SLOW = "L'ANTS n'a pas répondu dans le délai imparti. Réessayez plus tard."
_TOO_LARGE = "L'ANTS a renvoyé une réponse anormalement volumineuse."
_TOKEN_MARGIN_SECONDS = 60
_TOKEN_ERRORS = ("TOKEN_EXPIRED", "TOKEN_INVALID")


class Kind(enum.Enum):
    READ = "read"
    WRITE = "write"
    DELETE = "delete"


@dataclass(frozen=True)
class AntsCredentials:
    agrement: str
    identifiant: str
    mot_de_passe: str = field(repr=False)


@dataclass(frozen=True)
class Call:
    method: str
    template: str  # "/demandes/{numero}": logged as is, never with the values
    kind: Kind = Kind.READ
    path_params: dict = field(default_factory=dict)
    params: dict | None = field(default=None, repr=False)  # bodies hold passwords, documents, personal data
    json: dict | None = field(default=None, repr=False)
    files: dict | None = field(default=None, repr=False)
    data: dict | None = field(default=None, repr=False)
    authenticated: bool = True
    operation: str = ""  # the client method, for UnknownOutcome
    accept: str = "application/json"  # downloads take the file's own type
    max_bytes: int = MAX_JSON_BYTES  # of the answer's body, decompressed

    @property
    def path(self) -> str:
        return self.template.format(**{k: quote(str(v), safe="") for k, v in self.path_params.items()})


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]  # case-insensitive
    content: bytes = field(repr=False)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int
    base_delay: float
    max_delay: float
    max_retry_after: float  # a longer Retry-After is handed to the caller instead of waited for

    @classmethod
    def from_settings(cls) -> "RetryPolicy":
        return cls(
            attempts=settings.ANTS_RETRY_ATTEMPTS,
            base_delay=settings.ANTS_RETRY_BASE_DELAY,
            max_delay=settings.ANTS_RETRY_MAX_DELAY,
            max_retry_after=settings.ANTS_RETRY_AFTER_MAX,
        )

    def delay(self, attempt: int, rand: float) -> float:
        """Full jitter: uniform between 0 and the exponential ceiling of this attempt."""
        return rand * min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


class _Retry(Exception):
    """A failure worth another attempt (after `after` seconds when ANTS said so)."""

    def __init__(self, failure: errors.AntsError, after: float | None = None, *, maybe_applied: bool = False):
        self.failure = failure
        self.after = after
        self.maybe_applied = maybe_applied


class _Lost(Exception):
    """The exchange failed before a complete answer; `sent` if ANTS may have received the request."""

    def __init__(self, cause: str, *, sent: bool, message: str = ""):
        self.cause = cause  # logged
        self.sent = sent
        self.message = message  # French, for AntsUnavailable


class AccountSession:
    """One token per ANTS account, shared by the threads of a process; its HTTP session is its ANTS
    host's, shared by every account (see _host_session)."""

    def __init__(self, http: requests.Session):
        self.http = http
        self.lock = threading.Lock()
        self.token: str | None = None
        self.token_valid_until = 0.0  # monotonic

    def drop_token(self, token: str | None) -> None:
        with self.lock:
            if self.token == token:  # another thread may have renewed it already
                self.token = None


def _host_session(base_url: str) -> requests.Session:
    """The HTTP session of an ANTS host: its kept-alive connections serve every account (a new one
    per account costs a TCP and a TLS handshake, two round trips, for each account every night).
    Accounts share nothing else: each call carries its own account's token, and no cookie is kept
    (one set for an account must never go along with another's calls)."""
    http = watched_session()
    http.cookies.set_policy(http_cookies.DefaultCookiePolicy(allowed_domains=[]))
    # What requests would look up in the environment on every call (proxies, CA bundle), looked
    # up once: walking os.environ twice a call cost ~0.3 ms on a sync's critical path (measured).
    http.trust_env = False
    http.proxies = requests.utils.get_environ_proxies(base_url)
    http.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    return http


_sessions: dict[tuple[str, str, str, str], AccountSession] = {}
_hosts: dict[str, requests.Session] = {}
_sessions_lock = threading.Lock()
_sessions_pid = os.getpid()


def account_session(base_url: str, agrement: str, identifiant: str, mot_de_passe: str = "") -> AccountSession:
    """The session of these credentials: a changed password never reuses the old one's token."""
    global _sessions_pid
    with _sessions_lock:
        if _sessions_pid != os.getpid():  # a forked worker must not share its parent's sockets
            _sessions.clear()
            _hosts.clear()
            _sessions_pid = os.getpid()
        key = (base_url, agrement, identifiant, hashlib.sha256(mot_de_passe.encode()).hexdigest())
        if key not in _sessions:
            if base_url not in _hosts:
                _hosts[base_url] = _host_session(base_url)
            _sessions[key] = AccountSession(_hosts[base_url])
        return _sessions[key]


def forget_sessions() -> None:
    """Drop every session and token of this process (tests start each case signed out)."""
    with _sessions_lock:
        _sessions.clear()
        _hosts.clear()


def _token_refused(reply: Reply) -> bool:
    """A 401 for the token: ANTS's TOKEN_* codes, or a gateway's page with no ANTS code at all."""
    if reply.status != 401:
        return False
    error = wire.error_body(reply.content)
    return error is None or error["code"] in _TOKEN_ERRORS


def _lost(exc: requests.RequestException, watchdog: Watchdog, *, sent: bool) -> _Lost:
    if watchdog.fired:
        return _Lost("deadline", sent=sent, message=_TOO_SLOW)
    return _Lost(type(exc).__name__, sent=sent)


def _nothing_sent(exc: requests.RequestException) -> bool:
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.ConnectionError) and isinstance(reason, NewConnectionError)


class Transport:
    def __init__(
        self,
        base_url: str,
        credentials: AntsCredentials | None,
        *,
        retry: RetryPolicy | None = None,
        rate_limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
        on_retry: Callable[[str], None] | None = None,
    ):
        """`on_retry("GET /demandes")` hears of each call sent again after a failure (a sync counts them)."""
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        c = credentials or AntsCredentials("", "", "")
        self.account = account_session(self.base_url, c.agrement, c.identifiant, c.mot_de_passe)
        # The limit is ANTS's per account; a client without one (the public referential) is not counted.
        self.rate_key = f"{self.base_url}|{c.agrement}" if credentials else None
        self.retry = retry or RetryPolicy.from_settings()
        self.rate_limiter = rate_limiter or RateLimiter.from_settings()
        self.sleep = sleep
        self.clock = clock
        self.rand = rand
        self.on_retry = on_retry

    # Public

    def perform(self, call: Call, reader: Callable[[Reply], object], *, deadline: float | None = None):
        """Send `call` (retrying as its kind allows) and return `reader(reply)` of the success reply.

        `deadline` (on this transport's clock) defaults to ANTS_CALL_DEADLINE from now; the sign-in a
        call needs runs within the call's own.
        """
        if deadline is None:
            deadline = self.clock() + settings.ANTS_CALL_DEADLINE
        sent_at = timezone.now()
        answer_lost = False
        attempt = 1
        while True:
            try:
                reply = self._exchange_renewing_token(call, deadline)
                return self._accept(call, reply, reader, answer_lost=answer_lost, sent_at=sent_at)
            except _Lost as lost:
                if lost.sent and call.kind is Kind.WRITE:
                    raise self._unknown(call, sent_at) from None
                answer_lost = answer_lost or lost.sent
                retry = _Retry(errors.AntsUnavailable(lost.message))
            except _Retry as again:
                retry = again
                answer_lost = answer_lost or again.maybe_applied
            if attempt >= self.retry.attempts:
                raise retry.failure
            if retry.after is not None and retry.after > self.retry.max_retry_after:
                # The failure carries retry_after: the caller reschedules rather than block a worker.
                raise retry.failure
            wait = retry.after if retry.after is not None else self.retry.delay(attempt, self.rand())
            if self.clock() + wait >= deadline:
                raise retry.failure
            self.sleep(wait)
            if self.on_retry is not None:
                self.on_retry(f"{call.method} {call.template}")
            attempt += 1

    def _accept(self, call: Call, reply: Reply, reader, *, answer_lost: bool, sent_at):
        """The result of a complete reply, or the typed error (raised; _Retry when worth retrying)."""
        if reply.ok:
            try:
                return reader(reply)
            except wire.WireFormatError:
                if call.kind is Kind.WRITE:
                    raise self._unknown(call, sent_at) from None
                raise _Retry(errors.AntsUnavailable("L'ANTS a renvoyé une réponse illisible.")) from None
        if 300 <= reply.status < 400 and call.kind is Kind.WRITE:
            # Redirects are not followed (the token would go along), but ANTS may have acted first.
            raise self._unknown(call, sent_at)
        if reply.status == 404 and answer_lost and call.kind is Kind.DELETE:
            return None  # an earlier attempt may have done it (its answer was lost): done either way
        error = wire.error_body(reply.content)
        after = None
        if reply.status in (429, 503):
            after = wire.retry_after(reply.headers.get("Retry-After", ""), error, timezone.now())
        failure = wire.error_from_body(reply.status, error, retry_after=after, secrets=self._secrets())
        if reply.status < 500 and reply.status != 429:
            raise failure
        # 429 and 503 UNAVAILABLE refuse the request unread; any other 5xx may come after the action.
        refused = reply.status == 429 or (reply.status == 503 and error and error["code"] == "UNAVAILABLE")
        if call.kind is Kind.WRITE and not refused:
            raise self._unknown(call, sent_at)
        raise _Retry(failure, after, maybe_applied=not refused)

    # One HTTP exchange

    def _exchange_renewing_token(self, call: Call, deadline: float) -> Reply:
        reply = self._exchange(call, deadline)
        if call.authenticated and _token_refused(reply):
            reply = self._exchange(call, deadline)  # ANTS did not act on it: safe to resend, once
        return reply

    def _exchange(self, call: Call, deadline: float) -> Reply:
        headers = {"Accept": call.accept}
        token = None
        if call.authenticated:
            token = self._token(deadline)
            headers["Authorization"] = f"Bearer {token}"
        if self.rate_key:
            self.rate_limiter.acquire(self.rate_key, max_wait=deadline - self.clock())
        started = self.clock()
        try:
            reply = self._send(call, headers, deadline)
        except _Lost as lost:
            self._log(call, lost.cause, started)
            raise
        self._log(call, reply.status, started)
        if token and _token_refused(reply):
            self.account.drop_token(token)
        return reply

    def _send(self, call: Call, headers: dict, deadline: float) -> Reply:
        until = self._attempt_deadline(call, deadline)
        remaining = until - self.clock()
        if remaining <= 0:
            raise _Lost("deadline", sent=False, message=_TOO_SLOW)
        with Watchdog(remaining) as watchdog:
            try:
                response = self.account.http.request(
                    call.method,
                    self.base_url + API_PREFIX + call.path,
                    params=call.params,
                    json=call.json,
                    files=call.files,
                    data=call.data,
                    headers=headers,
                    timeout=(settings.ANTS_CONNECT_TIMEOUT, min(settings.ANTS_READ_TIMEOUT, remaining)),
                    stream=True,
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                raise _lost(exc, watchdog, sent=not _nothing_sent(exc)) from None
            try:
                content = self._read_body(response, until, call.max_bytes)
            except requests.RequestException as exc:
                raise _lost(exc, watchdog, sent=True) from None
            finally:
                watchdog.stop()  # before the connection goes back to the pool
                response.close()
        if watchdog.fired:  # cut headers or body can still parse as a whole (short) answer
            raise _Lost("deadline", sent=True, message=_TOO_SLOW)
        return Reply(status=response.status_code, headers=response.headers, content=content)

    def _attempt_deadline(self, call: Call, deadline: float) -> float:
        if call.kind is Kind.WRITE:
            return deadline  # sending an 11 MB file may take long: the call's deadline bounds it
        return min(deadline, self.clock() + settings.ANTS_CONNECT_TIMEOUT + settings.ANTS_READ_TIMEOUT)

    def _read_body(self, response: requests.Response, until: float, max_bytes: int) -> bytes:
        """The body, decompressed chunk by chunk (a gzip bomb stops at the cap, not in memory)."""
        chunks, size = [], 0
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _Lost("too large", sent=True, message=_TOO_LARGE)
            chunks.append(chunk)
            if self.clock() > until:
                raise _Lost("deadline", sent=True, message=_TOO_SLOW)
        return b"".join(chunks)

    def _log(self, call: Call, outcome, started: float) -> None:
        logger.info(
            "ANTS %s %s%s -> %s in %d ms",
            call.method,
            call.template,
            f" numero={call.path_params['numero']}" if "numero" in call.path_params else "",
            outcome,
            (self.clock() - started) * 1000,
        )

    # Token

    def _token(self, deadline: float) -> str:
        if self.credentials is None:
            raise errors.CredentialsIncomplete(["le numéro d'agrément", "l'identifiant", "le mot de passe"])
        # Another thread may be signing in: wait for it, within this call's own deadline.
        if not self.account.lock.acquire(timeout=max(0.0, deadline - self.clock())):
            raise errors.AntsUnavailable(_TOO_SLOW)
        try:
            if self.account.token is None or self.clock() >= self.account.token_valid_until:
                token_call = self._token_call()
                self.account.token, lifetime = self.perform(token_call, _read_token, deadline=deadline)
                self.account.token_valid_until = self.clock() + _usable(lifetime)
            return self.account.token
        finally:
            self.account.lock.release()

    def authenticate(self) -> None:
        """Sign in now (checks the credentials) and keep the token."""
        token, lifetime = self.perform(self._token_call(), _read_token)
        with self.account.lock:
            self.account.token = token
            self.account.token_valid_until = self.clock() + _usable(lifetime)

    def _token_call(self) -> Call:
        c = self.credentials
        return Call(
            "POST",
            "/auth/token",
            json={"agrement": c.agrement, "identifiant": c.identifiant, "mot_de_passe": c.mot_de_passe},
            authenticated=False,
        )

    def _secrets(self) -> tuple[str, ...]:
        return (self.credentials.mot_de_passe if self.credentials else "", self.account.token or "")

    @staticmethod
    def _unknown(call: Call, sent_at) -> errors.UnknownOutcome:
        return errors.UnknownOutcome(
            call.operation,
            numero=str(call.path_params.get("numero", "")),
            piece=str(call.path_params.get("code", "")),
            sent_at=sent_at,
        )


def _usable(lifetime: float) -> float:
    """How long to use a token: renewed a little before ANTS would refuse it."""
    return lifetime - min(_TOKEN_MARGIN_SECONDS, lifetime / 10)


def _read_token(reply: Reply) -> tuple[str, float]:
    return wire.parse(wire.token_from_json, wire.loads(reply.content))
