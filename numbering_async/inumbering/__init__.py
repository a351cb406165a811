"""The iNumbering backend: VoiceTel's Provisioning API v2.1.6 and its gateways list.

:class:`INumberingClient` speaks the wire format (``POST`` of camelCase JSON carrying
``apikey``, success decided by the body); :mod:`numbering_async.inumbering.models` holds the
models it returns.
"""

from numbering_async.inumbering._client import DEFAULT_BASE_URL, INumberingClient
from numbering_async.inumbering.models import (
    SYSTEM_ROUTES,
    CountBy,
    Gateway,
    OrderReceipt,
    TnCoverageRow,
    TnInventoryNumber,
    TnOrderItem,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "SYSTEM_ROUTES",
    "CountBy",
    "Gateway",
    "INumberingClient",
    "OrderReceipt",
    "TnCoverageRow",
    "TnInventoryNumber",
    "TnOrderItem",
]
