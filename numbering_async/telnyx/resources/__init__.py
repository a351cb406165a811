"""The resource namespaces of :class:`~numbering_async.telnyx.TelnyxClient`, one per module."""

from numbering_async.telnyx.resources.available_phone_numbers import AvailablePhoneNumbers
from numbering_async.telnyx.resources.inexplicit_number_orders import InexplicitNumberOrders
from numbering_async.telnyx.resources.inventory_coverage import InventoryCoverageResource
from numbering_async.telnyx.resources.number_block_orders import NumberBlockOrders
from numbering_async.telnyx.resources.number_order_phone_numbers import NumberOrderPhoneNumbers
from numbering_async.telnyx.resources.number_orders import NumberOrders
from numbering_async.telnyx.resources.number_reservations import NumberReservations
from numbering_async.telnyx.resources.sub_number_orders import SubNumberOrders
from numbering_async.telnyx.resources.sub_number_orders_report import SubNumberOrdersReports

__all__ = [
    "AvailablePhoneNumbers",
    "InexplicitNumberOrders",
    "InventoryCoverageResource",
    "NumberBlockOrders",
    "NumberOrderPhoneNumbers",
    "NumberOrders",
    "NumberReservations",
    "SubNumberOrders",
    "SubNumberOrdersReports",
]
