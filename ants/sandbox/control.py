"""The control API (/_control/*, docs/ants-api.md "Sandbox control"): tests, benchmarks and the demo
act as the student, the administration, the clock, and inject faults. Not part of ANTS's interface."""

import secrets
import string
from datetime import datetime

from . import clock, demo, faults, lifecycle
from .errors import ApiError, field_error
from .rules import check_data, parse_demande

DAY = 24 * 3600
BULK_MAX = 5000  # demandes per demandes/bulk call: one account's volume, a few seconds


def handle(app, action: str, body: dict) -> dict:
    handler = HANDLERS.get(action)
    if handler is None:
        raise ApiError("NOT_FOUND", f"Action de contrôle inconnue : {action}")
    lifecycle.purge_expired(app.store, clock.now(app.store))
    return handler(app, body)


def _str(body: dict, name: str, default: str | None = None) -> str:
    value = body.get(name, default)
    if not isinstance(value, str):
        raise ApiError("INVALID_REQUEST", fields=[field_error(name, "Texte obligatoire.")])
    return value


def _number(body: dict, name: str, default: float = 0) -> float:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ApiError("INVALID_REQUEST", fields=[field_error(name, "Nombre attendu.")])
    return value


def _demande(app, body: dict) -> dict:
    demande = app.store.load_demande(_str(body, "numero"))
    if demande is None:
        raise ApiError("NOT_FOUND", "Demande introuvable.")
    return demande


def reset(app, body: dict) -> dict:
    app.store.wipe()
    app.requests.clear()
    demo.seed(app.store, demandes=bool(body.get("demo_demandes", True)))
    return {"ok": True}


def accounts(app, body: dict) -> dict:
    number = app.store.next_counter("account_counter", start=100)
    agrement = _str(body, "agrement", f"E24069{number:04d}{number % 10}")
    account = {
        "agrement": agrement,
        "identifiant": _str(body, "identifiant", f"ae-test-{number}"),
        "mot_de_passe": _str(body, "mot_de_passe", secrets.token_urlsafe(12)),
        "raison_sociale": _str(body, "raison_sociale", f"Auto-école d'essai n°{number}"),
    }
    if app.store.one("SELECT 1 FROM accounts WHERE agrement = ?", (agrement,)):
        raise ApiError("INVALID_REQUEST", fields=[field_error("agrement", "Ce compte existe déjà.")])
    demo.add_account(app.store, **account)
    return account


def usagers(app, body: dict) -> dict:
    usager = {
        name: _str(body, name, "" if name == "date_naissance" else None)
        for name in ("email", "nom_naissance", "prenom", "date_naissance")
    }
    usager["email"] = usager["email"].strip().lower()
    app.store.execute(
        "INSERT OR REPLACE INTO usagers (email, nom_naissance, prenom, date_naissance) "
        "VALUES (:email, :nom_naissance, :prenom, :date_naissance)",
        usager,
    )
    return usager


def demandes(app, body: dict) -> dict:
    """A demande made directly on the ANTS site with this account, optionally already in a status."""
    agrement = _account(app, body)
    return lifecycle.view(_made_on_the_site(app.store, agrement, body, clock.now(app.store)), agrement)


def demandes_bulk(app, body: dict) -> dict:
    """Many of them in one call and one transaction (a benchmark's volumes); none if one is refused."""
    agrement, items = _account(app, body), body.get("demandes")
    if not isinstance(items, list) or not 1 <= len(items) <= BULK_MAX:
        raise ApiError(
            "INVALID_REQUEST", fields=[field_error("demandes", f"Une liste de 1 à {BULK_MAX} demandes.")]
        )
    now, numeros = clock.now(app.store), []
    for index, item in enumerate(items):
        try:
            if not isinstance(item, dict):
                raise ApiError("INVALID_REQUEST", "Objet attendu.")
            numeros.append(_made_on_the_site(app.store, agrement, item, now)["numero"])
        except ApiError as error:
            error.message = f"demandes[{index}] : {error.message}"
            raise
    return {"numeros": numeros}


def _account(app, body: dict) -> str:
    agrement = _str(body, "agrement")
    if not app.store.one("SELECT 1 FROM accounts WHERE agrement = ?", (agrement,)):
        raise ApiError("NOT_FOUND", "Compte inconnu.")
    return agrement


