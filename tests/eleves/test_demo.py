import pytest

from eleves.demo import seed_demo_eleves
from eleves.models import Eleve, RepresentantLegal
from eleves.selectors import eleves_meme_email

pytestmark = pytest.mark.django_db


def test_demo_students_spread_over_the_two_agencies(agence, autre_agence):
    seed_demo_eleves([agence, autre_agence])
    assert (
        Eleve.objects.filter(agence=agence).count() >= 5
        and Eleve.objects.filter(agence=autre_agence).count() >= 5
    )


def test_demo_seeding_is_idempotent(agence, autre_agence):
    seed_demo_eleves([agence, autre_agence])
    avant = (Eleve.objects.count(), RepresentantLegal.objects.count())
    seed_demo_eleves([agence, autre_agence])
    assert (Eleve.objects.count(), RepresentantLegal.objects.count()) == avant == (12, 3)


def test_demo_shows_the_check_cases(agence, autre_agence):
    seed_demo_eleves([agence, autre_agence])
    lucas = Eleve.objects.get(prenom="LUCAS")
    assert (lucas.ville, lucas.ville_naissance) == ("ST PRIEST", "LYON 1") and lucas.representants.exists()
    assert eleves_meme_email(Eleve.objects.get(prenom="EMMA")).get().prenom == "HUGO"
