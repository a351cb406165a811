"""What every resource namespace shares: the client and its request helpers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from numbering_async._query import encode_query
from numbering_async._validate import check_page_size
from numbering_async.errors import InvalidRequestError, NumberingError
from numbering_async.pagination import AsyncPaginator, Page, one_page
from numbering_async.telnyx._converter import unstructure
from numbering_async.telnyx.models import RegulatoryRequirementValue
from numbering_async.telnyx.resources._purchase import ReferenceFinder, idempotency_key

if TYPE_CHECKING:
    from numbering_async.telnyx._client import TelnyxClient

__all__ = ["DEFAULT_PAGE_SIZE", "Resource", "item_path", "requirement_values", "wire_values"]

T = TypeVar("T")

logger = logging.getLogger("numbering_async")

DEFAULT_PAGE_SIZE = 100
"""Items per page when a listing is walked and no ``page_size`` is given."""


def item_path(collection: str, item_id: str, action: str = "") -> str:
    """``/collection/<id>[/action]`` with the id percent-encoded (a ``/`` cannot escape)."""
    return f"{collection}/{quote(item_id, safe='')}{action}"


def wire_values(
    argument: str,
    values: Iterable[Any],
    model: type,
    convert: Callable[[str, Any], Any] | None = None,
) -> list[Any]:
    """A non-empty list of ``model`` values as wire JSON.

    Items that are not ``model`` instances go through ``convert(argument, item)`` when given
    (``number_orders.create`` takes plain E.164 strings), else they are refused.
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidRequestError(argument, f"expected a list, got {type(values).__name__}")
    wire = []
    for value in values:
        if isinstance(value, model):
            wire.append(unstructure(value))
        elif convert is not None:
            wire.append(convert(argument, value))
        else:
            raise InvalidRequestError(
                argument, f"expected {model.__name__} values, got {type(value).__name__}"
            )
    if not wire:
        raise InvalidRequestError(argument, "must not be empty")
    return wire


def requirement_values(argument: str, values: Iterable[RegulatoryRequirementValue]) -> list[Any]:
    """Regulatory requirement values (a non-empty list) as wire JSON."""
    return wire_values(argument, values, RegulatoryRequirementValue)


class Resource:
    """A namespace of operations (``client.number_orders``...); holds its client."""

    __slots__ = ("_client",)

    def __init__(self, client: TelnyxClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    async def _get(
        self, path: str, cast: Callable[[Any], T], params: Mapping[str, Any] | None = None
    ) -> T:
        query = encode_query(params) if params else None
        return await self._client._request("GET", path, cast, query=query, idempotent=True)

    async def _write(
        self,
        method: str,
        path: str,
        cast: Callable[[Any], T],
        body: Mapping[str, Any] | None = None,
    ) -> T:
        return await self._client._request(method, path, cast, body=body, idempotent=False)

    async def _place(
        self,
        path: str,
        cast: Callable[[Any], T],
        body: Mapping[str, Any],
        find: ReferenceFinder[Any, T],
        *,
        resource: str,
        asked: str,
        reused: bool,
    ) -> T:
        """POST a purchase whose ``body`` carries its ``customer_reference``, at most once.

        It is sent with an ``Idempotency-Key`` derived from its body and reference. After an
        ambiguous failure ``find`` looks for it by that reference over the client's settle
        window (see :meth:`~numbering_async._client.BaseClient._place_once`); it is never
        resent. ``resource`` is the client attribute it belongs to (``"number_orders"``) and
        ``asked`` what it asks for, in words, for the error that reports an unknown outcome.

        A ``reused`` reference (the caller's own: maybe their account id) is looked up first,
        so that no order holding it before the call can be taken for this call's. If that
        lookup fails, the purchase goes ahead and only the creation time tells them apart.
        """
        reference: str = body["customer_reference"]
        if reused:
            try:
                await find.note_earlier()
            except NumberingError as exc:
                logger.debug("orders holding %r could not be listed first: %s", reference, exc)
        key = idempotency_key(path, body)
        client = self._client

        async def send() -> T:
            return await client._request(
                "POST", path, cast, body=body, idempotent=False, idempotency_key=key
            )

        return await client._place_once(
            send,
            find,
            reference=reference,
            operation=f"{resource}.create",
            asked=asked,
            hint=f"client.{resource}.find_by_reference({reference!r})",
        )

    def _paginate(
        self,
        path: str,
        cast: Callable[[Any], Page[T]],
        params: Mapping[str, Any],
        *,
        page_size: int,
        limit: int | None,
        flat: bool = False,
    ) -> AsyncPaginator[T]:
        """A paginator over ``path``; ``flat`` pages with ``page_number``/``page_size``."""
        check_page_size("page_size", page_size)
        prefix = encode_query(params)
        number_key, size_key = (
            ("page_number", "page_size") if flat else ("page[number]", "page[size]")
        )
        request = self._client._request

        async def fetch(number: int, size: int) -> Page[T]:
            paging = f"{number_key}={number}&{size_key}={size}"
            query = f"{prefix}&{paging}" if prefix else paging
            return await request("GET", path, cast, query=query, idempotent=True)

        return AsyncPaginator(fetch, page_size=page_size, limit=limit)

    def _one_page(
        self,
        path: str,
        cast: Callable[[Any], list[T]],
        query: str,
        *,
        limit: int | None = None,
    ) -> AsyncPaginator[T]:
        """A listing the API answers in one response (no page parameters): one page.

        ``query`` is encoded (:func:`~numbering_async._query.encode_query`)."""
        request = self._client._request
        return one_page(
            lambda: request("GET", path, cast, query=query, idempotent=True), limit=limit
        )
