import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_broker_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://:s3cret@127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}
    assert "s3cret" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_in_embedded_mode_has_no_broker_to_reach(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_BROKER_URL = "memory://"
    assert client.get("/healthz").json()["broker"] == "in-process"
