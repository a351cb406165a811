"""Inventory coverage rows and available phone numbers."""

from __future__ import annotations

import attrs

from numbering_async.telnyx.models.enums import (
    CoverageType,
    InventoryNumberType,
    PhoneNumberType,
    RegionType,
)

__all__ = [
    "AvailablePhoneNumber",
    "CostInformation",
    "Feature",
    "InventoryCoverage",
    "RegionInformation",
]


@attrs.frozen(kw_only=True)
class InventoryCoverage:
    """One group of inventory coverage (a locality, an NPA or a national destination code)."""

    group: str
    """The group's value, such as ``"318"`` or ``"NEWARK"`` (a string even for NPAs)."""
    group_type: str | None = None
    """What ``group`` is: ``npa``, ``locality`` or ``national_destination_code``."""
    count: int | None = None
    """How many numbers (or blocks) are in stock; sent when the request asked for counts."""
    administrative_area: str | None = None
    advance_requirements: bool | None = None
    coverage_type: CoverageType | None = None
    number_range: int | None = None
    number_type: InventoryNumberType | None = None
    phone_number_type: PhoneNumberType | None = None
    record_type: str | None = None


@attrs.frozen(kw_only=True)
class CostInformation:
    """What a number costs; amounts are decimal strings such as ``"6.54"``."""

    currency: str | None = None
    monthly_cost: str | None = None
    upfront_cost: str | None = None


@attrs.frozen(kw_only=True)
class Feature:
    """A capability of an available number (``sms``, ``voice``...)."""

    name: str | None = None


@attrs.frozen(kw_only=True)
class RegionInformation:
    """A region an available number belongs to (country, state, rate center, location)."""

    region_name: str | None = None
    region_type: RegionType | None = None


@attrs.frozen(kw_only=True)
class AvailablePhoneNumber:
    """A number in stock that can be ordered or reserved."""

    phone_number: str
    """E.164, such as ``+19705555098``."""
    best_effort: bool | None = None
    cost_information: CostInformation | None = None
    features: tuple[Feature, ...] = ()
    quickship: bool | None = None
    record_type: str | None = None
    region_information: tuple[RegionInformation, ...] = ()
    reservable: bool | None = None
    vanity_format: str | None = None

    def region(self, region_type: RegionType | str) -> str | None:
        """The name of the first region of ``region_type`` (``"state"``, ``"rate_center"``...)."""
        for region in self.region_information:
            if region.region_type == region_type:
                return region.region_name
        return None
