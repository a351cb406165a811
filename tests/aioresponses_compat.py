"""aioresponses on aiohttp >= 3.14.

aiohttp 3.14 (a security release) added a required ``stream_writer`` argument to
``ClientResponse``; aioresponses 0.7.9 does not pass it yet (pnuckowski/aioresponses#289). The
fixture below hands aioresponses a response class that fills it in, so tests can drive the real
``AiohttpTransport`` code path without sockets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest.mock import Mock

import aiohttp
import aioresponses.core
import pytest
from aioresponses import aioresponses as _aioresponses


class CompatClientResponse(aiohttp.ClientResponse):
    """``ClientResponse`` that tolerates aioresponses' missing ``stream_writer``."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", Mock(output_size=0))
        super().__init__(method, url, **kwargs)


@pytest.fixture
def mock_aiohttp(monkeypatch: pytest.MonkeyPatch) -> Iterator[_aioresponses]:
    """An active ``aioresponses`` mock that works with the installed aiohttp."""
    monkeypatch.setattr(aioresponses.core, "ClientResponse", CompatClientResponse)
    with _aioresponses() as mocked:
        yield mocked
