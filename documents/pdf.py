"""HTML templates → print-ready A4 PDFs (WeasyPrint), the one place that imports it.

The stylesheet is static/css/imprimes.css (A4, margins, DejaVu fonts installed with the image);
nothing is fetched over the network: the only resource a template may use is that stylesheet.
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML

FEUILLE_DE_STYLE = "css/imprimes.css"


@cache
def _feuille_de_style() -> CSS:
    # Parsed once per process: the PDFs share it.
    return CSS(filename=finders.find(FEUILLE_DE_STYLE))


def _aucune_ressource(url: str):
    raise ValueError(f"A printed document may not load {url}")


def rendre_pdf(template: str, contexte: dict) -> bytes:
    with translation.override("fr"):
        html = render_to_string(template, contexte)
    return HTML(string=html, url_fetcher=_aucune_ressource).write_pdf(stylesheets=[_feuille_de_style()])
