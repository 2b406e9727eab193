import pytest
from django.core.exceptions import ValidationError

from ants.identifiants import agrement_validator, clean_identifier, ephoto_validator, neph_validator


@pytest.mark.parametrize("neph", ["170392100012", "000000000000"])
def test_neph_of_twelve_digits_is_accepted(neph):
    neph_validator(neph)


@pytest.mark.parametrize(
    "neph",
    [
        "17039210001",
        "1703921000123",
        "17039210001A",
        "1703 9210 0012",
        "１７０３９２１０００１２",  # fullwidth digits
        "١٧٠٣٩٢١٠٠٠١٢",  # Arabic-Indic digits
        "170392100012\n",
    ],
)
def test_neph_otherwise_is_refused_with_the_expected_format(neph):
    with pytest.raises(ValidationError, match="12 chiffres"):
        neph_validator(neph)


def test_ephoto_code_of_22_alphanumerics_is_accepted():
    ephoto_validator("AB12CD34EF56GH78IJ90KL")


@pytest.mark.parametrize(
    "code", ["AB12CD34EF56GH78IJ90K", "AB12CD34EF56GH78IJ90KLM", "AB12-D34EF56GH78IJ90KL"]
)
def test_ephoto_code_otherwise_is_refused_saying_22_characters(code):
    with pytest.raises(ValidationError, match="22 lettres ou chiffres"):
        ephoto_validator(code)


def test_agrement_format():
    agrement_validator("E1706900030")
    with pytest.raises(ValidationError, match="E suivi de 10 chiffres"):
        agrement_validator("E17069000")


@pytest.mark.parametrize("agrement", ["E１７０６９０００３０", "E1706900030\n"])
def test_agrement_of_other_digits_or_with_a_newline_is_refused(agrement):
    with pytest.raises(ValidationError, match="E suivi de 10 chiffres"):
        agrement_validator(agrement)


def test_ephoto_code_with_a_trailing_newline_is_refused():
    with pytest.raises(ValidationError, match="22 lettres ou chiffres"):
        ephoto_validator("AB12CD34EF56GH78IJ90KL\n")


def test_pasted_identifiers_lose_their_spaces_and_dashes():
    assert clean_identifier(" 1703 9210-0012 ") == "170392100012"
