"""Scrubbing secrets out of text and decoded JSON, whole or in part.

A server may echo a key whole, cut short, or split by an excerpt's end, so :func:`redact`
replaces every run of :data:`SECRET_RUN` or more characters that also occurs in a secret, not
only the whole secret. Finding the runs costs one C-speed ``str.find`` scan of the text per
8-character slice of the secret, and only Python work per hit; before that, a cheaper test
(a few 4-character blocks of the secret, one of which every run contains) lets text holding
nothing of the secret through untouched, which is the common case. Nothing is cached: no
secret outlives the call. :mod:`numbering_async.errors` re-exports the public names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["REDACTED", "SECRET_RUN", "redact"]

REDACTED = "<redacted>"
SECRET_RUN = 8
"""The shortest run of a secret's characters that :func:`redact` recognises and replaces."""
_BLOCK = SECRET_RUN // 2
"""Any run of 8 characters of a secret holds one of its 4-character blocks that start at a
multiple of 4, whatever the run's start: a text with none of these holds no run."""

_SECRET_KEYS = frozenset(
    {
        "apikey",
        "xapikey",
        "apitoken",
        "accesstoken",
        "authorization",
        "proxyauthorization",
        "token",
        "password",
        "secret",
        "clientsecret",
    }
)
"""Field names (lower-case, without ``_`` and ``-``) whose values are always blanked."""


def redact(value: Any, secrets: Iterable[str] = ()) -> Any:
    """Return ``value`` with secret fields and anything of ``secrets`` in its text replaced.

    Works on decoded JSON (dicts, lists, strings; keys included) and leaves other values
    alone. Fields named like a credential (``apikey``, ``apiKey``, ``api_key``, ``X-Api-Key``,
    ``access_token``, ``password`` ...) are blanked whatever their value. In text, every run of
    :data:`SECRET_RUN` (8) or more characters that also occurs in a secret becomes
    ``<redacted>``: a secret echoed whole, cut short or split by a truncation leaves nothing
    recognisable. A secret shorter than that is replaced only where it occurs whole. Redact
    before cutting text to length, never after: a cut may leave less than 8 characters of a
    secret, which this no longer recognises.
    """
    if not isinstance(value, str | Mapping | list | tuple):
        return value
    return _Secrets([secret for secret in secrets if secret]).redact(value)


def _is_secret_key(key: object) -> bool:
    return str(key).lower().replace("_", "").replace("-", "") in _SECRET_KEYS


class _Secrets:
    """The secrets of one :func:`redact` call: the blocks to test first, the runs to replace."""

    __slots__ = ("_blocks", "_needles", "_secrets")

    def __init__(self, secrets: list[str]) -> None:
        self._secrets = secrets
        self._blocks = {block for secret in secrets for block in _slices(secret, _BLOCK, _BLOCK)}
        self._needles: frozenset[str] | None = None

    def redact(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, Mapping):
            return {
                self.redact(key): REDACTED if _is_secret_key(key) else self.redact(item)
                for key, item in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.redact(item) for item in value]
        return value

    def _text(self, text: str) -> str:
        if not any(block in text for block in self._blocks):
            return text
        if self._needles is None:
            self._needles = frozenset(
                needle for secret in self._secrets for needle in _slices(secret, SECRET_RUN, 1)
            )
        return _replace(text, self._needles)


def _slices(secret: str, size: int, step: int) -> list[str]:
    """The ``size``-character slices of ``secret`` every ``step`` characters; a secret shorter
    than :data:`SECRET_RUN` is only looked for whole."""
    if len(secret) < SECRET_RUN:
        return [secret]
    return [secret[i : i + size] for i in range(0, len(secret) - size + 1, step)]


def _replace(text: str, needles: frozenset[str]) -> str:
    """``text`` with every stretch covered by occurrences of ``needles`` made ``<redacted>``.

    Overlapping occurrences merge, so a run of a secret of any length becomes one mark;
    occurrences that only touch stay apart (``KEYKEY`` gives two marks).
    """
    hits: list[tuple[int, int]] = []
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            hits.append((at, at + len(needle)))
            at = text.find(needle, at + 1)
    if not hits:
        return text
    hits.sort()
    parts: list[str] = []
    done = 0
    span_start, span_end = hits[0]
    for start, end in hits[1:]:
        if start < span_end:
            span_end = max(span_end, end)
            continue
        parts += (text[done:span_start], REDACTED)
        done, span_start, span_end = span_end, start, end
    parts += (text[done:span_start], REDACTED, text[span_end:])
    return "".join(parts)
