"""The images of an imported blog: found among the old site's files (or, if asked, downloaded),
and stored through the site's one image pipeline, as if uploaded in the editor.

Nothing is fetched from the internet unless the import is asked to
(`--download-images`): the old site may be gone, and a request to it tells
it about the move.
"""

import http.client
import ipaddress
import os
import re
import socket
import ssl
import time
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.imaging import MAX_BYTES, clean_image, delete_image_files, save_renditions
from core.uploads import stored_name

# WordPress serves smaller copies as photo-300x200.jpg beside photo.jpg: the original is the one to keep.
_SIZED_COPY = re.compile(r"-\d+x\d+(?=\.\w+$)")
DOWNLOAD_TIMEOUT_SECONDS = 20  # for each step: connecting, the handshake, each read
DOWNLOAD_SECONDS = 60  # for the whole image, however slowly the server sends it


class ImageNotFound(Exception):
    """Why an image could not be brought over, in words for the report."""


class ImageFolder:
    """The old site's files, known by their paths relative to the folder ("2011/01/lake.jpg"), and read one at a time.

    The rules for finding an image are the same wherever the files are, so they are written here once: by
    the end of the image address's path (with the names below tried at each place), else by name anywhere
    in the folder. Besides the name itself: WordPress serves smaller copies as photo-300x200.jpg beside
    photo.jpg, so the original is tried too; Squarespace writes a space as "+". A folder on disk
    (MediaFolder, for the command) and the ZIP uploaded in the admin (importing.archive.ArchiveFolder)
    differ only in how they list their files and read one.
    """

    def __init__(self):
        self._paths = None  # normalised path → the file's own path
        self._by_name = None  # normalised, lower-cased name → the files' own paths

    def paths(self):
        """Every file's path relative to the folder, with "/" between folders."""
        raise NotImplementedError

    def read(self, path):
        """The bytes of the file at `path` (from find()); ImageNotFound if it is larger than MAX_BYTES."""
        raise NotImplementedError

    def _usable(self, path):
        return True

    def find(self, address):
        """The path of the file showing the image at `address`, or None."""
        path = normalised(unquote(urlsplit(address).path).replace("\x00", ""))
        parts = [part for part in PurePosixPath(path).parts if part not in {"/", "..", "."}]
        if not parts:
            return None
        names = [parts[-1]]
        if original_of(names[0]):
            names.append(original_of(names[0]))
        if "+" in names[0]:
            names.append(names[0].replace("+", " "))  # Squarespace writes spaces as "+"
        self._index()
        for start in range(len(parts)):
            for name in names:
                found = self._paths.get("/".join([*parts[start:-1], name]))
                if found is not None and self._usable(found):
                    return found
        for name in names:
            for found in self._by_name.get(name.lower(), []):
                if self._usable(found):
                    return found
        return None

    def _index(self):
        if self._paths is None:
            self._paths, self._by_name = {}, {}
            for path in self.paths():
                key = normalised(path)
                self._paths.setdefault(key, path)
                self._by_name.setdefault(key.rsplit("/", 1)[-1].lower(), []).append(path)


def normalised(text):
    """One spelling of each accented letter: a Mac writes "é" in a file name as "e" and an accent."""
    return unicodedata.normalize("NFC", text)


def original_of(path):
    """The name (or path) of the image a WordPress smaller copy was made from, or None if it is no such copy."""
    return _SIZED_COPY.sub("", path) if _SIZED_COPY.search(path) else None


class MediaFolder(ImageFolder):
    """A folder on disk holding the old site's files (`manage.py import_wordpress --media-dir`)."""

    def __init__(self, root):
        super().__init__()
        self.root = Path(root).resolve()

    def paths(self):
        for folder, _, files in os.walk(self.root):
            for file_name in files:
                yield (Path(folder) / file_name).relative_to(self.root).as_posix()

    def _usable(self, path):
        """A file really inside the folder, not reached through a link out of it."""
        resolved = (self.root / path).resolve()
        return resolved.is_file() and resolved.is_relative_to(self.root)

    def read(self, path):
        with (self.root / path).resolve().open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # the size the file claims now may not be its size when read
        if len(data) > MAX_BYTES:
            raise ImageNotFound("larger than 10 MB")
        return data


