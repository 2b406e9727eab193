"""The life of a demande (docs/ants-api.md, Statuses): creation with the divergence checks, the
school's actions, the student's and the administration's, expiry after 7 days, transfer."""

from datetime import datetime

from . import clock, divergence, ephoto
from .errors import ApiError, field_error
from .pieces import required_codes
from .rules import check_ephoto_format

STATUTS = {
    "BROUILLON": "Brouillon",
    "EN_ATTENTE_VALIDATION_USAGER": "En attente de validation par l'usager",
    "REFUSEE_USAGER": "Refusée par l'usager",
    "VERIFICATION_PIECES": "Vérification des pièces justificatives",
    "VERIFICATION_IMAGES": "Vérification des images",
    "A_COMPLETER": "À compléter",
    "REJETEE": "Rejetée",
    "EN_COURS_TRAITEMENT": "En cours de traitement",
    "TRANSFEREE": "Transférée",
    "ACCEPTEE": "Acceptée",
    "A_TRAITER_CERFA_06": "À traiter en Cerfa 06",
}
DELETABLE = ("BROUILLON", "EN_ATTENTE_VALIDATION_USAGER")
EDITABLE = ("BROUILLON", "A_COMPLETER")
IN_PROCESS = ("VERIFICATION_PIECES", "VERIFICATION_IMAGES", "EN_COURS_TRAITEMENT")
NEXT_STEP = {
    "VERIFICATION_PIECES": "VERIFICATION_IMAGES",
    "VERIFICATION_IMAGES": "EN_COURS_TRAITEMENT",
    "EN_COURS_TRAITEMENT": "ACCEPTEE",
}
ACTIVATION_SECONDS = 7 * 24 * 3600
INTERNAL = ("anciens", "email", "personne", "code_ephoto", "bloquee")


# ---- reading -------------------------------------------------------------------------------------


def view(demande: dict, agrement: str) -> dict:
    """The wire Demande as `agrement` sees it: a former holder sees TRANSFEREE."""
    statut = demande["statut"]
    if agrement != demande["agrement"]:
        statut = "TRANSFEREE"
    wire = {key: value for key, value in demande.items() if key not in INTERNAL}
    wire.update(
        statut=statut,
        statut_libelle=STATUTS[statut],
        cree_le=clock.iso(demande["cree_le"]),
        modifie_le=clock.iso(demande["modifie_le"]),
        valide_le=clock.iso(demande["valide_le"]),
        ephoto={"present": bool(demande["code_ephoto"])},
        agrement=agrement,
    )
    return wire


def resume(demande: dict, agrement: str) -> dict:
    wire = view(demande, agrement)
    candidat = wire["candidat"]
    keys = (
        "numero",
        "type",
        "motif",
        "statut",
        "statut_libelle",
        "cree_le",
        "modifie_le",
        "transferee",
        "neph",
    )
    summary = {key: wire[key] for key in keys}
    summary["candidat"] = {
        key: candidat[key] for key in ("nom_naissance", "nom_usage", "prenom", "date_naissance", "email")
    }
    return summary


def visible_to(agrement: str) -> tuple[str, tuple]:
    """SQL condition and params for the demandes an account sees: its own and those it transferred away."""
    return "agrement = ? OR numero IN (SELECT numero FROM anciens_titulaires WHERE agrement = ?)", (
        agrement,
        agrement,
    )


def load_for(store, numero: str, agrement: str, *, acting: bool = True) -> dict:
    """The demande, 404 when unknown, 403 when another account holds it (or acting on a transferred one)."""
    demande = store.load_demande(numero)
    if demande is None:
        raise ApiError("NOT_FOUND", "Demande introuvable.")
    if demande["agrement"] == agrement:
        return demande
    if not acting and agrement in demande["anciens"]:
        return demande
    raise ApiError("FORBIDDEN")


# ---- creation ------------------------------------------------------------------------------------


