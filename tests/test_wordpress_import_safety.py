"""An export comes from outside: hostile or broken files are refused whole, and a failed import leaves nothing."""

import socket
import ssl
import time
import tracemalloc
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import AuthorProfile, Post, Topic
from core.media import stored_files
from core.models import MovedPath
from importing import importer, wxr
from importing.images import MediaFolder
from importing.importer import ImportCancelled, WordPressImporter
from importing.models import ImportedItem
from importing.wxr import ExportError, ExportReader
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
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Page, "save", fail)
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


def export_file(tmp_path, *items, channel_extra="", name="export.xml"):
    """An export of `items`, each the inside of an <item>: a published post unless it says otherwise."""
    export = tmp_path / name
    with export.open("w", encoding="utf-8") as file:
        file.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><link>https://old.example.com</link>{channel_extra}"
        )
        for item in items:
            file.write(
                "<item><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
                f"<wp:post_date_gmt>2015-05-05 10:00:00</wp:post_date_gmt>{item}</item>"
            )
        file.write("</channel></rss>")
    return export


def one_item_export(tmp_path, item, channel_extra=""):
    return export_file(tmp_path, item, channel_extra=channel_extra, name="one.xml")


def import_report(path, *options):
    report = StringIO()
    call_command("import_wordpress", str(path), *options, stdout=report, stderr=StringIO())
    return report.getvalue()


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


@pytest.mark.slow
def test_elements_beside_the_channel_are_not_kept_in_memory(tmp_path):
    export = tmp_path / "wide.xml"
    with export.open("w") as file:
        file.write(HEADER)
        file.write("<x/>" * 500_000)
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


# An import never takes an address the site uses.


def test_an_import_never_takes_the_old_address_of_a_renamed_article(tmp_path, owner, post_factory, client):
    mine = post_factory(title="Mine", slug="old-name")
    mine.slug = "new-name"
    mine.save()  # /blog/old-name/ now leads to /blog/new-name/
    report = import_report(
        one_item_export(tmp_path, "<title>Theirs</title><guid>x-10</guid><wp:post_name>old-name</wp:post_name>")
    )
    assert client.get("/blog/old-name/")["Location"] == "/blog/new-name/"
    theirs = Post.objects.get(title="Theirs")
    assert theirs.slug == "old-name-2"
    assert "“Theirs”: the address “old-name” is already used on this site, so it is now “old-name-2”" in report


def test_an_import_never_takes_the_old_address_of_a_renamed_page(tmp_path, owner, page_factory, client):
    fees = page_factory("Fees", slug="fees")
    fees.slug = "prices"
    fees.save()  # /fees/ now leads to /prices/
    report = import_report(
        one_item_export(
            tmp_path,
            "<title>Their fees</title><guid>x-11</guid><wp:post_name>fees</wp:post_name>"
            "<wp:post_type>page</wp:post_type>",
        )
    )
    assert client.get("/fees/")["Location"] == "/prices/"
    assert Page.objects.get(title="Their fees").slug == "fees-2"
    assert "the address “fees” is already used on this site, so it is now “fees-2”" in report


def test_an_old_address_that_is_an_address_of_this_site_is_left_alone(tmp_path, owner, draft, client):
    """A draft's address answers 404 until it is published: it must not lead to an imported article meanwhile."""
    address = draft.get_absolute_url()
    report = import_report(
        one_item_export(
            tmp_path,
            f"<title>Theirs</title><guid>x-12</guid><link>https://old.example.com{address}</link>"
            "<wp:post_name>theirs</wp:post_name>",
        )
    )
    assert not MovedPath.objects.filter(old_path=address).exists()
    assert client.get(address).status_code == 404
    assert f"its old address {address} is already an address of this site: left as it is" in report


# A hostile file cannot stall the worker or exhaust its memory.


def quickest_import(tmp_path, item, name, tries=2):
    """The shortest of a few imports of the item (each a new article): the machine may be busy with other work."""
    times = []
    for number in range(tries):
        export = export_file(tmp_path, f"<guid>{name}-{number}</guid>{item}", name=f"{name}-{number}.xml")
        started = time.perf_counter()
        report = import_report(export)
        times.append(time.perf_counter() - started)
    return min(times), report


def test_an_excerpt_made_to_be_slow_to_strip_takes_no_longer_for_being_longer(tmp_path, owner):
    """A run of unclosed "<": a tag pattern that scans to the end from each one takes time in its square."""
    short, _ = quickest_import(tmp_path, f"<title>Lt</title><excerpt:encoded>{'&lt;' * 20_000}</excerpt:encoded>", "a")
    long, report = quickest_import(
        tmp_path, f"<title>Lt</title><excerpt:encoded>{'&lt;' * 80_000}</excerpt:encoded>", "b"
    )
    assert long < 3 * short + 0.1
    assert "its excerpt is longer than 10,000 characters: it was cut" in report


