"""The demo's one library image: a diagram Kith draws itself with Pillow (no third-party picture).

``demo_content.yaml`` places it in "How stress affects the body and mind" by its address, so
the stored name is fixed rather than random; the picture still goes through the upload checks
(``prepare_image``). Idempotent like the rest of ``seed_demo``.
"""

from __future__ import annotations

import io
import math

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from articles.images import IMAGE_FOLDER, ArticleImage, prepare_image

WIDTH, HEIGHT = 960, 540
NAME = f"{IMAGE_FOLDER}5d1a0c3e9b7f4a2c8e6d0b1f3a5c7e9d-{WIDTH}x{HEIGHT}.png"
ALT_TEXT = (
    "Diagram: stress as a loop. A demand sets off the body's alarm, the alarm brings racing "
    "thoughts, and racing thoughts make the next demand feel bigger."
)
CAPTION = "When stress does not switch off, each step feeds the next."
CREDIT = "Diagram: Kith, CC BY 4.0"
STEPS = ("A demand", "The body's alarm", "Racing thoughts")
INK, TEAL, PAPER = (33, 37, 41), (17, 94, 103), (247, 250, 250)


def ensure_demo_image() -> tuple[ArticleImage, bool]:
    """The demo diagram's row and file, made when missing; whether anything was written."""
    image = ArticleImage.objects.filter(file=NAME).first()
    if image is not None and image.file.storage.exists(NAME):
        return image, False
    prepared = prepare_image(io.BytesIO(draw_stress_loop()))
    storage = ArticleImage._meta.get_field("file").storage
    if storage.exists(NAME):
        storage.delete(NAME)  # a file left by an earlier database: ours, drawn again
    if image is None:
        image = ArticleImage(alt_text=ALT_TEXT, caption=CAPTION, credit=CREDIT)
    image.file = ContentFile(prepared.content, name=NAME.removeprefix(IMAGE_FOLDER))
    image._prepared_name = image.file.name  # checked and re-encoded just above
    image.width, image.height = prepared.width, prepared.height
    image.save()
    return image, True


def draw_stress_loop() -> bytes:
    picture = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=30)
    centre_x, centre_y, radius = WIDTH / 2, HEIGHT / 2 + 45, 185
    points = []
    for index in range(len(STEPS)):
        angle = -math.pi / 2 + index * 2 * math.pi / len(STEPS)
        points.append(
            (centre_x + radius * 1.45 * math.cos(angle), centre_y + radius * math.sin(angle))
        )
    for index, (x, y) in enumerate(points):
        next_x, next_y = points[(index + 1) % len(points)]
        _arrow(draw, (x, y), (next_x, next_y))
    for label, (x, y) in zip(STEPS, points, strict=True):
        left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
        box = (x - (right - left) / 2 - 22, y - 34, x + (right - left) / 2 + 22, y + 34)
        draw.rounded_rectangle(box, radius=18, fill="white", outline=TEAL, width=4)
        draw.text((x, y), label, font=font, fill=INK, anchor="mm")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _arrow(draw: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A line from near ``start`` to near ``end`` (clear of the boxes) with a head at its end."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    a = (x1 + ux * 120, y1 + uy * 70)
    b = (x2 - ux * 120, y2 - uy * 70)
    draw.line([a, b], fill=TEAL, width=6)
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    head = [
        b,
        (b[0] - 22 * math.cos(angle - 0.45), b[1] - 22 * math.sin(angle - 0.45)),
        (b[0] - 22 * math.cos(angle + 0.45), b[1] - 22 * math.sin(angle + 0.45)),
    ]
    draw.polygon(head, fill=TEAL)
