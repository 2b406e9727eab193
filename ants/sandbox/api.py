"""Handlers of the ANTS interface (docs/ants-api.md). Each takes the request context and the URL
arguments and returns (status, JSON body) or a werkzeug Response (files)."""

import math
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from werkzeug.wrappers import Request, Response

from . import clock, documents, ephoto, faults, lifecycle, pieces
from .errors import ApiError, field_error
from .referential import referential, search_key
from .rules import POSTAL_RE, check_data, parse_demande

TOKEN_SECONDS = 3600


@dataclass
class Ctx:
    store: object
    request: Request
    now: float
    agrement: str = ""

    def json(self) -> dict:
        body = self.request.get_json(force=True, silent=True)
        if not isinstance(body, dict):
            raise ApiError("INVALID_REQUEST", "Corps JSON (objet) attendu.")
        return body

    def arg_int(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.request.args.get(name, "")
        if raw == "":
            return default
        if not re.fullmatch(r"[0-9]{1,6}", raw) or not low <= int(raw) <= high:
            raise ApiError(
                "INVALID_REQUEST", fields=[field_error(name, f"Entier entre {low} et {high} attendu.")]
            )
        return int(raw)


# ---- authentication ------------------------------------------------------------------------------


def token(ctx: Ctx):
    body = ctx.json()
    values = [body.get(name) for name in ("agrement", "identifiant", "mot_de_passe")]
    if not all(isinstance(value, str) for value in values):
        raise ApiError("INVALID_REQUEST", "agrement, identifiant et mot_de_passe sont obligatoires.")
    agrement, identifiant, mot_de_passe = values
    account = ctx.store.one("SELECT * FROM accounts WHERE agrement = ?", (agrement,))
    if account is None or not (
        secrets.compare_digest(account["identifiant"].encode(), identifiant.encode())
        and secrets.compare_digest(account["mot_de_passe"].encode(), mot_de_passe.encode())
    ):
        raise ApiError("AUTHENTICATION_FAILED")
    value = secrets.token_urlsafe(32)
    expires_at = ctx.now + TOKEN_SECONDS
    ctx.store.execute(
        "INSERT INTO tokens (token, agrement, expires_at) VALUES (?, ?, ?)", (value, agrement, expires_at)
    )
    return 200, {
        "token": value,
        "expires_in": TOKEN_SECONDS,
        "expires_at": clock.iso(expires_at),
        "raison_sociale": account["raison_sociale"],
    }


def authenticate(ctx: Ctx) -> str:
    header = ctx.request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise ApiError("TOKEN_INVALID", "Authentification requise.")
    row = ctx.store.one("SELECT agrement, expires_at FROM tokens WHERE token = ?", (header[7:].strip(),))
    if row is None:
        raise ApiError("TOKEN_INVALID")
    if row["expires_at"] <= ctx.now:
        raise ApiError("TOKEN_EXPIRED")
    return row["agrement"]


# ---- prefectures and referential -----------------------------------------------------------------


def prefectures(ctx: Ctx):
    code_postal = ctx.request.args.get("code_postal", "")
    if not POSTAL_RE.fullmatch(code_postal):
        raise ApiError(
            "DATA_REFUSED", fields=[field_error("code_postal", f"Code postal incorrect : {code_postal}")]
        )
    found = referential().departements_for_postal_code(code_postal)
    return 200, {"results": [departement.prefecture for departement in found]}


def communes(ctx: Ctx):
    q, code_postal = ctx.request.args.get("q", ""), ctx.request.args.get("code_postal", "")
    departement = ctx.request.args.get("departement", "")
    limit = ctx.arg_int("limit", 20, 1, 50)
    if code_postal and not POSTAL_RE.fullmatch(code_postal):
        raise ApiError("INVALID_REQUEST", fields=[field_error("code_postal", "5 chiffres attendus.")])
    if len(search_key(q)) < 2 and not code_postal:
        raise ApiError("INVALID_REQUEST", fields=[field_error("q", "Au moins 2 caractères.")])
    found = referential().search_communes(q, code_postal, limit, departement=departement)
    return 200, {"results": [commune.as_json() for commune in found]}


def departements(ctx: Ctx):
    return 200, {"results": [{"code": d.code, "nom": d.nom} for d in referential().departements.values()]}


def pays(ctx: Ctx):
    countries = sorted(referential().pays.items(), key=lambda item: item[1])
    return 200, {"results": [{"code": code, "nom": nom} for code, nom in countries]}


# ---- demandes ------------------------------------------------------------------------------------


def demande_create(ctx: Ctx):
    clean = parse_demande(ctx.json())
    check_data(clean, clock.local_date(ctx.now))
    demande = lifecycle.create(ctx.store, ctx.agrement, clean, ctx.now)
    return 201, lifecycle.view(demande, ctx.agrement)


def demande_get(ctx: Ctx, numero: str):
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement, acting=False)
    return 200, lifecycle.view(demande, ctx.agrement)


