"""Calm abstract pictures for the demo articles, drawn with Pillow at load time (nothing is downloaded)."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ("#dfe9e4", "#7fa89b"),
    ("#f1e6d8", "#c7a27c"),
    ("#e3e7f1", "#8593b8"),
    ("#f3e3e1", "#c98f86"),
    ("#e8ecdf", "#9aab7d"),
    ("#e6e1ee", "#9c8bb5"),
]
SIZE = (1600, 900)


def calm_picture(seed):
    """A soft two-colour gradient with a few blurred circles, as JPEG bytes."""
    rng = random.Random(seed)
    light, deep = PALETTES[seed % len(PALETTES)]
    mask = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270])).resize(SIZE)
    picture = Image.composite(Image.new("RGB", SIZE, deep), Image.new("RGB", SIZE, light), mask)
    small = (SIZE[0] // 8, SIZE[1] // 8)
    circles = Image.new("RGBA", small, (255, 255, 255, 0))
    draw = ImageDraw.Draw(circles)
    for _ in range(3):
        radius = rng.randint(15, 40)
        x, y = rng.randint(0, small[0]), rng.randint(0, small[1])
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, rng.randint(50, 110)))
    glow = circles.filter(ImageFilter.GaussianBlur(5)).resize(SIZE, Image.BILINEAR)
    picture.paste(glow, mask=glow)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
