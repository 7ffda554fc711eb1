"""The images of an imported blog: found in a folder of the old site's files (or, if asked, downloaded),
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
        self.folder = MediaFolder(media_dir) if media_dir else None
        self.allow_download = allow_download
        self.dry_run = dry_run
        self.stored = []
        self.unreachable_hosts = set()  # not tried again in this import: an offline site costs one timeout

    def _bytes(self, address):
        found = self.folder.find(address) if self.folder else None
        if found:
            if found.stat().st_size > MAX_BYTES:
                raise ImageNotFound("larger than 10 MB")
            return found.read_bytes()
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
