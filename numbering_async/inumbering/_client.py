"""The iNumbering client (VoiceTel's Provisioning API v2.1.6, in front of Inteliquent)."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import Any, ClassVar, TypeVar

from numbering_async import _json
from numbering_async._client import BaseClient, EventHook, new_reference
from numbering_async._env import base_url_from_env
from numbering_async._http import HttpRequest, HttpResponse, Transport, fixed_headers
from numbering_async._memo import remembered
from numbering_async._retry import RetryPolicy
from numbering_async._settle import SettlePolicy
from numbering_async._validate import (
    check_enum,
    check_int_range,
    check_nanp_code,
    check_state,
)
from numbering_async.coverage import AvailableNumber, CoverageCount, CoverageQuery
from numbering_async.errors import InvalidRequestError
from numbering_async.inumbering import _endpoints as ep
from numbering_async.inumbering import _wire
from numbering_async.inumbering._checks import (
    MAX_QUANTITY,
    check_brand_id,
    check_campaign_id,
    check_gateway,
    check_lata,
    check_many,
    check_order_items,
    check_route,
    check_text,
    check_tn_mask,
    check_tns,
)
from numbering_async.inumbering._converter import converter
from numbering_async.inumbering._errors import read_body
from numbering_async.inumbering.models import (
    CountBy,
    Gateway,
    OrderReceipt,
    TnCoverageRow,
    TnInventoryNumber,
    TnOrderItem,
)

__all__ = ["DEFAULT_BASE_URL", "INumberingClient"]

DEFAULT_BASE_URL = "https://api.voicetel.com"

T = TypeVar("T")

_COUNTRIES = frozenset({"US", "CA"})
_SEARCHES_KEPT = 256
"""Requests of idempotent calls a client keeps for reuse at most (then it starts again)."""


def _check_coverage(
    count_by: str | CountBy,
    npa: str | int | None,
    lata: str | int | None,
    rc_abbre: str | None,
    loc_state: str | None,
) -> _wire.TnInventoryCoverageRequest:
    """The arguments of :meth:`INumberingClient.tn_inventory_coverage` checked, as its wire
    request (a call with plain arguments equal to an earlier one's skips the checks: see
    ``_memo``)."""
    given = [
        name
        for name, value in (
            ("npa", npa),
            ("lata", lata),
            ("rc_abbre", rc_abbre),
            ("loc_state", loc_state),
        )
        if value is not None
    ]
    if len(given) > 1:
        raise InvalidRequestError(
            given[1], f"give at most one filter of npa, lata, rc_abbre, loc_state; got {given}"
        )
    return _wire.TnInventoryCoverageRequest(
        count_by=check_enum("count_by", count_by, CountBy).value,
        npa=None if npa is None else check_nanp_code("npa", npa),
        lata=None if lata is None else check_lata("lata", lata),
        rc_abbre=None if rc_abbre is None else check_text("rc_abbre", rc_abbre),
        loc_state=None if loc_state is None else check_state("loc_state", loc_state),
    )


_coverage_request = remembered(_check_coverage, also=(CountBy,))


class INumberingClient(BaseClient):
    """Async client of the iNumbering Provisioning API and its gateways list.

    ::

        async with INumberingClient(api_key="...") as inum:
            numbers = await inum.tn_inventory("201xxxxxxx", quantity=10, province="NJ")
            receipt = await inum.tn_order([numbers[0].tn])

    Every call is a ``POST`` of a JSON body carrying ``apikey`` (the key comes from
    ``api_key`` or ``$INUMBERING_API_KEY``); with ``send_bearer=True`` it is also sent as
    ``Authorization: Bearer``, as the spec's security scheme declares. The key never appears in
    a repr, a log record or an error. The API is at ``base_url``, else at
    ``$INUMBERING_BASE_URL`` (a sandbox, say), else at :data:`DEFAULT_BASE_URL`.

    Searches and lists are retried like any idempotent call. Purchases (:meth:`tn_order`,
    :meth:`tn_messaging_campaign`) carry a ``customerOrderReference`` (generated when none is
    given) and are never sent twice: iNumbering cannot look an order up, so an ambiguous failure
    raises :class:`~numbering_async.errors.OutcomeUnknownError` with that reference.

    The client is a :class:`~numbering_async.CoverageSource` for :func:`bulk_coverage`.
    """

    provider: ClassVar[str] = "inumbering"
    api_key_env: ClassVar[str] = "INUMBERING_API_KEY"
    base_url_env: ClassVar[str] = "INUMBERING_BASE_URL"
    """Where the base URL comes from when ``base_url`` is not given."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        transport: Transport | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | None = 30.0,
        allow_insecure_http: bool = False,
        event_hook: EventHook | None = None,
        settle: SettlePolicy | None = None,
        close_grace: float = 5.0,
        send_bearer: bool = False,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url_from_env(self.base_url_env, DEFAULT_BASE_URL)
            if base_url is None
            else base_url,
            transport=transport,
            retry=retry,
            timeout=timeout,
            allow_insecure_http=allow_insecure_http,
            event_hook=event_hook,
            settle=settle,
            close_grace=close_grace,
        )
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if send_bearer:
            headers["Authorization"] = f"Bearer {self._api_key}"
        self._headers = fixed_headers(headers)
        self._urls = {endpoint.path: self._url(endpoint.path) for endpoint in ep.ENDPOINTS}
        self._endpoint_at = {self._urls[e.path].path: e for e in ep.ENDPOINTS}
        # The default transport already applies ``timeout``; a caller's gets it per request.
        self._request_timeout = None if self._owns_transport else timeout
        self._searches: dict[tuple[str, object, float | None], HttpRequest] = {}
        """Requests of idempotent calls as built, by path, wire request and timeout."""

    # -- the wire --------------------------------------------------------------------------

    def _build_request(
        self,
        method: str,
        path: str,
        query: str | None,
        body: object,
        idempotent: bool,
        timeout: float | None,
        idempotency_key: str | None = None,
    ) -> HttpRequest:
        """A ``POST`` of the wire request ``body`` (or nothing) plus ``apikey``, as JSON
        (iNumbering takes no query and documents no idempotency key).

        An idempotent call (a search) with an equal wire request and the same timeout is the
        same request every time: the immutable request is kept and given again. (The checks
        give the fields of a search one type each, so equal requests encode the same.)"""
        if not idempotent:
            return self._new_request(method, path, body, idempotent, timeout)
        key = (path, body, timeout)
        try:
            request = self._searches.get(key)
        except TypeError:  # a wire request holding a list (gateway updates) is not kept
            return self._new_request(method, path, body, idempotent, timeout)
        if request is None:
            request = self._new_request(method, path, body, idempotent, timeout)
            if len(self._searches) >= _SEARCHES_KEPT:
                self._searches.clear()
            self._searches[key] = request
        return request

    def _new_request(
        self, method: str, path: str, body: object, idempotent: bool, timeout: float | None
    ) -> HttpRequest:
        fields = {} if body is None else converter.unstructure(body)
        return HttpRequest(
            method,
            self._urls[path],
            headers=self._headers,
            body=_json.dumps({"apikey": self._api_key, **fields}),
            timeout=timeout if timeout is not None else self._request_timeout,
            idempotent=idempotent,
        )

    def _payload(self, response: HttpResponse) -> Any:
        """The body of a successful call, or the typed error (see ``inumbering._errors``)."""
        endpoint = self._endpoint_at.get(response.request.url.path)
        return read_body(response, endpoint, self._redact)

    def _call(self, endpoint: ep.Endpoint[T], request: object = None) -> Coroutine[Any, Any, T]:
        """The call of ``endpoint`` with the wire ``request`` as its body, to await (not a
        coroutine of its own: a resumed request walks one level fewer)."""
        return self._request(
            "POST", endpoint.path, endpoint.decode, body=request, idempotent=endpoint.idempotent
        )

    async def _write(
        self,
        endpoint: ep.Endpoint[T],
        request: object,
        *,
        operation: str,
        reference: str,
        asked: str,
        hint: str,
    ) -> T:
        """Send a write at most once. iNumbering cannot look a write up afterwards, so any
        doubt about its outcome raises ``OutcomeUnknownError`` carrying ``reference``."""

        async def send() -> T:
            return await self._request(
                "POST", endpoint.path, endpoint.decode, body=request, idempotent=False
            )

        return await self._place_once(
            send, None, reference=reference, operation=operation, asked=asked, hint=hint
        )

    async def _order(
        self,
        endpoint: ep.Endpoint[_wire.OrderIdResponse],
        request: object,
        *,
        operation: str,
        reference: str,
        asked: str,
    ) -> OrderReceipt:
        """Place an order at most once and return its receipt."""
        response = await self._write(
            endpoint,
            request,
            operation=operation,
            reference=reference,
            asked=asked,
            hint=_ORDER_HINT,
        )
        return OrderReceipt(order_id=response.order_id, customer_order_reference=reference)

    # -- numbers ---------------------------------------------------------------------------

    async def tn_inventory(
        self,
        tn_mask: str,
        quantity: int,
        rate_center: str | None = None,
        lata: str | int | None = None,
        province: str | None = None,
    ) -> list[TnInventoryNumber]:
        """Available numbers matching ``tn_mask`` (``201xxxxxxx``: digits, ``x`` a wildcard).

        ``quantity`` is 1..100,000; filter by any of ``rate_center``, ``lata`` (3 digits) and
        ``province`` (two letters). No match is an empty list.
        """
        request = _wire.TnInventoryRequest(
            tn_mask=check_tn_mask("tn_mask", tn_mask),
            quantity=check_int_range("quantity", quantity, 1, MAX_QUANTITY),
            rate_center=None if rate_center is None else check_text("rate_center", rate_center),
            lata=None if lata is None else int(check_lata("lata", lata)),
            province=None if province is None else check_state("province", province),
        )
        return (await self._call(ep.TN_INVENTORY, request)).tn_result

    async def tn_inventory_coverage(
        self,
        count_by: str | CountBy = CountBy.NPA_NXX,
        npa: str | int | None = None,
        lata: str | int | None = None,
        rc_abbre: str | None = None,
        loc_state: str | None = None,
    ) -> list[TnCoverageRow]:
        """How many numbers are in stock, counted by ``count_by`` (state, rateCenter, npaNxx,
        block). Give at most one filter of ``npa``, ``lata``, ``rc_abbre`` (rate center) and
        ``loc_state``, as the API asks. No match is an empty list.
        """
        request = _coverage_request(count_by, npa, lata, rc_abbre, loc_state)
        return (await self._call(ep.TN_INVENTORY_COVERAGE, request)).tn_inventory_coverage_list

    async def tn_order(
        self,
        tns: Iterable[str | int | TnOrderItem],
        customer_order_reference: str | None = None,
    ) -> OrderReceipt:
        """Order numbers (10 digits or E.164), each optionally routed (``TnOrderItem``).

        Never sent twice: an ambiguous failure raises ``OutcomeUnknownError`` carrying the
        reference (``customer_order_reference``, generated when not given).
        """
        items = check_order_items("tns", tns)
        reference = _reference(customer_order_reference)
        request = _wire.TnOrderRequest(
            _wire.TnOrderBody(_wire.TnOrderList(items), customer_order_reference=reference)
        )
        return await self._order(
            ep.TN_ORDER,
            request,
            operation="tn_order",
            reference=reference,
            asked=_numbers(item.tn for item in items),
        )

    # -- messaging -------------------------------------------------------------------------

    async def add_messaging_brand(self, brand_id: str, name: str, description: str) -> None:
        """Add a messaging brand (``brand_id`` like ``B12345``); sent at most once.

        After an ambiguous failure, ``OutcomeUnknownError`` carries the brand id: adding the
        brand again is safe, an existing brand is refused with ``ConflictError``.
        """
        request = _wire.MessagingBrandRequest(
            messaging_brand_id=check_brand_id("brand_id", brand_id),
            messaging_brand_name=check_text("name", name),
            messaging_brand_description=check_text("description", description),
        )
        await self._write(
            ep.ADD_MESSAGING_BRAND,
            request,
            operation="add_messaging_brand",
            reference=request.messaging_brand_id,
            asked=f"brand {request.messaging_brand_id}",
            hint="adding the brand again is refused with ConflictError if it exists",
        )

    async def add_messaging_campaign(
        self, brand_id: str, external_campaign_id: str, description: str
    ) -> None:
        """Add a registered campaign (``C123456``) to a brand; sent at most once.

        After an ambiguous failure, ``OutcomeUnknownError`` carries the campaign id.
        """
        request = _wire.MessagingCampaignRequest(
            messaging_brand_id=check_brand_id("brand_id", brand_id),
            external_campaign_id=check_campaign_id("external_campaign_id", external_campaign_id),
            campaign_description=check_text("description", description),
        )
        await self._write(
            ep.ADD_MESSAGING_CAMPAIGN,
            request,
            operation="add_messaging_campaign",
            reference=request.external_campaign_id,
            asked=f"campaign {request.external_campaign_id} of brand {request.messaging_brand_id}",
            hint="adding the campaign again is refused if it exists",
        )

    async def tn_messaging_campaign(
        self,
        tns: Iterable[str | int],
        campaign_id: str,
        customer_order_reference: str | None = None,
    ) -> OrderReceipt:
        """Assign campaign ``campaign_id`` (``C123456``) to up to 100,000 numbers.

        An order like :meth:`tn_order`: never sent twice, reference generated when not given.
        """
        campaign = _wire.TnFeature(_wire.TnMessaging(check_campaign_id("campaign_id", campaign_id)))
        items = [_wire.CampaignTn(tn, campaign) for tn in check_tns("tns", tns)]
        reference = _reference(customer_order_reference)
        request = _wire.TnMessagingCampaignRequest(
            _wire.TnCampaignBody(_wire.CampaignTnList(items), customer_order_reference=reference)
        )
        return await self._order(
            ep.TN_MESSAGING_CAMPAIGN,
            request,
            operation="tn_messaging_campaign",
            reference=reference,
            asked=f"campaign {campaign.messaging.tn_campaign} for {_numbers(i.tn for i in items)}",
        )

    # -- gateways --------------------------------------------------------------------------

    async def gateways(self) -> list[Gateway]:
        """Every route of the account with its gateway: the system routes, then your own."""
        return (await self._call(ep.GATEWAYS_LIST)).gateways

    async def add_gateway(self, *gateways: str) -> list[Gateway]:
        """Add SIP gateways (``host`` or ``host:port``); returns all the account's gateways.

        Sent at most once: after an ambiguous failure ``OutcomeUnknownError`` carries the
        hosts (:meth:`gateways` shows what the account has). If some could not be added,
        ``ConflictError`` is raised and its ``body`` lists ``added_success`` and
        ``added_failed``.
        """
        hosts = [
            _wire.GatewayHost(check_gateway(f"gateways[{index}]", gateway))
            for index, gateway in enumerate(check_many("gateways", gateways))
        ]
        names = ", ".join(host.gateway for host in hosts)
        response = await self._write(
            ep.GATEWAYS_ADD,
            _wire.GatewaysAddRequest(hosts),
            operation="add_gateway",
            reference=names,
            asked=f"gateways {names}",
            hint=_GATEWAYS_HINT,
        )
        return [Gateway(route=added.route, gateway=added.gateway) for added in response.gateways]

    async def update_gateway(self, *gateways: Gateway) -> list[Gateway]:
        """Point existing routes at new gateways; returns the updated entries.

        Sent at most once, like :meth:`add_gateway`.

        If some could not be updated, ``ConflictError`` is raised and its ``body`` lists
        ``update_success`` and ``update_failed``.
        """
        updates = [
            Gateway(
                route=check_route(f"gateways[{index}].route", gateway.route),
                gateway=check_gateway(f"gateways[{index}].gateway", gateway.gateway),
            )
            for index, gateway in enumerate(check_many("gateways", gateways))
        ]
        routes = ", ".join(f"{g.route}->{g.gateway}" for g in updates)
        response = await self._write(
            ep.GATEWAYS_UPDATE,
            _wire.GatewaysUpdateRequest(updates),
            operation="update_gateway",
            reference=routes,
            asked=f"routes {routes}",
            hint=_GATEWAYS_HINT,
        )
        return response.gateways

    async def remove_gateway(self, *routes: int) -> list[int]:
        """Remove gateways by route; returns the removed routes. Sent at most once, like
        :meth:`add_gateway`.

        A gateway that still has numbers routed to it cannot be removed: ``ConflictError``,
        whose ``body`` lists ``removed_success`` and ``removed_failed``.
        """
        refs = [
            _wire.RouteRef(check_route(f"routes[{index}]", route))
            for index, route in enumerate(check_many("routes", routes))
        ]
        removed = ", ".join(str(ref.route) for ref in refs)
        response = await self._write(
            ep.GATEWAYS_REMOVE,
            _wire.GatewaysRemoveRequest(refs),
            operation="remove_gateway",
            reference=removed,
            asked=f"removing routes {removed}",
            hint=_GATEWAYS_HINT,
        )
        return [ref.route for ref in response.routes]

    # -- CoverageSource --------------------------------------------------------------------

    async def coverage(self, query: CoverageQuery) -> list[CoverageCount]:
        """Counts per NPA-NXX for ``query`` (npa, npa+nxx, state and/or locality).

        One filter goes to the API (npa, else the locality as a rate center, else the state);
        the rows are then narrowed to everything the query asks for.
        """
        locality = _locality(query)
        if query.npa is not None:
            rows = await self.tn_inventory_coverage(npa=query.npa)
        elif locality is not None:
            rows = await self.tn_inventory_coverage(rc_abbre=locality)
        else:
            rows = await self.tn_inventory_coverage(loc_state=query.state)
        return [
            CoverageCount(
                provider=self.provider,
                count=row.count,
                npa=row.npa,
                nxx=row.nxx,
                locality=row.rc_abbre,
                state=row.loc_state,
            )
            for row in rows
            if _matches(row, query, locality)
        ]

    async def search_numbers(self, query: CoverageQuery, limit: int = 10) -> list[AvailableNumber]:
        """Up to ``limit`` numbers for ``query``: its npa/nxx make the tn mask, its state the
        province, its locality the rate center."""
        locality = _locality(query)
        mask = f"{query.npa or 'xxx'}{query.nxx or 'xxx'}xxxx"
        numbers = await self.tn_inventory(
            mask,
            check_int_range("limit", limit, 1, MAX_QUANTITY),
            rate_center=locality,
            province=query.state,
        )
        return [
            AvailableNumber(
                provider=self.provider,
                phone_number=number.e164,
                locality=number.city,
                state=number.province,
                rate_center=number.rate_center,
            )
            for number in numbers[:limit]
        ]


