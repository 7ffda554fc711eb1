"""The old site's images, uploaded in the admin as a ZIP beside the export: its wp-content/uploads folder, zipped.

The worker that imports may run on another server than the one that took the upload, so the images are
kept in the database, one row per image (ImportArchiveFile), like the export itself, and deleted with it
(importing.tasks). The import then finds an image among them by the rules a folder on disk follows
(importing.images.ImageFolder), reading one row at a time.

A ZIP is read where Django put the upload (a temporary file on disk, for a large one), one member at a
time, and trusted in nothing:

- the number of members and the size of its directory are read from its last bytes before Python's
  zipfile reads the directory whole (a ZIP of a million empty files would fill the memory doing so);
- a member whose path could lead out of the folder (absolute, "..", backslashes, a drive letter) or
  which is a symbolic link is left out, unread; so is anything but an image, by its extension (and,
  once read, by its first bytes);
- each member is read in chunks up to 10 MB whatever size it declares, and kept only if it holds what
  it declared (the CRC and the size); what all members unpack to together is capped too (a zip bomb);
- only the two ways of compressing that every zip program writes are read (stored and deflated):
  deflate unpacks at most about a thousand times its size per read, the others without such a bound.

What was left out is counted, and shown on the import's page. Each image kept still goes through the
image pipeline when it is imported, as a file from a folder on disk does.
"""

import re
import stat
import struct
import zipfile
import zlib
from dataclasses import asdict, dataclass, field

from core.imaging import MAX_BYTES
from importing.images import ImageFolder, ImageNotFound, normalised, original_of
from importing.models import ImportArchiveFile

MAX_ARCHIVE_BYTES = 500 * 1024 * 1024
MAX_MEMBERS = 50_000
MAX_DIRECTORY_BYTES = 16 * 1024 * 1024  # the ZIP's list of members; 50,000 long paths fit
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # all the members read, together
MAX_PATH = 500
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
READ_CHUNK = 64 * 1024
_READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_IMAGE_STARTS = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"RIFF")  # JPEG, PNG, GIF, WebP
_DRIVE = re.compile(r"^[A-Za-z]:")
_END = b"PK\x05\x06"  # the end of the central directory
_END_SIZE = 22
_ENTRY, _ENTRY_SIZE = b"PK\x01\x02", 46  # an entry of the central directory, and its fixed part
_ZIP64_LOCATOR, _ZIP64_END = b"PK\x06\x07", b"PK\x06\x06"  # where a ZIP of more than 65,535 files says so

# Why a file in the ZIP was not kept, as the import's page says it (before a count).
SKIPPED = {
    "not_image": "not images (only .jpg, .jpeg, .png, .gif and .webp files are kept)",
    "unsafe_path": "at a path leading out of the folder (from the top of the disk, with “..”, a backslash or a drive)",
    "link": "links to other files",
    "too_large": "larger than 10 MB",
    "unreadable": "damaged, locked with a password, or not the size they claim",
    "repeated": "at the same path as another file",
    "smaller_copy": "smaller copies WordPress made of images that are in the ZIP (this site makes its own sizes)",
}
_NOT_A_ZIP = "This is not a .zip file. Zip the wp-content/uploads folder of your old site and choose that file."
_DAMAGED = "This .zip file is damaged or incomplete: zip the folder again, and upload the new file."
_TOO_MANY = "The .zip file holds more than {:,} files. Zip only the wp-content/uploads folder."
_TOO_MUCH = (
    "The images in this .zip file come to more than 1 GB once unpacked. Leave out what the articles do not show "
    "(backups, other plugins' folders) and zip the folder again."
)
NO_IMAGE = (
    "No image in this .zip file could be used: only .jpg, .jpeg, .png, .gif and .webp files of up to 10 MB are "
    "kept. Choose the wp-content/uploads folder of your old site, zipped."
)


class ArchiveRefused(Exception):
    """Why the ZIP cannot be used at all, in words for the upload form; nothing of it is kept."""


