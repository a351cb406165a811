"""``/number_reservations``: hold numbers for a while before ordering them."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime

from numbering_async._validate import check_e164, check_id
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import data_caster, page_caster
from numbering_async.telnyx._params import (
    check_e164_list,
    check_text,
    optional,
    reference_or_new,
    status_and_created,
)
from numbering_async.telnyx.models import NumberReservation, OrderStatus
from numbering_async.telnyx.resources._base import DEFAULT_PAGE_SIZE, Resource, item_path
from numbering_async.telnyx.resources._purchase import (
    LOOKUP_PAGE_SIZE,
    ReferenceFinder,
    as_is,
)

__all__ = ["NumberReservations"]

_PATH = "/number_reservations"
_RESERVATION = data_caster(NumberReservation)
_PAGE = page_caster(NumberReservation)


class NumberReservations(Resource):
    """``client.number_reservations``: numbers held for you until they expire."""

    __slots__ = ()

    def list(
        self,
        *,
        status: OrderStatus | str | None = None,
        created_at_gt: datetime | str | None = None,
        created_at_lt: datetime | str | None = None,
        phone_number: str | None = None,
        customer_reference: str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> AsyncPaginator[NumberReservation]:
        """Walk reservations lazily (``async for reservation in ...``).

        ``phone_number`` (E.164) keeps reservations holding that number
        (``filter[phone_numbers.phone_number]``); ``page_size`` is 1..250.
        """
        filters = {
            **status_and_created(status, created_at_gt, created_at_lt),
            "phone_numbers.phone_number": optional(check_e164, "phone_number", phone_number),
            "customer_reference": optional(check_text, "customer_reference", customer_reference),
        }
        return self._paginate(_PATH, _PAGE, {"filter": filters}, page_size=page_size, limit=limit)

    async def create(
        self, phone_numbers: Iterable[str], *, customer_reference: str | None = None
    ) -> NumberReservation:
        """Reserve ``phone_numbers`` (E.164).

        Like an order, the reservation carries ``customer_reference`` (generated when you
        give none) and is never sent twice: after an ambiguous failure it is looked up by that
        reference and returned only if it holds the same numbers and was made after the call
        began, else :class:`~numbering_async.OutcomeUnknownError` carries the reference.
        """
        reference = reference_or_new(customer_reference)
        wanted = check_e164_list("phone_numbers", phone_numbers)
        body = {
            "phone_numbers": [{"phone_number": number} for number in wanted],
            "customer_reference": reference,
        }
        numbers = frozenset(wanted)

        def same_request(reservation: NumberReservation) -> bool:
            return frozenset(n.phone_number for n in reservation.phone_numbers) == numbers

        find = ReferenceFinder(
            lambda limit: self.list(
                customer_reference=reference, page_size=LOOKUP_PAGE_SIZE, limit=limit
            ),
            reference,
            LOOKUP_PAGE_SIZE,
            same_request,
            as_is,
        )
        asked = f"numbers {', '.join(sorted(numbers))}"
        return await self._place(
            _PATH,
            _RESERVATION,
            body,
            find,
            resource="number_reservations",
            asked=asked,
            reused=customer_reference is not None,
        )

    async def find_by_reference(self, customer_reference: str) -> builtins.list[NumberReservation]:
        """The reservations carrying ``customer_reference``, as listed (see
        :meth:`NumberOrders.find_by_reference`)."""
        reference = check_text("customer_reference", customer_reference)
        return [
            reservation
            async for reservation in self.list(
                customer_reference=reference, page_size=LOOKUP_PAGE_SIZE
            )
        ]

    async def retrieve(self, number_reservation_id: str) -> NumberReservation:
        """One reservation."""
        path = item_path(_PATH, check_id("number_reservation_id", number_reservation_id))
        return await self._get(path, _RESERVATION)

    async def extend(self, number_reservation_id: str) -> NumberReservation:
        """Push a reservation's expiry further out (``POST .../actions/extend``)."""
        path = item_path(
            _PATH, check_id("number_reservation_id", number_reservation_id), "/actions/extend"
        )
        return await self._write("POST", path, _RESERVATION)
