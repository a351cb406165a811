"""The Telnyx backend: :class:`TelnyxClient`, its models and enums.

::

    from numbering_async.telnyx import TelnyxClient

    async with TelnyxClient() as telnyx:                # key from $TELNYX_API_KEY
        rows = await telnyx.inventory_coverage.list(group_by="locality", npa=318, count=True)

The converters live in :mod:`numbering_async.telnyx._converter` (``strict_converter`` is the
one tests decode with).
"""

from numbering_async.telnyx._client import DEFAULT_BASE_URL, TelnyxClient
from numbering_async.telnyx.models import (
    AvailablePhoneNumber,
    CostInformation,
    CoverageGroupBy,
    CoverageType,
    Feature,
    InexplicitNumberOrder,
    InexplicitOrderingGroup,
    InexplicitOrderRef,
    InventoryCountry,
    InventoryCoverage,
    InventoryNumberType,
    NumberBlockOrder,
    NumberFeature,
    NumberOrder,
    NumberOrderPhoneNumber,
    NumberOrderWithPhoneNumbers,
    NumberReservation,
    OrderedPhoneNumber,
    OrderingGroup,
    OrderingGroupStatus,
    OrderingStrategy,
    OrderPhoneNumber,
    OrderStatus,
    PhoneNumberRef,
    PhoneNumberType,
    RegionInformation,
    RegionType,
    RegulatoryRequirement,
    RegulatoryRequirementValue,
    ReportStatus,
    RequirementFieldType,
    RequirementsStatus,
    ReservedPhoneNumber,
    SubNumberOrder,
    SubNumberOrdersReport,
    SubNumberOrdersReportFilters,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "AvailablePhoneNumber",
    "CostInformation",
    "CoverageGroupBy",
    "CoverageType",
    "Feature",
    "InexplicitNumberOrder",
    "InexplicitOrderRef",
    "InexplicitOrderingGroup",
    "InventoryCountry",
    "InventoryCoverage",
    "InventoryNumberType",
    "NumberBlockOrder",
    "NumberFeature",
    "NumberOrder",
    "NumberOrderPhoneNumber",
    "NumberOrderWithPhoneNumbers",
    "NumberReservation",
    "OrderPhoneNumber",
    "OrderStatus",
    "OrderedPhoneNumber",
    "OrderingGroup",
    "OrderingGroupStatus",
    "OrderingStrategy",
    "PhoneNumberRef",
    "PhoneNumberType",
    "RegionInformation",
    "RegionType",
    "RegulatoryRequirement",
    "RegulatoryRequirementValue",
    "ReportStatus",
    "RequirementFieldType",
    "RequirementsStatus",
    "ReservedPhoneNumber",
    "SubNumberOrder",
    "SubNumberOrdersReport",
    "SubNumberOrdersReportFilters",
    "TelnyxClient",
]
