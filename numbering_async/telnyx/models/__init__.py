"""The attrs models of the Telnyx backend (frozen, slotted).

What every response carries is required: ids, statuses, phone numbers, counts of numbers and
the ``created_at`` / ``updated_at`` of each record (a response without one of them is a
:class:`~numbering_async.errors.DecodeError` naming the field). The API's schema marks no
response field required, so everything else is optional: a field the server leaves out is
``None`` (or an empty tuple for lists). Timestamps are aware :class:`~datetime.datetime`
values; enums are open, so a value Telnyx adds later still decodes, as do unknown fields.
"""

from numbering_async.telnyx.models.coverage import (
    AvailablePhoneNumber,
    CostInformation,
    Feature,
    InventoryCoverage,
    RegionInformation,
)
from numbering_async.telnyx.models.enums import (
    CoverageGroupBy,
    CoverageType,
    InventoryCountry,
    InventoryNumberType,
    NumberFeature,
    OrderingGroupStatus,
    OrderingStrategy,
    OrderStatus,
    PhoneNumberType,
    RegionType,
    ReportStatus,
    RequirementFieldType,
    RequirementsStatus,
)
from numbering_async.telnyx.models.inexplicit import (
    InexplicitNumberOrder,
    InexplicitOrderingGroup,
    InexplicitOrderRef,
)
from numbering_async.telnyx.models.inputs import (
    OrderingGroup,
    OrderPhoneNumber,
    RegulatoryRequirementValue,
)
from numbering_async.telnyx.models.orders import (
    NumberBlockOrder,
    NumberOrder,
    NumberOrderPhoneNumber,
    NumberOrderWithPhoneNumbers,
    OrderedPhoneNumber,
    PhoneNumberRef,
    RegulatoryRequirement,
    SubNumberOrder,
    SubNumberOrdersReport,
    SubNumberOrdersReportFilters,
)
from numbering_async.telnyx.models.reservations import NumberReservation, ReservedPhoneNumber

__all__ = [
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
]
