"""Shared test configuration."""

import pytest

from tests.aioresponses_compat import mock_aiohttp

__all__ = ["mock_aiohttp"]


@pytest.fixture(autouse=True)
def _no_base_url_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients read ``$TELNYX_BASE_URL`` / ``$INUMBERING_BASE_URL``: one exported in the shell
    must not point the suite's clients elsewhere (tests that want one set it themselves)."""
    monkeypatch.delenv("TELNYX_BASE_URL", raising=False)
    monkeypatch.delenv("INUMBERING_BASE_URL", raising=False)
