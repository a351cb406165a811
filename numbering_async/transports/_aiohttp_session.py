"""What :class:`~numbering_async.AiohttpTransport` does about a caller's ``ClientSession``.

Each setting of a session is overridden on every request (:func:`request_options`), refused
when the transport is built (:func:`check_session`), or harmless; the rule for each is written
in the transport's docstring. The transport's own session is built with those settings
(:func:`own_session`), so its requests override only what a session cannot set
(:data:`OWN_REQUEST_OPTIONS`).
"""

from __future__ import annotations

import asyncio
import functools
import ssl
from typing import Any

import aiohttp

from numbering_async.errors import InvalidRequestError

__all__ = [
    "OWN_REQUEST_OPTIONS",
    "check_session",
    "own_session",
    "request_options",
    "session_loop",
    "verifying_context",
]

_PARSER_LIMIT = 8190
"""aiohttp's default longest status/header line and header field, used for every session."""


def verifying_context(context: ssl.SSLContext | None) -> ssl.SSLContext:
    """The context every request is sent with: ``context`` if it verifies, else the default.

    The default (the system's CAs, host names checked) is built once and shared.
    """
    if context is None:
        return _default_context()
    if not isinstance(context, ssl.SSLContext):
        # ssl=False would switch verification off in aiohttp; this API never allows that.
        raise TypeError(f"ssl_context must be an ssl.SSLContext, not {context!r}")
    if context.verify_mode is not ssl.CERT_REQUIRED or not context.check_hostname:
        raise InvalidRequestError(
            "ssl_context",
            "must verify certificates and host names (verify_mode=CERT_REQUIRED, "
            "check_hostname=True); load your private CA into it instead of switching checks off",
        )
    return context


@functools.cache
def _default_context() -> ssl.SSLContext:
    return ssl.create_default_context()


_SESSION_SETTINGS: dict[str, Any] = {
    "raise_for_status": False,  # an error answer is mapped by the SDK, by its status
    "auto_decompress": True,  # aiohttp asks for gzip: it must also inflate it
    "middlewares": (),  # a session middleware could resend a purchase or follow redirects
    "max_line_size": _PARSER_LIMIT,
    "max_field_size": _PARSER_LIMIT,
}
"""What every request is sent with that a session can also be built with."""

OWN_REQUEST_OPTIONS: dict[str, Any] = {"allow_redirects": False}
"""Per-request arguments on the transport's own session (:func:`own_session`)."""


def request_options(context: ssl.SSLContext) -> dict[str, Any]:
    """Per-request arguments that override whatever a caller's session was built with."""
    return {
        "ssl": context,  # a connector's ssl=False or unverified context is not used
        **OWN_REQUEST_OPTIONS,
        **_SESSION_SETTINGS,
    }


def own_session(
    connector: aiohttp.BaseConnector, timeout: aiohttp.ClientTimeout
) -> aiohttp.ClientSession:
    """A session whose requests need only :data:`OWN_REQUEST_OPTIONS` to be sent as
    :func:`request_options` sends them: ``connector`` verifies TLS with the transport's
    context, and the session has every other setting already."""
    return aiohttp.ClientSession(connector=connector, timeout=timeout, **_SESSION_SETTINGS)


def check_session(session: aiohttp.ClientSession) -> None:
    """Refuse a session whose settings the SDK cannot override per request."""
    if session.closed:
        raise InvalidRequestError("session", "is closed")
    if session.auth is not None:
        raise InvalidRequestError(
            "session",
            "has auth= set: aiohttp would add it to the SDK's requests (and refuse the ones "
            "that carry their own Authorization header); give the transport a session "
            "without auth=",
        )


def session_loop(session: aiohttp.ClientSession) -> asyncio.AbstractEventLoop | None:
    """The event loop ``session`` was created in, if it can be told.

    aiohttp exposes it only through ``ClientSession.loop``, which is deprecated (and warns), so
    this reads the attribute behind it (``_loop``, listed in ``ClientSession.ATTRS`` since
    aiohttp 3.0). ``None`` if a future aiohttp drops it: the transport then binds to the loop
    of its first request.
    """
    loop = getattr(session, "_loop", None)
    return loop if isinstance(loop, asyncio.AbstractEventLoop) else None
