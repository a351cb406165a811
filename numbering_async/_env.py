"""Settings a client takes from the environment when the caller gives none.

As openai-python reads ``OPENAI_BASE_URL``: an explicit argument always wins, then the
variable, then the provider's default.
"""

from __future__ import annotations

import os

from yarl import URL

from numbering_async.errors import InvalidRequestError

__all__ = ["base_url_from_env"]


def base_url_from_env(variable: str, default: str) -> str:
    """``$variable`` when it is set and not blank, else ``default``.

    A value that is not an http(s) URL with a host raises
    :class:`~numbering_async.errors.InvalidRequestError` naming the variable.
    """
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    try:
        url = URL(value)
    except ValueError:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise InvalidRequestError(variable, f"expected an http(s) URL, got {value!r}")
    return value
