"""What an uploaded file really is: parsed, not sniffed. The one gate for the students' documents and
for the pieces sent to ANTS.

`verifier_fichier(contenu)` returns a `FichierVerifie` or raises `FichierRefuse`, a ValidationError
whose message says in French why, and what to do:
- PDF: opened by pypdf and its pages counted; refused when encrypted, broken or truncated, when
  bytes follow its end, when it holds active content (JavaScript, launch or automatic actions,
  embedded files, XFA forms) or markup (HTML, SVG, script) that a browser could take for a page.
- JPEG, PNG: fully decoded by Pillow within PIXELS_MAX, then re-encoded: what is kept is the picture
  only, without metadata (EXIF with its GPS position, comments) nor bytes hidden after it.
- Anything else is refused.
"""

import io
import math
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy
from PIL import Image, ImageFile, ImageOps, JpegImagePlugin
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, TextStringObject

TAILLE_MAX = 11 * 1024 * 1024  # 11 MB, the ANTS limit for a piece justificative
# 50 million pixels: a phone's largest photos (8,160 × 6,120) and an A4 page scanned at 600 dpi fit.
PIXELS_MAX = 50_000_000


class Nature(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


SIGNATURES = {b"%PDF-": Nature.PDF, b"\xff\xd8\xff": Nature.JPEG, b"\x89PNG\r\n\x1a\n": Nature.PNG}
TYPES_CONTENU = {Nature.PDF: "application/pdf", Nature.JPEG: "image/jpeg", Nature.PNG: "image/png"}
EXTENSIONS = {Nature.PDF: ".pdf", Nature.JPEG: ".jpg", Nature.PNG: ".png"}


@dataclass(frozen=True)
class FichierVerifie:
    nature: Nature
    pages: int  # 1 for an image
    contenu: bytes  # what to store and send: the PDF as received, an image re-encoded

    @property
    def type_contenu(self) -> str:
        return TYPES_CONTENU[self.nature]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.nature]


class FichierRefuse(ValidationError):
    """A file that is not a clean PDF, JPEG or PNG; `messages` says why in French, `code` which case."""


_IMPRIMER_EN_PDF = gettext_lazy(
    "enregistrez le document en PDF depuis le logiciel qui l'a créé (« Imprimer » puis « Enregistrer "
    "au format PDF »)."
)
# Why a file is refused, and what to do: one sentence each, "what is wrong : what to do."
_RAISONS = {
    "vide": gettext_lazy("Ce fichier est vide : choisissez un autre fichier."),
    "trop_lourd": gettext_lazy(
        "Ce fichier pèse %(taille)s Mo : la limite est de 11 Mo. Réduisez-le (scan en niveaux de gris, "
        "résolution 200 dpi, ou compression PDF) puis déposez-le à nouveau."
    ),
    "type": gettext_lazy(
        "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG : enregistrez-le dans l'un de ces formats."
    ),
    "pdf_abime": gettext_lazy(
        "Ce PDF est abîmé ou incomplet (il ne s'ouvre pas en entier) : enregistrez-le ou scannez le "
        "document à nouveau."
    ),
    "pdf_chiffre": gettext_lazy(
        "Ce PDF est protégé par un mot de passe ou chiffré, l'ANTS ne pourrait pas le lire : enregistrez-le "
        "sans protection puis déposez-le à nouveau."
    ),
    "pdf_balisage": gettext_lazy(
        "Ce fichier se présente comme un PDF mais contient aussi du code de page web (HTML, SVG ou "
        "script) : %(remede)s"
    ),
    "pdf_donnees_apres_fin": gettext_lazy("Ce PDF est suivi d'autres données après sa fin : %(remede)s"),
    "pdf_actif": gettext_lazy("Ce PDF contient %(actif)s, que l'ANTS refuserait : %(remede)s"),
    "image_trop_grande": gettext_lazy(
        "Cette image est trop grande (plus de %(max)s millions de pixels) : réduisez sa définition, par "
        "exemple à 4 000 × 3 000 pixels, puis déposez-la à nouveau."
    ),
    "image_abimee": gettext_lazy(
        "Cette image est abîmée ou incomplète (elle ne se lit pas en entier) : enregistrez-la ou reprenez "
        "la photo, puis déposez-la à nouveau."
    ),
    "image_trop_lourde": gettext_lazy(
        "Cette image dépasse 11 Mo une fois enregistrée : réduisez sa définition ou enregistrez-la en JPEG."
    ),
}


