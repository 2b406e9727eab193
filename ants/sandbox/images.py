"""The ePhoto images: a photo (JPEG) and a signature (PNG) drawn from the code, deterministic."""

import hashlib
import io

from PIL import Image, ImageDraw


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
