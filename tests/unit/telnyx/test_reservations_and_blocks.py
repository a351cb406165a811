"""``number_reservations`` and ``number_block_orders``: every operation."""

from __future__ import annotations

from datetime import UTC, datetime

from numbering_async.telnyx import (
    NumberBlockOrder,
    NumberReservation,
    OrderStatus,
    ReservedPhoneNumber,
)

from .helpers import Api, data, page
from .payloads import BLOCK_ORDER, RESERVATION

RESERVATION_ID = RESERVATION["id"]
BLOCK_ID = BLOCK_ORDER["id"]
WHEN = datetime(2018, 1, 1, tzinfo=UTC)

EXPECTED_RESERVATION = NumberReservation(
    created_at=WHEN,
    customer_reference="MY REF 001",
    id=RESERVATION_ID,
    phone_numbers=(
        ReservedPhoneNumber(
            created_at=WHEN,
            errors="Number is already on hold",
            expired_at=WHEN,
            id=RESERVATION_ID,
            phone_number="+19705555098",
            record_type="reserved_phone_number",
            status=OrderStatus.PENDING,
            updated_at=WHEN,
        ),
    ),
    record_type="number_reservation",
    status=OrderStatus.PENDING,
    updated_at=WHEN,
)


async def test_list_reservations_sends_filters_and_decodes() -> None:
    api = Api().on(
        "GET",
        "/v2/number_reservations",
        page([RESERVATION], total_pages=3, page_number=1, total_results=55, page_size=25),
    )
    async with api.client() as telnyx:
        first = await telnyx.number_reservations.list(
            status="success",
            created_at_gt=WHEN,
            created_at_lt="2019-01-01",
            phone_number="+19705555098",
            customer_reference="MY REF 001",
            page_size=25,
        ).first_page()
    assert api.sent() == (
        "GET",
        "/v2/number_reservations",
        {
            "filter[status]": ["success"],
            "filter[created_at][gt]": ["2018-01-01T00:00:00+00:00"],
            "filter[created_at][lt]": ["2019-01-01"],
            "filter[phone_numbers.phone_number]": ["+19705555098"],
            "filter[customer_reference]": ["MY REF 001"],
            "page[number]": ["1"],
            "page[size]": ["25"],
        },
        None,
    )
    assert list(first.items) == [EXPECTED_RESERVATION]
    assert (first.meta.total_pages, first.meta.total_results) == (3, 55)


async def test_create_reservation_posts_numbers_and_reference() -> None:
    api = (
        Api()
        .on("GET", "/v2/number_reservations", page([]))
        .on("POST", "/v2/number_reservations", data(RESERVATION))
    )
    async with api.client() as telnyx:
        reservation = await telnyx.number_reservations.create(
            ["+19705555098"], customer_reference="MY REF 001"
        )
    assert api.sent("POST") == (
        "POST",
        "/v2/number_reservations",
        {},
        {"phone_numbers": [{"phone_number": "+19705555098"}], "customer_reference": "MY REF 001"},
    )
    assert api.requests[-1].idempotent is False
    assert reservation == EXPECTED_RESERVATION


async def test_retrieve_reservation() -> None:
    api = Api().on("GET", f"/v2/number_reservations/{RESERVATION_ID}", data(RESERVATION))
    async with api.client() as telnyx:
        reservation = await telnyx.number_reservations.retrieve(RESERVATION_ID)
    assert api.sent() == ("GET", f"/v2/number_reservations/{RESERVATION_ID}", {}, None)
    assert reservation == EXPECTED_RESERVATION


async def test_extend_reservation_posts_the_action() -> None:
    path = f"/v2/number_reservations/{RESERVATION_ID}/actions/extend"
    api = Api().on("POST", path, data(RESERVATION))
    async with api.client() as telnyx:
        reservation = await telnyx.number_reservations.extend(RESERVATION_ID)
    assert api.sent() == ("POST", path, {}, None)
    assert api.requests[0].idempotent is False
    assert reservation.phone_numbers[0].expired_at == WHEN


EXPECTED_BLOCK = NumberBlockOrder(
    connection_id="346789098765567",
    created_at=WHEN,
    customer_reference="MY REF 001",
    id=BLOCK_ID,
    messaging_profile_id="abc85f64-5717-4562-b3fc-2c9600",
    phone_numbers_count=10,
    range=10,
    record_type="number_block_order",
    requirements_met=True,
    starting_number="+19705555000",
    status=OrderStatus.PENDING,
    updated_at=WHEN,
)


async def test_list_block_orders_sends_filters_and_decodes() -> None:
    api = Api().on("GET", "/v2/number_block_orders", page([BLOCK_ORDER], total_pages=1))
    async with api.client() as telnyx:
        orders = [
            order
            async for order in telnyx.number_block_orders.list(
                status="pending",
                created_at_gt="2018-01-01T00:00:00.000000Z",
                created_at_lt="2019-01-01T00:00:00Z",
                starting_number="+19705555000",
            )
        ]
    assert api.sent() == (
        "GET",
        "/v2/number_block_orders",
        {
            "filter[status]": ["pending"],
            "filter[created_at][gt]": ["2018-01-01T00:00:00.000000Z"],
            "filter[created_at][lt]": ["2019-01-01T00:00:00Z"],
            "filter[phone_numbers.starting_number]": ["+19705555000"],
            "page[number]": ["1"],
            "page[size]": ["100"],
        },
        None,
    )
    assert orders == [EXPECTED_BLOCK]


async def test_create_block_order_posts_the_block() -> None:
    api = (
        Api()
        .on("GET", "/v2/number_block_orders", page([]))
        .on("POST", "/v2/number_block_orders", data(BLOCK_ORDER))
    )
    async with api.client() as telnyx:
        order = await telnyx.number_block_orders.create(
            "+19705555000",
            10,
            customer_reference="MY REF 001",
            connection_id="346789098765567",
            messaging_profile_id="abc85f64-5717-4562-b3fc-2c9600",
        )
    assert api.sent("POST") == (
        "POST",
        "/v2/number_block_orders",
        {},
        {
            "starting_number": "+19705555000",
            "range": 10,
            "customer_reference": "MY REF 001",
            "connection_id": "346789098765567",
            "messaging_profile_id": "abc85f64-5717-4562-b3fc-2c9600",
        },
    )
    assert api.requests[-1].idempotent is False
    assert order == EXPECTED_BLOCK


async def test_retrieve_block_order() -> None:
    api = Api().on("GET", f"/v2/number_block_orders/{BLOCK_ID}", data(BLOCK_ORDER))
    async with api.client() as telnyx:
        order = await telnyx.number_block_orders.retrieve(BLOCK_ID)
    assert api.sent() == ("GET", f"/v2/number_block_orders/{BLOCK_ID}", {}, None)
    assert order == EXPECTED_BLOCK
