"""Nothing lost: export_site then import_site into an empty site restores every app's rows, fields and files."""

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from blog.models import AuthorProfile, Post, Topic
from contact.models import ConsultationRequest, InboxSettings
from core.backup import LEFT_OUT, backed_up_models
from core.media import stored_files
from importing.models import ImportedImage, ImportedItem
from insights.models import MonthlyPageViews, PageViews, RequestsAfterArticle, SearchTerm
from pages.models import FeesAndInsurance, License, Page, PracticeProfile, Service, Specialty
from subscriptions.models import Delivery, Mailing, Subscriber, SubscriptionSettings
from tests.support import image_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
MODELS = backed_up_models(include_personal=True)


@pytest.fixture
def full_site(post_factory, author):
    inline = default_storage.save("uploads/2026/11/22/inline.png", ContentFile(image_bytes()))
    anxiety = Topic.objects.create(name="Anxiety", slug="anxiety")
    sleep = Topic.objects.create(name="Sleep", slug="sleep")
    pictured = post_factory(
        title="With a picture",
        body=f'<h2>Start</h2><p><img src="/media/{inline}" alt="Inline"></p>',
        excerpt="A hand-written excerpt.",
        meta_description="For search engines.",
        featured_image=ContentFile(image_bytes((1200, 800), "JPEG"), name="lake.jpg"),
        featured_image_alt="A quiet lake",
    )
    pictured.topics.add(anxiety, sleep)
    post_factory(title="A draft", status=Post.Status.DRAFT)
    post_factory(title="Scheduled", published_at=timezone.now() + timedelta(days=2))
    renamed = post_factory(title="Renamed", slug="old-address")
    renamed.slug = "new-address"
    renamed.save()
    profile = PracticeProfile(
        practice_name="Quiet Room",
        email="dana@quietroom.example",
        portrait=ContentFile(image_bytes((900, 900), "JPEG"), name="dana.jpg"),
        portrait_alt="Dana smiling",
        availability="waitlist",
        referral_note="<p>Dr. Lee.</p>",
    )
    profile.save()
    FeesAndInsurance.objects.filter(profile=profile).update(insurance_plans="Aetna\nCigna")
    License.objects.create(profile=profile, kind="LCSW", jurisdiction="New York", number="1", order=1)
    Specialty.objects.create(profile=profile, name="Anxiety", topic=anxiety, order=1)
    AuthorProfile.objects.create(
        user=author,
        display_name="Dana W.",
        bio="Two sentences.",
        portrait=ContentFile(image_bytes((300, 300), "JPEG"), name="dana-author.jpg"),
        portrait_alt="Dana",
    )
    Service.objects.create(title="Couples therapy", slug="couples", excerpt="Together.", body="<p>Sessions.</p>")
    Page.objects.create(title="Fees", slug="fees", body="<p>$150.</p>", show_in_navigation=True)
    ConsultationRequest.objects.create(name="Alex", email="alex@example.com", message="Evenings, please.")
    InboxSettings(keep_requests_days=200, keep_closed_requests_days=30).save()
    SubscriptionSettings(subscribe_heading="Letters", email_whole_article=True).save()
    reader = Subscriber.objects.create(email="reader@example.com", confirmed_at=timezone.now())
    mailing = Mailing.objects.create(post=pictured, started_at=timezone.now(), recipient_count=1)
    Delivery.objects.create(mailing=mailing, subscriber=reader, status=Delivery.Status.SENT, claimed_by="worker-1")
    ImportedItem.objects.create(item_key="old.example#id:7", guid="https://old.example/?p=7", target=renamed)
    ImportedImage.objects.create(source="https://old.example/wp-content/uploads/a.png", name=inline)
    PageViews.objects.create(day=date(2026, 3, 2), path="/blog/", source="google.com", views=12)
    MonthlyPageViews.objects.create(month=date(2024, 11, 1), path="/", source="direct", views=300)
    SearchTerm.objects.create(week=date(2026, 3, 2), term="sleep", searches=6)
    RequestsAfterArticle.objects.create(day=date(2026, 3, 2), path="/blog/with-a-picture/", requests=1)


