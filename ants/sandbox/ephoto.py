"""ePhoto codes (single use across all demandes) and their images, drawn from the code.

A code is reserved by the demande holding it; it becomes definitive when the school validates
that demande, and a draft's code that is removed or deleted is free again."""

import hashlib
import io

from PIL import Image, ImageDraw

from .errors import ApiError, field_error


def check_free(store, code: str, numero: str | None) -> None:
    row = store.one("SELECT numero FROM ephoto_codes WHERE code = ?", (code.upper(),))
    if row is not None and row["numero"] != numero:
        raise ApiError(
            "EPHOTO_ALREADY_USED",
            "Ce code ePhoto a déjà servi pour une autre demande.",
            fields=[field_error("code_ephoto", "Code ePhoto déjà utilisé.")],
        )


def reserve(store, code: str, numero: str) -> None:
    store.execute(
        "INSERT INTO ephoto_codes (code, numero, definitif) VALUES (?, ?, 0)", (code.upper(), numero)
    )


def release(store, numero: str) -> None:
    store.execute("DELETE FROM ephoto_codes WHERE numero = ? AND definitif = 0", (numero,))


def make_definitive(store, numero: str) -> None:
    store.execute("UPDATE ephoto_codes SET definitif = 1 WHERE numero = ?", (numero,))


def photo(code: str) -> bytes:
    digest = hashlib.sha256(code.upper().encode()).digest()
    image = Image.new("RGB", (350, 450), (225, 230, 235))
    draw = ImageDraw.Draw(image)
    skin = (200 + digest[0] % 40, 160 + digest[1] % 40, 130 + digest[2] % 40)
    draw.ellipse((105, 80, 245, 250), fill=skin)
    draw.rectangle((70, 280, 280, 450), fill=(digest[3], digest[4], digest[5]))
    draw.text((10, 10), code.upper(), fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def signature(code: str) -> bytes:
    digest = hashlib.sha256(b"signature" + code.upper().encode()).digest()
    image = Image.new("RGBA", (400, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + index * 24, 30 + digest[index] % 60) for index in range(16)]
    draw.line(points, fill=(0, 0, 0, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
