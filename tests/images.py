from io import BytesIO

from PIL import Image


def tiny_png():
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "#2f6b62").save(buffer, format="PNG")
    return buffer.getvalue()
