"""HTTP transports: :class:`AiohttpTransport` (the default) and :class:`MockTransport`."""

from numbering_async.transports.aiohttp import AiohttpTransport
from numbering_async.transports.mock import MockResponse, MockTransport

__all__ = ["AiohttpTransport", "MockResponse", "MockTransport"]
