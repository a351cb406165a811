"""The cattrs machinery both backends build their converters on.

Each backend makes one production converter (unknown keys ignored, fast) and a strict one for
tests (unknown keys rejected, so model drift against the spec is caught). Hooks are built once,
at import, never per call.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum, IntEnum, StrEnum
from typing import Any, Union, get_args, get_origin

import cattrs
from cattrs.cols import list_structure_factory

__all__ = ["make_converter", "parse_datetime"]

Hook = Callable[[Any, Any], Any]


def parse_datetime(value: Any, _: Any = None) -> datetime:
    """An ISO 8601 timestamp as an aware ``datetime`` (naive values are taken as UTC)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = datetime.fromisoformat(value)
    else:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _structure_str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


_INT_TEXT = re.compile(r"-?[0-9]+")


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and (
        (value.isascii() and value.isdigit()) or _INT_TEXT.fullmatch(value)  # fast path first
    ):
        return int(value)
    raise TypeError(f"expected an integer, got {value!r}"[:100])


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


_BOOL_TEXT = {"true": True, "false": False}


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _BOOL_TEXT:
        return _BOOL_TEXT[value.lower()]
    raise TypeError(f"expected a boolean, got {value!r}"[:100])


_SCALAR_HOOKS: dict[type, Hook] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
}
"""The strict scalar hooks; each returns a value of exactly its type unchanged."""


def _structure_enum(value: Any, cl: type[Enum]) -> Enum:
    # The member map first, as Enum.__new__ does, without EnumMeta.__call__'s overhead.
    try:
        return cl._value2member_map_[value]
    except (KeyError, TypeError):
        return cl(value)


def _is_optional(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) in (Union, types.UnionType) and len(args) == 2 and type(None) in args


def _optional_hook(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    """``X | None`` with the hook of ``X`` looked up once (cattrs dispatches on every value).

    Where ``X`` still has this module's scalar hook, a value of exactly type ``X`` (what JSON
    gives) is returned as is without calling it: the hook would return it unchanged.
    """

    def factory(type_: Any) -> Hook:
        (inner,) = (arg for arg in get_args(type_) if arg is not type(None))
        hook = converter.get_structure_hook(inner)
        if _SCALAR_HOOKS.get(inner) is hook:

            def passthrough(value: Any, _: Any) -> Any:
                if value is None or value.__class__ is inner:
                    return value
                return hook(value, inner)

            return passthrough

        def structure(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure

    return factory


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return (
        get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] is not Any
    )


def _tuple_hook(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    """``tuple[X, ...]`` with the hook of ``X`` looked up once (cattrs dispatches per call)."""

    def factory(type_: Any) -> Hook:
        item = get_args(type_)[0]
        hook = converter.get_structure_hook(item)

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            return tuple([hook(element, item) for element in value])

        return structure

    return factory


def _is_array(type_: Any) -> bool:
    return get_origin(type_) is list or _is_homogeneous_tuple(type_)


def _array_hook(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    """``list[X]`` and ``tuple[X, ...]`` from JSON arrays only.

    cattrs iterates whatever it is given, so ``"sms"`` would become ``["s", "m", "s"]`` and an
    object its keys; here anything but an array is a ``TypeError``. The strict converter keeps
    cattrs' per-index error notes; the production one uses the leaner tuple hook.
    """
    fast_tuple = _tuple_hook(converter)

    def factory(type_: Any) -> Hook:
        item = get_args(type_)[0]
        if get_origin(type_) is tuple and not converter.detailed_validation:
            hook = fast_tuple(type_)
        else:
            list_type = list[item]  # type: ignore[valid-type]
            items = list_structure_factory(list_type, converter)
            hook = items if get_origin(type_) is list else lambda v, _: tuple(items(v, list_type))

        def structure(value: Any, type_: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected an array, got {type(value).__name__}")
            return hook(value, type_)

        return structure

    return factory


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """A converter with aware datetimes; ``strict`` forbids unknown keys and validates in detail.

    Scalars are checked, not coerced blindly: ``"false"`` is ``False`` (never ``bool("false")``),
    ``null`` or an object is not a string, ``true`` is not an integer. Numbers are accepted
    as strings and digit strings as integers, as APIs send both.
    """
    converter = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=strict)
    for type_, hook in _SCALAR_HOOKS.items():
        converter.register_structure_hook(type_, hook)
    # StrEnum and IntEnum are str and int subclasses: without these, the scalar hooks above
    # would win the dispatch and hand back a plain str or int instead of the enum member.
    converter.register_structure_hook(StrEnum, _structure_enum)
    converter.register_structure_hook(IntEnum, _structure_enum)
    converter.register_structure_hook(datetime, parse_datetime)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_structure_hook_factory(_is_optional, _optional_hook(converter))
    converter.register_structure_hook_factory(_is_array, _array_hook(converter))
    return converter
