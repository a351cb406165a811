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
    misshapen: tuple[str, str] | None = None
    """The first declared field whose value has the wrong shape: ``(pointer, what it must be)``
    (``"a list"``, ``"an object"`` or ``"a single value"``); its contents are not read."""


def pointer_token(key: str) -> str:
    """``key`` escaped as one JSON pointer token (``~`` as ``~0``, ``/`` as ``~1``)."""
    return key.replace("~", "~0").replace("/", "~1")


def check_body(body: Any, declared: Collection[str]) -> BodyCheck:
    """Walk ``body`` depth-first in document order against the ``declared`` key paths.

    No JSON API in the specs declares a nullable field, so a ``null`` anywhere (a member or a
    list item) is reported; undeclared members are reported and not descended into. What the
    declarations say of a field's shape is checked too: a declared ``x[]`` makes ``x`` a list,
    a declared ``x.y`` makes ``x`` an object, and a field with neither holds a single value.
    """
    lists = {path[:-2] for path in declared if path.endswith("[]")}
    objects = {path.rpartition(".")[0] for path in declared if "." in path}
    unknown: list[str] = []
    null: str | None = None
    misshapen: tuple[str, str] | None = None
    stack: list[tuple[str, str, Any]] = [("", "", body)]
    while stack:
        template, pointer, value = stack.pop()
        if template and value is not None:
            wrong = _shape_wrong(value, template in lists, template in objects)
            if wrong is not None:
                misshapen = misshapen or (pointer, wrong)
                continue
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
    return BodyCheck(tuple(unknown), null, misshapen)


def _shape_wrong(value: Any, is_list: bool, is_object: bool) -> str | None:
    """What ``value`` must be instead, or ``None`` when its shape fits the declarations."""
    if is_list:
        return None if isinstance(value, list) else "a list"
    if is_object:
        return None if isinstance(value, dict) else "an object"
    return "a single value" if isinstance(value, list | dict) else None
