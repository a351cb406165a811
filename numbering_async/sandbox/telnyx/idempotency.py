"""Telnyx's ``Idempotency-Key`` header on writes, as the API documents it.

A key is 1 to 255 characters of ``A-Z a-z 0-9 _ : -``. The successful answer to a write sent
with a key is stored for 24 hours of the sandbox clock; the same key on the same request
(method, path, query and body) gets that answer again, marked ``Idempotent-Replayed: true``,
and changes nothing; the same key on a different request is a 422. A malformed key is a 422
naming the header. Refused and failed writes are not stored, so they may be sent again.
"""

from __future__ import annotations

import hashlib
import re

import attrs

from numbering_async.sandbox._routing import Problem
from numbering_async.sandbox._wire import Reply, SandboxRequest

__all__ = ["HEADER", "TTL", "Replays"]

HEADER = "Idempotency-Key"
TTL = 24 * 3600.0
"""How long a stored answer is replayed, in seconds of the sandbox clock."""
_KEY = re.compile(r"[A-Za-z0-9_:-]{1,255}")


@attrs.frozen(slots=True)
class _Stored:
    fingerprint: bytes
    reply: Reply
    expires: float


def _fingerprint(request: SandboxRequest) -> bytes:
    digest = hashlib.sha256()
    for part in (request.method, request.path, repr(request.query)):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(request.body.strip())
    return digest.digest()


class Replays:
    """The stored answers by idempotency key."""

    def __init__(self) -> None:
        self._stored: dict[str, _Stored] = {}

    def lookup(self, key: str, request: SandboxRequest, now: float) -> Reply | None:
        """The answer to replay for ``key``, or ``None`` when the request is to be handled.

        A malformed key, or a key stored for another request, is a 422 :class:`Problem`.
        """
        if not _KEY.fullmatch(key):
            raise Problem(
                422,
                f"{HEADER} must be 1 to 255 characters of letters, digits, '_', ':' and '-'",
                parameter=HEADER,
            )
        self._expire(now)
        stored = self._stored.get(key)
        if stored is None:
            return None
        if stored.fingerprint != _fingerprint(request):
            raise Problem(
                422,
                f"This {HEADER} was already used with a different request; use a new key",
                parameter=HEADER,
            )
        return attrs.evolve(stored.reply, headers={**stored.reply.headers, **_REPLAYED})

    def remember(self, key: str, request: SandboxRequest, reply: Reply, now: float) -> None:
        """Store ``reply``, the successful answer to ``request`` sent with ``key``."""
        self._stored[key] = _Stored(_fingerprint(request), reply, now + TTL)

    def _expire(self, now: float) -> None:
        """Forget answers older than :data:`TTL` (stored in order, so the oldest come first)."""
        while self._stored:
            key, stored = next(iter(self._stored.items()))
            if stored.expires > now:
                return
            del self._stored[key]


_REPLAYED = {"Idempotent-Replayed": "true"}
