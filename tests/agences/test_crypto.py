import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from agences.crypto import UndecryptablePassword
from agences.models import Agence
from tests.agences.test_admin import run_action
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
    with pytest.raises(UndecryptablePassword):
        Agence.objects.get(pk=agence.pk).get_mot_de_passe_ants()


@pytest.mark.django_db
def test_rotation_refuses_naming_the_agency_whose_password_no_key_decrypts(settings):
    old_key, lost_key, new_key = (Fernet.generate_key().decode() for _ in range(3))
    settings.ANTS_PASSWORD_KEYS = [lost_key]
    AgenceFactory(code="PERDU01", mot_de_passe=PASSWORD)
    settings.ANTS_PASSWORD_KEYS = [old_key]
    lisible = AgenceFactory(code="LISIBLE1", mot_de_passe=PASSWORD)

    settings.ANTS_PASSWORD_KEYS = [new_key, old_key]
    with pytest.raises(CommandError, match="ne déchiffre le mot de passe ANTS de l'agence PERDU01"):
        call_command("rotate_ants_keys", stdout=io.StringIO())

    settings.ANTS_PASSWORD_KEYS = [old_key]  # nothing was rewritten, not even the readable one
    assert Agence.objects.get(pk=lisible.pk).get_mot_de_passe_ants() == PASSWORD


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["tester_connexion_ants", "mettre_a_jour_prefectures"])
def test_admin_actions_say_which_agency_password_no_key_decrypts(admin_client, settings, action):
    settings.ANTS_PASSWORD_KEYS = [Fernet.generate_key().decode()]
    agence = AgenceFactory(code="PERDU02", mot_de_passe=PASSWORD)
    settings.ANTS_PASSWORD_KEYS = [Fernet.generate_key().decode()]

    response = run_action(admin_client, action, agence)
    assert response.status_code == 200
    assert (
        "Le mot de passe ANTS enregistré pour l&#x27;agence PERDU02 ne peut pas être déchiffré"
        in response.content.decode()
    )


@pytest.mark.django_db
def test_the_agencies_list_shows_a_password_no_key_decrypts_as_unusable(admin_client, settings):
    settings.ANTS_PASSWORD_KEYS = [Fernet.generate_key().decode()]
    AgenceFactory(code="PERDU03", mot_de_passe=PASSWORD)
    settings.ANTS_PASSWORD_KEYS = [Fernet.generate_key().decode()]
    AgenceFactory(code="LISIBLE3", mot_de_passe=PASSWORD)

    html = admin_client.get(reverse("admin:agences_agence_changelist")).content.decode()

    lignes = {code: ligne for ligne in html.split("<tr") for code in ("PERDU03", "LISIBLE3") if code in ligne}
    assert 'alt="False"' in lignes["PERDU03"] and 'alt="True"' in lignes["LISIBLE3"]


@pytest.mark.django_db
def test_the_agency_form_asks_again_for_a_password_no_key_decrypts(admin_client, settings):
    settings.ANTS_PASSWORD_KEYS = [Fernet.generate_key().decode()]
    agence = AgenceFactory(mot_de_passe=PASSWORD)
    settings.ANTS_PASSWORD_KEYS = [Fernet.generate_key().decode()]

    html = admin_client.get(reverse("admin:agences_agence_change", args=[agence.pk])).content.decode()

    assert "illisible avec les clés actuelles : ressaisissez-le" in html
