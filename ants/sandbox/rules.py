"""Checks of a demande's body: its shape (400 INVALID_REQUEST) and ANTS's data rules (422 DATA_REFUSED).

The data rules are those the existing product meets (seed 000 pp. 8 and 17-18): referential names
in ANTS form, a foreign birthplace without department, one given name in `prenom`, street name and
complement without dots or special characters, real past dates and ages, a known prefecture.
"""

import re
from datetime import date

from .clock import age_on
from .errors import ApiError, field_error
from .referential import FRANCE, referential

TYPES = {
    "CERFA_02": ("PREMIERE_INSCRIPTION", "EXTENSION", "APRES_ANNULATION"),
    "CERFA_06": ("REUSSITE_EXAMEN", "FORMATION"),
}
MOTIFS = tuple(motif for motifs in TYPES.values() for motif in motifs)
CATEGORIES = ("AM", "A1", "A2", "A", "B1", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE")
# Minimum age for the title of each category (Code de la route R221-5).
MINIMUM_AGE = {
    "AM": 14,
    "A1": 16,
    "B1": 16,
    "B": 17,
    "A2": 18,
    "BE": 18,
    "C1": 18,
    "C1E": 18,
    "A": 20,
    "C": 21,
    "CE": 21,
    "D1": 21,
    "D1E": 21,
    "D": 24,
    "DE": 24,
}
FORMATIONS = ("TRADITIONNELLE", "AAC", "SUPERVISEE")
DECLARATIONS = (
    "instance_examen",
    "lit_francais",
    "correction_vision",
    "affection_medicale",
    "vehicule_amenage",
    "pension_invalidite",
)
EPHOTO_RE = re.compile(r"[A-Za-z0-9]{22}")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE_RE = re.compile(r"\+?[0-9 ]{6,20}")
NEPH_RE = re.compile(r"[0-9]{12}")
POSTAL_RE = re.compile(r"[0-9]{5}")


class Enum(tuple):
    """A string field limited to these values (anything else is a malformed request)."""


class Nullable:
    def __init__(self, spec: dict):
        self.spec = spec


# Shape specs: name -> (type or nested spec, required). Missing optional strings default to "".
LIEU = {"commune": (str, True), "departement": (str, False), "pays": (str, True)}
ADRESSE = {
    "numero": (str, False),
    "extension": (str, False),
    "type_voie": (str, False),
    "nom_voie": (str, True),
    "complement": (str, False),
    "code_postal": (str, True),
    "commune": (str, True),
    "pays": (str, True),
}
CANDIDAT = {
    "sexe": (Enum(("M", "F")), True),
    "nom_naissance": (str, True),
    "nom_usage": (str, False),
    "prenom": (str, True),
    "autres_prenoms": (str, False),
    "date_naissance": (str, True),
    "naissance": (LIEU, True),
    "adresse": (ADRESSE, True),
    "telephone_mobile": (str, False),
    "telephone_autre": (str, False),
    "email": (str, True),
    "neph": (str, False),
}
REPRESENTANT = {
    "sexe": (Enum(("M", "F")), True),
    "nom": (str, True),
    "prenom": (str, True),
    "date_naissance": (str, True),
    "adresse": (ADRESSE, True),
    "telephone": (str, False),
    "email": (str, False),
}
DERNIERE_CATEGORIE = {
    "categorie": (Enum(CATEGORIES), True),
    "date": (str, True),
    "lieu": (str, False),
    "pays": (str, True),
    "departement": (str, False),
    "prefecture": (str, False),
    "mode": (Enum(("EXAMEN", "ECHANGE")), True),
}
DOSSIER = {
    "categories_demandees": ([Enum(CATEGORIES)], True),
    "categories_obtenues": ([Enum(CATEGORIES)], False),
    "derniere_categorie": (Nullable(DERNIERE_CATEGORIE), False),
    "declarations": ({name: (bool, False) for name in DECLARATIONS}, False),
    "formation": (Enum(FORMATIONS), False),
    "opposition_reutilisation_donnees": (bool, False),
}
DEMANDE = {
    "type": (Enum(TYPES), True),
    "motif": (Enum(MOTIFS), True),
    "mandat_papier": (bool, False),
    "code_ephoto": (str, False),
    "prefecture": (str, False),
    "candidat": (CANDIDAT, True),
    "representant_legal": (Nullable(REPRESENTANT), False),
    "dossier": (DOSSIER, True),
}
DEFAULTS = {bool: False, str: ""}


def parse_demande(body) -> dict:
    """The body reduced to the known fields with defaults, or 400 INVALID_REQUEST naming the fields."""
    errors: list[dict] = []
    clean = _shape(body, DEMANDE, "", errors)
    if errors:
        raise ApiError("INVALID_REQUEST", "Champs manquants ou mal formés.", fields=errors)
    clean["dossier"].setdefault("formation", "TRADITIONNELLE")
    return clean


def _shape(value, spec, path: str, errors: list) -> dict:
    if not isinstance(value, dict):
        errors.append(field_error(path or "body", "Un objet JSON est attendu."))
        return {}
    clean = {}
    for name, (kind, required) in spec.items():
        where = f"{path}.{name}" if path else name
        if name not in value or (value[name] is None and not isinstance(kind, Nullable)):
            if required:
                errors.append(field_error(where, "Champ obligatoire."))
            elif isinstance(kind, Nullable):
                clean[name] = None
            elif isinstance(kind, list):
                clean[name] = []
            elif isinstance(kind, dict):
                clean[name] = _shape({}, kind, where, errors)
            elif kind in DEFAULTS:
                clean[name] = DEFAULTS[kind]
            continue
        clean[name] = _field(value[name], kind, where, errors)
    return clean


def _field(value, kind, where: str, errors: list):
    if isinstance(kind, Nullable):
        return None if value is None else _shape(value, kind.spec, where, errors)
    if isinstance(kind, dict):
        return _shape(value, kind, where, errors)
    if isinstance(kind, list):
        if not isinstance(value, list):
            errors.append(field_error(where, "Une liste est attendue."))
            return []
        return [_field(item, kind[0], f"{where}[{index}]", errors) for index, item in enumerate(value)]
    if isinstance(kind, Enum):
        if value not in kind:
            errors.append(field_error(where, f"Valeur inconnue ; attendu : {', '.join(kind)}."))
        return value
    if type(value) is not kind:
        errors.append(field_error(where, "Type incorrect."))
    return value


def check_data(demande: dict, today: date) -> None:
    """ANTS's data rules; 422 DATA_REFUSED with every field concerned."""
    errors: list[dict] = []
    if demande["motif"] not in TYPES[demande["type"]]:
        errors.append(field_error("motif", f"Motif incorrect pour une demande {demande['type']}."))
    ref = referential()
    if demande["prefecture"] not in ref.prefectures:
        errors.append(
            field_error("prefecture", "Préfecture incorrecte : renseignez la préfecture de l'agence.")
        )
    candidat = demande["candidat"]
    _check_person_names(candidat, "candidat", ("nom_naissance", "nom_usage"), errors)
    if not _is_given_name(candidat["prenom"]):
        errors.append(
            field_error(
                "candidat.prenom",
                "Prénom incorrect : le premier prénom seul dans Prénom, "
                "les autres dans Autres prénoms, séparés par un espace.",
            )
        )
    if candidat["autres_prenoms"] and not _is_name(candidat["autres_prenoms"]):
        errors.append(
            field_error("candidat.autres_prenoms", "Autres prénoms incorrects : séparez-les par un espace.")
        )
    birth = _check_birth_date(candidat["date_naissance"], "candidat.date_naissance", 14, today, errors)
    _check_lieu(candidat["naissance"], "candidat.naissance", errors)
    _check_adresse(candidat["adresse"], "candidat.adresse", errors)
    if not EMAIL_RE.fullmatch(candidat["email"]):
        errors.append(field_error("candidat.email", "Adresse e-mail incorrecte."))
    for phone in ("telephone_mobile", "telephone_autre"):
        if candidat[phone] and not PHONE_RE.fullmatch(candidat[phone]):
            errors.append(field_error(f"candidat.{phone}", "Numéro de téléphone incorrect."))
    _check_neph(demande, errors)
    _check_representant(demande["representant_legal"], birth, today, errors)
    _check_dossier(demande["dossier"], today, errors)
    if demande["type"] == "CERFA_06" and birth is not None:
        _check_title_age(demande["dossier"]["categories_demandees"], age_on(birth, today), errors)
    if errors:
        raise ApiError("DATA_REFUSED", fields=errors)


def check_ephoto_format(code: str, field: str = "code_ephoto") -> None:
    # The sandbox knows every well-formed code except those starting with ZZ (documented).
    if not EPHOTO_RE.fullmatch(code) or code.upper().startswith("ZZ"):
        raise ApiError(
            "EPHOTO_INVALID",
            "Code ePhoto invalide ou inconnu (22 caractères alphanumériques).",
            fields=[field_error(field, "Code ePhoto invalide ou inconnu.")],
        )


def _is_name(value: str) -> bool:
    return bool(value.strip()) and all(ch.isalpha() or ch in " -'" for ch in value)


def _is_given_name(value: str) -> bool:
    return _is_name(value) and " " not in value.strip()


def _check_person_names(person: dict, path: str, names: tuple, errors: list) -> None:
    for index, name in enumerate(names):
        value = person[name]
        if (index == 0 or value) and not _is_name(value):
            errors.append(field_error(f"{path}.{name}", f"Le nom n'est pas correct : {value}"))


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def _check_birth_date(value: str, field: str, min_age: int, today: date, errors: list) -> date | None:
    birth = _parse_date(value)
    if birth is None or birth >= today or birth.year < 1900:
        errors.append(field_error(field, "La date de naissance n'est pas correcte."))
        return None
    if age_on(birth, today) < min_age:
        errors.append(field_error(field, f"La date de naissance n'est pas correcte : {min_age} ans minimum."))
    return birth


def _check_lieu(lieu: dict, path: str, errors: list, commune_field: str | None = "commune") -> None:
    ref = referential()
    pays, departement = lieu["pays"], lieu.get("departement", "")
    if not pays:
        errors.append(field_error(f"{path}.pays", "Le pays est vide."))
        return
    if pays not in ref.pays_names:
        errors.append(field_error(f"{path}.pays", f"Pays incorrect : {pays}"))
        return
    if pays != FRANCE:
        if departement:
            errors.append(
                field_error(
                    f"{path}.departement",
                    f"Département incorrect : {departement} (lieu à l'étranger : le département reste vide).",
                )
            )
        return
    if departement not in ref.departements:
        errors.append(field_error(f"{path}.departement", f"Département incorrect : {departement}"))
    if commune_field is not None:
        commune = lieu[commune_field]
        matches = ref.communes_named(commune)
        if not matches or (
            departement in ref.departements and all(c.departement != departement for c in matches)
        ):
            errors.append(field_error(f"{path}.{commune_field}", f"Ville incorrecte : {commune}"))


def _check_adresse(adresse: dict, path: str, errors: list) -> None:
    for name, label in (("nom_voie", "Le nom de voie"), ("complement", "Le complément")):
        value = adresse[name]
        if (name == "nom_voie" and not value.strip()) or not all(ch.isalnum() or ch in " -'" for ch in value):
            errors.append(
                field_error(
                    f"{path}.{name}",
                    f"{label} n'est pas correct : évitez le point et les caractères spéciaux.",
                )
            )
    if len(adresse["numero"]) > 10 or not adresse["numero"].isalnum() and adresse["numero"]:
        errors.append(field_error(f"{path}.numero", "Numéro de voie incorrect."))
    ref = referential()
    pays = adresse["pays"]
    if not pays:
        errors.append(field_error(f"{path}.pays", "Le pays est vide."))
    elif pays not in ref.pays_names:
        errors.append(field_error(f"{path}.pays", f"Pays incorrect : {pays}"))
    elif pays == FRANCE:
        code_postal, commune = adresse["code_postal"], adresse["commune"]
        if not POSTAL_RE.fullmatch(code_postal):
            errors.append(field_error(f"{path}.code_postal", f"Code postal incorrect : {code_postal}"))
        elif not any(code_postal in c.codes_postaux for c in ref.communes_named(commune)):
            errors.append(field_error(f"{path}.commune", f"Ville incorrecte : {commune} ({code_postal})"))


def _check_neph(demande: dict, errors: list) -> None:
    neph = demande["candidat"]["neph"]
    if (demande["type"] == "CERFA_06" or neph) and not NEPH_RE.fullmatch(neph):
        errors.append(field_error("candidat.neph", "NEPH incorrect : 12 chiffres."))


def _check_representant(representant: dict | None, birth: date | None, today: date, errors: list) -> None:
    if representant is None:
        if birth is not None and age_on(birth, today) < 18:
            errors.append(
                field_error("representant_legal", "Un candidat mineur doit avoir un représentant légal.")
            )
        return
    _check_person_names(representant, "representant_legal", ("nom",), errors)
    if not _is_name(representant["prenom"]):
        errors.append(field_error("representant_legal.prenom", "Prénom incorrect."))
    _check_birth_date(representant["date_naissance"], "representant_legal.date_naissance", 18, today, errors)
    _check_adresse(representant["adresse"], "representant_legal.adresse", errors)
    if representant["email"] and not EMAIL_RE.fullmatch(representant["email"]):
        errors.append(field_error("representant_legal.email", "Adresse e-mail incorrecte."))


def _check_title_age(categories: list, age: int, errors: list) -> None:
    """A title (Cerfa 06) is not produced before the category's minimum age (R221-5, B at 17 since 2024)."""
    too_young = [category for category in categories if age < MINIMUM_AGE.get(category, 0)]
    if too_young:
        needed = max(MINIMUM_AGE[category] for category in too_young)
        errors.append(
            field_error(
                "candidat.date_naissance",
                f"Âge insuffisant pour le titre {', '.join(too_young)} : {needed} ans minimum.",
            )
        )


def _check_dossier(dossier: dict, today: date, errors: list) -> None:
    if not dossier["categories_demandees"]:
        errors.append(field_error("dossier.categories_demandees", "Indiquez au moins une catégorie."))
    derniere = dossier["derniere_categorie"]
    if derniere is None:
        return
    obtained = _parse_date(derniere["date"])
    if obtained is None or obtained > today:
        errors.append(field_error("dossier.derniere_categorie.date", "Date d'obtention incorrecte."))
    _check_lieu(derniere, "dossier.derniere_categorie", errors, commune_field=None)
    if derniere["prefecture"] and derniere["prefecture"] not in referential().prefectures:
        errors.append(field_error("dossier.derniere_categorie.prefecture", "Préfecture incorrecte."))