def create(store, agrement: str, clean: dict, now: float) -> dict:
    candidat = clean["candidat"]
    email = candidat["email"].strip().lower()
    code = clean.pop("code_ephoto")
    if code:
        check_ephoto_format(code)
    divergence.check(store, candidat, clean["type"], email)
    if code:
        ephoto.check_free(store, code, numero=None)
    numero = _new_numero(store, now)
    demande = {
        "numero": numero,
        "agrement": agrement,
        "anciens": [],
        "type": clean["type"],
        "motif": clean["motif"],
        "statut": "BROUILLON",
        "motif_statut": "",
        "cree_le": now,
        "modifie_le": now,
        "valide_le": None,
        "transferee": False,
        "mandat_papier": clean["mandat_papier"],
        "neph": "",
        "prefecture": clean["prefecture"],
        "candidat": candidat,
        "representant_legal": clean["representant_legal"],
        "dossier": clean["dossier"],
        "email": email,
        "personne": divergence.person_key(candidat),
        "code_ephoto": code,
        "bloquee": False,
    }
    store.save_demande(demande)
    if code:
        ephoto.reserve(store, code, numero)
    return demande


def _new_numero(store, now: float) -> str:
    """Short and 23-digit numbers alternate, as on ANTS (always strings)."""
    seq = store.next_counter("demande_counter")
    if seq % 2:
        return str(4700 + seq)
    stamp = datetime.fromtimestamp(now, clock.PARIS).strftime("%Y%m%d%H%M%S")
    return f"901{stamp}{seq:06d}"


# ---- the school's actions ------------------------------------------------------------------------


def require(demande: dict, allowed: tuple) -> None:
    if demande["statut"] not in allowed:
        raise ApiError(
            "STATUS_FORBIDS",
            f"Action impossible au statut « {STATUTS[demande['statut']]} ».",
            details={"statut": demande["statut"]},
        )


def touch(store, demande: dict, now: float, **changes) -> dict:
    demande.update(changes, modifie_le=now)
    store.save_demande(demande)
    return demande


def validate(store, demande: dict, now: float) -> dict:
    require(demande, EDITABLE)
    present = {
        row["piece"]
        for row in store.all("SELECT DISTINCT piece FROM fichiers WHERE numero = ?", (demande["numero"],))
    }
    missing = [code for code in required_codes(demande, clock.local_date(now)) if code not in present]
    if missing:
        raise ApiError(
            "MISSING_PIECES", "Pièces justificatives obligatoires manquantes.", details={"pieces": missing}
        )
    ephoto.make_definitive(store, demande["numero"])
    if demande["statut"] == "A_COMPLETER":
        return touch(store, demande, now, statut="VERIFICATION_PIECES", motif_statut="")
    statut = "VERIFICATION_PIECES" if demande["mandat_papier"] else "EN_ATTENTE_VALIDATION_USAGER"
    return touch(store, demande, now, statut=statut, valide_le=now)


def delete(store, demande: dict) -> None:
    require(demande, DELETABLE)
    store.delete_demande(demande["numero"])


def transfer(store, numero: str, origine: str | None, agrement: str, now: float) -> dict:
    """Onto `agrement`'s account; `origine`, when given, must be the account holding it."""
    demande = store.load_demande(numero)
    if demande is None or origine not in (None, demande["agrement"]):
        raise ApiError("NOT_FOUND", "Aucune demande de ce numéro sur le compte d'origine.")
    origine = demande["agrement"]
    if origine == agrement:
        raise ApiError("TRANSFER_REFUSED", "La demande est déjà sur ce compte.")
    if demande["mandat_papier"]:
        raise ApiError("TRANSFER_REFUSED", "Une demande sous mandat papier ne peut pas être transférée.")
    store.execute(
        "INSERT OR IGNORE INTO anciens_titulaires (numero, agrement) VALUES (?, ?)", (numero, origine)
    )
    return touch(
        store, demande, now, agrement=agrement, transferee=True, anciens=[*demande["anciens"], origine]
    )


