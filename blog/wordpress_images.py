"""The images of an imported blog: found in a folder of the old site's files (or, if asked, downloaded),
and stored through the site's one image pipeline, as if uploaded in the editor.

Nothing is fetched from the internet unless the import is asked to
(`--download-images`): the old site may be gone, and a request to it tells
it about the move.
"""

import ipaddress
import os
import re
import socket
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.imaging import MAX_BYTES, clean_image, delete_image_files, save_renditions
from core.uploads import stored_name

# WordPress serves smaller copies as photo-300x200.jpg beside photo.jpg: the original is the one to keep.
_SIZED_COPY = re.compile(r"-\d+x\d+(?=\.\w+$)")
DOWNLOAD_TIMEOUT_SECONDS = 20


class ImageNotFound(Exception):
    """Why an image could not be brought over, in words for the report."""


class MediaFolder:
    """A folder holding the old site's files: an image is found by the end of its address's path, else by name."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        self._by_name = None

    def find(self, address):
        path = unquote(urlsplit(address).path).replace("\x00", "")
        parts = [part for part in PurePosixPath(path).parts if part not in {"/", "..", "."}]
        names = [parts[-1]] if parts else []
        if names and _SIZED_COPY.search(names[0]):
            names.append(_SIZED_COPY.sub("", names[0]))
        if names and "+" in names[0]:
            names.append(names[0].replace("+", " "))  # Squarespace writes spaces as "+"
        for start in range(len(parts)):
            found = self._inside(self.root.joinpath(*parts[start:]))
            if found:
                return found
        for name in names:
            for candidate in self._files_named(name):
                found = self._inside(candidate)
                if found:
                    return found
        return None

    def _inside(self, candidate):
        """The file, if it is one and really inside the folder (not reached through a link out of it)."""
        resolved = candidate.resolve()
        return resolved if resolved.is_file() and resolved.is_relative_to(self.root) else None

    def _files_named(self, name):
        if self._by_name is None:
            self._by_name = {}
            for folder, _, files in os.walk(self.root):
                for file_name in files:
                    self._by_name.setdefault(file_name.lower(), []).append(Path(folder) / file_name)
        return self._by_name.get(name.lower(), [])


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Global by the standard, yet leading to an IPv4 address inside: NAT64, 6to4, the IPv4-compatible range.
_TRANSLATED = [ipaddress.ip_network(net) for net in ("64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "::/96")]


def _is_public_address(text):
    address = ipaddress.ip_address(text.split("%")[0])
    return address.is_global and not any(address in network for network in _TRANSLATED if network.version == 6)


def _is_public_host(host):
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(_is_public_address(address) for address in addresses)


def download(address):
    """An image's bytes over HTTPS from a public address: at most 10 MB, of an image type, no redirects."""
    parts = urlsplit(address)
    if parts.scheme != "https" or not parts.hostname:
        raise ImageNotFound("not found among the files given, and not an https:// address to download")
    if not _is_public_host(parts.hostname):
        raise ImageNotFound("its address is not on the public internet")
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(address, headers={"User-Agent": "practice-site-import"})
    try:
        with opener.open(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            if not response.headers.get_content_type().startswith("image/"):
                raise ImageNotFound("the old site did not answer with an image")
            data = response.read(MAX_BYTES + 1)
    except OSError as error:
        raise ImageNotFound(f"could not be downloaded ({error})") from error
    if len(data) > MAX_BYTES:
        raise ImageNotFound("larger than 10 MB")
    return data


class ImageCopier:
    """Brings each image over once per import; remembers what it stored, to remove it if the import fails."""

    def __init__(self, media_dir=None, allow_download=False, dry_run=False):
        self.folder = MediaFolder(media_dir) if media_dir else None
        self.allow_download = allow_download
        self.dry_run = dry_run
        self.stored = []

    def _bytes(self, address):
        found = self.folder.find(address) if self.folder else None
        if found:
            if found.stat().st_size > MAX_BYTES:
                raise ImageNotFound("larger than 10 MB")
            return found.read_bytes()
        if self.allow_download:
            return download(address)
        if self.folder:
            raise ImageNotFound("not found among the files given")
        raise ImageNotFound("not brought over: no folder of the old site's files, and no download asked for")

    def check(self, address):
        """The image, decoded and checked as an upload is; ImageNotFound says why it cannot be brought over."""
        try:
            return clean_image(ContentFile(self._bytes(address), name="import"))
        except ValidationError as error:
            raise ImageNotFound(error.messages[0]) from error

    def store(self, clean, folder):
        """Store the clean image and its renditions under `folder` ("uploads", "featured"); return name, renditions."""
        name = default_storage.save(stored_name(clean, folder), ContentFile(clean.master_bytes()))
        self.stored.append((name, {}))
        renditions = save_renditions(clean, name)
        self.stored[-1] = (name, renditions)
        return name, renditions

    @staticmethod
    def exists(name):
        return default_storage.exists(name)

    @staticmethod
    def url(name):
        return default_storage.url(name)

    def remove_stored(self):
        for name, renditions in self.stored:
            delete_image_files(name, renditions)
        self.stored = []