def demande_list(ctx: Ctx):
    """One page, read from the store by SQL (an account of thousands of demandes costs a page's worth)."""
    args = ctx.request.args
    page, par_page = ctx.arg_int("page", 1, 1, 100000), ctx.arg_int("par_page", 50, 1, 100)
    where, params = _list_filter(ctx.agrement, args)
    mode = faults.vanish_mode(ctx.store, ctx.agrement)
    # The seed-002 anomaly: the account's demandes vanish from the list (all, or every other one).
    step = {"empty": 0, "partial": 2}.get(mode, 1)
    total = 0 if step == 0 else -(-ctx.store.count_demandes(where, params) // step)
    start = (page - 1) * par_page
    found = ctx.store.page_demandes(where, params, step=step, limit=par_page, offset=start) if total else []
    return 200, {
        "results": [lifecycle.resume(demande, ctx.agrement) for demande in found],
        "page": page,
        "par_page": par_page,
        "total": total,
        "pages": math.ceil(total / par_page),
    }


def _list_filter(agrement: str, args) -> tuple[str, list]:
    """The SQL condition of GET /demandes: visible to the account, its filters (days are Paris days)."""
    visible, params = lifecycle.visible_to(agrement)
    conditions, params = [f"({visible})"], list(params)
    for name, column, bound in (
        ("cree_depuis", "cree_le", ">="),
        ("cree_jusqu_a", "cree_le", "<"),
        ("modifie_depuis", "modifie_le", ">="),
        ("modifie_jusqu_a", "modifie_le", "<"),
    ):
        day = _day(args.get(name, ""), name)
        if day is not None:
            # A day "until" is inclusive: before the start of the next day.
            conditions.append(f"{column} {bound} ?")
            params.append(clock.day_start(day + timedelta(days=bound == "<")))
    if args.get("statut"):
        # A former holder sees the demande as TRANSFEREE (lifecycle.view).
        conditions.append("(CASE WHEN agrement = ? THEN statut ELSE 'TRANSFEREE' END) = ?")
        params += [agrement, args["statut"]]
    for name in ("type", "numero"):
        if args.get(name):
            conditions.append(f"{name} = ?")
            params.append(args[name])
    if args.get("email"):
        conditions.append("email = ?")
        params.append(args["email"].strip().lower())
    return " AND ".join(conditions), params


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _bad_day(name)
    except ValueError:
        return _bad_day(name)


def _bad_day(name: str):
    raise ApiError("INVALID_REQUEST", fields=[field_error(name, "Date AAAA-MM-JJ attendue.")])


def demande_validate(ctx: Ctx, numero: str):
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement)
    return 200, lifecycle.view(lifecycle.validate(ctx.store, demande, ctx.now), ctx.agrement)


def demande_delete(ctx: Ctx, numero: str):
    lifecycle.delete(ctx.store, lifecycle.load_for(ctx.store, numero, ctx.agrement))
    return 204, None


def demande_transfer(ctx: Ctx):
    body = ctx.json()
    numero, origine = body.get("numero"), body.get("agrement_origine")
    if not isinstance(numero, str) or not isinstance(origine, str | None):
        raise ApiError("INVALID_REQUEST", "numero (texte) est obligatoire ; agrement_origine est un texte.")
    demande = lifecycle.transfer(ctx.store, numero, origine, ctx.agrement, ctx.now)
    return 200, lifecycle.view(demande, ctx.agrement)


def ephoto_put(ctx: Ctx, numero: str):
    code = ctx.json().get("code")
    if not isinstance(code, str):
        raise ApiError("INVALID_REQUEST", fields=[field_error("code", "Champ obligatoire.")])
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement)
    return 200, lifecycle.view(lifecycle.set_ephoto(ctx.store, demande, code, ctx.now), ctx.agrement)


def ephoto_delete(ctx: Ctx, numero: str):
    lifecycle.delete_ephoto(ctx.store, lifecycle.load_for(ctx.store, numero, ctx.agrement), ctx.now)
    return 204, None


def ephoto_image(ctx: Ctx, numero: str, kind: str):
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement)
    if not demande["code_ephoto"]:
        raise ApiError("NOT_FOUND", "Aucun code ePhoto sur cette demande.")
    if kind == "photo":
        return Response(ephoto.photo(demande["code_ephoto"]), mimetype="image/jpeg")
    return Response(ephoto.signature(demande["code_ephoto"]), mimetype="image/png")


