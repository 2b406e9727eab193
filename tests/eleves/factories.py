"""Factories of the student area (agencies and users come from tests/factories.py)."""

from datetime import date

import factory

from eleves.models import Eleve, RepresentantLegal
from eleves.services import eleve_save
from tests.factories import AgenceFactory, UserFactory  # noqa: F401 - re-exported for this area


class EleveFactory(factory.django.DjangoModelFactory):
    """A complete adult student living at a referential-conform address; saved by the service."""

    class Meta:
        model = Eleve

    agence = factory.SubFactory(AgenceFactory)
    sexe = "F"
    nom_naissance = factory.Sequence(lambda n: f"DURAND{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}")
    prenom = "CAMILLE"
    date_naissance = date(2000, 5, 17)
    ville_naissance = "BRON"
    departement_naissance = "69"
    pays_naissance = "FRANCE"
    numero_voie = "12"
    type_voie = "RUE"
    nom_voie = "DE LA REPUBLIQUE"
    code_postal = "69800"
    ville = "SAINT-PRIEST"
    email = factory.Sequence(lambda n: f"eleve{n}@gmail.com")
    telephone_mobile = "06 12 34 56 78"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return eleve_save(eleve=model_class(*args, **kwargs))


class RepresentantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepresentantLegal

    eleve = factory.SubFactory(EleveFactory)
    rang = 1
    sexe = "F"
    nom = "DURAND"
    prenom = "ISABELLE"
    date_naissance = date(1975, 1, 12)
    numero_voie = "12"
    type_voie = "RUE"
    nom_voie = "DE LA REPUBLIQUE"
    code_postal = "69800"
    ville = "SAINT-PRIEST"