def test_items_of_one_name_cost_the_same_number_of_queries_each(tmp_path, owner):
    """Each item must find its free address in a few look-ups, not one per "-2", "-3"… already given."""

    def queries_for(number_of_items, name):
        item = f"<title>Same</title><wp:post_name>{name}</wp:post_name><guid>{name}-"
        items = [f"{item}{number}</guid>" for number in range(number_of_items)]
        with CaptureQueriesContext(connection) as queries:
            import_report(export_file(tmp_path, *items, name=f"{name}.xml"))
        return len(queries)

    few, many = queries_for(20, "alpha"), queries_for(80, "beta")
    assert Post.objects.filter(slug="beta-80").exists()
    assert many < 4.5 * few


@pytest.mark.slow
def test_half_a_million_empty_elements_inside_one_item_are_read_in_bounded_memory(tmp_path):
    export = tmp_path / "crowded.xml"
    with export.open("w") as file:
        file.write(HEADER + "<channel><item><wp:post_type>post</wp:post_type>")
        file.write("<x/>" * 500_000)
        file.write("<title>Crowded</title></item></channel></rss>")
    tracemalloc.start()
    try:
        (item,) = ExportReader(str(export))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert item.title == "Crowded"
    assert peak < 5_000_000


@pytest.mark.parametrize(
    ("inside", "message"),
    [
        ("<!--" + "x" * 1_500_000 + "-->", "a single tag or comment more than a megabyte long"),
        ('<item a="' + "x" * 1_500_000 + '"/>', "a single tag or comment more than a megabyte long"),
        ("".join(f"<x{n}/>" for n in range(600)), "more kinds of element, or longer names for them"),
        ("<item/>" * 4, "more than 3 items"),
    ],
    ids=["huge-comment", "huge-attribute", "many-names", "many-items"],
)
def test_a_file_beyond_what_any_export_holds_is_refused(tmp_path, monkeypatch, inside, message):
    monkeypatch.setattr(wxr, "MAX_ITEMS", 3)
    export = tmp_path / "beyond.xml"
    export.write_text(HEADER + f"<channel><wp:wxr_version>1.2</wp:wxr_version>{inside}</channel></rss>")
    with pytest.raises(CommandError, match=message):
        run_import(export)
    assert nothing_was_imported()


def test_parts_too_long_for_any_export_are_cut_or_their_item_left_out_and_named(tmp_path, owner):
    report = import_report(
        export_file(
            tmp_path,
            f"<title>{'Long title ' * 500}</title><guid>x-20</guid>",
            f"<title>Odd one</title><guid>{'g' * 3_000}</guid>",
            "<title>Tagged</title><guid>x-21</guid>"
            + "".join(f'<category domain="category" nicename="t{n}">T{n}</category>' for n in range(150)),
        )
    )
    assert len(Post.objects.get(title__startswith="Long title").title) == 200
    assert "its title is longer than 200 characters: it was cut" in report
    assert "“Odd one”: its identifier is longer than any export writes (2,000 characters)" in report
    assert not Post.objects.filter(title="Odd one").exists()
    assert Post.objects.get(title="Tagged").topics.count() == 100
    assert "it has more than 100 categories and tags: only the first 100 were read" in report


def test_what_an_import_remembers_from_item_to_item_is_bounded(tmp_path, owner, monkeypatch):
    monkeypatch.setattr(importer, "MAX_REPORT_LINES", 2)
    monkeypatch.setattr(importer, "MAX_IMAGES", 3)
    monkeypatch.setattr(importer, "MAX_TOPICS", 2)
    items = [
        f"<title>Locked {n}</title><guid>x-3{n}</guid><wp:post_password>secret</wp:post_password>"
        f'<content:encoded><![CDATA[<img src="/{n}-a.jpg" alt=""><img src="/{n}-b.jpg" alt="">]]></content:encoded>'
        f'<category domain="category" nicename="topic-{n}">Topic {n}</category>'
        for n in range(4)
    ]
    report = import_report(export_file(tmp_path, *items))
    assert report.count("was protected by a password") == 2
    assert "  … and 2 more\n" in report
    assert report.count("Missing: /") == 2
    assert "Not brought over: 5 more places showing an image (an import brings at most 3 images)" in report
    assert Topic.objects.count() == 2
    assert "Categories and tags beyond the first 2 (not made into topics): 2" in report


def test_a_cancelled_import_stops_between_items_and_keeps_nothing(wxr_export, old_site_files):
    asked = []

    def should_stop():
        asked.append(Post.objects.count())
        return Post.objects.exists()  # the therapist pressed Cancel once the first article was saved

    importer = WordPressImporter(lambda: wxr_export("wordpress.xml"), media_dir=old_site_files, should_stop=should_stop)
    with pytest.raises(ImportCancelled):
        importer.run()
    assert asked[-1] == 1  # noticed at the next item
    assert nothing_was_imported()  # the article saved before, and the images stored, are gone


