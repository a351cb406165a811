"""Request bodies and response envelopes, shaped like the wire (camelCase by the converter).

These are private: the client builds requests from validated arguments and hands callers the
public models of :mod:`numbering_async.inumbering.models`. The ``apikey`` field every request
schema requires is added by the client when it encodes the body, never stored here.
"""

from __future__ import annotations

import attrs

from numbering_async.inumbering._converter import wire
from numbering_async.inumbering.models import (
    Gateway,
    TnCoverageRow,
    TnInventoryNumber,
    TnOrderItem,
)

# -- requests ------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class TnInventoryRequest:
    """``tnInventory``: ``lata`` is an integer here."""

    tn_mask: str
    quantity: int
    rate_center: str | None = None
    lata: int | None = None
    province: str | None = None


@attrs.frozen(slots=True)
class TnInventoryCoverageRequest:
    """``tnInventoryCoverage``: ``lata`` is a string here; at most one filter is set."""

    count_by: str
    npa: str | None = None
    lata: str | None = None
    rc_abbre: str | None = None
    loc_state: str | None = None


@attrs.frozen(slots=True)
class TnOrderList:
    """``tnOrder.tnList``."""

    tn_item: list[TnOrderItem]


@attrs.frozen(slots=True)
class TnOrderBody:
    """``tnOrder.tnOrder``."""

    tn_list: TnOrderList
    customer_order_reference: str


@attrs.frozen(slots=True)
class TnOrderRequest:
    """``tnOrder``."""

    tn_order: TnOrderBody


@attrs.frozen(slots=True)
class MessagingBrandRequest:
    """``addMessagingBrand``."""

    messaging_brand_id: str
    messaging_brand_name: str
    messaging_brand_description: str


@attrs.frozen(slots=True)
class MessagingCampaignRequest:
    """``addMessagingCampaign``."""

    messaging_brand_id: str
    external_campaign_id: str
    campaign_description: str


@attrs.frozen(slots=True)
class TnMessaging:
    """``tnFeature.messaging``."""

    tn_campaign: str


@attrs.frozen(slots=True)
class TnFeature:
    """``tnItem[].tnFeature``."""

    messaging: TnMessaging


@attrs.frozen(slots=True)
class CampaignTn:
    """``tnCampaign.tnList.tnItem[]``: the tn is a string here."""

    tn: str
    tn_feature: TnFeature


@attrs.frozen(slots=True)
class CampaignTnList:
    """``tnCampaign.tnList``."""

    tn_item: list[CampaignTn]


@attrs.frozen(slots=True)
class TnCampaignBody:
    """``tnCampaign``.

    ``customerOrderReference`` is not in the schema, but the operation's description says it is
    auto-set when omitted; it is sent, like ``tnOrder``'s, so a purchase can be reconciled.
    """

    tn_list: CampaignTnList
    customer_order_reference: str


@attrs.frozen(slots=True)
class TnMessagingCampaignRequest:
    """``tnMessagingCampaign``."""

    tn_campaign: TnCampaignBody


@attrs.frozen(slots=True)
class GatewayHost:
    """``gatewaysAddRequest.gateways[]``."""

    gateway: str


@attrs.frozen(slots=True)
class GatewaysAddRequest:
    """``gatewaysAdd``."""

    gateways: list[GatewayHost]


@attrs.frozen(slots=True)
class GatewaysUpdateRequest:
    """``gatewaysUpdate``."""

    gateways: list[Gateway]


@attrs.frozen(slots=True)
class RouteRef:
    """A bare route (``gatewaysRemoveRequest.routes[]``, ``gatewayRemovedEntry``)."""

    route: int


@attrs.frozen(slots=True)
class GatewaysRemoveRequest:
    """``gatewaysRemove``."""

    routes: list[RouteRef]


# -- responses -----------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Envelope:
    """What every success body carries; the client has already checked it."""

    status: str | None = None
    status_code: str | None = None
    message: str | None = None


@attrs.frozen(slots=True)
class TnInventoryResponse(Envelope):
    """``tnInventory`` 200."""

    tn_result: list[TnInventoryNumber] = attrs.Factory(list)


@attrs.frozen(slots=True)
class TnInventoryCoverageResponse(Envelope):
    """``tnInventoryCoverage`` 200."""

    tn_inventory_coverage_list: list[TnCoverageRow] = attrs.Factory(list)


@attrs.frozen(slots=True)
class OrderIdResponse(Envelope):
    """``tnOrder`` / ``tnMessagingCampaign`` 200 (``orderId`` a string in one, an int in the
    other). Required: a success without one cannot be confirmed."""

    order_id: str = attrs.field(kw_only=True)


@attrs.frozen(slots=True)
class GatewaysResponse(Envelope):
    """``gatewaysList`` / ``gatewaysUpdate`` 200."""

    gateways: list[Gateway] = attrs.Factory(list)


@attrs.frozen(slots=True)
class AddedGateway:
    """``gatewayAddedEntry``: the gateway is under the key ``IP`` here."""

    route: int
    gateway: str = attrs.field(metadata=wire("IP"))


@attrs.frozen(slots=True)
class GatewaysAddResponse(Envelope):
    """``gatewaysAdd`` 200."""

    gateways: list[AddedGateway] = attrs.Factory(list)


@attrs.frozen(slots=True)
class GatewaysRemoveResponse(Envelope):
    """``gatewaysRemove`` 200."""

    routes: list[RouteRef] = attrs.Factory(list)
