"""README.md is the front page: its relative links reach the files they name."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def test_readme_relative_links_exist() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = {m.group(1) for m in LINK.finditer(text) if "://" not in m.group(1)}
    assert "docs/index.md" in targets
    missing = sorted(target for target in targets if not (ROOT / target).exists())
    assert missing == [], f"README.md links to files that do not exist: {missing}"


def test_every_docs_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(page.name for page in (ROOT / "docs").glob("*.md"))
    assert [page for page in pages if f": {page}" not in nav] == []