def _made_on_the_site(store, agrement: str, item: dict, now: float) -> dict:
    """`item`: {"demande", "statut"?, "cree_le"?, "modifie_le"?} (timestamps in the past, in order)."""
    cree_le = _past(item, "cree_le", now, now)
    modifie_le = _past(item, "modifie_le", cree_le, now)
    if modifie_le < cree_le:
        raise ApiError("INVALID_REQUEST", fields=[field_error("modifie_le", "Pas avant cree_le.")])
    clean = parse_demande(item.get("demande"))
    check_data(clean, clock.local_date(now))
    demande = lifecycle.create(store, agrement, clean, cree_le)
    statut = _str(item, "statut", "BROUILLON")
    if statut not in lifecycle.STATUTS or statut == "TRANSFEREE":
        raise ApiError("INVALID_REQUEST", fields=[field_error("statut", "Statut inconnu.")])
    if statut == "BROUILLON" and modifie_le != cree_le:
        lifecycle.touch(store, demande, modifie_le)
    demo.force_status(store, demande, statut, modifie_le)
    return demande


def _past(item: dict, name: str, default: float, now: float) -> float:
    if item.get(name) is None:
        return default
    try:
        moment = datetime.fromisoformat(_str(item, name))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or moment.timestamp() > now:
        raise ApiError(
            "INVALID_REQUEST", fields=[field_error(name, "Horodatage ISO 8601 avec fuseau, passé.")]
        )
    return moment.timestamp()


def _unless_stuck(app, body: dict, act) -> dict:
    demande = _demande(app, body)
    if not demande["bloquee"]:
        demande = act(demande, clock.now(app.store))
    return {**lifecycle.view(demande, demande["agrement"]), "bloquee": demande["bloquee"]}


def student(app, body: dict) -> dict:
    action = _str(body, "action")
    if action == "validate":
        return _unless_stuck(app, body, lambda d, now: lifecycle.student_validates(app.store, d, now))
    if action == "refuse":
        return _unless_stuck(app, body, lambda d, now: lifecycle.student_refuses(app.store, d, now))
    if action == "expire":  # the 7 days pass for this demande only
        demande = _demande(app, body)
        lifecycle.require(demande, ("EN_ATTENTE_VALIDATION_USAGER",))
        if not demande["bloquee"]:
            app.store.delete_demande(demande["numero"])
        return {"deleted": not demande["bloquee"]}
    raise ApiError("INVALID_REQUEST", fields=[field_error("action", "validate, refuse ou expire.")])


def administration(app, body: dict) -> dict:
    action, motif = _str(body, "action"), _str(body, "motif", "")
    return _unless_stuck(app, body, lambda d, now: lifecycle.administration(app.store, d, action, motif, now))


def clock_advance(app, body: dict) -> dict:
    seconds = _number(body, "seconds") + _number(body, "days") * DAY
    if seconds < 0:
        raise ApiError("INVALID_REQUEST", "Le temps ne recule pas.")
    now = clock.advance(app.store, seconds)
    lifecycle.purge_expired(app.store, now)
    return {"now": clock.iso(now), "offset_seconds": app.store.get(clock.OFFSET_KEY, 0)}


def ephoto(app, body: dict) -> dict:
    alphabet = string.ascii_uppercase[:25] + string.digits  # no Z: a ZZ prefix means "unknown code"
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(22))
        if not app.store.one("SELECT 1 FROM ephoto_codes WHERE code = ?", (code,)):
            return {"code": code}


def fault_latency(app, body: dict) -> dict:
    return faults.update(app.store, "latency_ms", int(_number(body, "ms")))


def fault_rate_limit(app, body: dict) -> dict:
    return faults.update(app.store, "rate_limit", int(_number(body, "per_second")))


def fault_errors(app, body: dict) -> dict:
    rule = {
        "next": int(_number(body, "next")),
        "ratio": _number(body, "ratio"),
        "seed": int(_number(body, "seed")),
        "status": int(_number(body, "status", 500)),
        "method": _str(body, "method", ""),
        "path": _str(body, "path", ""),
    }
    if rule["status"] not in (429, 500, 503):
        raise ApiError("INVALID_REQUEST", fields=[field_error("status", "429, 500 ou 503.")])
    active = rule["next"] > 0 or rule["ratio"] > 0
    return faults.update(app.store, "errors", rule if active else None)


