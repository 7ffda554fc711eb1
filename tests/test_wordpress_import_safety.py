"""An export comes from outside: hostile or broken files are refused whole, and a failed import leaves nothing."""

import tracemalloc
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from blog import wordpress_import
from blog.models import ImportedItem, Post, Topic
from blog.wordpress_images import MediaFolder
from blog.wxr import ExportError, ExportReader
from core.media import stored_files
from core.models import MovedPath
from pages.models import Page
from tests.support import image_bytes

pytestmark = pytest.mark.django_db

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">\n' for n in range(1, 10))
    + ']>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol9;</title>'
    "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&secret;</title>'
    "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>"
)


def run_import(path, *options):
    call_command("import_wordpress", str(path), *options, stdout=StringIO(), stderr=StringIO())


def nothing_was_imported():
    models = (Post, Page, Topic, MovedPath, ImportedItem)
    try:
        files = list(stored_files(default_storage, ""))
    except FileNotFoundError:
        files = []
    return all(not model.objects.exists() for model in models) and files == []


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["xml-bomb", "external-entity"])
def test_a_file_with_its_own_entities_is_refused_unread(tmp_path, attack):
    export = tmp_path / "attack.xml"
    export.write_text(attack)
    with pytest.raises(CommandError, match="declares its own document type or entities") as refused:
        run_import(export)
    assert "root:" not in str(refused.value)
    assert nothing_was_imported()


def test_a_truncated_export_names_the_line_and_imports_nothing(wxr_export, old_site_files, tmp_path):
    whole = wxr_export("wordpress.xml").read_text()
    export = tmp_path / "cut.xml"
    export.write_text(whole[: int(len(whole) * 0.8)])  # the images and the first articles are already in it
    with pytest.raises(CommandError, match=r"damaged or incomplete at line \d+, column \d+"):
        run_import(export, "--media-dir", str(old_site_files))
    assert nothing_was_imported()


def test_a_broken_tag_names_its_line(tmp_path):
    export = tmp_path / "broken.xml"
    export.write_text(HEADER + "<channel>\n<item>\n<title>Fine</title>\n<link>oops</title>\n</item></channel></rss>")
    with pytest.raises(CommandError, match="line 5, column 12 .mismatched tag."):
        run_import(export)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<html><body><p>A web page</p></body></html>", "does not start as an RSS file"),
        ('<rss version="2.0"><channel><item><title>A feed</title></item></channel></rss>', "a feed, not a WordPress"),
    ],
    ids=["web-page", "plain-feed"],
)
def test_a_file_that_is_not_an_export_says_what_to_export_instead(tmp_path, content, message):
    export = tmp_path / "other.xml"
    export.write_text(content)
    with pytest.raises(CommandError, match=message):
        run_import(export)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="There is no file at .*nowhere.xml"):
        run_import(tmp_path / "nowhere.xml")


def test_a_failure_while_saving_leaves_no_article_and_no_image(wxr_export, old_site_files, monkeypatch):
    def fail(item, importer, existing):
        raise RuntimeError("the database went away")

    monkeypatch.setitem(wordpress_import.ITEM_KINDS, "page", fail)
    with pytest.raises(RuntimeError):
        run_import(wxr_export("wordpress.xml"), "--media-dir", str(old_site_files))
    assert nothing_was_imported()  # the articles saved before the failure, and the images stored, are gone


def test_a_link_out_of_the_files_folder_is_not_followed(tmp_path):
    outside = tmp_path / "private.jpg"
    outside.write_bytes(image_bytes(image_format="JPEG"))
    folder = tmp_path / "files"
    (folder / "uploads").mkdir(parents=True)
    (folder / "uploads" / "photo.jpg").symlink_to(outside)
    media = MediaFolder(folder)
    assert media.find("https://old.example.com/uploads/photo.jpg") is None
    assert media.find("https://old.example.com/../private.jpg") is None


def test_a_large_export_is_read_in_bounded_memory(tmp_path):
    export = tmp_path / "large.xml"
    paragraph = "A sentence about rest and about change, written once more. " * 170  # about 10 KB
    with export.open("w") as file:
        file.write(HEADER + "<channel><link>https://old.example.com</link>")
        for number in range(3000):
            file.write(
                f"<item><title>Article {number}</title><guid>https://old.example.com/?p={number}</guid>"
                f"<content:encoded><![CDATA[{paragraph}]]></content:encoded>"
                "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
            )
        file.write("</channel></rss>")
    assert export.stat().st_size > 30_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in ExportReader(str(export)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert peak < 5_000_000


def test_reading_stops_at_the_first_problem_before_anything_is_handed_over(tmp_path):
    export = tmp_path / "attack.xml"
    export.write_text(EXTERNAL_ENTITY)
    with pytest.raises(ExportError):
        list(ExportReader(str(export)))


def one_item_export(tmp_path, item, channel_extra="", encoding="UTF-8"):
    export = tmp_path / "one.xml"
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><link>https://old.example.com</link>{channel_extra}<item>{item}"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
        "<wp:post_date_gmt>2015-05-05 10:00:00</wp:post_date_gmt></item></channel></rss>"
    )
    export.write_bytes(text.encode("utf-8"))
    return export


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_superuser("owner", email="owner@practice.test", password="x")