# Image downloads reach the address that was checked, and say nothing of what lies behind it.

PUBLIC = "93.184.215.14"


def image_export(tmp_path):
    return one_item_export(
        tmp_path,
        "<title>Pictured</title><guid>x-40</guid>"
        '<content:encoded><![CDATA[<img src="https://old.example.com/photo.jpg" alt="A photo">]]></content:encoded>',
    )


def fake_lookup(monkeypatch, *answers):
    """socket.getaddrinfo answering each look-up with the next address (the last one again after that)."""
    looked_up = []

    def getaddrinfo(host, port, *args, **kwargs):
        address = answers[min(len(looked_up), len(answers) - 1)]
        looked_up.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return looked_up


def test_an_image_download_connects_only_to_the_address_it_checked(tmp_path, owner, monkeypatch):
    """DNS rebinding: a public address for the check, 127.0.0.1 for anyone who looks the name up again."""
    looked_up = fake_lookup(monkeypatch, PUBLIC, "127.0.0.1")
    connected, handshakes = [], []
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: connected.append(address))

    def wrap_socket(context, sock, server_hostname=None, **kwargs):
        handshakes.append((server_hostname, context.check_hostname, context.verify_mode))
        raise ssl.SSLCertVerificationError("certificate verify failed")

    monkeypatch.setattr(ssl.SSLContext, "wrap_socket", wrap_socket)
    report = import_report(image_export(tmp_path), "--download-images")
    assert connected == [(PUBLIC, 443)]
    assert looked_up == ["old.example.com"]
    assert handshakes == [("old.example.com", True, ssl.CERT_REQUIRED)]
    assert "Missing: https://old.example.com/photo.jpg (could not be downloaded from the old site)" in report


def refused(sock, address):
    raise ConnectionRefusedError(111, "Connection refused")


def timed_out(sock, address):
    raise TimeoutError("timed out")


@pytest.mark.parametrize(
    ("address", "connect"),
    [(PUBLIC, refused), (PUBLIC, timed_out), ("10.0.0.7", refused), ("127.0.0.1", timed_out)],
    ids=["refused", "timeout", "private-network", "loopback"],
)
def test_every_unreachable_image_reads_the_same(tmp_path, owner, monkeypatch, address, connect):
    """The report must not tell an open port from a closed one, or a refused connection from a timeout."""
    fake_lookup(monkeypatch, address)
    monkeypatch.setattr(socket.socket, "connect", connect)
    report = import_report(image_export(tmp_path), "--download-images")
    assert "Missing: https://old.example.com/photo.jpg (could not be downloaded from the old site)\n" in report


# Articles are credited to an account here only by its email.


def test_an_author_is_not_matched_to_an_account_by_name(tmp_path, owner, django_user_model):
    dana = django_user_model.objects.create_user("dana", email="dana@practice.test", is_staff=True)
    AuthorProfile.objects.create(user=dana, display_name="Dana Whitfield")
    export = one_item_export(
        tmp_path,
        "<title>Theirs</title><guid>x-50</guid><dc:creator>dana</dc:creator>",
        channel_extra="<wp:author><wp:author_login>dana</wp:author_login><wp:author_email>dana@elsewhere.example"
        "</wp:author_email><wp:author_display_name>Dana Whitfield</wp:author_display_name></wp:author>",
    )
    report = import_report(export)
    credited = Post.objects.get(title="Theirs").author
    assert credited != dana and not credited.is_active and not credited.has_usable_password()
    assert "Dana Whitfield: a name for the byline only, with no sign-in" in report


def test_an_author_is_not_matched_to_an_account_by_login(tmp_path, owner, django_user_model):
    """An account someone named "imported-…" is theirs, not a byline an earlier import made."""
    own = django_user_model.objects.create_user("imported-dana", password="x", is_staff=True)
    export = one_item_export(
        tmp_path,
        "<title>Theirs</title><guid>x-51</guid><dc:creator>dana</dc:creator>",
        channel_extra="<wp:author><wp:author_login>dana</wp:author_login><wp:author_email>dana@elsewhere.example"
        "</wp:author_email><wp:author_display_name>Someone</wp:author_display_name></wp:author>",
    )
    import_report(export)
    credited = Post.objects.get(title="Theirs").author
    assert credited != own and not credited.is_active
    own.refresh_from_db()
    assert not hasattr(own, "author_profile")
    accounts = django_user_model.objects.count()
    import_report(export)  # again: the same byline, no new account
    assert Post.objects.get(title="Theirs").author == credited
    assert django_user_model.objects.count() == accounts
