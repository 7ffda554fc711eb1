"""Uploaded media: listing what is stored, and serving it when no web server or object storage does."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import Http404
from django.views.static import serve

from core.imaging import CONTENT_TYPES, image_format_named


def stored_files(storage=default_storage, folder=""):
    """The storage name of every file under `folder` (the whole media storage by default)."""
    directories, files = storage.listdir(folder)
    for name in files:
        yield str(PurePosixPath(folder, name))
    for directory in directories:
        yield from stored_files(storage, str(PurePosixPath(folder, directory)))


# Uploads are images only: anything else under the media folder (a file left by an old version, or
# put there by hand) is never served, and what is served can neither run script nor be sniffed as a page.
MEDIA_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
}


def serve_media(request, path):
    """Uploaded images, when no web server or object storage serves them (settings.SERVE_MEDIA).

    deploy/nginx.conf's /media/ location sends the same headers and serves the same types.
    """
    image_format = image_format_named(path)
    if image_format is None:
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as outside:  # "../" out of the media folder
        raise Http404 from outside
    response["Content-Type"] = CONTENT_TYPES[image_format]
    for header, value in MEDIA_SECURITY_HEADERS.items():
        response[header] = value
    return response