def set_ephoto(store, demande: dict, code: str, now: float) -> dict:
    require(demande, ("BROUILLON",))
    check_ephoto_format(code, field="code")
    ephoto.check_free(store, code, demande["numero"])
    ephoto.release(store, demande["numero"])
    ephoto.reserve(store, code, demande["numero"])
    return touch(store, demande, now, code_ephoto=code)


def delete_ephoto(store, demande: dict, now: float) -> None:
    require(demande, ("BROUILLON",))
    ephoto.release(store, demande["numero"])
    touch(store, demande, now, code_ephoto="")


# ---- the student, the administration, time -------------------------------------------------------


def student_validates(store, demande: dict, now: float) -> dict:
    require(demande, ("EN_ATTENTE_VALIDATION_USAGER",))
    candidat = demande["candidat"]
    # Activating the account creates the usager's ANTS account with the demande's identity.
    store.execute(
        "INSERT OR IGNORE INTO usagers (email, nom_naissance, prenom, date_naissance) VALUES (?, ?, ?, ?)",
        (demande["email"], candidat["nom_naissance"], candidat["prenom"], candidat["date_naissance"]),
    )
    return touch(store, demande, now, statut="VERIFICATION_PIECES")


def student_refuses(store, demande: dict, now: float) -> dict:
    require(demande, ("EN_ATTENTE_VALIDATION_USAGER",))
    return touch(store, demande, now, statut="REFUSEE_USAGER")


def administration(store, demande: dict, action: str, motif: str, now: float) -> dict:
    if action == "advance":
        require(demande, IN_PROCESS)
        if NEXT_STEP[demande["statut"]] == "ACCEPTEE":
            return _accept(store, demande, now)
        return touch(store, demande, now, statut=NEXT_STEP[demande["statut"]])
    if action in ("complete", "reject"):
        require(demande, IN_PROCESS)
        if not motif.strip():
            raise ApiError(
                "INVALID_REQUEST", "Un motif est obligatoire.", fields=[field_error("motif", "Obligatoire.")]
            )
        return touch(
            store,
            demande,
            now,
            statut="A_COMPLETER" if action == "complete" else "REJETEE",
            motif_statut=motif.strip(),
        )
    if action == "accept":
        require(demande, IN_PROCESS)
        return _accept(store, demande, now)
    if action == "exam_passed":
        if demande["type"] != "CERFA_02":
            raise ApiError(
                "STATUS_FORBIDS",
                "Seule une demande Cerfa 02 passe « À traiter en Cerfa 06 ».",
                details={"statut": demande["statut"]},
            )
        require(demande, ("ACCEPTEE",))
        return touch(store, demande, now, statut="A_TRAITER_CERFA_06")
    raise ApiError("INVALID_REQUEST", f"Action inconnue : {action}")


def _accept(store, demande: dict, now: float) -> dict:
    neph = demande["neph"]
    if demande["type"] == "CERFA_02" and not neph:
        neph = new_neph(store, demande, now)
    return touch(store, demande, now, statut="ACCEPTEE", motif_statut="", neph=neph)


def new_neph(store, demande: dict, now: float) -> str:
    """12 digits: YY MM of registration, department (2), prefecture (2), sequence (4) — see DOMAIN.md."""
    departement = demande["candidat"]["adresse"]["code_postal"][:2]
    departement = departement if departement.isdigit() else "20"
    stamp = datetime.fromtimestamp(now, clock.PARIS).strftime("%y%m")
    return f"{stamp}{departement}10{store.next_counter('neph_counter') % 10000:04d}"


def purge_expired(store, now: float) -> None:
    """No activation within 7 days of the school's validation: the demande is deleted (stuck ones stay)."""
    expired = store.all(
        "SELECT numero FROM demandes WHERE statut = 'EN_ATTENTE_VALIDATION_USAGER'"
        " AND json_extract(data, '$.valide_le') <= ? AND json_extract(data, '$.bloquee') = 0",
        (now - ACTIVATION_SECONDS,),
    )
    for row in expired:
        store.delete_demande(row["numero"])
