"""CKEditor 4 is past its end of life: publish none of its extras, keep it to the sanitiser's allow-list,
and say so when the editor served is older than the operator asked for."""

import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders as django_finders
from django.core.management import call_command

from core.editor import WHILE_UPLOADING, WRITTEN_ON_SAVE, EditorWidget, check_editor_version
from core.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html
from core.static_files import is_published
from tests.support import read_setting

pytestmark = pytest.mark.django_db

PLUGINS = "ckeditor/ckeditor/plugins"
# Shipped with django-ckeditor, used by nothing on this site.
UNPUBLISHED = [
    f"{PLUGINS}/codesnippetgeshi/plugin.js",
    f"{PLUGINS}/exportpdf/tests/manual/integration.html",
    f"{PLUGINS}/exportpdf/tests/_helpers/tools.js",
    "ckeditor/ckeditor/README.md",
]
# What an operator's CKEditor 4 LTS build holds besides the editor (its samples come with every download).
LTS_EXTRAS = ["samples/index.html", "samples/old/ajax.html", "plugins/codesnippetgeshi/lib/colorize.php"]
# A plausible value for each attribute the editor allows, to send through the sanitiser.
VALUES = {
    "href": "https://example.org/",
    "title": "A title",
    "src": "/media/uploads/calm.png",
    "alt": "Calm water",
    "width": "640",
    "height": "480",
    "data-decorative": "true",
}


def editor_build(folder, version, extras=()):
    """A CKEditor build as its download unpacks: ckeditor.js naming its version, and whatever else it ships."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ckeditor.js").write_text(f'window.CKEDITOR||(window.CKEDITOR={{version:"{version}",rev:"0"}});')
    for name in extras:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("<script>alert(document.domain)</script>")
    return folder


@pytest.fixture
def installed_build(settings, tmp_path):
    """Install a build the way DJANGO_CKEDITOR_BUILD_DIR does: its folder served as ckeditor/ckeditor/."""

    def install(version, extras=()):
        build = editor_build(tmp_path / f"ckeditor-{version}", version, extras)
        settings.STATICFILES_DIRS = [("ckeditor/ckeditor", str(build)), *settings.STATICFILES_DIRS]
        return build

    return install


def collected_files(settings, folder):
    settings.STATIC_ROOT = folder
    call_command("collectstatic", interactive=False, verbosity=0)
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def editor_config():
    """The editor's configuration as the admin page hands it to CKEditor."""
    textarea = EditorWidget().render("body", "")
    return json.loads(html.unescape(re.search(r'data-config="([^"]*)"', textarea)[1]))


def allowed_content_rules(config):
    """{tag: attributes} from CKEditor's allowedContent string ("p h2; a[!href,title]")."""
    rules = {}
    for rule in config["allowedContent"].split(";"):
        tags, _, attributes = rule.strip().partition("[")
        names = {name.lstrip("!") for name in attributes.rstrip("]").split(",") if name}
        for tag in tags.split():
            rules[tag] = names
    return rules


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = {}

    def handle_starttag(self, tag, attrs):
        self.found[tag] = {name for name, _ in attrs}


def test_collectstatic_publishes_none_of_the_editors_samples_tests_or_geshi_plugin(settings, tmp_path):
    collected = collected_files(settings, tmp_path)
    assert "ckeditor/ckeditor/ckeditor.js" in collected
    for path in UNPUBLISHED:
        assert django_finders.AppDirectoriesFinder().find(path), f"django-ckeditor no longer ships {path}"
        assert path not in collected
    assert [path for path in collected if not is_published(path)] == []
    assert [path for path in collected if "codesnippetgeshi" in path or "/tests/" in path] == []


@pytest.mark.parametrize("path", UNPUBLISHED)
def test_with_debug_on_whitenoise_serves_none_of_them(client, settings, tmp_path, path):
    settings.DEBUG = True
    settings.STATIC_ROOT = tmp_path  # nothing an older `collectstatic` left behind
    assert client.get("/static/ckeditor/ckeditor/ckeditor.js").status_code == 200
    assert client.get(f"/static/{path}").status_code == 404


