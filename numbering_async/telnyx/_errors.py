"""Telnyx error responses -> :mod:`numbering_async.errors`.

Telnyx answers errors with ``{"errors": [{"code", "title", "detail", "source", "meta"}]}``.
The status picks the class (:func:`~numbering_async.errors.error_class_for_status`); the first
error gives ``code`` and ``title``, the details of all errors are joined into ``detail``.
Anything else (an HTML page from a proxy, an empty or truncated body) still becomes the
status's :class:`~numbering_async.errors.APIError`, with the page title and a short text
excerpt. ``body`` keeps the decoded envelope (or the excerpt), redacted; a body is always
redacted whole before an excerpt is cut from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from numbering_async._http import HttpResponse
from numbering_async._retry import RetryPolicy
from numbering_async.errors import REDACTED, APIError, error_class_for_status, redact

__all__ = ["api_error", "excerpt"]

PROVIDER = "telnyx"
EXCERPT_CHARS = 300

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(
    rf"<(script|style|title)\b.*?</\1>|(?!{re.escape(REDACTED)})<[^>]+>", re.IGNORECASE | re.DOTALL
)
"""Tags and what scripts, styles and titles hold; never the ``<redacted>`` mark."""
_SPACE = re.compile(r"\s+")


def excerpt(body: bytes, secrets: Sequence[str], limit: int = EXCERPT_CHARS) -> str:
    """The first ``limit`` characters of a body as readable text (tags and runs of space gone).

    The whole body is redacted before anything is cut from it, so no part of a secret is left.
    """
    return _readable(_redacted_text(body, secrets), limit)


def _redacted_text(body: bytes, secrets: Sequence[str]) -> str:
    return str(redact(body.decode("utf-8", "replace"), secrets))


def _readable(text: str, limit: int = EXCERPT_CHARS) -> str:
    head = text[: limit * 8]
    return _SPACE.sub(" ", _TAG.sub(" ", head)).strip()[:limit]


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _reason(status: int) -> str | None:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return None


def _envelope_errors(payload: Any) -> list[dict[str, Any]] | None:
    if not isinstance(payload, dict):
        return None
    errors = payload.get("errors")
    if not isinstance(errors, list):
        return None
    items = [item for item in errors if isinstance(item, dict)]
    return items or None


def api_error(response: HttpResponse, secrets: Sequence[str]) -> APIError:
    """The :class:`APIError` an error response (status >= 400) stands for."""
    status = response.status
    headers = response.headers
    retry_after = RetryPolicy.parse_retry_after(
        headers.get("Retry-After") or headers.get("retry-after")
    )
    try:
        payload: Any = json.loads(response.body)
    except ValueError:
        payload = None
    errors = _envelope_errors(payload)
    code: str | None
    title: str | None
    detail: str | None
    if errors is not None:
        first = errors[0]
        code, title = _text(first.get("code")), _text(first.get("title"))
        details = [d for d in (_text(e.get("detail")) for e in errors) if d]
        detail = "; ".join(dict.fromkeys(details)) or None
        body: Any = payload
    else:
        text = _redacted_text(response.body, secrets)
        match = _TITLE.search(text[: EXCERPT_CHARS * 8])
        code = None
        title = _SPACE.sub(" ", match.group(1)).strip() if match else _reason(status)
        detail = _readable(text) or None
        body = payload if payload is not None else detail
    return error_class_for_status(status)(
        status=status,
        code=code,
        title=redact(title, secrets),
        detail=redact(detail, secrets),
        request_id=response.request_id,
        body=redact(body, secrets),
        provider=PROVIDER,
        retry_after=retry_after,
    )
