"""The floor: what decoding the same typed objects costs with nothing checked.

:func:`floor_decoder` returns a decoder for a listing (number orders in W3 and W4, coverage
rows in W1 and W5) that parses with orjson (the standard library's ``json`` without it, or with
``--no-speedups``) and fills the SDK's own frozen slotted classes directly: every field stored
into its slot from the JSON value (the fastest way there is: a plain store into the class's
mutable twin, then the switch to the class, as the SDK does; see
:func:`numbering_async._frozen.mutable_twin`), the value converted only where the model's
type asks for it (ISO timestamps to ``datetime``, enum values to members, arrays to tuples).
No type check, no ``null`` handling beyond a missing key, no forward-compatibility path:
hand-written code for a body known to be well formed. The garbage collector is paused while
one body decodes, as the SDK does. The SDK's decoder (checks, unknown values, typed errors)
can approach it, not beat it. In W1 and W5 the floor side is the raw side's aiohttp code with
this decoder instead of ``resp.json()``: what hand-written aiohttp code returning the SDK's
typed rows costs.

The fill is generated from the classes' ``attrs`` fields, so it follows the models; the
harness checks once that both decoders give equal objects before timing anything.
"""

from __future__ import annotations

import gc
import json
import sys
import types
from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, NamedTuple, Union, get_args, get_origin

import attrs

from numbering_async._frozen import mutable_twin

__all__ = ["FloorPage", "floor_decoder"]


class FloorPage(NamedTuple):
    """A decoded page: the models and the raw ``meta`` object."""

    items: Sequence[Any]
    meta: Any


def _parser() -> Callable[[bytes], Any]:
    if sys.modules.get("orjson", ...) is None:  # --no-speedups: the SDK uses json too
        return json.loads
    try:
        import orjson
    except ImportError:
        return json.loads
    return orjson.loads


def _inner(type_: Any) -> Any:
    """``X`` of ``X | None``, else ``type_``."""
    if get_origin(type_) in (Union, types.UnionType):
        (inner,) = (arg for arg in get_args(type_) if arg is not type(None))
        return inner
    return type_


WireName = Callable[["attrs.Attribute[Any]"], str]
"""A field's key on the wire."""


def _field_name(field: attrs.Attribute[Any]) -> str:
    return field.name


class _Fill:
    """Source of one function per class: ``fill_<Class>(o)`` makes the instance of dict ``o``.

    ``key`` gives each field's wire key; with ``text_ints``, ``int`` fields go through
    ``int()`` (an API that sends numbers as strings: hand-written code knows it does).
    """

    def __init__(self, key: WireName = _field_name, *, text_ints: bool = False) -> None:
        self.names: dict[str, Any] = {"_iso": datetime.fromisoformat}
        self.functions: list[str] = []
        self.done: set[type] = set()
        self.key = key
        self.text_ints = text_ints

    def name(self, value: Any) -> str:
        key = f"_v{len(self.names)}"
        self.names[key] = value
        return key

    def convert(self, type_: Any, value: str) -> str:
        """The expression turning JSON ``value`` into a value of ``type_``."""
        type_ = _inner(type_)
        if type_ is datetime:
            return f"_iso({value})"
        if type_ is int and self.text_ints:
            return f"int({value})"
        if isinstance(type_, type) and issubclass(type_, Enum):
            return f"{self.name(type_._value2member_map_)}[{value}]"
        if attrs.has(type_):
            return f"{self.function(type_)}({value})"
        if get_origin(type_) is tuple:
            item = get_args(type_)[0]
            element = self.convert(item, "e")
            return f"tuple({value})" if element == "e" else f"tuple([{element} for e in {value}])"
        return value

    def function(self, cl: type) -> str:
        name = f"fill_{cl.__name__}"
        if cl in self.done:
            return name
        self.done.add(cl)
        attrs.resolve_types(cl)
        twin = mutable_twin(cl)
        assert twin is not None, f"{cl.__name__} cannot be filled through a mutable twin"
        # An empty twin by calling it (its __init__ is object's), as the SDK makes one.
        lines = [f"def {name}(o):", f"    r = {self.name(twin)}()", "    get = o.get"]
        for field in attrs.fields(cl):
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            value = f"get({self.key(field)!r}, {self.name(default)})"
            converted = self.convert(field.type, "v")
            if converted == "v":
                lines.append(f"    r.{field.name} = {value}")
            else:
                lines.append(f"    v = {value}")
                lines.append(f"    r.{field.name} = v if v is None else {converted}")
        lines.append(f"    r.__class__ = {self.name(cl)}")
        lines.append("    return r")
        self.functions.append("\n".join(lines))
        return name


def floor_decoder(
    model: type, *, items: str = "data", key: WireName = _field_name, text_ints: bool = False
) -> Callable[[bytes], FloorPage]:
    """Decode a listing (``{"data": [...], "meta": {...}}``, or the array under ``items``)
    into a list of ``model`` (and its ``meta`` as parsed, if any), with no checks.

    ``key`` and ``text_ints`` describe the wire (see :class:`_Fill`): the iNumbering API
    sends camelCase keys and some integers as strings.
    """
    fill = _Fill(key, text_ints=text_ints)
    function = fill.function(model)
    exec("\n\n".join(fill.functions), fill.names)  # generated above from the model's fields
    make = fill.names[function]
    parse = _parser()

    def decode(body: bytes) -> FloorPage:
        collecting = gc.isenabled()
        gc.disable()
        try:
            payload = parse(body)
            return FloorPage([make(item) for item in payload[items]], payload.get("meta"))
        finally:
            if collecting:
                gc.enable()

    return decode
