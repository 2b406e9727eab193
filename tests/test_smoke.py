import pytest


@pytest.mark.django_db
def test_login_page_is_in_french(client):
    response = client.get("/connexion/")
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
