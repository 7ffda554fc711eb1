"""The old site's images, uploaded in the admin as a ZIP of wp-content/uploads beside the export.

Only images at safe paths are kept, each read with a limit whatever it declares, and kept in the database
(one row each) only while the export is: the import finds them as it finds the files of a folder on disk.
"""

import stat
import struct
import tracemalloc
import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from core import maintenance
from core.imaging import MAX_BYTES
from importing import archive
from importing.archive import Archive, ArchiveFolder, ArchiveRefused
from importing.images import MediaFolder
from importing.models import ImportArchiveFile, WordPressImport
from tests.support import has_metadata, image_bytes, jpeg_with_gps_and_rotation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_at_once")]

UPLOAD = reverse("admin:importing_wordpressimport_add")
LAKE = "uploads/2011/01/lake.jpg"


def zip_of(members, compression=zipfile.ZIP_DEFLATED):
    """A ZIP holding `members`: a name (or a ZipInfo, for links) → its bytes."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def symlink(name):
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, where the upper bits of external_attr are the file's mode
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def declaring(data, name, size):
    """The ZIP `data`, its member `name` now declaring to unpack to `size` bytes (in both of its headers)."""
    data, encoded = bytearray(data), name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(encoded)] == encoded:
                struct.pack_into("<L", data, at + size_at, size)
            at = data.find(signature, at + 1)
    return bytes(data)


def bomb(name, unpacked_bytes):
    """A ZIP whose member `name` is small packed and unpacks to `unpacked_bytes` of zeros; and a photo."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w") as member:
            for _ in range(unpacked_bytes // (1024 * 1024)):
                member.write(bytes(1024 * 1024))
        archive.writestr(LAKE, image_bytes((64, 48), "JPEG"))
    return buffer.getvalue()


def upload(client, export, archive, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            UPLOAD,
            {
                "export": SimpleUploadedFile(export.name, export.read_bytes()),
                "archive": SimpleUploadedFile("uploads.zip", archive),
            },
        )


def page_of(client, record):
    return " ".join(
        client.get(reverse("admin:importing_wordpressimport_change", args=[record.pk])).content.decode().split()
    )


@pytest.fixture
def wordpress_export(wxr_export):
    """The WordPress export, its scheduled article moved into the past (no email is queued for it)."""
    return wxr_export("wordpress.xml", future_gmt="2011-03-01 10:00:00", future_local="2011-03-01 10:00:00")


def test_the_images_of_the_zip_are_imported_through_the_pipeline(
    admin_client, wordpress_export, django_capture_on_commit_callbacks, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # kept in a temporary file on disk, as a large upload is
    archive = zip_of(
        {
            "uploads/2011/01/": b"",
            LAKE: jpeg_with_gps_and_rotation((900, 600)),
            "uploads/2011/01/lake-300x200.jpg": image_bytes((300, 200), "JPEG"),  # the original is in the ZIP
            "uploads/2011/01/lake-300x200.jpg.php": b"<?php system($_GET['c']);",
        }
    )
    response = upload(admin_client, wordpress_export, archive, django_capture_on_commit_callbacks)
    record = WordPressImport.objects.get()
    assert list(ImportArchiveFile.objects.values_list("path", flat=True)) == [LAKE]
    check = page_of(admin_client, record)
    assert "Images from uploads.zip" in check
    assert "Images kept: 1." in check
    assert "Left out, not images (only .jpg, .jpeg, .png, .gif and .webp files are kept): 1" in check
    assert "Left out, smaller copies WordPress made of images that are in the ZIP" in check
    assert "Found: 3" in check  # the body's copy, the full-size link and the featured image: all the lake
    assert "gone.jpg (not found among the files given)" in check

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(response.headers["Location"])
    hello = Post.objects.get(slug="hello-world")
    assert hello.featured_image.name.startswith("featured/")
    with default_storage.open(hello.featured_image.name) as stored:
        assert not has_metadata(stored.read())  # the GPS position stayed behind
    assert 'src="/media/uploads/' in hello.body and "old.example.com/wp-content" not in hello.body
    assert not ImportArchiveFile.objects.exists()  # gone with the export
    page = page_of(admin_client, record)
    assert "<strong>Imported</strong>" in page and "Images kept: 1." in page  # what the ZIP gave stays told


def test_only_images_at_safe_paths_are_kept_and_the_rest_is_counted(
    admin_client, wordpress_export, django_capture_on_commit_callbacks
):
    photo = image_bytes((64, 48), "JPEG")
    archive = zip_of(
        {
            LAKE: photo,
            "../evil.jpg": photo,
            "/etc/x.jpg": photo,
            "C:\\x.jpg": photo,
            "uploads\\2011\\x.jpg": photo,
            "uploads/../../x.jpg": photo,
            symlink("uploads/2011/01/passwords.jpg"): b"/etc/passwd",
            "uploads/shell.php": b"<?php system($_GET['c']);",
            "uploads/shell.jpg": b"<?php system($_GET['c']);",
            "__MACOSX/uploads/2011/01/._lake.jpg": b"\x00\x05\x16\x07",
            "uploads/huge.jpg": bytes(MAX_BYTES + 1),
            "uploads/shrunk.jpg": photo,
            "uploads/grown.jpg": photo,
        }
    )
    archive = declaring(archive, "uploads/shrunk.jpg", len(photo) // 2)
    archive = declaring(archive, "uploads/grown.jpg", len(photo) * 2)
    upload(admin_client, wordpress_export, archive, django_capture_on_commit_callbacks)
    assert list(ImportArchiveFile.objects.values_list("path", flat=True)) == [LAKE]
    page = page_of(admin_client, WordPressImport.objects.get())
    assert "Images kept: 1." in page
    assert "Left out, at a path leading out of the folder (from the top of the disk, with “..”, a backslash" in page
    assert "a drive): 5" in page
    assert "Left out, links to other files: 1" in page
    assert "Left out, not images (only .jpg, .jpeg, .png, .gif and .webp files are kept): 3" in page
    assert "Left out, larger than 10 MB: 1" in page
    assert "Left out, damaged, locked with a password, or not the size they claim: 2" in page


def test_a_member_declaring_more_than_10_mb_is_never_read():
    archive = Archive.open(SimpleUploadedFile("uploads.zip", bomb("uploads/bomb.jpg", 50 * 1024 * 1024)))
    assert archive.summary.skipped == {"too_large": 1}
    assert [path for path, _ in archive.members] == [LAKE]


@pytest.mark.slow
def test_a_zip_bomb_that_lies_about_its_size_is_cut_off_in_bounded_memory(admin_user):
    """300 MB of zeros packed into 300 KB, declaring 9 MB: read up to what it declares, found out, not kept."""
    data = declaring(bomb("uploads/bomb.jpg", 300 * 1024 * 1024), "uploads/bomb.jpg", 9 * 1024 * 1024)
    record = WordPressImport.objects.create(file_name="export.xml", export=b"x", created_by=admin_user)
    tracemalloc.start()
    try:
        archive = Archive.open(SimpleUploadedFile("uploads.zip", data))
        summary = archive.store(record)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary.kept == 1 and summary.skipped == {"unreadable": 1}
    assert list(ImportArchiveFile.objects.values_list("path", flat=True)) == [LAKE]
    assert archive.unpacked <= 10 * 1024 * 1024
    assert peak < 25 * 1024 * 1024, peak  # one member at a time, at most 10 MB of it


def test_a_zip_unpacking_to_too_much_is_refused_and_nothing_is_kept(
    admin_client, wordpress_export, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 1000)
    photos = {f"uploads/{number}.png": image_bytes((64, 48)) for number in range(10)}
    response = upload(admin_client, wordpress_export, zip_of(photos), django_capture_on_commit_callbacks)
    assert "The images in this .zip file come to more than 1 GB once unpacked." in response.content.decode()
    assert not WordPressImport.objects.exists() and not ImportArchiveFile.objects.exists()


def test_a_zip_listing_too_many_files_is_refused_before_its_list_is_read(monkeypatch):
    data = zip_of({f"uploads/{number}.png": b"" for number in range(11)}, zipfile.ZIP_STORED)
    monkeypatch.setattr(archive, "MAX_MEMBERS", 10)
    monkeypatch.setattr(zipfile, "ZipFile", None)  # never reached
    with pytest.raises(ArchiveRefused, match="The .zip file holds more than 10 files."):
        Archive.open(SimpleUploadedFile("uploads.zip", data))


def test_a_zip_that_declares_few_files_but_lists_many_is_refused_before_zipfile_reads_the_list(monkeypatch):
    data = bytearray(zip_of({f"uploads/{number}.png": b"" for number in range(11)}, zipfile.ZIP_STORED))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = (1).to_bytes(2, "little") * 2  # "one member", on this disk and in all
    monkeypatch.setattr(archive, "MAX_MEMBERS", 10)
    monkeypatch.setattr(zipfile, "ZipFile", None)  # never reached
    with pytest.raises(ArchiveRefused, match="The .zip file holds more than 10 files."):
        Archive.open(SimpleUploadedFile("uploads.zip", bytes(data)))


@pytest.mark.parametrize(
    ("members", "corrupt"),
    [
        ({"export.xml": b"<?xml version='1.0'?><rss/>", "notes.txt": b"hello"}, False),
        ({"uploads/photo.jpg": image_bytes((64, 48), "JPEG")}, True),
    ],
    ids=["no image", "only damaged images"],
)
def test_a_zip_without_a_usable_image_is_refused_on_the_form(
    admin_client, wordpress_export, django_capture_on_commit_callbacks, members, corrupt
):
    data = zip_of(members, zipfile.ZIP_STORED)
    if corrupt:
        data = data.replace(b"JFIF", b"XXXX", 1)  # the CRC no longer matches
    response = upload(admin_client, wordpress_export, data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "No image in this .zip file could be used" in response.content.decode()
    assert "The wp-content/uploads folder of your old site, zipped" in response.content.decode()
    assert not WordPressImport.objects.exists() and not ImportArchiveFile.objects.exists()


@pytest.fixture
def uploaded_with_images(admin_client, wxr_export, django_capture_on_commit_callbacks):
    """Upload an export with a ZIP of one image; the import's row."""

    def send(export):
        upload(admin_client, export, zip_of({LAKE: image_bytes((64, 48), "JPEG")}), django_capture_on_commit_callbacks)
        return WordPressImport.objects.latest("pk")

    return send


def test_a_failed_check_deletes_the_images_with_the_export(uploaded_with_images, tmp_path):
    damaged = tmp_path / "export.xml"
    damaged.write_text('<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>')
    record = uploaded_with_images(damaged)
    assert record.state == WordPressImport.State.FAILED
    assert not ImportArchiveFile.objects.exists()


def test_cancelling_deletes_the_images_with_the_export(admin_client, admin_user):
    record = WordPressImport.objects.create(file_name="export.xml", export=b"x", created_by=admin_user)
    ImportArchiveFile.objects.create(wordpress_import=record, path=LAKE, data=b"x")
    admin_client.post(reverse("admin:importing_wordpressimport_change", args=[record.pk]), {"cancel": "Cancel"})
    assert not ImportArchiveFile.objects.exists()


def test_the_daily_job_deletes_the_images_of_a_checked_export_nobody_imported(uploaded_with_images, wxr_export):
    waiting = uploaded_with_images(wxr_export("squarespace.xml"))
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        recent = uploaded_with_images(wxr_export("squarespace.xml"))
    assert ImportArchiveFile.objects.count() == 2
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        done = {job.__name__: job() for job in maintenance.DAILY_JOBS}
    assert done["delete_old_export_files"] == 1
    assert not ImportArchiveFile.objects.filter(wordpress_import=waiting).exists()
    assert ImportArchiveFile.objects.filter(wordpress_import=recent).exists()


def test_deleting_the_images_never_loads_them(admin_user, django_assert_num_queries):
    record = WordPressImport.objects.create(file_name="export.xml", export=b"", created_by=admin_user)
    for number in range(3):
        ImportArchiveFile.objects.create(wordpress_import=record, path=f"{number}.jpg", data=b"x" * 1000)
    WordPressImport.objects.filter(pk=record.pk).delete_files()
    with django_assert_num_queries(1):
        ImportArchiveFile.objects.of_deleted_exports().delete()
    assert not ImportArchiveFile.objects.exists()


FILES = {
    "wp-content/uploads/2011/01/lake.jpg": b"lake, January 2011",
    "wp-content/uploads/2015/03/lake.jpg": b"another lake, March 2015",
    "saved from squarespace/therapy room.jpg": b"the therapy room",
    "wp-content/uploads/2012/05/Séance.jpg": b"a name with an accent",
}


def archive_folder(user):
    record = WordPressImport.objects.create(file_name="export.xml", export=b"x", created_by=user)
    for path, data in FILES.items():
        ImportArchiveFile.objects.create(wordpress_import=record, path=path, data=data)
    return ArchiveFolder(record)


@pytest.fixture(params=["a folder on disk", "the admin's ZIP"])
def old_files(request, tmp_path, admin_user):
    """The same files, in a folder (`--media-dir`) or uploaded as a ZIP: the import looks for images alike."""
    if request.param == "the admin's ZIP":
        return archive_folder(admin_user)
    for path, data in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    return MediaFolder(tmp_path)


@pytest.mark.parametrize(
    ("address", "found"),
    [
        ("https://old.example.com/wp-content/uploads/2015/03/lake.jpg", b"another lake, March 2015"),
        ("https://old.example.com/wp-content/uploads/2015/03/lake-300x200.jpg", b"another lake, March 2015"),
        ("https://cdn.example.net/uploads/2011/01/lake.jpg", b"lake, January 2011"),
        ("https://images.squarespace-cdn.com/content/v1/5f1a/1591-AB/therapy+room.jpg", b"the therapy room"),
        ("https://old.example.com/wp-content/uploads/2012/05/Se%CC%81ance.jpg", b"a name with an accent"),
        ("https://old.example.com/wp-content/uploads/2011/01/gone.jpg", None),
        ("https://old.example.com/../../etc/passwd", None),
    ],
)
def test_a_folder_on_disk_and_the_zip_find_an_image_by_the_same_rules(old_files, address, found):
    path = old_files.find(address)
    assert (old_files.read(path) if path is not None else None) == found


def test_the_import_reads_the_zips_images_one_at_a_time(admin_user):
    old_files = archive_folder(admin_user)
    with CaptureQueriesContext(connection) as looking:
        path = old_files.find("https://old.example.com/wp-content/uploads/2011/01/lake.jpg")
    assert all('"data"' not in query["sql"] for query in looking.captured_queries)  # the list of paths only
    with CaptureQueriesContext(connection) as reading:
        assert old_files.read(path) == b"lake, January 2011"
    assert len(reading.captured_queries) == 1 and "LIMIT 1" in reading.captured_queries[0]["sql"]
