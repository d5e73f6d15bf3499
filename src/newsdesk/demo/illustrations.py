"""Pictures for the demo, drawn here with Pillow so the demo ships no photographs and downloads nothing."""

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter, ImageFont

PALETTES = [
    ((22, 48, 84), (208, 120, 64), (240, 200, 140)),
    ((18, 72, 70), (120, 170, 150), (230, 220, 180)),
    ((60, 30, 60), (190, 80, 90), (250, 190, 150)),
    ((30, 40, 50), (90, 120, 150), (200, 215, 225)),
    ((70, 50, 20), (180, 140, 60), (245, 225, 170)),
    ((20, 30, 70), (70, 110, 190), (180, 210, 240)),
]


def _blend(start, end, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(start, end, strict=True))


def landscape(seed: int, *, width: int = 1600, height: int = 900) -> bytes:
    """A calm abstract landscape (sky gradient, sun, layered hills): distinct per seed, the same every run."""
    rng = random.Random(seed)
    deep, middle, light = PALETTES[seed % len(PALETTES)]
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_blend(light, middle, y / height))
    sun_x, sun_y, radius = rng.randint(200, width - 200), rng.randint(120, height // 2), rng.randint(60, 140)
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius],
        fill=_blend(light, (255, 255, 255), 0.6),
    )
    for layer in range(4):
        share = (layer + 1) / 5
        base = int(height * (0.45 + 0.13 * layer))
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base + rng.randint(-60, 60) * (1 - share / 2)))
        points.append((width, height))
        draw.polygon(points, fill=_blend(middle, deep, share))
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def portrait(name: str, seed: int, *, size: int = 400) -> bytes:
    """An initials avatar for a demo journalist."""
    deep, middle, _light = PALETTES[seed % len(PALETTES)]
    picture = Image.new("RGB", (size, size), middle)
    draw = ImageDraw.Draw(picture)
    draw.ellipse([size * 0.1, size * 0.1, size * 0.9, size * 0.9], fill=deep)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    try:
        font = ImageFont.load_default(size=int(size * 0.32))
    except TypeError:
        font = ImageFont.load_default()
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
