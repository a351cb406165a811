"""The iNumbering Provisioning API (``/v2/iNumbering/...``) and gateways (``/v2.1/gateways/...``).

Every call is a ``POST`` of a JSON body carrying ``apikey`` (a ``Bearer`` header is accepted
too, as the spec's security scheme declares). Success is decided by the body:
``{"status": "Success", "statusCode": "200", ...}``. Errors answer with the HTTP status used as
the application code and ``{"status": "Error", "statusCode": "<code>", "message": ...}`` (414
fields required, 430 no result, 470 brand name exists, ...). Paths end in ``/``; without it they
are other paths (404).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from numbering_async.sandbox._clock import Clock
from numbering_async.sandbox._routing import Call, Problem, ProviderRouter, Route, key_accepted
from numbering_async.sandbox._wire import Reply, SandboxRequest, json_reply
from numbering_async.sandbox.inumbering.account import SYSTEM_ROUTES, INumberingAccount
from numbering_async.sandbox.inumbering.render import (
    FIELDS,
    GROUPINGS,
    block_key,
    partial_reply,
    success_reply,
    tn_json,
)
from numbering_async.sandbox.inumbering.requests import (
    item_list,
    order_reference,
    required,
    required_text,
    route_of,
)

__all__ = ["API", "GATEWAYS", "INumberingRouter"]

API = "/v2/iNumbering"
GATEWAYS = "/v2.1/gateways"

_MASK = re.compile(r"[0-9xX]{10}")
_TN = re.compile(r"[2-9]\d{2}[2-9]\d{6}")
_BRAND_ID = re.compile(r"B[A-Za-z0-9]+")
_CAMPAIGN_ID = re.compile(r"C[A-Za-z0-9]{6}")
_COUNT_BY = ("state", "rateCenter", "npaNxx", "block")
_CAMPAIGN_LIMIT = 100_000
_QUANTITY_LIMIT = 5000


class INumberingRouter(ProviderRouter):
    """Routes, validation and rendering of iNumbering over an :class:`INumberingAccount`."""

    body_missing = "Bad input: a JSON body is required"

    def __init__(
        self, account: INumberingAccount, clock: Clock, api_key: str | None, *, strict: bool = False
    ) -> None:
        self.account = account
        self.clock = clock
        self.api_key = api_key
        # customerOrderReference is not in the tnMessagingCampaign schema, but the operation's
        # description says it is "auto-set if omitted"; accepted like tnOrder's.
        messaging = (
            "tnCampaign",
            "tnCampaign.customerOrderReference",
            "tnCampaign.tnList",
            "tnCampaign.tnList.tnItem",
        )
        item = f"{messaging[3]}[]"
        order_item = "tnOrder.tnList.tnItem[]"
        super().__init__(
            [
                self._route(
                    "tnInventory",
                    self.tn_inventory,
                    "rateCenter quantity lata tnMask province",
                ),
                self._route(
                    "tnInventoryCoverage",
                    self.tn_inventory_coverage,
                    "countBy npa locState rcAbbre lata",
                ),
                self._route(
                    "tnOrder",
                    self.tn_order,
                    "tnOrder tnOrder.customerOrderReference tnOrder.tnList tnOrder.tnList.tnItem "
                    f"{order_item} {order_item}.tn {order_item}.route",
                ),
                self._route(
                    "addMessagingBrand",
                    self.add_brand,
                    "messagingBrandDescription messagingBrandName messagingBrandId",
                ),
                self._route(
                    "addMessagingCampaign",
                    self.add_campaign,
                    "externalCampaignId campaignDescription messagingBrandId",
                ),
                self._route(
                    "tnMessagingCampaign",
                    self.tn_messaging_campaign,
                    " ".join(messaging)
                    + f" {item} {item}.tn {item}.tnFeature {item}.tnFeature.messaging"
                    + f" {item}.tnFeature.messaging.tnCampaign",
                ),
                self._route("list", self.gateways_list, "", base=GATEWAYS),
                self._route(
                    "add", self.gateways_add, "gateways gateways[] gateways[].gateway", GATEWAYS
                ),
                self._route(
                    "update",
                    self.gateways_update,
                    "gateways gateways[] gateways[].gateway gateways[].route",
                    GATEWAYS,
                ),
                self._route(
                    "remove", self.gateways_remove, "routes routes[] routes[].route", GATEWAYS
                ),
            ],
            strict=strict,
        )

    @staticmethod
    def _route(name: str, handler: Callable[[Call], Reply], fields: str, base: str = API) -> Route:
        body = frozenset({"apikey", *fields.split()})
        return Route("POST", f"{base}/{name}/", handler, body=body, body_required=True)

    # -- flow ------------------------------------------------------------------------------

    def decode_body(self, request: SandboxRequest) -> Any:
        """The JSON object of the POST; ``None`` when the body is blank."""
        if not request.body.strip():
            return None
        try:
            body = json.loads(request.body)
        except (ValueError, RecursionError):
            raise Problem(400, "Bad input: the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise Problem(400, "Bad input: the body must be a JSON object")
        return body

    def shape_problem(self, pointer: str, shape: str) -> Problem:
        """A 400 naming the field (in the service's words for a ``tnItem`` that is no list)."""
        if pointer.endswith("/tnItem") and shape == "a list":
            return Problem(400, "tn should be an array of tnItem")
        return Problem(400, f"Bad input: {pointer} must be {shape}")

    def authenticate(self, request: SandboxRequest, body: Any) -> None:
        """The body's ``apikey``, or else an ``Authorization: Bearer`` header."""
        key = body.get("apikey")
        if key is None:
            scheme, _, token = (request.header("Authorization") or "").partition(" ")
            key = token.strip() if scheme.lower() == "bearer" else None
        if not isinstance(key, str) or not key_accepted(key, self.api_key):
            raise Problem(401, "Unauthorized")

    def problem_reply(self, problem: Problem) -> Reply:
        """``{"status": "Error", "statusCode": "<code>", "message": ...}`` with that HTTP status."""
        body = {"status": "Error", "statusCode": str(problem.status), "message": problem.detail}
        return json_reply(problem.status, body)

    def not_found(self) -> Reply:
        """A 404 for a path this API does not have (paths end in ``/``)."""
        return self.error_reply(404, "Not Found")

    def _cached(self, call: Call, compute: Callable[[Call], Reply]) -> Reply:
        fields = tuple(sorted((k, repr(v)) for k, v in call.body.items() if k != "apikey"))
        key = (call.request.path, fields)
        return self.cached(key, self.account.inventory.version, lambda: compute(call))

    # -- search ----------------------------------------------------------------------------

    def tn_inventory(self, call: Call) -> Reply:
        """``tnInventory``: up to ``quantity`` numbers matching ``tnMask`` and the filters."""
        body = call.body
        quantity = required(body, "quantity")
        mask = required(body, "tnMask")
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise Problem(409, "Invalid quantity: must be an integer")
        if not 1 <= quantity <= _QUANTITY_LIMIT:
            raise Problem(409, f"Invalid quantity: must be 1 to {_QUANTITY_LIMIT}")
        if not isinstance(mask, str) or not _MASK.fullmatch(mask):
            raise Problem(409, "Invalid tnMask: 10 characters of digits and x")
        lata = body.get("lata")
        if lata is not None and (isinstance(lata, bool) or not isinstance(lata, int)):
            raise Problem(409, "Invalid lata: must be an integer")
        for name in ("rateCenter", "province"):
            if body.get(name) is not None and not isinstance(body[name], str):
                raise Problem(409, f"Invalid {name}: must be a string")
        return self._cached(call, self._search)

    def _search(self, call: Call) -> Reply:
        body = call.body
        mask = body["tnMask"].lower()
        lata = body.get("lata")
        blocks = self.account.inventory.stock.select(
            npa=mask[:3] if mask[:3].isdigit() else None,
            nxx=mask[3:6] if mask[3:6].isdigit() else None,
            state=body.get("province"),
            rate_center=body.get("rateCenter"),
            lata=None if lata is None else str(lata),
        )
        fixed = [(i, c) for i, c in enumerate(mask) if c != "x"]
        results: list[dict[str, Any]] = []
        for block, tn in self.account.inventory.numbers(blocks):
            if all(tn[i] == c for i, c in fixed):
                results.append(tn_json(block, tn))
                if len(results) >= body["quantity"]:
                    break
        return success_reply(tnResult=results)

    def tn_inventory_coverage(self, call: Call) -> Reply:
        """``tnInventoryCoverage``: counts by state, rate center, NPA-NXX or thousands block."""
        body = call.body
        count_by = body.get("countBy", "npaNxx")
        if count_by not in _COUNT_BY:
            raise Problem(409, f"Invalid countBy: select one of {', '.join(_COUNT_BY)}")
        for name in ("npa", "locState", "rcAbbre", "lata"):
            if body.get(name) is not None and not isinstance(body[name], str):
                raise Problem(409, f"Invalid {name}: must be a string")
        return self._cached(call, self._coverage)

    def _coverage(self, call: Call) -> Reply:
        body = call.body
        inventory = self.account.inventory
        blocks = inventory.stock.select(
            npa=body.get("npa"),
            state=body.get("locState"),
            rate_center=body.get("rcAbbre"),
            lata=body.get("lata"),
        )
        count_by = body.get("countBy", "npaNxx")
        totals: dict[tuple[str, ...], int] = {}
        for block in blocks:
            if count_by == "block":
                for _, tn in inventory.numbers([block]):
                    key = (*block_key(block), tn[6])
                    totals[key] = totals.get(key, 0) + 1
                continue
            key = GROUPINGS[count_by](block)
            totals[key] = totals.get(key, 0) + inventory.available(block)
        fields = FIELDS[count_by]
        rows = [
            {**dict(zip(fields, key, strict=True)), "count": count}
            for key, count in sorted(totals.items())
            if count > 0
        ]
        return success_reply(tnInventoryCoverageList=rows)

    # -- orders ----------------------------------------------------------------------------

    def tn_order(self, call: Call) -> Reply:
        """``tnOrder``: buy numbers (all or nothing), optionally routed to a gateway."""
        order = required(call.body, "tnOrder")
        if not isinstance(order, dict):
            raise Problem(400, "tnOrder must be an object")
        tn_list = required(order, "tnList")
        if not isinstance(tn_list, dict):
            raise Problem(400, "tnList must be an object")
        items = item_list(tn_list.get("tnItem"), "tn should be an array of tnItem")
        parsed: list[tuple[str, int | None]] = []
        for item in items:
            tn, route = item.get("tn"), item.get("route")
            if isinstance(tn, bool) or not isinstance(tn, int) or not _TN.fullmatch(str(tn)):
                raise Problem(409, f"Invalid TN Submitted: {tn!r}")
            if route is not None and (isinstance(route, bool) or not isinstance(route, int)):
                raise Problem(409, f"Invalid route: {route!r}")
            parsed.append((str(tn), route))
        if len({tn for tn, _ in parsed}) != len(parsed):
            raise Problem(409, "Invalid TN Submitted: a number appears twice")
        now = self.clock.time()
        placed = self.account.order(parsed, order_reference(order, now), now)
        return success_reply(orderId=placed.order_id)

    # -- messaging -------------------------------------------------------------------------

    def add_brand(self, call: Call) -> Reply:
        """``addMessagingBrand``: a duplicate brand name is a 470."""
        body = call.body
        brand_id, name, description = (
            required_text(body, field)
            for field in ("messagingBrandId", "messagingBrandName", "messagingBrandDescription")
        )
        if not _BRAND_ID.fullmatch(brand_id):
            raise Problem(
                409,
                "Invalid messagingBrandId format, should start with B and contain alphanumeric "
                "characters only",
            )
        self.account.add_brand(brand_id, name, description)
        return success_reply()

    def add_campaign(self, call: Call) -> Reply:
        """``addMessagingCampaign``: the brand must exist."""
        body = call.body
        campaign_id, description, brand_id = (
            required_text(body, field)
            for field in ("externalCampaignId", "campaignDescription", "messagingBrandId")
        )
        if not _BRAND_ID.fullmatch(brand_id):
            raise Problem(409, "Invalid messagingBrandId format")
        if not _CAMPAIGN_ID.fullmatch(campaign_id):
            raise Problem(409, "Invalid externalCampaignId format")
        self.account.add_campaign(campaign_id, brand_id, description)
        return success_reply()

    def tn_messaging_campaign(self, call: Call) -> Reply:
        """``tnMessagingCampaign``: owned numbers onto existing campaigns."""
        campaign = required(call.body, "tnCampaign", status=414)
        tn_list = campaign.get("tnList") if isinstance(campaign, dict) else None
        if not isinstance(tn_list, dict):
            raise Problem(400, "Bad input / invalid request structure")
        items = item_list(tn_list.get("tnItem"), "Bad input / invalid request structure")
        if len(items) > _CAMPAIGN_LIMIT:
            raise Problem(422, "Order quantity limit is 100,000 numbers")
        parsed: list[tuple[str, str]] = []
        for item in items:
            tn = item.get("tn")
            feature = item.get("tnFeature")
            messaging = feature.get("messaging") if isinstance(feature, dict) else None
            campaign_id = messaging.get("tnCampaign") if isinstance(messaging, dict) else None
            if not isinstance(tn, str) or not _TN.fullmatch(tn):
                raise Problem(409, f"Invalid TN Submitted: {tn!r}")
            if not isinstance(campaign_id, str) or not _CAMPAIGN_ID.fullmatch(campaign_id):
                raise Problem(409, f"Invalid Input Parameters: tnCampaign {campaign_id!r}")
            parsed.append((tn, campaign_id))
        now = self.clock.time()
        order_id = self.account.assign_campaign(parsed, order_reference(campaign, now), now)
        return success_reply(orderId=order_id)

    # -- gateways --------------------------------------------------------------------------

    def _gateway_list(self) -> list[tuple[str, str]]:
        return [(str(r), name) for r, name in SYSTEM_ROUTES.items()] + [
            (str(r), gateway) for r, gateway in sorted(self.account.gateways.items())
        ]

    def gateways_list(self, call: Call) -> Reply:
        """``gateways/list``: system routes, then the account's gateways."""
        rows = [{"route": route, "gateway": gateway} for route, gateway in self._gateway_list()]
        return success_reply(gateways=rows)

    def gateways_add(self, call: Call) -> Reply:
        """``gateways/add``: 409 with partial results when any gateway is refused."""
        items = item_list(required(call.body, "gateways"), "Field Required: gateways")
        added, failed = self.account.add_gateways(
            [_gateway(item, i) for i, item in enumerate(items)]
        )
        if failed:
            return partial_reply(
                "At least one one gateway could not be added.",
                added_success=added,
                added_failed=failed,
            )
        return success_reply(
            message="Gateways Entered",
            gateways=[
                {"route": r, "IP": g}
                for r, g in self._gateway_list()
                if int(r) not in SYSTEM_ROUTES
            ],
        )

    def gateways_update(self, call: Call) -> Reply:
        """``gateways/update``: change addresses by route."""
        items = item_list(required(call.body, "gateways"), "Field Required: gateways")
        updates = [(route_of(item), _gateway(item, i)) for i, item in enumerate(items)]
        done, failed = self.account.update_gateways(updates)
        success = [{"gateway": gateway, "route": route} for route, gateway in done]
        if failed:
            return partial_reply(
                "Update result",
                update_success=success,
                update_failed=[
                    {"message": message, "gateway": gateway, "route": route}
                    for route, gateway, message in failed
                ],
            )
        return success_reply(message="Gateway updated", gateways=success)

    def gateways_remove(self, call: Call) -> Reply:
        """``gateways/remove``: a gateway numbers route to stays."""
        items = item_list(required(call.body, "routes"), "Field Required: routes")
        removed, failed = self.account.remove_gateways([route_of(item) for item in items])
        if failed:
            return partial_reply(
                "At least one one route could not be removed. Please make sure no DID are routed "
                "to gateway.",
                removed_success=[{"route": route} for route in removed],
                removed_failed=[{"route": route} for route in failed],
            )
        return success_reply(message="Gateways Removed", routes=[{"route": r} for r in removed])


def _gateway(item: dict[str, Any], index: int) -> str:
    """Item ``index``'s required ``gateway`` string; anything else is a 400 (the spec's
    errorResponse: its 409 body lists the gateways that were tried)."""
    gateway = required(item, "gateway")
    if not isinstance(gateway, str):
        raise Problem(400, f"Bad input: /gateways/{index}/gateway must be a string")
    return gateway