def fault_html(app, body: dict) -> dict:
    rule = {
        "next": int(_number(body, "next", 1)),
        "status": int(_number(body, "status", 200)),
        "method": _str(body, "method", ""),
        "path": _str(body, "path", ""),
    }
    if not 200 <= rule["status"] <= 599:
        raise ApiError("INVALID_REQUEST", fields=[field_error("status", "Un statut HTTP de 200 à 599.")])
    return faults.update(app.store, "html", rule if rule["next"] > 0 else None)


def fault_timeout(app, body: dict) -> dict:
    rule = {
        "method": _str(body, "method", "POST"),
        "path": _str(body, "path", "/api/v1/demandes"),
        "delay_s": _number(body, "delay_s", 30),
        "drop": bool(body.get("drop", False)),
        "times": int(_number(body, "times", 1)),
    }
    return faults.update(app.store, "timeout", rule if rule["times"] > 0 else None)


def fault_late(app, body: dict) -> dict:
    rule = {
        "method": _str(body, "method", "POST"),
        "path": _str(body, "path", "/api/v1/demandes"),
        "delay_s": _number(body, "delay_s", 60),
        "times": int(_number(body, "times", 1)),
    }
    if rule["delay_s"] < 0:
        raise ApiError("INVALID_REQUEST", fields=[field_error("delay_s", "Un délai positif.")])
    return faults.update(app.store, "late", rule if rule["times"] > 0 else None)


def fault_vanish(app, body: dict) -> dict:
    agrement, mode = _str(body, "agrement"), _str(body, "mode", "empty")
    if mode not in ("empty", "partial", ""):
        raise ApiError("INVALID_REQUEST", fields=[field_error("mode", "empty, partial ou vide (fin).")])
    vanish = faults.get(app.store).get("vanish", {})
    vanish.pop(agrement, None)
    if mode:
        vanish[agrement] = mode
    return faults.update(app.store, "vanish", vanish or None)


def fault_stuck(app, body: dict) -> dict:
    demande = _demande(app, body)
    demande["bloquee"] = bool(body.get("stuck", True))
    app.store.save_demande(demande)  # the anomaly changes nothing visible, not even modifie_le
    return {"numero": demande["numero"], "bloquee": demande["bloquee"]}


def fault_clear(app, body: dict) -> dict:
    app.store.put(faults.KEY, {})
    app.store.execute("UPDATE demandes SET data = json_set(data, '$.bloquee', json('false'))")
    return {}


def requests_counted(app, body: dict) -> dict:
    """The API calls per route since the last reset (`state` without the demandes); `reset` zeroes them."""
    counted = dict(sorted(app.requests.items()))
    if body.get("reset"):
        app.requests.clear()
    return {"requests": counted}


def state(app, body: dict) -> dict:
    store = app.store
    return {
        "now": clock.iso(clock.now(store)),
        "offset_seconds": store.get(clock.OFFSET_KEY, 0),
        "faults": faults.get(store),
        "late_requests": len(store.get(faults.LATE_KEY, [])),
        "accounts": [
            dict(row)
            for row in store.all(
                "SELECT agrement, identifiant, raison_sociale, demo FROM accounts ORDER BY agrement"
            )
        ],
        "usagers": [dict(row) for row in store.all("SELECT * FROM usagers ORDER BY email")],
        "demandes": [
            {
                "numero": d["numero"],
                "agrement": d["agrement"],
                "anciens": d["anciens"],
                "type": d["type"],
                "statut": d["statut"],
                "email": d["email"],
                "code_ephoto": d["code_ephoto"],
                "neph": d["neph"],
                "mandat_papier": d["mandat_papier"],
                "bloquee": d["bloquee"],
                "cree_le": clock.iso(d["cree_le"]),
            }
            for d in store.load_demandes()
        ],
        "requests": dict(sorted(app.requests.items())),
    }


HANDLERS = {
    "reset": reset,
    "accounts": accounts,
    "usagers": usagers,
    "demandes": demandes,
    "demandes/bulk": demandes_bulk,
    "requests": requests_counted,
    "student": student,
    "administration": administration,
    "clock": clock_advance,
    "ephoto": ephoto,
    "state": state,
    "faults/latency": fault_latency,
    "faults/rate_limit": fault_rate_limit,
    "faults/errors": fault_errors,
    "faults/html": fault_html,
    "faults/timeout": fault_timeout,
    "faults/late": fault_late,
    "faults/vanish": fault_vanish,
    "faults/stuck": fault_stuck,
    "faults/clear": fault_clear,
}