def _plain(value):
    return value.name if isinstance(value, FieldFile) else value


def snapshot():
    """Every row of every model a backup keeps, field by field (timestamps too), and every stored file."""
    rows = {
        model._meta.label: [
            {field.attname: _plain(getattr(obj, field.attname)) for field in model._meta.concrete_fields}
            | {field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True)) for field in many_to_many}
            for obj in model._default_manager.order_by("pk")
        ]
        for model in MODELS
        for many_to_many in [model._meta.many_to_many]
    }
    for post in rows["blog.Post"]:
        post.pop("search_vector", None)  # derived: computed again on restore
    files = {name: default_storage.open(name).read() for name in stored_files()}
    return rows, files


def empty_the_site():
    for model in reversed(MODELS):
        model._default_manager.all().delete()
    for name in list(stored_files()):
        default_storage.delete(name)
    assert list(stored_files()) == []


def test_every_model_of_every_app_is_backed_up_or_says_why_not():
    our_apps = [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
    assert {config.label for config in our_apps} >= {"core", "blog", "pages", "contact", "subscriptions", "importing"}
    ours = [model for config in our_apps for model in config.get_models()]
    missing = [model._meta.label for model in ours if model not in MODELS and model not in LEFT_OUT]
    assert missing == [], "register each with core.backup.register_backup (or leave_out_of_backups, saying why)"


def test_every_row_field_and_file_of_every_app_survives_the_round_trip(full_site, tmp_path, author):
    before = snapshot()
    assert all(before[0][model._meta.label] for model in MODELS), "the test site has a row of each kept model"
    call_command("export_site", str(tmp_path / "backup"), "--include-personal")
    empty_the_site()

    call_command("import_site", str(tmp_path / "backup"))

    rows, files = snapshot()
    assert rows == before[0]
    assert files.keys() == before[1].keys()
    assert files == before[1]


def test_the_restored_site_works_and_accepts_new_content(full_site, tmp_path, client, post_factory):
    call_command("export_site", str(tmp_path / "backup"))
    empty_the_site()
    call_command("import_site", str(tmp_path / "backup"))

    post = Post.objects.get(title="With a picture")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "With a picture" in page and "Anxiety" in page
    assert client.get("/blog/old-address/").status_code == 301
    assert client.get(f"/media/{post.featured_image_renditions['renditions'][0]['webp']}").status_code == 200
    assert client.get("/blog/search/", {"q": "picture"}).content.decode().count("With a picture") >= 1
    assert post_factory(title="Written after the move").pk > post.pk


def test_requests_and_subscribers_stay_out_unless_asked_for(full_site, tmp_path):
    call_command("export_site", str(tmp_path / "backup"))
    content = (tmp_path / "backup" / "content.json").read_text()
    assert "Evenings, please" not in content and "reader@example.com" not in content
    assert '"subscriptions.mailing"' in content, "which articles were emailed is not personal"


def test_an_export_made_before_the_import_records_moved_to_their_own_app_restores_them(export):
    def as_written_before_the_move(records):
        for record in records:
            record["model"] = record["model"].replace("importing.", "blog.")

    edit_content(export, as_written_before_the_move)
    call_command("import_site", str(export))
    assert ImportedItem.objects.get().item_key == "old.example#id:7"
    assert ImportedImage.objects.exists()


def test_an_export_made_before_a_services_is_active_was_named_is_published_restores_it(export):
    def as_written_before_the_rename(records):
        for record in records:
            if record["model"] == "pages.service":
                record["fields"]["is_active"] = record["fields"].pop("is_published")

    edit_content(export, as_written_before_the_rename)
    call_command("import_site", str(export))
    assert Service.objects.filter(is_published=True).exists()


def test_import_refuses_a_site_that_already_has_content(full_site, tmp_path):
    call_command("export_site", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="already has"):
        call_command("import_site", str(tmp_path / "backup"))
    assert Post.objects.count() == 4


def test_import_refuses_a_folder_that_is_not_an_export(tmp_path):
    with pytest.raises(CommandError, match="not a site export"):
        call_command("import_site", str(tmp_path))


# An export is untrusted input: each of these was crafted by an attacker's test.


@pytest.fixture
def export(full_site, tmp_path):
    """A fresh export of the full site, and an empty site to import it into; edit its files to attack."""
    folder = tmp_path / "backup"
    call_command("export_site", str(folder))
    empty_the_site()
    return folder


def edit_content(folder, change):
    records = json.loads((folder / "content.json").read_text())
    change(records)
    (folder / "content.json").write_text(json.dumps(records))


def record_of(records, model):
    return next(record for record in records if record["model"] == model)


def assert_refused(folder, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_site", str(folder))
    assert not Post.objects.exists()
    assert list(stored_files()) == [], "nothing is copied before everything is checked"


def test_an_export_cannot_create_accounts(export, django_user_model):
    def add_superuser(records):
        records.append(
            {
                "model": "auth.user",
                "fields": {"username": "mallory", "password": "pbkdf2_sha256$1$x$y", "is_superuser": True},
            }
        )

    edit_content(export, add_superuser)
    assert_refused(export, "holds a auth.user record")
    assert not django_user_model.objects.filter(username="mallory").exists()


def test_authors_come_back_as_names_never_with_rights_or_passwords(export, django_user_model):
    manifest = json.loads((export / "manifest.json").read_text())
    manifest["authors"] = [
        {**manifest["authors"][0], "is_superuser": True, "is_staff": True, "password": "pbkdf2_sha256$1$x$y"}
    ]
    (export / "manifest.json").write_text(json.dumps(manifest))
    django_user_model.objects.all().delete()
    call_command("import_site", str(export))
    author = django_user_model.objects.get(username=manifest["authors"][0]["username"])
    assert (author.is_superuser, author.is_staff, author.has_usable_password()) == (False, False, False)
    assert author.first_name == "Dana"


def test_every_imported_body_is_sanitised(export, client):
    def add_script(records):
        post = record_of(records, "blog.post")
        post["fields"]["body"] += '<script src="/media/uploads/evil.js"></script><img src=x onerror=alert(1)>'

    edit_content(export, add_script)
    call_command("import_site", str(export))
    for post in Post.objects.all():
        assert "<script" not in post.body and "onerror" not in post.body


def test_a_link_in_the_media_folder_is_refused(export):
    (export / "media" / "uploads" / "passwd.png").symlink_to("/etc/passwd")
    assert_refused(export, "is a link")


def test_a_linked_folder_is_refused(export, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (export / "media" / "outside").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert_refused(export, "is a link")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("uploads/evil.html", b"<script>alert(1)</script>", "only JPEG, PNG and WebP"),
        ("uploads/evil.png", b"<script>alert(1)</script>", "not a readable image"),
        ("uploads/gif.png", image_bytes((4, 4), "GIF"), "is a GIF image under another name"),
    ],
)
def test_media_files_must_be_real_images(export, name, data, message):
    (export / "media" / name).parent.mkdir(parents=True, exist_ok=True)
    (export / "media" / name).write_bytes(data)
    assert_refused(export, message)


@pytest.mark.parametrize(
    "name", ["../../../../etc/passwd", "/etc/passwd", "https://evil.example/x.jpg", "featured/not-exported.jpg"]
)
def test_an_image_name_outside_the_exported_files_is_refused(export, name):
    edit_content(export, lambda records: record_of(records, "blog.post")["fields"].update(featured_image=name))
    assert_refused(export, "which is not a file in the export")


def test_a_rendition_outside_the_exported_files_is_refused(export):
    def point_outside(records):
        fields = next(r for r in records if r["model"] == "blog.post" and r["fields"]["featured_image"])["fields"]
        fields["featured_image_renditions"]["renditions"][0]["webp"] = "../../settings.py"

    edit_content(export, point_outside)
    assert_refused(export, "not a file in the export")


def test_a_truncated_export_changes_nothing_and_says_where(export):
    content = (export / "content.json").read_text()
    (export / "content.json").write_text(content[: len(content) // 2])
    assert_refused(export, r"content.json is damaged or incomplete: .* at line \d+")


def test_an_invalid_value_is_named(export):
    edit_content(
        export, lambda records: record_of(records, "pages.practiceprofile")["fields"].update(booking_url="javascript:x")
    )
    assert_refused(export, "pages.PracticeProfile 1 is not valid — booking_url: Enter a valid URL.")


def test_the_command_fails_with_one_line_not_a_traceback(export):
    (export / "content.json").write_text("[{")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_site", str(export)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "CommandError: content.json is damaged or incomplete: Expecting property name enclosed in double quotes "
        "at line 1."
    ]


def test_a_moved_address_can_only_lead_to_an_imported_item_at_its_own_address(export, client):
    """Crafted: a redirect to another site, or to an account (which has no public address)."""

    def point_elsewhere(records):
        moved = record_of(records, "core.movedpath")
        moved["fields"]["new_path"] = "//evil.example/"

    edit_content(export, point_elsewhere)
    call_command("import_site", str(export))
    assert client.get("/blog/old-address/")["Location"] == "/blog/new-address/"


def test_a_moved_address_leading_to_an_account_is_refused(export):
    def point_at_a_user(records):
        record_of(records, "core.movedpath")["fields"]["target_type"] = ["auth", "user"]

    edit_content(export, point_at_a_user)
    assert_refused(export, "does not lead to an imported item")


@pytest.mark.parametrize(
    "renditions",
    [
        {"width": 10, "height": 10, "renditions": [{"webp": "a.webp", "fallback": "a.jpg"}]},
        {"renditions": []},
        {"width": "10", "height": 10, "renditions": []},
        ["not", "a", "record"],
    ],
)
def test_renditions_must_have_the_shape_pages_need(export, renditions):
    def break_renditions(records):
        post = next(r for r in records if r["model"] == "blog.post" and r["fields"]["featured_image"])
        post["fields"]["featured_image_renditions"] = renditions

    edit_content(export, break_renditions)
    assert_refused(export, "featured_image")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda records: record_of(records, "blog.post")["fields"].update(topics=[999]), "does not hold"),
        (lambda records: records.append(dict(record_of(records, "blog.post"), pk=900)), "already exists"),
        (lambda records: records.append(record_of(records, "blog.post")), r"holds blog.post \d+ twice"),
        (lambda records: records.append(dict(record_of(records, "pages.practiceprofile"), pk=2)), "more than one"),
        (
            lambda records: record_of(records, "blog.post")["fields"].update(body='<img src="/media/../../x" alt="">'),
            None,
        ),
    ],
    ids=["missing-topic", "duplicate-slug", "duplicate-record", "second-profile", "climbing-image-path"],
)
def test_inconsistent_content_is_named_in_one_line(export, change, message):
    edit_content(export, change)
    if message is None:
        call_command("import_site", str(export))
    else:
        assert_refused(export, message)


