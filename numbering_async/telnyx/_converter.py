"""The cattrs converters of the Telnyx backend.

:data:`converter` is the production converter: unknown keys are ignored, so fields Telnyx adds
never break decoding. :data:`strict_converter` forbids unknown keys and validates in detail;
tests use it to catch drift between the models and the spec. Both share the same hooks:
odd wire keys (``phone_number[contains]``) are renamed via :data:`WIRE_NAMES`, and input
values are unstructured with ``None`` fields left out. Each hook is built once, when its type
is first converted (not at import).

The ``*_caster`` helpers turn a model type into the function that decodes a whole response
envelope for it, with the structure hook looked up on the first call and kept; each is
:func:`~numbering_async._json.typed` (it hands out models only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from numbering_async._converter import make_converter, make_object_hook, structurer
from numbering_async._frozen import maker
from numbering_async._json import typed
from numbering_async.pagination import Page
from numbering_async.telnyx._envelopes import CountedListing, Data, Listing
from numbering_async.telnyx.models import (
    InexplicitOrderingGroup,
    OrderingGroup,
    OrderPhoneNumber,
    RegulatoryRequirementValue,
)

__all__ = [
    "WIRE_NAMES",
    "converter",
    "counted_list_caster",
    "data_caster",
    "list_caster",
    "page_caster",
    "strict_converter",
    "unstructure",
]

T = TypeVar("T")

WIRE_NAMES: dict[type, dict[str, str]] = {
    InexplicitOrderingGroup: {
        "phone_number_starts_with": "phone_number[starts_with]",
        "phone_number_ends_with": "phone_number[ends_with]",
        "phone_number_contains": "phone_number[contains]",
    },
}
"""Model fields whose wire key is not the field name: ``{model: {field: wire key}}``."""

_PATTERN_KEYS = ("starts_with", "ends_with", "contains")
_OMIT_DEFAULTS = (OrderPhoneNumber, RegulatoryRequirementValue)
"""Inputs sent with their unset (default) fields left out."""


def _unstructure_group(conv: cattrs.Converter) -> Callable[[OrderingGroup], dict[str, Any]]:
    """``OrderingGroup`` as wire JSON: ``count_requested`` as text, the number pattern nested
    under ``phone_number``."""
    group_hook = make_dict_unstructure_fn(
        OrderingGroup,
        conv,
        _cattrs_omit_if_default=True,
        count_requested=override(unstruct_hook=str),
    )

    def unstructure_group(group: OrderingGroup) -> dict[str, Any]:
        wire: dict[str, Any] = group_hook(group)
        pattern = {key: wire.pop(key) for key in _PATTERN_KEYS if key in wire}
        if pattern:
            wire["phone_number"] = pattern
        return wire

    return unstructure_group


def _configure(conv: cattrs.Converter) -> cattrs.Converter:
    conv.register_structure_hook_factory(
        attrs.has, lambda cl: make_object_hook(conv, cl, wire_names=WIRE_NAMES.get(cl))
    )
    conv.register_unstructure_hook_factory(
        lambda cl: cl in _OMIT_DEFAULTS,
        lambda cl: make_dict_unstructure_fn(cl, conv, _cattrs_omit_if_default=True),
    )
    conv.register_unstructure_hook_factory(
        lambda cl: cl is OrderingGroup, lambda _: _unstructure_group(conv)
    )
    return conv


converter = _configure(make_converter())
"""Production converter: unknown keys are ignored."""

strict_converter = _configure(make_converter(strict=True))
"""Test converter: unknown keys are an error, with detailed validation messages."""

unstructure = converter.unstructure
"""Turn an input value (``OrderingGroup``...) into its wire JSON."""


def data_caster(model: type[T]) -> Callable[[Any], T]:
    """Decode ``{"data": {...}}`` into one ``model``."""
    return structurer(converter, Data[model], "data")  # type: ignore[valid-type]


def list_caster(model: type[T]) -> Callable[[Any], list[T]]:
    """Decode ``{"data": [...], "meta": {...}}`` into a list of ``model``."""
    return structurer(converter, Listing[model], "data")  # type: ignore[valid-type]


def counted_list_caster(model: type[T]) -> Callable[[Any], list[T]]:
    """Decode ``{"data": [...], "meta": {"total_results"...}}`` into a list of ``model``."""
    return structurer(converter, CountedListing[model], "data")  # type: ignore[valid-type]


_page: Callable[..., Page[Any]] = maker(Page)
"""``Page(items=, meta=, _next=)``, the three positionally, made faster (``_frozen``)."""


def page_caster(model: type[T]) -> Callable[[Any], Page[T]]:
    """Decode a paginated listing into a :class:`~numbering_async.pagination.Page`."""
    structure = structurer(converter, Listing[model])  # type: ignore[valid-type]

    def cast(payload: Any) -> Page[T]:
        listing = structure(payload)
        return _page(listing.data, listing.meta, None)

    return typed(cast)
