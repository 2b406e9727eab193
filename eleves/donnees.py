"""Rules kept as data: change a line here when the law or the list changes, not the code."""

from dataclasses import dataclass
from datetime import date

# Permis à points reform applying the 3rd European directive (décret 2011-1475).
DIRECTIVE_2013 = date(2013, 1, 19)
# Permis B at 17 (décret 2023-1214, article R221-5 of the Code de la route).
PERMIS_B_17_ANS = date(2024, 1, 1)


@dataclass(frozen=True)
class AgeMinimum:
    """Minimum age to obtain the title of `categorie`, in force from `depuis`.

    `si_detient`: the row applies only to a candidate already holding that category (progressive
    access, e.g. A at 20 after two years of A2). For one (categorie, si_detient) the row in force is
    the latest `depuis`; a candidate may use the lowest age among the rows that apply to them.
    """

    categorie: str
    age: int
    depuis: date
    si_detient: str = ""


AGES_MINIMUMS_TITRE = (
    AgeMinimum("AM", 14, DIRECTIVE_2013),
    AgeMinimum("A1", 16, DIRECTIVE_2013),
    AgeMinimum("B1", 16, DIRECTIVE_2013),
    AgeMinimum("A2", 18, DIRECTIVE_2013),
    AgeMinimum("A", 24, DIRECTIVE_2013),
    AgeMinimum("A", 20, DIRECTIVE_2013, si_detient="A2"),
    AgeMinimum("B", 18, DIRECTIVE_2013),
    AgeMinimum("B", 17, PERMIS_B_17_ANS),
    AgeMinimum("BE", 18, DIRECTIVE_2013),
    AgeMinimum("C1", 18, DIRECTIVE_2013),
    AgeMinimum("C1E", 18, DIRECTIVE_2013),
    AgeMinimum("C", 21, DIRECTIVE_2013),
    AgeMinimum("CE", 21, DIRECTIVE_2013),
    AgeMinimum("D1", 21, DIRECTIVE_2013),
    AgeMinimum("D1E", 21, DIRECTIVE_2013),
    AgeMinimum("D", 24, DIRECTIVE_2013),
    AgeMinimum("DE", 24, DIRECTIVE_2013),
)

# ANTS refuses a candidate younger than this on any demande (docs/ants-api.md, data rules).
AGE_MINIMUM_CANDIDAT = 14
AGE_MAJORITE = 18

# Addresses that belong to a role or an organisation, not to a person (matched on the part before @,
# ignoring dots, hyphens and underscores). ANTS sends the student's account mail there.
ADRESSES_GENERIQUES = (
    "contact",
    "info",
    "infos",
    "information",
    "accueil",
    "secretariat",
    "secretaire",
    "admin",
    "administration",
    "direction",
    "bureau",
    "agence",
    "ecole",
    "autoecole",
    "ae",
    "inscription",
    "inscriptions",
    "noreply",
    "nepasrepondre",
    "reception",
    "service",
    "commercial",
    "compta",
    "comptabilite",
    "planning",
    "permis",
)
# Beginnings of the part before @ that mark a driving school's own mailbox ("autoecole.dupont@…").
PREFIXES_GENERIQUES = ("autoecole", "ecoledeconduite", "drivingschool")

# Public mail providers: sharing one of these domains with the staff says nothing about ownership.
MESSAGERIES_PUBLIQUES = (
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.fr",
    "outlook.com",
    "outlook.fr",
    "live.fr",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.fr",
    "icloud.com",
    "me.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "neuf.fr",
    "laposte.net",
    "bbox.fr",
    "aol.com",
    "gmx.fr",
    "gmx.com",
    "protonmail.com",
    "proton.me",
    "example.org",
    "example.com",
)

# Heavy categories: a medical opinion (avis médical, Cerfa 14880*01) precedes any demande.
CATEGORIES_AVEC_VISITE_MEDICALE = ("C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE")