def test_only_images_are_exported(full_site, tmp_path):
    """A file left by an older version is neither served nor imported: the export leaves it behind."""
    default_storage.save("uploads/evil.html", ContentFile(b"<script>alert(1)</script>"))
    call_command("export_site", str(tmp_path / "backup"))
    assert not (tmp_path / "backup" / "media" / "uploads" / "evil.html").exists()
    empty_the_site()
    call_command("import_site", str(tmp_path / "backup"))


def test_a_file_already_stored_with_other_content_stops_the_import_and_nothing_is_replaced(export):
    name = next(path.relative_to(export / "media").as_posix() for path in (export / "media").rglob("*.jpg"))
    default_storage.save(name, ContentFile(image_bytes((10, 10), "JPEG")))
    before = default_storage.open(name).read()
    with pytest.raises(CommandError, match="is already stored on this site with other content"):
        call_command("import_site", str(export))
    assert default_storage.open(name).read() == before
    assert not Post.objects.exists()


def test_a_file_already_stored_with_the_same_content_is_kept_and_survives_a_failed_import(export):
    name = next(path.relative_to(export / "media").as_posix() for path in (export / "media").rglob("*.jpg"))
    default_storage.save(name, ContentFile((export / "media" / name).read_bytes()))
    edit_content(export, lambda records: record_of(records, "blog.post")["fields"].update(topics=[999]))
    with pytest.raises(CommandError):
        call_command("import_site", str(export))
    assert default_storage.exists(name), "a failed import removes only the files it copied"
