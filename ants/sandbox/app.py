"""The sandbox's WSGI application: routing, authentication, faults, JSON errors, one log line per request."""

import contextlib
import json
import logging
import socket
import time
from functools import partial

from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import Map, Rule
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from . import api, clock, control, demo, faults, lifecycle
from .errors import ApiError
from .openapi import openapi_document
from .pieces import MAX_BYTES
from .referential import referential
from .store import Store

logger = logging.getLogger("ants.sandbox")
PUBLIC = {api.token, api.communes, api.departements, api.pays}
V1 = "/api/v1"
ROUTES = [
    ("/auth/token", "POST", api.token),
    ("/prefectures", "GET", api.prefectures),
    ("/referentiel/communes", "GET", api.communes),
    ("/referentiel/departements", "GET", api.departements),
    ("/referentiel/pays", "GET", api.pays),
    ("/demandes", "GET", api.demande_list),
    ("/demandes", "POST", api.demande_create),
    ("/demandes/transferts", "POST", api.demande_transfer),
    ("/demandes/<numero>", "GET", api.demande_get),
    ("/demandes/<numero>", "DELETE", api.demande_delete),
    ("/demandes/<numero>/validation", "POST", api.demande_validate),
    ("/demandes/<numero>/ephoto", "PUT", api.ephoto_put),
    ("/demandes/<numero>/ephoto", "DELETE", api.ephoto_delete),
    ("/demandes/<numero>/ephoto/photo", "GET", partial(api.ephoto_image, kind="photo")),
    ("/demandes/<numero>/ephoto/signature", "GET", partial(api.ephoto_image, kind="signature")),
    ("/demandes/<numero>/pieces", "GET", api.pieces_list),
    ("/demandes/<numero>/pieces/<code>/fichiers", "POST", api.fichier_upload),
    ("/demandes/<numero>/pieces/<code>/fichiers/<fichier_id>", "GET", api.fichier_get),
    ("/demandes/<numero>/pieces/<code>/fichiers/<fichier_id>", "DELETE", api.fichier_delete),
    ("/demandes/<numero>/documents", "GET", api.documents_list),
    ("/demandes/<numero>/documents/<code>", "GET", api.document_get),
]


def _url_map() -> Map:
    rules = [Rule(V1 + path, methods=[method], endpoint=handler) for path, method, handler in ROUTES]
    rules += [
        Rule("/openapi.json", methods=["GET"], endpoint="openapi"),
        Rule("/_control/state", methods=["GET"], endpoint="control_state"),
        Rule("/_control/<path:action>", methods=["POST"], endpoint="control"),
    ]
    return Map(rules, strict_slashes=False, merge_slashes=False)