# ---- pieces --------------------------------------------------------------------------------------


def pieces_list(ctx: Ctx, numero: str):
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement)
    today = clock.local_date(ctx.now)
    required = set(pieces.required_codes(demande, today))
    files: dict[str, list] = {}
    for row in ctx.store.all("SELECT * FROM fichiers WHERE numero = ? ORDER BY depose_le, id", (numero,)):
        files.setdefault(row["piece"], []).append(_fichier(row))
    results = []
    for code in pieces.accepted_codes(demande, today):
        piece = pieces.CATALOGUE[code]
        deposited = files.get(code, [])
        results.append(
            {
                "code": code,
                "libelle": piece.libelle,
                "aide": piece.aide,
                "requise": code in required,
                "pages_max": piece.pages_max,
                "pages": sum(f["pages"] for f in deposited),
                "commentaire_autorise": True,
                "fichiers": deposited,
            }
        )
    return 200, {"results": results}


def _fichier(row) -> dict:
    return {
        "id": row["id"],
        "nom": row["nom"],
        "pages": row["pages"],
        "taille": row["taille"],
        "type": row["type"],
        "commentaire": row["commentaire"],
        "depose_le": clock.iso(row["depose_le"]),
    }


def _piece_for(ctx: Ctx, demande: dict, code: str) -> pieces.Piece:
    if code not in pieces.accepted_codes(demande, clock.local_date(ctx.now)):
        raise ApiError("NOT_FOUND", "Cette pièce n'est pas demandée pour cette demande.")
    return pieces.CATALOGUE[code]


def fichier_upload(ctx: Ctx, numero: str, code: str):
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement)
    piece = _piece_for(ctx, demande, code)
    lifecycle.require(demande, lifecycle.EDITABLE)
    upload = ctx.request.files.get("fichier")
    if upload is None:
        raise ApiError("INVALID_REQUEST", fields=[field_error("fichier", "Fichier obligatoire (multipart).")])
    content = upload.read(pieces.MAX_BYTES + 1)
    media_type, pages = pieces.inspect_file(content, ctx.request.form.get("commentaire", ""))
    used = ctx.store.one(
        "SELECT COALESCE(SUM(pages), 0) AS n FROM fichiers WHERE numero = ? AND piece = ?", (numero, code)
    )["n"]
    if used + pages > piece.pages_max:
        raise ApiError(
            "PAGE_LIMIT_EXCEEDED",
            f"Limite de {piece.pages_max} pages dépassée pour cette pièce.",
            details={"pages_max": piece.pages_max, "pages": used + pages},
        )
    row = {
        "id": f"f{ctx.store.next_counter('fichier_counter')}",
        "numero": numero,
        "piece": code,
        "nom": pieces.stored_name(upload.filename or ""),
        "type": media_type,
        "pages": pages,
        "taille": len(content),
        "commentaire": ctx.request.form.get("commentaire", ""),
        "depose_le": ctx.now,
        "contenu": content,
    }
    ctx.store.execute(
        f"INSERT INTO fichiers ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",  # noqa: S608
        tuple(row.values()),
    )
    lifecycle.touch(ctx.store, demande, ctx.now)
    return 201, _fichier(row)


def _load_fichier(ctx: Ctx, numero: str, code: str, fichier_id: str):
    row = ctx.store.one(
        "SELECT * FROM fichiers WHERE id = ? AND numero = ? AND piece = ?", (fichier_id, numero, code)
    )
    if row is None:
        raise ApiError("NOT_FOUND", "Fichier introuvable.")
    return row


def fichier_get(ctx: Ctx, numero: str, code: str, fichier_id: str):
    lifecycle.load_for(ctx.store, numero, ctx.agrement)
    row = _load_fichier(ctx, numero, code, fichier_id)
    return Response(row["contenu"], mimetype=row["type"])


def fichier_delete(ctx: Ctx, numero: str, code: str, fichier_id: str):
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement)
    _load_fichier(ctx, numero, code, fichier_id)
    lifecycle.require(demande, lifecycle.EDITABLE)
    ctx.store.execute("DELETE FROM fichiers WHERE id = ?", (fichier_id,))
    lifecycle.touch(ctx.store, demande, ctx.now)
    return 204, None


# ---- documents -----------------------------------------------------------------------------------


def documents_list(ctx: Ctx, numero: str):
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement)
    return 200, {"results": documents.listing(demande, demande["statut"])}


def document_get(ctx: Ctx, numero: str, code: str):
    demande = lifecycle.load_for(ctx.store, numero, ctx.agrement)
    pdf = documents.render(demande, demande["statut"], code, ctx.now)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{code.lower()}-{numero}.pdf"'},
    )
