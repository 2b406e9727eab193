"""A request body over the limit is refused before it is read, in French."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory


class CorpsSurveille:
    """A request body that counts what is read from it."""

    def __init__(self):
        self.lu = 0

    def read(self, size=-1):
        self.lu += 1 if size else 0
        return b"x" * (size if size and size > 0 else 1)

    def readline(self, size=-1):
        return self.read(size)


@pytest.fixture
def client_connecte(client, db):
    client.force_login(UserFactory())
    return client


def test_a_one_gigabyte_upload_is_refused_without_reading_it(client_connecte):
    corps = CorpsSurveille()
    response = client_connecte.generic(
        "POST",
        reverse("documents:eleve", args=[1]),
        content_type="multipart/form-data; boundary=frontiere",
        CONTENT_LENGTH=str(1024**3),
        **{"wsgi.input": corps},
    )
    assert response.status_code == 413 and corps.lu == 0
    assert "Ce que vous avez envoyé dépasse 12 Mo" in response.content.decode()