def test_an_operators_build_replaces_the_bundled_editor_without_its_samples(
    client, settings, tmp_path, installed_build
):
    build = installed_build("4.25.1-lts", extras=LTS_EXTRAS)
    collected = collected_files(settings, tmp_path / "static")
    assert (tmp_path / "static" / "ckeditor/ckeditor/ckeditor.js").read_text() == (build / "ckeditor.js").read_text()
    assert [name for name in LTS_EXTRAS if f"ckeditor/ckeditor/{name}" in collected] == []
    for name in LTS_EXTRAS:
        assert client.get(f"/static/ckeditor/ckeditor/{name}").status_code == 404


def test_the_build_folder_is_read_from_the_environment(tmp_path):
    build = editor_build(tmp_path / "ckeditor", "4.25.1-lts")
    result = read_setting(
        "__import__('core.editor').editor.served_editor_version()",
        DJANGO_DEBUG="1",
        DJANGO_CKEDITOR_BUILD_DIR=str(build),
    )
    assert result.stdout.strip() == "4.25.1", result.stderr


def test_the_editor_is_never_in_full_page_mode(editor_config):
    """In full-page mode the editor would write a whole document: <html>, <head>, <meta>, <style>."""
    assert editor_config["fullPage"] is False
    assert "docprops" in editor_config["removePlugins"].split(",")
    assert "DocProps" not in json.dumps(editor_config["toolbar_Practice"])


def test_the_editor_allows_every_tag_the_server_keeps_and_no_other(editor_config):
    assert set(allowed_content_rules(editor_config)) == ALLOWED_TAGS
    assert editor_config["disallowedContent"] == "*{*}", "no inline styles"


def test_the_server_keeps_every_attribute_the_editor_allows_but_the_upload_marker(editor_config):
    for tag, attributes in allowed_content_rules(editor_config).items():
        kept = attributes - WHILE_UPLOADING.get(tag, set())
        written = " ".join(f'{name}="{VALUES[name]}"' for name in sorted(kept))
        parser = _Elements()
        parser.feed(sanitize_html(f"<{tag} {written}>Text</{tag}>"))
        assert tag in parser.found, f"the server drops <{tag}>"
        assert kept <= parser.found[tag], f"the server drops {kept - parser.found[tag]} from <{tag}>"


def test_the_editor_allows_every_attribute_the_server_keeps_but_those_written_on_save(editor_config):
    rules = allowed_content_rules(editor_config)
    for tag in ALLOWED_TAGS:
        kept_by_the_server = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        assert kept_by_the_server - rules[tag] == WRITTEN_ON_SAVE.get(tag, set()), tag


@pytest.mark.parametrize(
    ("version", "minimum", "warned"),
    [
        ("4.21.0", "4.22.1", True),
        ("4.22.1", "4.22.1", False),
        ("4.25.1-lts", "4.22.1", False),
        ("4.22.1", "4.25.1", True),
        ("4.25.1-lts", "4.25.1", False),
    ],
)
def test_check_deploy_warns_when_the_editor_served_is_older_than_the_minimum(
    settings, installed_build, version, minimum, warned
):
    installed_build(version)
    settings.CKEDITOR_MINIMUM_VERSION = minimum
    warnings = check_editor_version(None)
    assert [warning.id for warning in warnings] == (["core.W002"] if warned else [])
    if warned:
        assert version.removesuffix("-lts") in warnings[0].msg


def test_check_deploy_warns_when_the_editors_version_cannot_be_read(settings, installed_build):
    build = installed_build("4.25.1")
    (build / "ckeditor.js").write_text("/* not CKEditor */")
    assert [warning.id for warning in check_editor_version(None)] == ["core.W001"]


def test_the_bundled_editor_meets_the_default_minimum():
    """`check --deploy` stays clean with django-ckeditor's own build (tests/test_security_headers.py runs it)."""
    assert check_editor_version(None) == []
