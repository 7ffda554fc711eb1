"""Images made on the fly for tests: nothing is downloaded or committed."""

from io import BytesIO

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def image_bytes(size=(64, 48), image_format="PNG", mode="RGB", **save_options):
    buffer = BytesIO()
    Image.new(mode, size, "#2f6b62").save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def tiny_png():
    return image_bytes((4, 4))


def jpeg_with_gps_and_rotation(size=(200, 100)):
    """A JPEG whose EXIF says 'rotate 90°' and holds a GPS position, like a phone photo."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 41.0, 21.0), 3: "W", 4: (73.0, 59.0, 8.0)})
    return image_bytes(size, "JPEG", exif=exif.tobytes(), comment=b"taken at home")


def has_metadata(data):
    with Image.open(BytesIO(data)) as image:
        return bool(image.getexif()) or any(
            key in image.info for key in ("exif", "xmp", "comment", "XML:com.adobe.xmp")
        )
