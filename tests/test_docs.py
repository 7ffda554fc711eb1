"""Documentation a newcomer can trust: a short README, links that lead somewhere, every setting described."""

import re
from pathlib import Path

import pytest

from bench import report

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#]+)(#[^)]*)?\)")


def test_the_readme_stays_short():
    assert len((ROOT / "README.md").read_bytes()) <= 12_000


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_link_between_documents_leads_to_a_file(document):
    for target, _ in LINK.findall(document.read_text()):
        if not target.startswith(("http://", "https://", "mailto:")):
            assert (document.parent / target).exists(), f"{document.name} links to {target}"


def test_every_setting_read_from_the_environment_is_in_the_readmes_table():
    settings = (ROOT / "practice_site" / "settings.py").read_text() + (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    variables = set(re.findall(r"""(?:environ\.get|env_flag|env_list)\(\s*["']([A-Z_]+)["']""", settings))
    table = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    assert variables - {"REDIS_URL"}, "settings read variables"
    assert [name for name in sorted(variables) if f"`{name}`" not in table] == []


def test_the_performance_page_is_what_the_benchmarks_wrote(tmp_path, monkeypatch):
    """docs/performance.md is rewritten by make bench from bench/results/: never edited by hand, never stale."""
    monkeypatch.setattr(report, "DOCUMENT", tmp_path / "performance.md")
    report.write_document()
    assert (tmp_path / "performance.md").read_text() == (ROOT / "docs" / "performance.md").read_text()
