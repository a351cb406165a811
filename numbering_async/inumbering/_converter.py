"""The iNumbering cattrs converter: snake_case models, camelCase wire.

Field names become camelCase through a rename hook factory (``rate_center`` <-> ``rateCenter``);
a field whose wire name or wire type is irregular says so in its metadata with :func:`wire`.

The spec is inconsistent about types (a tn is an integer in one schema and a string in
another, LATA, route and order id the same), so both forms decode: the base converter's scalar
hooks take digit strings as ``int`` and numbers as ``str``, and tn fields take any NANP form,
normalised to 10 digits. Lists also accept ``null`` (empty) and a lone object (one item),
as an XML-to-JSON gateway may send them. Each hook is built once, when its type is first
converted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from numbering_async._converter import make_converter as make_base_converter
from numbering_async._converter import make_object_hook, register_lenient_lists
from numbering_async._validate import check_nanp_tn
from numbering_async.errors import InvalidRequestError

__all__ = ["converter", "make_converter", "tn_from_wire", "wire", "wire_name"]

_WIRE_NAME = "inumbering.wire_name"
_WIRE_LOAD = "inumbering.wire_load"
_WIRE_DUMP = "inumbering.wire_dump"


def wire(
    name: str | None = None,
    *,
    load: Callable[[Any, Any], Any] | None = None,
    dump: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """Field metadata for an irregular wire field: its ``name``, how to ``load`` or ``dump`` it."""
    return {_WIRE_NAME: name, _WIRE_LOAD: load, _WIRE_DUMP: dump}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wire_name(field: attrs.Attribute[Any]) -> str:
    """The key a model field has on the wire."""
    return field.metadata.get(_WIRE_NAME) or _camel(field.name)


def tn_from_wire(value: Any, _: Any = None) -> str:
    """A telephone number from the wire (integer or string, any NANP form) as 10 digits."""
    try:
        return check_nanp_tn("tn", value)
    except InvalidRequestError as exc:  # a bad response is a decode problem, not bad input
        raise ValueError(str(exc)) from None


def _structure_factory(converter: cattrs.Converter) -> Callable[[type[Any]], Any]:
    def factory(cls: type[Any]) -> Any:
        fields = attrs.fields(cls)
        return make_object_hook(
            converter,
            cls,
            wire_names={field.name: wire_name(field) for field in fields},
            loaders={
                field.name: field.metadata[_WIRE_LOAD]
                for field in fields
                if field.metadata.get(_WIRE_LOAD) is not None
            },
        )

    return factory


def _unstructure_factory(converter: cattrs.Converter) -> Callable[[type[Any]], Any]:
    def factory(cls: type[Any]) -> Any:
        overrides: dict[str, Any] = {
            field.name: override(
                rename=wire_name(field), unstruct_hook=field.metadata.get(_WIRE_DUMP)
            )
            for field in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True, **overrides)

    return factory


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """An iNumbering converter; ``strict`` (for tests) rejects keys no model field maps."""
    conv = make_base_converter(strict=strict)
    register_lenient_lists(conv)
    conv.register_structure_hook_factory(attrs.has, _structure_factory(conv))
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_factory(conv))
    return conv


converter = make_converter()
"""The production converter: unknown keys from the server are ignored."""
