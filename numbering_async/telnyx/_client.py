"""The Telnyx client: Bearer auth, JSON bodies, bracketed queries, the error envelope."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from yarl import URL

from numbering_async import _json
from numbering_async._client import BaseClient, EventHook
from numbering_async._env import base_url_from_env
from numbering_async._http import HttpRequest, HttpResponse, Transport, fixed_headers
from numbering_async._query import encode_query
from numbering_async._retry import RetryPolicy
from numbering_async._settle import SettlePolicy
from numbering_async._validate import check_int_range
from numbering_async.coverage import AvailableNumber, CoverageCount, CoverageQuery
from numbering_async.errors import DecodeError, InvalidRequestError
from numbering_async.telnyx._errors import api_error, excerpt

if TYPE_CHECKING:
    from numbering_async.telnyx.resources import (
        AvailablePhoneNumbers,
        InexplicitNumberOrders,
        InventoryCoverageResource,
        NumberBlockOrders,
        NumberOrderPhoneNumbers,
        NumberOrders,
        NumberReservations,
        SubNumberOrders,
        SubNumberOrdersReports,
    )

__all__ = ["DEFAULT_BASE_URL", "TelnyxClient"]

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"

_RAW_METHODS = frozenset({"GET", "POST", "PATCH", "PUT", "DELETE"})
_CSV_SUFFIX = "/download"
"""Paths ending so answer CSV text (the sub number orders report download), not JSON."""
_GETS_KEPT = 256
"""GET requests a client keeps for reuse at most (then it starts again from none)."""


def _identity(payload: Any) -> Any:
    return payload


class TelnyxClient(BaseClient):
    """An async client of Telnyx's numbering API (``https://api.telnyx.com/v2``).

    ::

        async with TelnyxClient() as telnyx:           # key from $TELNYX_API_KEY
            rows = await telnyx.inventory_coverage.list(group_by="locality", npa=318)
            async for order in telnyx.number_orders.list(status="pending"):
                ...

    The key comes from ``api_key`` or ``$TELNYX_API_KEY`` and is sent as a Bearer token; it
    never appears in a ``repr``, log line or error. The API is at ``base_url``, else at
    ``$TELNYX_BASE_URL`` (a sandbox, say), else at :data:`DEFAULT_BASE_URL`. ``timeout`` is
    the total time per request (with your own ``transport``, it is set on every request).
    ``retry`` governs idempotent calls. Purchases are sent at most once: after an ambiguous
    failure they are looked up by their reference as ``settle`` (a
    :class:`~numbering_async.SettlePolicy`) says, else end in
    :class:`~numbering_async.OutcomeUnknownError`. :meth:`aclose` lets purchases in flight
    finish for up to ``close_grace`` seconds.
    Plain ``http://`` is refused except for loopback hosts or ``allow_insecure_http=True``.
    ``event_hook`` is called with a :class:`~numbering_async.RequestEvent` after every attempt.

    Each resource of the API is an attribute: :attr:`inventory_coverage`,
    :attr:`available_phone_numbers`, :attr:`number_orders`, :attr:`number_reservations`,
    :attr:`inexplicit_number_orders`, :attr:`sub_number_orders`,
    :attr:`sub_number_orders_report`, :attr:`number_order_phone_numbers` and
    :attr:`number_block_orders` (imported and built on first use, so that importing the
    client stays light). The client also answers the provider-neutral
    :class:`~numbering_async.CoverageSource` protocol.
    """

    provider: ClassVar[str] = "telnyx"
    api_key_env: ClassVar[str] = "TELNYX_API_KEY"
    base_url_env: ClassVar[str] = "TELNYX_BASE_URL"
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
        auth = {"Authorization": f"Bearer {self._api_key}"}
        self._headers = fixed_headers({**auth, "Accept": "application/json"})
        self._json_headers = fixed_headers(
            {**auth, "Accept": "application/json", "Content-Type": "application/json"}
        )
        self._csv_headers = fixed_headers({**auth, "Accept": "text/csv"})
        # The default transport already applies ``timeout``; a caller's gets it per request.
        self._request_timeout = None if self._owns_transport else timeout
        self._gets: dict[tuple[str, str | None, float | None, bool], HttpRequest] = {}
        """GET requests as built, by path, query, timeout and idempotence (see below)."""

    # -- resources, each imported and built on first use -------------------------------------

    @cached_property
    def inventory_coverage(self) -> InventoryCoverageResource:
        """Inventory levels grouped by locality, NPA or national destination code."""
        from numbering_async.telnyx.resources import InventoryCoverageResource

        return InventoryCoverageResource(self)

    @cached_property
    def available_phone_numbers(self) -> AvailablePhoneNumbers:
        """Numbers in stock, searched by pattern, place, type and features."""
        from numbering_async.telnyx.resources import AvailablePhoneNumbers

        return AvailablePhoneNumbers(self)

    @cached_property
    def number_orders(self) -> NumberOrders:
        """Orders for specific numbers."""
        from numbering_async.telnyx.resources import NumberOrders

        return NumberOrders(self)

    @cached_property
    def number_reservations(self) -> NumberReservations:
        """Numbers held for a while before they are ordered."""
        from numbering_async.telnyx.resources import NumberReservations

        return NumberReservations(self)

    @cached_property
    def inexplicit_number_orders(self) -> InexplicitNumberOrders:
        """Orders for a count of numbers matching filters."""
        from numbering_async.telnyx.resources import InexplicitNumberOrders

        return InexplicitNumberOrders(self)

    @cached_property
    def sub_number_orders(self) -> SubNumberOrders:
        """The per-country, per-type parts of number orders."""
        from numbering_async.telnyx.resources import SubNumberOrders

        return SubNumberOrders(self)

    @cached_property
    def sub_number_orders_report(self) -> SubNumberOrdersReports:
        """CSV reports of sub number orders."""
        from numbering_async.telnyx.resources import SubNumberOrdersReports

        return SubNumberOrdersReports(self)

    @cached_property
    def number_order_phone_numbers(self) -> NumberOrderPhoneNumbers:
        """The numbers of number orders, with their regulatory requirements."""
        from numbering_async.telnyx.resources import NumberOrderPhoneNumbers

        return NumberOrderPhoneNumbers(self)

    @cached_property
    def number_block_orders(self) -> NumberBlockOrders:
        """Orders for contiguous blocks of numbers."""
        from numbering_async.telnyx.resources import NumberBlockOrders

        return NumberBlockOrders(self)

    # -- the wire ----------------------------------------------------------------------------

    def _build_request(
        self,
        method: str,
        path: str,
        query: str | None,
        body: Mapping[str, Any] | None,
        idempotent: bool,
        timeout: float | None,
        idempotency_key: str | None = None,
    ) -> HttpRequest:
        """The request, with an ``Idempotency-Key`` on every write: a purchase's own (derived
        from its reference and body), else a fresh one that the call's resends share.

        A GET without a body is the same request every time it is made with the same path,
        query and timeout: the immutable request is kept and given again (so is its parsed URL).
        """
        if body is None and method == "GET":
            key = (path, query, timeout, idempotent)
            request = self._gets.get(key)
            if request is None:
                request = self._new_request(method, path, query, None, idempotent, timeout, None)
                if len(self._gets) >= _GETS_KEPT:
                    self._gets.clear()
                self._gets[key] = request
            return request
        return self._new_request(method, path, query, body, idempotent, timeout, idempotency_key)

    def _new_request(
        self,
        method: str,
        path: str,
        query: str | None,
        body: Mapping[str, Any] | None,
        idempotent: bool,
        timeout: float | None,
        idempotency_key: str | None,
    ) -> HttpRequest:
        url = self._base + path
        if query:
            url = f"{url}?{query}"
        headers: Mapping[str, str]
        if body is not None:
            headers = self._json_headers
            data: bytes | None = _json.dumps(body)
        else:
            headers = self._csv_headers if path.endswith(_CSV_SUFFIX) else self._headers
            data = None
        if method != "GET":
            key = idempotency_key or f"na-{uuid.uuid4().hex}"
            headers = fixed_headers({**headers, "Idempotency-Key": key})
        return HttpRequest(
            method=method,
            url=URL(url, encoded=True),
            headers=headers,
            body=data,
            timeout=timeout if timeout is not None else self._request_timeout,
            idempotent=idempotent,
        )

    def _payload(self, response: HttpResponse) -> Any:
        if response.status >= 400:
            raise api_error(response, (self._api_key,))
        if response.request.headers is self._csv_headers:
            return response.body.decode("utf-8", "replace")
        try:
            return _json.loads(response.body)
        except ValueError:
            pass  # raised below, so that the error does not keep the parser's copy of the body
        raise DecodeError(
            "telnyx answered with a body that is not JSON"
            if response.body
            else "telnyx answered with an empty body",
            status=response.status,
            request_id=response.request_id,
            excerpt=excerpt(response.body, (self._api_key,)) or None,
        )

    # -- raw access --------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        json: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Call any endpoint and return its decoded JSON (the escape hatch; CSV text for
        paths ending in ``/download``).

        ``path`` is relative to the base URL (``"/number_orders"``); ``query`` is encoded the
        Telnyx way (``{"filter": {"npa": 318}}`` -> ``filter[npa]=318``). GETs are retried like
        every idempotent call; this client sends other methods once (aiohttp itself resends a
        PUT or DELETE once when a kept-alive connection turns out closed, as HTTP allows for
        idempotent methods). Errors map as everywhere else.
        """
        verb = method.upper() if isinstance(method, str) else method
        if verb not in _RAW_METHODS:
            raise InvalidRequestError("method", f"must be one of {sorted(_RAW_METHODS)}")
        if not isinstance(path, str) or not path.startswith("/"):
            raise InvalidRequestError("path", f"expected a path starting with /, got {path!r}")
        return await self._request(
            verb,
            path,
            _identity,
            query=encode_query(query) if query else None,
            body=json,
            idempotent=verb == "GET",
            timeout=timeout,
        )

    # -- CoverageSource ----------------------------------------------------------------------

    async def coverage(self, query: CoverageQuery) -> list[CoverageCount]:
        """Inventory counts for ``query``, from ``inventory_coverage.list`` (counts included).

        How the query maps:

        - ``npa`` (with or without ``nxx``) or ``state``: grouped by locality, filtered by
          ``filter[npa]`` / ``filter[nxx]`` / ``filter[administrative_area]``. One row per
          locality: ``locality`` is the group, ``npa``/``nxx`` come from the query, ``state``
          from the row's administrative area (or the query).
        - ``locality`` (with an ``npa`` or ``state``): as above, keeping the rows of that
          locality (compared case-insensitively). Alone it raises
          :class:`~numbering_async.errors.InvalidRequestError`: Telnyx has no locality filter.
        - Only a country: US and CA are grouped by NPA (``npa`` is the group), other countries
          by locality.

        ``country`` must be one of :class:`~numbering_async.telnyx.InventoryCountry` and
        ``number_type`` a :class:`~numbering_async.telnyx.PhoneNumberType`; NPA/NXX apply to
        US and CA only.
        """
        from numbering_async.telnyx import _coverage

        arguments = _coverage.inventory_arguments(query)
        rows = await self.inventory_coverage.list(**arguments)
        return _coverage.coverage_counts(query, arguments["group_by"], rows)

    async def search_numbers(self, query: CoverageQuery, limit: int = 10) -> list[AvailableNumber]:
        """Up to ``limit`` available numbers for ``query``, from ``available_phone_numbers``.

        ``npa`` goes out as ``national_destination_code``, ``nxx`` as the pattern the number
        starts with after it, ``state`` as ``administrative_area``, ``locality`` as
        ``locality``. Locality, state and rate center of each number come from its
        ``region_information``.
        """
        from numbering_async.telnyx import _coverage

        check_int_range("limit", limit, 1)
        rows = await self.available_phone_numbers.list(**_coverage.search_arguments(query, limit))
        return _coverage.available_numbers(rows, limit)
