"""Documents ANTS makes available for a demande, as small real PDFs (a minimal PDF writer: one
Helvetica page of text, enough for a secretary to print and for pypdf to read)."""

from . import clock
from .errors import ApiError
from .referential import unaccent_upper

LIBELLES = {
    "AVIS_MEDICAL": "Avis médical",
    "FORMULAIRE_PHOTO_SIGNATURE": "Formulaire dépôt photo signature",
    "JUSTIFICATIF_DEMANDE": "Justificatif de la demande",
    "ATTESTATION_DROITS_CONDUIRE": "Attestation des droits à conduire",
    "ATTESTATION_INSCRIPTION": "Attestation dépôt inscription au permis",
    "FACSIMILE_INSCRIPTION": "Facsimilé inscription au permis",
    "RELEVE_ANNULATION": "Relevé d'information pour annulation",
    "RELEVE_INVALIDATION": "Relevé d'information pour invalidation",
}
AIDES = {
    "AVIS_MEDICAL": "Cerfa n°14880*01",
    "FORMULAIRE_PHOTO_SIGNATURE": (
        "À imprimer, signer à l'encre noire, coller une photo et envoyer au CTN sous 15 jours."
    ),
    "ATTESTATION_INSCRIPTION": "À imprimer recto/verso ; à présenter à l'examen.",
}
DECIDED = ("ACCEPTEE", "A_TRAITER_CERFA_06")


def available(demande: dict, statut: str) -> dict[str, bool]:
    validated = demande["valide_le"] is not None and statut != "TRANSFEREE"
    registered = demande["type"] == "CERFA_02" and bool(demande["neph"])
    return {
        "AVIS_MEDICAL": True,
        "FORMULAIRE_PHOTO_SIGNATURE": validated and not demande["code_ephoto"],
        "JUSTIFICATIF_DEMANDE": validated,
        "ATTESTATION_DROITS_CONDUIRE": demande["type"] == "CERFA_06" and statut in DECIDED,
        "ATTESTATION_INSCRIPTION": registered,
        "FACSIMILE_INSCRIPTION": registered,
        "RELEVE_ANNULATION": demande["motif"] == "APRES_ANNULATION" and statut in DECIDED,
        "RELEVE_INVALIDATION": False,
    }


def listing(demande: dict, statut: str) -> list[dict]:
    flags = available(demande, statut)
    return [
        {"code": code, "libelle": libelle, "aide": AIDES.get(code, ""), "disponible": flags[code]}
        for code, libelle in LIBELLES.items()
    ]


def render(demande: dict, statut: str, code: str, now: float) -> bytes:
    if not available(demande, statut).get(code):
        raise ApiError("NOT_FOUND", "Document non disponible pour cette demande.")
    candidat = demande["candidat"]
    naissance, adresse = candidat["naissance"], candidat["adresse"]
    lines = [
        f"Demande n° {demande['numero']} ({demande['type'].replace('_', ' ')}, {demande['motif']})",
        f"Numéro NEPH : {demande['neph']}" if demande["neph"] else "Numéro NEPH : en attente",
        f"Nom de famille : {candidat['nom_naissance']}    Nom d'usage : {candidat['nom_usage']}",
        f"Prénoms : {candidat['prenom']} {candidat['autres_prenoms']}".rstrip(),
        f"Né(e) le : {candidat['date_naissance']} à : {naissance['commune']} - {naissance['departement']} - "
        f"{naissance['pays']}",
        f"Adresse : {adresse['numero']} {adresse['type_voie']} {adresse['nom_voie']}",
        f"{adresse['code_postal']} {adresse['commune']}",
        f"Courriel : {candidat['email']}",
        f"Catégorie(s) demandée(s) : {' '.join(demande['dossier']['categories_demandees'])}",
        f"Formation : {demande['dossier']['formation']}",
        f"Document établi le : {clock.local_date(now).strftime('%d/%m/%Y')}",
    ]
    return minimal_pdf(unaccent_upper(LIBELLES[code]), lines)


def minimal_pdf(title: str, lines: list[str]) -> bytes:
    text = ["BT", "/F1 16 Tf", "50 790 Td", f"({_escape(title)}) Tj", "/F1 11 Tf", "0 -32 Td"]
    for line in lines:
        text += [f"({_escape(line)}) Tj", "0 -18 Td"]
    stream = "\n".join([*text, "ET"]).encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
