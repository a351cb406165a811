"""MkDocs hook: the docstrings' Sphinx roles (:class:`~a.B`) rendered as plain code (B)."""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|meth|func|attr|mod|exc|data|obj|const):<code>(~?)([^<]*)</code>")


def _code(match: re.Match[str]) -> str:
    tilde, target = match.groups()
    return f"<code>{target.rsplit('.', 1)[-1] if tilde else target}</code>"


def on_page_content(html: str, **_: Any) -> str:
    """Strip the role prefix the Markdown renderer leaves in front of each target."""
    return _ROLE.sub(_code, html)
