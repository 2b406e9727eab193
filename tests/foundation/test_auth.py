from ipaddress import ip_network

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import AgenceFactory, UserFactory


@pytest.fixture
def secretaire(db):
    return UserFactory(username="sophie", agences=[AgenceFactory(code="LYON01", nom="Agence de Lyon")])


PROXY = "10.0.0.2"  # the TLS proxy in front, as the web server sees it


def login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def via_proxy(client_address):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ip_network(PROXY)]


@pytest.mark.django_db
def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_login_leads_to_home_with_the_users_agencies(client, secretaire):
    response = login(client, "sophie", "autoecole")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Agence de Lyon" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_wrong_password_is_refused_in_french(client, secretaire):
    response = login(client, "sophie", "faux")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


@pytest.mark.django_db
def test_logout_is_a_post(client, secretaire):
    client.force_login(secretaire)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_repeated_failures_lock_the_login_with_a_french_message(client, secretaire):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "sophie", "faux").status_code == 200
    response = login(client, "sophie", "faux")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion temporairement bloquée" in html
    assert "pendant 15 minutes" in html
    # Even the right password is refused while locked.
    assert login(client, "sophie", "autoecole").status_code == 429


@pytest.mark.django_db
def test_lockout_is_per_user_not_for_everyone(client, secretaire):
    UserFactory(username="autre")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sophie", "faux")
    assert login(client, "autre", "autoecole").status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_one_persons_failures_do_not_lock_the_account_for_others(
    client, secretaire, behind_proxy
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sophie", "faux", **via_proxy("203.0.113.7"))
    assert login(client, "sophie", "autoecole", **via_proxy("203.0.113.7")).status_code == 429
    assert login(client, "sophie", "autoecole", **via_proxy("198.51.100.9")).status_code == 302


@pytest.mark.django_db
def test_x_forwarded_for_from_an_untrusted_address_does_not_dodge_the_lock(client, secretaire):
    for essai in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sophie", "faux", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{essai}")
    response = login(
        client, "sophie", "autoecole", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_password_spraying_from_one_address_locks_that_address(client, secretaire, behind_proxy):
    depuis_l_attaquant = via_proxy("203.0.113.7")
    for numero in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        assert login(client, f"compte{numero}", "Printemps2025", **depuis_l_attaquant).status_code == 200
    assert login(client, "un-de-plus", "Printemps2025", **depuis_l_attaquant).status_code == 429
    assert login(client, "sophie", "autoecole", **depuis_l_attaquant).status_code == 429
    assert login(client, "sophie", "autoecole", **via_proxy("198.51.100.9")).status_code == 302


@pytest.mark.django_db
def test_layout_links_the_admin_for_staff_only(client, secretaire):
    client.force_login(secretaire)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    dirigeant = UserFactory(is_staff=True)
    client.force_login(dirigeant)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_user_without_agency_is_told_what_to_do(client, db):
    client.force_login(UserFactory())
    assert "Aucune agence ne vous est attribuée" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_layout_shows_the_spaces_and_marks_the_current_one(client, secretaire):
    client.force_login(secretaire)
    html = client.get("/eleves/").content.decode()
    assert '<a href="/eleves/" aria-current="page">Espace Élèves</a>' in html
    assert '<a href="/demandes/">Espace Administratif — Demandes en ligne</a>' in html