def test_an_export_never_takes_over_an_address_the_site_already_leads_elsewhere(tmp_path, owner, post_factory, client):
    mine = post_factory(title="Mine", slug="old-name")
    mine.slug = "new-name"
    mine.save()  # /blog/old-name/ now leads to /blog/new-name/
    export = one_item_export(
        tmp_path,
        "<title>Theirs</title><link>https://old.example.com/blog/old-name/</link><guid>x-1</guid>"
        "<wp:post_name>theirs</wp:post_name>",
    )
    report = StringIO()
    call_command("import_wordpress", str(export), stdout=report, stderr=StringIO())
    assert client.get("/blog/old-name/")["Location"] == "/blog/new-name/"
    assert "its old address /blog/old-name/ already leads to /blog/new-name/ here: left as it is" in report.getvalue()


def test_an_author_matched_by_email_keeps_their_own_name(tmp_path, owner, post_factory):
    export = one_item_export(
        tmp_path,
        "<title>Theirs</title><guid>x-2</guid><dc:creator>evil</dc:creator>",
        channel_extra="<wp:author><wp:author_login>evil</wp:author_login><wp:author_email>OWNER@practice.test"
        "</wp:author_email><wp:author_display_name>Evil Name</wp:author_display_name></wp:author>",
    )
    run_import(export)
    assert Post.objects.get(title="Theirs").author == owner  # shown in the report before anyone confirms
    assert not owner.__class__.objects.filter(author_profile__display_name="Evil Name").exists()


def test_a_title_stays_on_one_line(tmp_path, owner):
    run_import(one_item_export(tmp_path, "<title>Two&#10;lines&#13;here</title><guid>x-3</guid>"))
    assert Post.objects.get().title == "Two lines here"


def test_a_body_made_to_be_slow_to_convert_is_converted_in_one_pass(tmp_path, owner):
    """Unclosed shortcodes and tags by the hundred thousand: a scan that backtracked would take hours."""
    body = "[caption]<img [embed]<a " * 25_000
    run_import(
        one_item_export(
            tmp_path, f"<title>Slow</title><guid>x-4</guid><content:encoded><![CDATA[{body}]]></content:encoded>"
        )
    )
    assert Post.objects.get().title == "Slow"


def test_a_body_longer_than_any_article_is_left_out_and_named(tmp_path, owner):
    body = "word " * 250_000
    report = StringIO()
    call_command(
        "import_wordpress",
        str(one_item_export(tmp_path, f"<title>Huge</title><guid>x-5</guid><content:encoded>{body}</content:encoded>")),
        stdout=report,
        stderr=StringIO(),
    )
    assert not Post.objects.exists()
    assert "“Huge”: its text is longer than a million characters" in report.getvalue()


def test_elements_beside_the_channel_are_not_kept_in_memory(tmp_path):
    export = tmp_path / "wide.xml"
    with export.open("w") as file:
        file.write(HEADER)
        file.write("<x/>" * 2_000_000)
        file.write("<channel><item><wp:post_type>post</wp:post_type></item></channel></rss>")
    tracemalloc.start()
    try:
        assert len(list(ExportReader(str(export)))) == 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_a_file_nested_deeper_than_any_export_is_refused(tmp_path):
    export = tmp_path / "deep.xml"
    export.write_text(HEADER + "<channel><item>" + "<x>" * 1000 + "</x>" * 1000 + "</item></channel></rss>")
    with pytest.raises(CommandError, match="nests its elements more than 64 deep"):
        run_import(export)


def test_an_unreadable_encoding_is_refused_with_a_message(tmp_path):
    export = tmp_path / "utf7.xml"
    export.write_bytes(b'<?xml version="1.0" encoding="UTF-7"?><rss><channel></channel></rss>')
    with pytest.raises(CommandError, match="character encoding that cannot be read"):
        run_import(export)


def test_an_image_address_with_a_null_byte_is_reported_missing(tmp_path, owner, old_site_files):
    body = '<img src="https://old.example.com/wp-content/uploads/2011/01/lake%00.jpg" alt="Lake">'
    report = StringIO()
    call_command(
        "import_wordpress",
        str(
            one_item_export(
                tmp_path, f"<title>Nul</title><guid>x-6</guid><content:encoded><![CDATA[{body}]]></content:encoded>"
            )
        ),
        "--media-dir",
        str(old_site_files),
        stdout=report,
        stderr=StringIO(),
    )
    assert Post.objects.get().title == "Nul"