@dataclass
class ArchiveSummary:
    """What a ZIP gave: how many images were kept, and how many files were left out, by reason."""

    file_name: str = ""
    kept: int = 0
    skipped: dict = field(default_factory=dict)  # reason (a key of SKIPPED) → how many

    def skip(self, reason):
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def as_dict(self):
        return asdict(self)

    def report_lines(self):
        """The summary as the import's page shows it."""
        lines = [f"Images kept: {self.kept:,}. The import looks for each article's images among them."]
        for reason, label in SKIPPED.items():
            if self.skipped.get(reason):
                lines.append(f"Left out, {label}: {self.skipped[reason]:,}")
        return lines


def _directory_size(file):
    """(members, bytes, where it ends) of the ZIP's central directory, read from its end as zipfile will;
    None if it has no end.

    zipfile takes the last end record within 64 KB of the file's end and, if a ZIP64 locator comes just
    before it, the ZIP64 record just before that: so does this.
    """
    file.seek(0, 2)
    size = file.tell()
    start = max(0, size - _END_SIZE - (1 << 16))  # the end record, and a comment of up to 64 KB after it
    tail = _read_at(file, start, size - start)
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        return None
    members, directory_bytes = struct.unpack("<HL", tail[at + 10 : at + 16])
    directory_end = start + at
    if _read_at(file, start + at - 20, 20).startswith(_ZIP64_LOCATOR):
        record = _read_at(file, start + at - 20 - 56, 56)
        if record.startswith(_ZIP64_END) and len(record) == 56:
            members, directory_bytes = struct.unpack("<QQ", record[32:48])
            directory_end = start + at - 20 - 56
    return members, directory_bytes, directory_end


def _entries_listed(file, directory_bytes, directory_end):
    """How many entries the central directory really holds (counted up to MAX_MEMBERS + 1), read as zipfile
    reads them: a ZIP may declare one member and list hundreds of thousands, each an object in memory."""
    data = _read_at(file, directory_end - directory_bytes, directory_bytes)
    count, at = 0, 0
    while count <= MAX_MEMBERS and at + _ENTRY_SIZE <= len(data) and data.startswith(_ENTRY, at):
        name, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        at += _ENTRY_SIZE + name + extra + comment
        count += 1
    return count


def _read_at(file, position, size):
    if position < 0:
        return b""
    file.seek(position)
    return file.read(size)


def _safe_path(name):
    """The member's path inside the folder, or None if it could lead out of it or cannot be stored."""
    if not name or "\\" in name or name.startswith("/") or _DRIVE.match(name) or len(name) > MAX_PATH:
        return None
    if any(ord(character) < 32 or character == "\x7f" for character in name):
        return None
    parts = [part for part in name.split("/") if part not in {"", "."}]
    if not parts or ".." in parts:
        return None
    return normalised("/".join(parts))


def _is_image_name(path):
    """An image by its extension; a Mac's hidden companions (__MACOSX/, ._photo.jpg) are not images."""
    name = path.rsplit("/", 1)[-1]
    return path.lower().endswith(IMAGE_EXTENSIONS) and not name.startswith("._") and "__MACOSX" not in path.split("/")