def _refus(code: str, **details) -> FichierRefuse:
    details = {"remede": _IMPRIMER_EN_PDF, "max": PIXELS_MAX // 1_000_000, **details}
    return FichierRefuse(str(_RAISONS[code]) % details, code=code)


def _mega_octets(taille: int) -> str:
    """ "12,1": French figures also where no language is active (a worker, a command)."""
    with translation.override(settings.LANGUAGE_CODE):
        return number_format(math.ceil(taille / 2**20 * 10) / 10, 1)


def verifier_fichier(contenu: bytes) -> FichierVerifie:
    if not contenu:
        raise _refus("vide")
    if len(contenu) > TAILLE_MAX:
        raise _refus("trop_lourd", taille=_mega_octets(len(contenu)))
    nature = next((nature for signature, nature in SIGNATURES.items() if contenu.startswith(signature)), None)
    if nature is None:
        raise _refus("type")
    verifie = _verifier_pdf(contenu) if nature == Nature.PDF else _verifier_image(contenu, nature)
    if len(verifie.contenu) > TAILLE_MAX:  # an image re-encoded can grow a little
        raise _refus("image_trop_lourde")
    return verifie


# --- PDF --------------------------------------------------------------------------------------

# Markup a browser or another program could run; looked for where the PDF's own syntax is, not in
# the bodies of its streams, where compressed data can hold any bytes.
_BALISAGE = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta)\b|javascript:", re.IGNORECASE
)
# Browsers sniff the type of a file from its first bytes: there, nothing is left out.
_ENTETE = 2048
_FIN = b"%%EOF"
# Names that make a PDF do something when opened or clicked, beyond showing its pages.
_ACTIF = {
    "/JS": gettext_lazy("du JavaScript"),
    "/JavaScript": gettext_lazy("du JavaScript"),
    "/AA": gettext_lazy("des actions automatiques"),
    "/Launch": gettext_lazy("le lancement d'un programme"),
    "/SubmitForm": gettext_lazy("l'envoi d'un formulaire"),
    "/ImportData": gettext_lazy("l'import de données"),
    "/EmbeddedFile": gettext_lazy("un fichier joint"),
    "/EmbeddedFiles": gettext_lazy("un fichier joint"),
    "/RichMedia": gettext_lazy("un média interactif"),
    "/XFA": gettext_lazy("un formulaire XFA"),
}


def _verifier_pdf(contenu: bytes) -> FichierVerifie:
    if _BALISAGE.search(contenu[:_ENTETE]) or _BALISAGE.search(_hors_flux(contenu)):
        raise _refus("pdf_balisage")
    fin = contenu.rfind(_FIN)
    if fin == -1:  # truncated
        raise _refus("pdf_abime")
    if contenu[fin + len(_FIN) :].strip(b"\x00\t\n\f\r "):
        raise _refus("pdf_donnees_apres_fin")
    pages, actif = _lire_pdf(contenu)
    if actif:
        raise _refus("pdf_actif", actif=", ".join(sorted({str(_ACTIF[nom]) for nom in actif})))
    return FichierVerifie(Nature.PDF, pages, contenu)


def _lire_pdf(contenu: bytes) -> tuple[int, set[str]]:
    """The number of pages, and the active content found, of a PDF pypdf can open."""
    try:
        lecteur = PdfReader(io.BytesIO(contenu))
        if lecteur.is_encrypted:
            raise _refus("pdf_chiffre")
        pages, actif = len(lecteur.pages), _contenu_actif(lecteur)
    except FichierRefuse:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many types on malformed input: all mean "broken"
        raise _refus("pdf_abime") from None
    if not pages:
        raise _refus("pdf_abime")
    return pages, actif


