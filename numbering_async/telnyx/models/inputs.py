"""Values you build to pass into write calls; each checks itself when constructed.

A bad value raises :class:`~numbering_async.errors.InvalidRequestError` naming the field, so
nothing is sent.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from numbering_async._validate import (
    check_e164,
    check_enum,
    check_id,
    check_int_range,
    check_nanp_code,
    check_state,
    check_uuid,
)
from numbering_async.errors import InvalidRequestError
from numbering_async.telnyx.models.enums import NumberFeature, OrderingStrategy, PhoneNumberType

__all__ = ["OrderPhoneNumber", "OrderingGroup", "RegulatoryRequirementValue"]

_INEXPLICIT_COUNTRIES = ("US", "CA")


def _phone_number(value: str) -> str:
    return check_e164("phone_number", value)


def _optional_id(argument: str, value: str | None) -> str | None:
    return None if value is None else check_id(argument, value)


def _bundle_id(value: str | None) -> str | None:
    return _optional_id("bundle_id", value)


def _requirement_group_id(value: str | None) -> str | None:
    return _optional_id("requirement_group_id", value)


@attrs.frozen(kw_only=True)
class OrderPhoneNumber:
    """A number to order, with the bundle or requirement group that covers its paperwork.

    ``number_orders.create`` also takes plain E.164 strings for numbers needing neither.
    """

    phone_number: str = attrs.field(converter=_phone_number)
    bundle_id: str | None = attrs.field(default=None, converter=_bundle_id)
    requirement_group_id: str | None = attrs.field(default=None, converter=_requirement_group_id)


def _requirement_id(value: str) -> str:
    return check_uuid("requirement_id", value)


def _field_value(value: str) -> str:
    if not isinstance(value, str):
        raise InvalidRequestError("field_value", f"expected a string, got {value!r}")
    return value


@attrs.frozen(kw_only=True)
class RegulatoryRequirementValue:
    """The value given for one regulatory requirement (text, a date, an address or document id)."""

    requirement_id: str = attrs.field(converter=_requirement_id)
    field_value: str = attrs.field(converter=_field_value)


def _country_iso(value: str) -> str:
    code = value.upper() if isinstance(value, str) else value
    if code not in _INEXPLICIT_COUNTRIES:
        raise InvalidRequestError("country_iso", f"must be US or CA; got {value!r}")
    return code


def _number_type(value: PhoneNumberType | str) -> PhoneNumberType:
    return check_enum("phone_number_type", value, PhoneNumberType)


def _count_requested(value: int) -> int:
    return check_int_range("count_requested", value, 1)


def _ndc(value: str | int | None) -> str | None:
    return None if value is None else check_nanp_code("national_destination_code", value)


def _pattern(argument: str, value: str | None) -> str | None:
    if value is not None and not (isinstance(value, str) and value.isascii() and value.isalnum()):
        raise InvalidRequestError(argument, f"expected digits (or letters), got {value!r}")
    return value


def _starts_with(value: str | None) -> str | None:
    return _pattern("starts_with", value)


def _ends_with(value: str | None) -> str | None:
    return _pattern("ends_with", value)


def _contains(value: str | None) -> str | None:
    return _pattern("contains", value)


def _administrative_area(value: str | None) -> str | None:
    return None if value is None else check_state("administrative_area", value)


def _features(values: Iterable[NumberFeature | str]) -> tuple[NumberFeature, ...]:
    if isinstance(values, str):
        raise InvalidRequestError("features", "expected a list of features, not one string")
    return tuple(check_enum("features", value, NumberFeature) for value in values)


def _strategy(value: OrderingStrategy | str | None) -> OrderingStrategy | None:
    return None if value is None else check_enum("strategy", value, OrderingStrategy)


@attrs.frozen(kw_only=True)
class OrderingGroup:
    """One group of an inexplicit order: ``count_requested`` numbers matching the filters.

    ``starts_with`` / ``ends_with`` / ``contains`` go on the wire as the ``phone_number``
    pattern object; with a ``national_destination_code`` they apply to the digits after it.
    ``strategy="never"`` asks for all of ``count_requested`` or nothing.
    """

    country_iso: str = attrs.field(converter=_country_iso)
    phone_number_type: PhoneNumberType = attrs.field(converter=_number_type)
    count_requested: int = attrs.field(converter=_count_requested)
    national_destination_code: str | None = attrs.field(default=None, converter=_ndc)
    starts_with: str | None = attrs.field(default=None, converter=_starts_with)
    ends_with: str | None = attrs.field(default=None, converter=_ends_with)
    contains: str | None = attrs.field(default=None, converter=_contains)
    administrative_area: str | None = attrs.field(default=None, converter=_administrative_area)
    locality: str | None = None
    features: tuple[NumberFeature, ...] = attrs.field(default=(), converter=_features)
    strategy: OrderingStrategy | None = attrs.field(default=None, converter=_strategy)
    quickship: bool | None = None
    exclude_held_numbers: bool | None = None
