"""Headers of the application's pages: personal pages are not cached, and a Content-Security-Policy
lets them run only the application's own files, which the templates make possible."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import AgenceFactory, UserFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def client_connecte(client, db):
    client.force_login(UserFactory(agences=[AgenceFactory()]))
    return client


def test_a_personal_page_is_kept_by_no_cache(client_connecte):
    response = client_connecte.get(reverse("home"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_pages_run_only_the_applications_own_files(client_connecte):
    politique = client_connecte.get(reverse("home"))["Content-Security-Policy"]
    assert "default-src 'self'" in politique and "frame-ancestors 'none'" in politique
    assert "unsafe-inline" not in politique and "unsafe-eval" not in politique


def test_the_login_page_has_the_policy_too(client, db):
    assert "default-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


def html_sans_gabarit(path: Path) -> str:
    # Template tags and variables removed: `{% include … with onglet=… %}` is not an onglet= handler.
    return re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", path.read_text(), flags=re.DOTALL)


@pytest.mark.parametrize(
    "gabarit", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_needs_inline_script_handler_or_style(gabarit):
    html = html_sans_gabarit(gabarit)
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, flags=re.IGNORECASE), "on… handler"
    assert not re.search(r"<style|<[a-z][^>]*\sstyle\s*=", html, flags=re.IGNORECASE), "inline style"
