"""Reading a decoded JSON body against a route's declared fields, without recursion.

A declared field is written as a key path: ``a``, ``a.b``, ``list[]`` (the items of a list),
``list[].c``. A place in a body is named by its JSON pointer (RFC 6901): ``/list/2/c``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import attrs

__all__ = ["BodyCheck", "check_body", "pointer_token"]


@attrs.frozen(slots=True)
class BodyCheck:
    """What :func:`check_body` found: undeclared fields and the first ``null``."""

    unknown: tuple[str, ...] = ()
    """JSON pointers of undeclared fields, in document order (their contents are not read)."""
    null: str | None = None
    """The JSON pointer of the first declared field or list item that is ``null``."""


def pointer_token(key: str) -> str:
    """``key`` escaped as one JSON pointer token (``~`` as ``~0``, ``/`` as ``~1``)."""
    return key.replace("~", "~0").replace("/", "~1")


def check_body(body: Any, declared: Collection[str]) -> BodyCheck:
    """Walk ``body`` depth-first in document order against the ``declared`` key paths.

    No JSON API in the specs declares a nullable field, so a ``null`` anywhere (a member or a
    list item) is reported; undeclared members are reported and not descended into.
    """
    unknown: list[str] = []
    null: str | None = None
    stack: list[tuple[str, str, Any]] = [("", "", body)]
    while stack:
        template, pointer, value = stack.pop()
        children: list[tuple[str, str, Any]] = []
        if isinstance(value, dict):
            for key, item in value.items():
                path = f"{template}.{key}" if template else str(key)
                where = f"{pointer}/{pointer_token(str(key))}"
                if path not in declared:
                    unknown.append(where)
                    continue
                children.append((path, where, item))
        elif isinstance(value, list):
            children = [(f"{template}[]", f"{pointer}/{i}", item) for i, item in enumerate(value)]
        for child in children:
            if child[2] is None and null is None:
                null = child[1]
        stack.extend(reversed(children))
    return BodyCheck(tuple(unknown), null)
