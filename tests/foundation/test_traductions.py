"""The product's corrections to Django's French (locale/fr): the committed .mo says what the .po says,
and the admin and file sizes read in correct French."""

import gettext
import re
from pathlib import Path

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from tests.factories import AgenceFactory

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"


def entrees_po(texte: str) -> dict[str, str]:
    """msgid -> msgstr of a .po whose entries are on one line each (as ours are)."""
    paires = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', texte, flags=re.MULTILINE)
    return {msgid: msgstr for msgid, msgstr in paires if msgid}


def test_the_committed_mo_holds_exactly_the_po():
    with (LOCALE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    compile = {cle: valeur for cle, valeur in catalogue.items() if cle}
    assert compile == entrees_po((LOCALE / "django.po").read_text())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "titre"),
    [
        (lambda agence: reverse("admin:agences_agence_add"), "Ajout : agence"),
        (lambda agence: reverse("admin:agences_agence_change", args=[agence.pk]), "Modification : agence"),
        (lambda agence: reverse("admin:agences_user_add"), "Ajout : utilisateur"),
        (lambda agence: reverse("admin:django_celery_beat_periodictask_changelist"), "tâches périodiques"),
    ],
    ids=["ajout", "modification", "utilisateur", "tâches"],
)
def test_admin_titles_read_in_correct_french(admin_client, url, titre):
    content = admin_client.get(url(AgenceFactory())).content.decode()
    assert titre in content and "Ajout de " not in content and "Modification de " not in content
    assert "Tâches périodique " not in content and "Tâches périodique<" not in content


def test_file_sizes_are_in_the_units_the_product_writes():
    with translation.override("fr"):
        assert (filesizeformat(53_211), filesizeformat(12 * 2**20)) == ("52,0\xa0Ko", "12,0\xa0Mo")
