"""Text typed in any form of the student file: invisible, control and bidi characters are refused
with a message naming the field; digits are ASCII digits."""

import pytest
from django import forms

import documents.forms
import eleves.forms
from autoecole.saisie import SaisieControlee
from documents.forms import DocumentEleveForm
from eleves.forms import DossierForm, EleveForm, RepresentantForm

from .factories import EleveFactory

pytestmark = pytest.mark.django_db

INVISIBLES = {
    "NUL": "\x00",
    "contrôle": "\x1b",
    "espace sans chasse": "\u200b",
    "inversion bidi": "\u202e",
    "isolat bidi": "\u2066",
    "marque d'ordre des octets": "\ufeff",
}


@pytest.fixture
def formulaires(secretaire, agence):
    eleve = EleveFactory(agence=agence)
    return {
        "EleveForm": lambda data: EleveForm(data, user=secretaire),
        "RepresentantForm": RepresentantForm,
        "DossierForm": lambda data: DossierForm(data, instance=eleve.dossier, user=secretaire),
        "DocumentEleveForm": lambda data: DocumentEleveForm(data, user=secretaire),
    }


def champs_texte(form) -> list[str]:
    return [nom for nom, field in form.fields.items() if isinstance(field, forms.CharField)]


def test_every_form_of_the_student_file_checks_what_is_typed():
    classes = [
        objet
        for module in (eleves.forms, documents.forms)
        for objet in vars(module).values()
        if isinstance(objet, type)
        and issubclass(objet, forms.BaseForm)
        and objet.__module__ == module.__name__
    ]
    assert {classe.__name__ for classe in classes} == {
        "EleveForm",
        "RepresentantForm",
        "DossierForm",
        "DocumentEleveForm",
    }
    assert all(issubclass(classe, SaisieControlee) for classe in classes)


@pytest.mark.parametrize("formulaire", ["EleveForm", "RepresentantForm", "DossierForm", "DocumentEleveForm"])
@pytest.mark.parametrize("caractere", INVISIBLES.values(), ids=INVISIBLES.keys())
def test_every_text_field_refuses_an_invisible_character_naming_the_field(formulaires, formulaire, caractere):
    nouveau = formulaires[formulaire]
    noms = champs_texte(nouveau({}))
    form = nouveau({nom: f"AB{caractere}CD" for nom in noms})
    form.is_valid()
    code = f"U+{ord(caractere):04X}"
    for nom in noms:
        label = form.fields[nom].label
        assert f"« {label} » contient un caractère invisible ou de contrôle ({code})" in " ".join(
            form.errors.get(nom, [])
        ), nom


def test_a_nul_byte_gets_one_message_not_also_djangos(formulaires):
    form = formulaires["DocumentEleveForm"]({"libelle": "CNI\x00"})
    form.is_valid()
    assert len(form.errors["libelle"]) == 1


def test_line_breaks_are_allowed_in_a_multi_line_field_only(formulaires):
    form = formulaires["EleveForm"](
        {"observations": "Timide.\r\nPréfère le matin.", "nom_voie": "DE LA\nPAIX"}
    )
    form.is_valid()
    assert "observations" not in form.errors
    assert "U+000A" in form.errors["nom_voie"][0]


def test_ordinary_french_text_is_accepted(formulaires):
    form = formulaires["DocumentEleveForm"]({"libelle": "Carte d'identité — recto/verso, « Zoé » Œuvre"})
    form.is_valid()
    assert "libelle" not in form.errors


@pytest.mark.parametrize(
    "code_postal", ["６９８００", "٦٩٨٠٠", "६९८००"], ids=["pleine chasse", "arabe", "devanagari"]
)
def test_a_postal_code_in_other_digits_is_refused(formulaires, code_postal):
    form = formulaires["EleveForm"]({"code_postal": code_postal})
    form.is_valid()
    assert form.errors["code_postal"] == ["Le code postal s'écrit avec 5 chiffres, par exemple 69800."]
