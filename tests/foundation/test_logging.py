import logging

import pytest

from autoecole.log_filters import RedactSecretsFilter


def filtered(message, *args):
    record = logging.LogRecord("test", logging.INFO, __file__, 1, message, args, None)
    RedactSecretsFilter().filter(record)
    return record.getMessage()


@pytest.mark.parametrize(
    "message",
    [
        "mot_de_passe=Tr3s-Secret!",
        "payload {'mot_de_passe': 'Tr3s-Secret!', 'identifiant': 'ae-lyon'}",
        'body {"password": "Tr3s-Secret!"}',
        "POST mot_de_passe_ants=Tr3s-Secret!&code=LYON01",
    ],
)
def test_password_like_values_are_masked(message):
    assert "Tr3s-Secret!" not in filtered(message)


def test_arguments_are_masked_too():
    assert "Tr3s-Secret!" not in filtered("auth %s", {"mot_de_passe": "Tr3s-Secret!"})


def test_other_messages_are_left_alone():
    assert filtered("agence %s mise à jour", "LYON01") == "agence LYON01 mise à jour"
