"""The Telnyx backend: :class:`TelnyxClient`, its models and enums.

::

    from numbering_async.telnyx import TelnyxClient

    async with TelnyxClient() as telnyx:                # key from $TELNYX_API_KEY
        rows = await telnyx.inventory_coverage.list(group_by="locality", npa=318, count=True)

The converters live in :mod:`numbering_async.telnyx._converter` (``strict_converter`` is the
one tests decode with). The models, the resources and the converters are imported on first use
(of a model's name here, or of a resource of a client), so that importing the client is light.
"""

from typing import TYPE_CHECKING

from numbering_async._lazy import lazy_names
from numbering_async.telnyx._client import DEFAULT_BASE_URL, TelnyxClient

if TYPE_CHECKING:
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

if not TYPE_CHECKING:  # the models and enums are imported on first use of one of them
    __getattr__, __dir__ = lazy_names(
        globals(),
        dict.fromkeys(
            (name for name in __all__ if name not in ("DEFAULT_BASE_URL", "TelnyxClient")),
            "numbering_async.telnyx.models",
        ),
        submodules=("models", "resources"),
    )