class SandboxApp:
    def __init__(self, state_path):
        referential()  # load the communes now rather than on the first request
        self.store = Store(state_path)
        self.url_map = _url_map()
        self.requests: dict[str, int] = {}
        self.rate_limiter = faults.RateLimiter()
        with self.store.transaction():
            demo.ensure_seeded(self.store)

    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_BYTES + 1024 * 1024
        started = time.monotonic()
        response = self.dispatch(request)
        if response is None:  # the timeout or late fault: the server closes the connection silently
            _wait_until(environ.get("sandbox.answer_at", 0))
            logger.info("%s %s dropped", request.method, request.path)
            raise ConnectionAbortedError("timeout fault: the answer is never sent")
        logger.info(
            "%s %s %s %.0fms",
            request.method,
            request.path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        chunks = response(environ, start_response)
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        # The answer is ready: only sending it is left after the latency (all of it within).
        _wait_until(environ.get("sandbox.answer_at", 0))
        return [content]

    def dispatch(self, request: Request) -> Response | None:
        try:
            rule, args = self.url_map.bind_to_environ(request.environ).match(return_rule=True)
        except HTTPException as error:
            code = "METHOD_NOT_ALLOWED" if error.code == 405 else "NOT_FOUND"
            return _error_response(ApiError(code))
        endpoint = rule.endpoint
        if endpoint == "openapi":
            return _json_response(200, openapi_document())
        if endpoint in ("control", "control_state"):
            return self._control(request, args.get("action", "state"))
        return self._api(request, rule, args)

    def _api(self, request: Request, rule: Rule, args) -> Response | None:
        # The latency is the whole exchange, as a distant ANTS's: the server's handling counts in it.
        arrived = request.environ.get("sandbox.arrived") or time.monotonic()
        route = f"{request.method} {rule.rule}"
        with self.store.transaction():
            self._apply_late_requests()
            self.requests[route] = self.requests.get(route, 0) + 1
            latency_ms = faults.get(self.store).get("latency_ms", 0)
            injected = faults.error_to_inject(self.store, request.method, request.path)
            html_status = faults.html_to_answer(self.store, request.method, request.path)
        request.environ["sandbox.answer_at"] = arrived + latency_ms / 1000  # waited for by __call__
        return self._answer(request, rule, args, injected, html_status)

    def _answer(self, request: Request, rule: Rule, args, injected, html_status) -> Response | None:
        handler = rule.endpoint
        if injected is not None:
            return _error_response(injected)
        if html_status is not None:
            return Response(faults.HTML_PAGE, status=html_status, mimetype="text/html")
        timeout = None
        try:
            request.get_data()  # kept: the late fault stores the body as sent
            if request.mimetype == "multipart/form-data":
                request.files  # noqa: B018 - parse the upload before taking the store's lock
            with self.store.transaction():
                ctx = api.Ctx(self.store, request, clock.now(self.store))
                lifecycle.purge_expired(self.store, ctx.now)
                if handler not in PUBLIC:
                    ctx.agrement = api.authenticate(ctx)
                    self.rate_limiter.check(self.store, ctx.agrement)
                if faults.hold_if_late(self.store, request, ctx.agrement, ctx.now):
                    return _drop(request)
                result = handler(ctx, **args)
                timeout = faults.timeout_to_apply(self.store, request.method, request.path)
        except ApiError as error:
            return _error_response(error)
        except RequestEntityTooLarge:
            return _error_response(
                ApiError("FILE_TOO_LARGE", "Le fichier dépasse 11 Mo.", details={"max_bytes": MAX_BYTES})
            )
        except Exception:
            logger.exception("%s %s failed", request.method, request.path)
            return _error_response(ApiError("INTERNAL_ERROR"))
        if timeout is not None:
            return _hold_or_drop(request, timeout, _to_response(result))
        return _to_response(result)

    def _control(self, request: Request, action: str) -> Response:
        try:
            body = {} if request.method == "GET" else request.get_json(force=True, silent=True)
            if not isinstance(body, dict):
                body = {} if not request.get_data() else None
            if body is None:
                raise ApiError("INVALID_REQUEST", "Corps JSON (objet) attendu.")
            with self.store.transaction():
                result = control.handle(self, action, body)
                self._apply_late_requests()  # the clock may have moved past them
        except ApiError as error:
            return _error_response(error)
        except (TypeError, ValueError, OverflowError) as error:
            return _error_response(ApiError("INVALID_REQUEST", f"Paramètre de contrôle incorrect : {error}"))
        return _json_response(200, result)

    def _apply_late_requests(self) -> None:
        """Applies the requests the late fault held, once the sandbox clock has reached them."""
        now = clock.now(self.store)
        for late in faults.due_late_requests(self.store, now):
            request = EnvironBuilder(
                path=late["path"],
                method=late["method"],
                query_string=late["query"],
                data=late["body"],
                content_type=late["content_type"],
            ).get_request()
            rule, args = self.url_map.bind("sandbox").match(late["path"], late["method"], return_rule=True)
            try:
                rule.endpoint(api.Ctx(self.store, request, now, late["agrement"]), **args)
                logger.info("%s %s applied late", late["method"], late["path"])
            except ApiError as error:
                logger.info("%s %s applied late: %s", late["method"], late["path"], error.code)


def _wait_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def _to_response(result) -> Response:
    if isinstance(result, Response):
        return result
    status, body = result
    return Response(status=204) if body is None else _json_response(status, body)


def _json_response(status: int, body) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )


def _error_response(error: ApiError) -> Response:
    response = _json_response(error.status, error.body())
    for name, value in error.headers.items():
        response.headers[name] = value
    return response


def _hold_or_drop(request: Request, timeout: dict, response: Response) -> Response | None:
    """The action is applied; its answer is held beyond the client's patience, or never sent."""
    if timeout.get("drop"):
        return _drop(request)
    time.sleep(float(timeout.get("delay_s", 30)))
    return response


def _drop(request: Request) -> None:
    """No answer at all: the connection is closed (see __call__)."""
    connection = request.environ.get("sandbox.socket")  # ants/sandbox/server.py
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