def _hors_flux(contenu: bytes) -> bytes:
    """The PDF without the bodies of its streams (found by plain search: linear, whatever the input)."""
    morceaux, debut = [], 0
    while (flux := contenu.find(b"stream", debut)) != -1 and (fin := contenu.find(b"endstream", flux)) != -1:
        morceaux.append(contenu[debut:flux])
        debut = fin + len(b"endstream")
    morceaux.append(contenu[debut:])
    return b"".join(morceaux)


def _contenu_actif(lecteur: PdfReader) -> set[str]:
    """The names of _ACTIF that objects reachable from the trailer hold, as keys or as values.

    On the parsed objects, not the bytes: names written /J#61vaScript, strings written with escapes
    and objects inside compressed object streams are seen as a PDF reader sees them.
    """
    trouve, vus, pile = set(), set(), [lecteur.trailer]
    while pile:
        objet = pile.pop()
        if isinstance(objet, IndirectObject):
            if (objet.idnum, objet.generation) in vus:
                continue
            vus.add((objet.idnum, objet.generation))
            objet = objet.get_object()
        if isinstance(objet, DictionaryObject):  # streams included
            trouve.update(cle for cle in objet if cle in _ACTIF)
            pile.extend(objet.values())
        elif isinstance(objet, ArrayObject):
            pile.extend(objet)
        elif isinstance(objet, NameObject) and objet in _ACTIF:
            trouve.add(str(objet))
        elif isinstance(objet, TextStringObject) and objet.strip().lower().startswith("javascript:"):
            trouve.add("/JavaScript")  # a link or action running a script
    return trouve


# --- Images -----------------------------------------------------------------------------------

_FORMATS = {Nature.JPEG: ["JPEG", "MPO"], Nature.PNG: ["PNG"]}


def _verifier_image(contenu: bytes, nature: Nature) -> FichierVerifie:
    try:
        with Image.open(io.BytesIO(contenu), formats=_FORMATS[nature]) as image:
            # Before decoding: a few kilobytes can declare billions of pixels (a decompression bomb).
            if image.width * image.height > PIXELS_MAX:
                raise _refus("image_trop_grande")
            with _decodage_complet():
                image.load()
            return FichierVerifie(nature, 1, _reencoder(image, nature))
    except FichierRefuse:
        raise
    except Image.DecompressionBombError:
        raise _refus("image_trop_grande") from None
    except Exception:  # noqa: BLE001 - Pillow raises many types on malformed input: all mean "broken"
        raise _refus("image_abimee") from None


_VERROU_DECODAGE = threading.Lock()


@contextmanager
def _decodage_complet():
    """Pillow's decoding, refusing a truncated image: WeasyPrint, once imported, tells Pillow for the
    whole process to fill a truncated image with grey instead (ImageFile.LOAD_TRUNCATED_IMAGES)."""
    with _VERROU_DECODAGE:
        avant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = avant


def _reencoder(image: Image.Image, nature: Nature) -> bytes:
    """The picture alone, in a new file. The EXIF orientation is applied since EXIF is dropped."""
    propre = ImageOps.exif_transpose(image)
    propre.info = {}  # Pillow would copy comments and metadata from it
    reglages = {"icc_profile": image.info.get("icc_profile"), "dpi": image.info.get("dpi")}
    if nature == Nature.PNG:
        if "transparency" in image.info:
            reglages["transparency"] = image.info["transparency"]
        return _enregistrer(propre, "PNG", **reglages)
    # The source's quantization tables: the same quality and about the same size as what was sent.
    sous_echantillonnage = JpegImagePlugin.get_sampling(image)
    if sous_echantillonnage >= 0:
        reglages["subsampling"] = sous_echantillonnage
    if propre.mode not in ("L", "RGB"):
        propre = propre.convert("RGB")
    return _enregistrer(propre, "JPEG", qtables=image.quantization, optimize=True, **reglages)


def _enregistrer(image: Image.Image, format_: str, **reglages) -> bytes:
    sortie = io.BytesIO()
    image.save(sortie, format_, **{cle: valeur for cle, valeur in reglages.items() if valeur is not None})
    return sortie.getvalue()
