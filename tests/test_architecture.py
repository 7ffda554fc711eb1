"""The layout's rules (docs/architecture.md): imports run one way, migrations carry their own code."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = {"core", "blog", "pages", "contact", "subscriptions"}
MAY_IMPORT = {
    "core": set(),
    "blog": {"core"},
    "pages": {"core", "blog"},
    "contact": {"core", "blog", "pages"},
    "subscriptions": {"core", "blog", "pages"},
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


def test_blog_templates_load_no_tags_of_pages():
    from django.template import engines

    libraries = engines["django"].engine.libraries  # name → module path
    for template in (ROOT / "templates" / "blog").glob("*.html"):
        for loaded in re.findall(r"{%\s*load ([^%]+)%}", template.read_text()):
            for library in loaded.split():
                assert not libraries[library].startswith("pages."), f"{template.name} loads {library}"
