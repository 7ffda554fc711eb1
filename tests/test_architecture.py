"""The layout's rules (docs/architecture.md): imports run one way, migrations carry their own code."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = {"core", "blog", "pages", "contact", "subscriptions", "importing"}
MAY_IMPORT = {
    "core": set(),
    "blog": {"core"},
    "pages": {"core", "blog"},
    "contact": {"core", "blog", "pages"},
    "subscriptions": {"core", "blog", "pages"},
    "importing": {"core", "blog", "pages", "contact", "subscriptions"},
}


def imported_apps(path):
    """Our apps a module imports, each with the line that does it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [(name.split(".")[0], node.lineno, isinstance(node, ast.ImportFrom)) for name in names]
    return [(app, line, is_from) for app, line, is_from in found if app in OUR_APPS]


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_imports_run_one_way(app):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for imported, line, _ in imported_apps(path):
            assert imported == app or imported in MAY_IMPORT[app], f"{path.relative_to(ROOT)}:{line} imports {imported}"


def test_migrations_import_no_live_code():
    """A data migration carries its own copy of what it needs; a validator referenced by its path is fine."""
    for path in ROOT.glob("*/migrations/0*.py"):
        for imported, line, is_from in imported_apps(path):
            assert not is_from, f"{path.relative_to(ROOT)}:{line} imports code from {imported}"


TEMPLATES = ROOT / "templates"
# What a template can name of an app: a URL in its namespace, a template in its folder, a tag library
# in its templatetags, and (pages) the `practice` its context processor provides.
_URL = re.compile(r"""{%\s*url\s+["']([\w-]+):""")
_INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
_LOAD = re.compile(r"{%\s*load\s+([^%]+)%}")
_PRACTICE = re.compile(r"(?:{{|{%)[^}%]*\bpractice\.\w")


def named_apps(text):
    """(app, what) for each of our apps a template's text names directly."""
    from django.template import engines

    libraries = engines["django"].engine.libraries  # name → module path
    found = [(namespace, f"the URL namespace {namespace}") for namespace in _URL.findall(text)]
    found += [(name.split("/")[0], f"the template {name}") for name in _INCLUDE.findall(text)]
    found += [
        (libraries[library].split(".")[0], f"the tags {library}")
        for loaded in _LOAD.findall(text)
        for library in loaded.split()
    ]
    found += [("pages", "the practice (pages' context)")] * bool(_PRACTICE.search(text))
    return [(app, what) for app, what in found if app in OUR_APPS]


def reached(template_name, seen=None):
    """The template and every shared include (templates/includes/) it pulls in, followed all the way."""
    seen = set() if seen is None else seen
    if template_name in seen or not (TEMPLATES / template_name).is_file():
        return seen
    seen.add(template_name)
    for included in _INCLUDE.findall((TEMPLATES / template_name).read_text()):
        if included.startswith("includes/"):
            reached(included, seen)
    return seen


@pytest.mark.parametrize("app", sorted(OUR_APPS - {"core"}))
def test_templates_name_nothing_of_the_apps_above_their_own(app):
    """A lower app leaves a slot (core.slots) that a higher one fills; it never names the higher one."""
    for template in sorted((TEMPLATES / app).rglob("*.html")):
        for name in sorted(reached(template.relative_to(TEMPLATES).as_posix())):
            for named, what in named_apps((TEMPLATES / name).read_text()):
                where = f"{template.relative_to(TEMPLATES)} (via {name})"
                assert named == app or named in MAY_IMPORT[app], f"{where} names {what}"


def test_the_template_rule_is_checked_by_following_includes():
    assert "includes/subscribe_form.html" not in reached("blog/post_detail.html")
    assert "includes/post_card.html" in reached("blog/post_list.html")
    assert ("subscriptions", "the URL namespace subscriptions") in named_apps(
        (TEMPLATES / "includes/subscribe_form.html").read_text()
    )


def test_the_practice_profile_holds_the_practice_not_every_setting():
    """Request retention (contact), the subscribe form's wording (subscriptions), fees and crisis lines have
    models of their own; the profile keeps who the practice is and how to reach it."""
    from pages.models import PracticeProfile

    fields = [field.name for field in PracticeProfile._meta.concrete_fields if not field.primary_key]
    assert len(fields) <= 25, fields


def test_the_import_knows_its_kinds_of_item_without_being_told_at_start_up():
    """No app below registers with the import: it names the articles and pages it makes, read-only."""
    from importing.kinds import ITEM_KINDS

    assert set(ITEM_KINDS) == {"post", "page"}
    with pytest.raises(TypeError):
        ITEM_KINDS["product"] = ITEM_KINDS["post"]
    for app in OUR_APPS - {"importing"}:
        for path in (ROOT / app).rglob("*.py"):
            assert "importing" not in {imported for imported, _, _ in imported_apps(path)}, path


def test_every_admin_template_override_names_a_model_that_exists():
    """Django finds admin/<app>/<model>/change_list.html by the model's app: one left behind after a model
    moved is silently never used."""
    from django.apps import apps

    for folder in sorted((TEMPLATES / "admin").glob("*/*/")):
        if folder.parent.name in OUR_APPS:
            assert apps.get_model(folder.parent.name, folder.name), folder