_ORDER_HINT = (
    "iNumbering cannot look an order up by its reference: check the account's numbers, or ask "
    "support with the reference, before ordering again"
)
_GATEWAYS_HINT = "client.gateways() lists the account's gateways"


def _numbers(tns: Iterable[str]) -> str:
    """``numbers 2015550100, 2015550101`` (the first ten, then a count)."""
    shown = list(tns)
    more = f" and {len(shown) - 10} more" if len(shown) > 10 else ""
    return "numbers " + ", ".join(shown[:10]) + more


def _reference(value: str | None) -> str:
    return new_reference() if value is None else check_text("customer_order_reference", value)


def _locality(query: CoverageQuery) -> str | None:
    """Check that iNumbering can answer ``query``; its locality as a rate center name."""
    if query.country not in _COUNTRIES:
        raise InvalidRequestError(
            "country", f"iNumbering has US and Canadian numbers only, not {query.country}"
        )
    if query.number_type != "local":
        raise InvalidRequestError(
            "number_type", f"iNumbering has local numbers only, not {query.number_type!r}"
        )
    if query.npa is None and query.state is None and query.locality is None:
        raise InvalidRequestError(
            "query", "iNumbering needs an npa, a state or a locality to narrow a search"
        )
    return None if query.locality is None else check_text("locality", query.locality).upper()


def _matches(row: TnCoverageRow, query: CoverageQuery, locality: str | None) -> bool:
    return (
        (query.npa is None or row.npa == query.npa)
        and (query.nxx is None or row.nxx == query.nxx)
        and (query.state is None or (row.loc_state or "").upper() == query.state)
        and (locality is None or (row.rc_abbre or "").upper() == locality)
    )