# Global by the standard, yet leading to an IPv4 address inside: NAT64, 6to4, the IPv4-compatible range.
_TRANSLATED = [ipaddress.ip_network(net) for net in ("64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "::/96")]
# One wording for every way a download can fail before an image arrives — no answer, refused, too slow, an
# address inside a private network, an error page: the report must not help anyone map what the server
# can reach (an open port from a closed one, a refused connection from a timeout).
DOWNLOAD_FAILED = "could not be downloaded from the old site"


class _Unreachable(ImageNotFound):
    """The old site's server could not be reached at all: the other images there are not tried."""


def _is_public_address(text):
    address = ipaddress.ip_address(text.split("%")[0])
    return address.is_global and not any(address in network for network in _TRANSLATED if network.version == 6)


def _public_address(host, port):
    """(family, socket address) to connect to for `host`: looked up once, and only if every address is public.

    The connection then goes to exactly this address. Looking the name up again to connect would let its
    DNS answer a public address to the check and a private one to the connection ("DNS rebinding").
    """
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        is_public = bool(found) and all(_is_public_address(info[4][0]) for info in found)
    except (OSError, UnicodeError, ValueError) as error:
        raise _Unreachable(DOWNLOAD_FAILED) from error
    if not is_public:
        raise _Unreachable(DOWNLOAD_FAILED)
    family, _, _, _, address = found[0]
    return family, address


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address chosen beforehand, with the name in the Host header and the TLS handshake (SNI), and
    the certificate checked for that name."""

    def __init__(self, host, port, family, address):
        super().__init__(host, port, timeout=DOWNLOAD_TIMEOUT_SECONDS, context=ssl.create_default_context())
        self.family, self.address = family, address

    def connect(self):
        sock = socket.socket(self.family, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect(self.address)
            self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _fetch(connection, target, deadline):
    """The image's bytes: one GET, no redirect followed, at most MAX_BYTES, within the deadline."""
    connection.request("GET", target, headers={"User-Agent": "practice-site-import"})
    response = connection.getresponse()
    if response.status != 200 or not response.headers.get_content_type().startswith("image/"):
        raise ImageNotFound(DOWNLOAD_FAILED)
    chunks, size = [], 0
    # read1 returns what one read brings, so a server sending a byte now and then meets the deadline.
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > MAX_BYTES:
            raise ImageNotFound("larger than 10 MB")
        if time.monotonic() > deadline:
            raise ImageNotFound(DOWNLOAD_FAILED)
        chunks.append(chunk)
    return b"".join(chunks)


def download(address):
    """An image's bytes over HTTPS from a public address: at most 10 MB, of an image type, no redirects."""
    parts = urlsplit(address)
    if parts.scheme != "https" or not parts.hostname:
        raise ImageNotFound("not found among the files given, and not an https:// address to download")
    try:
        host, port = parts.hostname.encode("idna").decode("ascii"), parts.port or 443
    except (UnicodeError, ValueError) as error:
        raise _Unreachable(DOWNLOAD_FAILED) from error
    family, ip_address = _public_address(host, port)
    connection = _PinnedHTTPSConnection(host, port, family, ip_address)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.connect()
    except OSError as error:
        raise _Unreachable(DOWNLOAD_FAILED) from error
    try:
        return _fetch(connection, target, time.monotonic() + DOWNLOAD_SECONDS)
    except (OSError, http.client.HTTPException) as error:
        raise ImageNotFound(DOWNLOAD_FAILED) from error
    finally:
        connection.close()


class ImageCopier:
    """Brings each image over once per import; remembers what it stored, to remove it if the import fails."""

    def __init__(self, media_dir=None, allow_download=False, dry_run=False):
        """`media_dir` is a folder of the old site's files: a path, or an ImageFolder (the admin's ZIP)."""
        self.folder = media_dir if isinstance(media_dir, ImageFolder) else MediaFolder(media_dir) if media_dir else None
        self.allow_download = allow_download
        self.dry_run = dry_run
        self.stored = []
        self.unreachable_hosts = set()  # not tried again in this import: an offline site costs one timeout

    def _bytes(self, address):
        found = self.folder.find(address) if self.folder else None
        if found is not None:
            return self.folder.read(found)
        if self.allow_download:
            return self._download(address)
        if self.folder:
            raise ImageNotFound("not found among the files given")
        raise ImageNotFound("not brought over: no folder of the old site's files, and no download asked for")

    def _download(self, address):
        host = urlsplit(address).hostname
        if host in self.unreachable_hosts:
            raise ImageNotFound(DOWNLOAD_FAILED)
        try:
            return download(address)
        except _Unreachable:
            self.unreachable_hosts.add(host)
            raise

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
