import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from agences.models import Agence
from tests.factories import AgenceFactory

PASSWORD = "Tr3s-Secret!"


@pytest.mark.django_db
def test_raw_database_row_holds_no_plaintext_password():
    agence = AgenceFactory(mot_de_passe=PASSWORD)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM agences_agence WHERE id = %s", [agence.pk])
        row = cursor.fetchone()
    assert PASSWORD not in " ".join(str(value) for value in row)
    assert Agence.objects.get(pk=agence.pk).get_mot_de_passe_ants() == PASSWORD


@pytest.mark.django_db
def test_same_password_encrypts_differently_each_time():
    first, second = AgenceFactory(mot_de_passe=PASSWORD), AgenceFactory(mot_de_passe=PASSWORD)
    assert first.mot_de_passe_ants_chiffre != second.mot_de_passe_ants_chiffre


@pytest.mark.django_db
def test_old_key_still_decrypts_after_a_new_key_is_put_first(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ANTS_PASSWORD_KEYS = [old_key]
    agence = AgenceFactory(mot_de_passe=PASSWORD)

    settings.ANTS_PASSWORD_KEYS = [new_key, old_key]
    assert Agence.objects.get(pk=agence.pk).get_mot_de_passe_ants() == PASSWORD


@pytest.mark.django_db
def test_rotate_ants_keys_reencrypts_with_the_first_key(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ANTS_PASSWORD_KEYS = [old_key]
    agence = AgenceFactory(mot_de_passe=PASSWORD)
    sans_mot_de_passe = AgenceFactory(mot_de_passe="")

    settings.ANTS_PASSWORD_KEYS = [new_key, old_key]
    call_command("rotate_ants_keys", stdout=io.StringIO())

    settings.ANTS_PASSWORD_KEYS = [new_key]
    assert Agence.objects.get(pk=agence.pk).get_mot_de_passe_ants() == PASSWORD
    assert Agence.objects.get(pk=sans_mot_de_passe.pk).mot_de_passe_ants_chiffre == ""
    settings.ANTS_PASSWORD_KEYS = [old_key]
    with pytest.raises(InvalidToken):
        Agence.objects.get(pk=agence.pk).get_mot_de_passe_ants()