class Archive:
    """An uploaded ZIP, its directory read and checked: open() refuses what cannot be used, store() keeps it."""

    def __init__(self, archive, members, summary):
        self.zip = archive
        self.members = members  # [(path, ZipInfo)] of the images to read, originals before smaller copies
        self.summary = summary
        self.unpacked = 0

    @classmethod
    def open(cls, upload):
        if upload.size > MAX_ARCHIVE_BYTES:
            raise ArchiveRefused(
                "The .zip file is larger than 500 MB. Leave out what the articles do not show (backups, other "
                "plugins' folders) and zip the folder again."
            )
        file = upload.file
        file.seek(0)
        starts_like_a_zip = file.read(2) == b"PK"
        directory = _directory_size(file)
        if directory is None:
            raise ArchiveRefused(_DAMAGED if starts_like_a_zip else _NOT_A_ZIP)
        members, directory_bytes, directory_end = directory
        if members > MAX_MEMBERS or directory_bytes > MAX_DIRECTORY_BYTES:
            raise ArchiveRefused(_TOO_MANY.format(MAX_MEMBERS))
        if _entries_listed(file, directory_bytes, directory_end) > MAX_MEMBERS:
            raise ArchiveRefused(_TOO_MANY.format(MAX_MEMBERS))
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as error:
            raise ArchiveRefused(_DAMAGED) from error
        if len(archive.infolist()) > MAX_MEMBERS:
            raise ArchiveRefused(_TOO_MANY.format(MAX_MEMBERS))
        summary = ArchiveSummary(file_name=upload.name[:255])
        wanted = {}
        for info in archive.infolist():
            if info.is_dir():
                continue
            reason, path = _first_look(info)
            if reason is None and path in wanted:
                reason = "repeated"
            if reason:
                summary.skip(reason)
            else:
                wanted[path] = info
        if not wanted:
            raise ArchiveRefused(NO_IMAGE)
        # A smaller copy is read only if its original could not be kept: most of a WordPress folder is copies.
        copies = {path for path in wanted if original_of(path) in wanted}
        if sum(info.file_size for path, info in wanted.items() if path not in copies) > MAX_UNPACKED_BYTES:
            raise ArchiveRefused(_TOO_MUCH)
        in_file_order = sorted(wanted.items(), key=lambda member: member[1].header_offset)
        members = [member for member in in_file_order if member[0] not in copies]
        members += [member for member in in_file_order if member[0] in copies]
        return cls(archive, members, summary)

    def store(self, record):
        """Keep the images for the import `record`, one row each; return the summary. Call it in a transaction:
        ArchiveRefused may come after some rows are written (nothing could be read, or far too much)."""
        kept = set()
        for path, info in self.members:
            if original_of(path) in kept:
                self.summary.skip("smaller_copy")
                continue
            data, reason = self._read(info)
            if reason:
                self.summary.skip(reason)
                continue
            ImportArchiveFile.objects.create(wordpress_import=record, path=path, data=data)
            kept.add(path)
        if not kept:
            raise ArchiveRefused(NO_IMAGE)
        self.summary.kept = len(kept)
        return self.summary

    def _read(self, info):
        """(the member's bytes, None), or (None, why it is not kept): at most MAX_BYTES + 1 are read."""
        data = bytearray()
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(READ_CHUNK):
                    data += chunk
                    self.unpacked += len(chunk)
                    if self.unpacked > MAX_UNPACKED_BYTES:
                        raise ArchiveRefused(_TOO_MUCH)
                    if len(data) > MAX_BYTES:
                        return None, "too_large"
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
            return None, "unreadable"  # a wrong CRC, a cut-off member, a password
        if len(data) != info.file_size:
            return None, "unreadable"
        if not data.startswith(_IMAGE_STARTS) or data.startswith(b"RIFF") and data[8:12] != b"WEBP":
            return None, "not_image"  # a script named photo.jpg, say; the pipeline checks the rest on import
        return bytes(data), None


def _first_look(info):
    """(why the member is left out, or None; its path), decided from the directory alone: nothing is read."""
    if stat.S_ISLNK(info.external_attr >> 16):
        return "link", None
    path = _safe_path(info.orig_filename)
    if path is None:
        return "unsafe_path", None
    if not _is_image_name(path):
        return "not_image", path
    if info.flag_bits & 0x1 or info.compress_type not in _READABLE:
        return "unreadable", path
    if info.file_size > MAX_BYTES:
        return "too_large", path
    return None, path


class ArchiveFolder(ImageFolder):
    """The images of an uploaded ZIP, as the import looks for them: read from the database one at a time."""

    def __init__(self, record):
        super().__init__()
        self.files = ImportArchiveFile.objects.filter(wordpress_import=record)

    def paths(self):
        return self.files.values_list("path", flat=True).iterator()

    def read(self, path):
        data = self.files.filter(path=path).values_list("data", flat=True).first()
        if data is None:
            raise ImageNotFound("not found among the files given")  # deleted meanwhile: the import was cancelled
        if len(data) > MAX_BYTES:
            raise ImageNotFound("larger than 10 MB")
        return bytes(data)
