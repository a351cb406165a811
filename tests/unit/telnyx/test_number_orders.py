"""``number_orders``: list, create, retrieve, update."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from numbering_async import AsyncPaginator
from numbering_async.telnyx import (
    NumberOrder,
    NumberOrderWithPhoneNumbers,
    OrderedPhoneNumber,
    OrderPhoneNumber,
    OrderStatus,
    PhoneNumberRef,
    RegulatoryRequirement,
    RegulatoryRequirementValue,
    RequirementFieldType,
)

from .helpers import UUID, Api, body_of, data, echo_reference, page
from .payloads import NUMBER_ORDER_DETAIL, NUMBER_ORDER_ITEM

ORDER_ID = NUMBER_ORDER_ITEM["id"]
WHEN = datetime(2018, 1, 1, tzinfo=UTC)


async def test_list_sends_filters_and_pages_and_decodes_the_seed_listing() -> None:
    api = Api().on(
        "GET",
        "/v2/number_orders",
        page([NUMBER_ORDER_ITEM], page_number=1, page_size=25, total_pages=1, total_results=1),
    )
    async with api.client() as telnyx:
        listing = telnyx.number_orders.list(
            status="pending",
            created_at_gt=datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-5))),
            created_at_lt="2024-02-01T00:00:00Z",
            phone_numbers_count=1,
            customer_reference="MY REF 001",
            requirements_met=True,
            page_size=25,
        )
        assert isinstance(listing, AsyncPaginator)
        orders = await listing.to_list()
    assert api.sent() == (
        "GET",
        "/v2/number_orders",
        {
            "filter[status]": ["pending"],
            "filter[created_at][gt]": ["2024-01-01T00:00:00-05:00"],
            "filter[created_at][lt]": ["2024-02-01T00:00:00Z"],
            "filter[phone_numbers_count]": ["1"],
            "filter[customer_reference]": ["MY REF 001"],
            "filter[requirements_met]": ["true"],
            "page[number]": ["1"],
            "page[size]": ["25"],
        },
        None,
    )
    assert orders == [
        NumberOrder(
            id=ORDER_ID,
            record_type="number_order",
            phone_numbers_count=1,
            connection_id="346789098765567",
            messaging_profile_id="abc85f64-5717-4562-b3fc-2c9600",
            billing_group_id="abc85f64-5717-4562-b3fc-2c9600",
            phone_numbers=(PhoneNumberRef(phone_number="+19705555000", id="<string>"),),
            sub_number_orders_ids=("<string>",),
            status=OrderStatus.PENDING,
            customer_reference="MY REF 001",
            created_at=WHEN,
            updated_at=WHEN,
            requirements_met=True,
        )
    ]


async def test_create_sends_numbers_and_options_and_returns_the_order() -> None:
    api = (
        Api()
        .on("GET", "/v2/number_orders", page([]))
        .on("POST", "/v2/number_orders", data(NUMBER_ORDER_DETAIL))
    )
    async with api.client() as telnyx:
        order = await telnyx.number_orders.create(
            [
                "+19705555098",
                OrderPhoneNumber(
                    phone_number="+492111609539",
                    requirement_group_id="dbbd94ee-9079-488f-80ba-f566b247fd79",
                ),
            ],
            customer_reference="MY REF 001",
            connection_id="346789098765567",
            messaging_profile_id="abc85f64-5717-4562-b3fc-2c9600",
            billing_group_id="abc85f64-5717-4562-b3fc-2c9600",
        )
    assert api.sent("POST") == (
        "POST",
        "/v2/number_orders",
        {},
        {
            "phone_numbers": [
                {"phone_number": "+19705555098"},
                {
                    "phone_number": "+492111609539",
                    "requirement_group_id": "dbbd94ee-9079-488f-80ba-f566b247fd79",
                },
            ],
            "customer_reference": "MY REF 001",
            "connection_id": "346789098765567",
            "messaging_profile_id": "abc85f64-5717-4562-b3fc-2c9600",
            "billing_group_id": "abc85f64-5717-4562-b3fc-2c9600",
        },
    )
    assert api.requests[-1].idempotent is False
    assert isinstance(order, NumberOrderWithPhoneNumbers)
    assert order.phone_numbers == (
        OrderedPhoneNumber(
            bundle_id="bc8e4d67-33a0-4cbb-af74-7b58f05bd474",
            id="dc8e4d67-33a0-4cbb-af74-7b58f05bd494",
            phone_number="+19705555098",
            record_type="number_order_phone_number",
            regulatory_requirements=(
                RegulatoryRequirement(
                    field_type=RequirementFieldType.ADDRESS,
                    field_value="45f45a04-b4be-4592-95b1-9306b9db2b21",
                    record_type="phone_number_regulatory_requirement",
                    requirement_id="8ffb3622-7c6b-4ccc-b65f-7a3dc0099576",
                ),
            ),
            requirements_met=True,
            status=OrderStatus.SUCCESS,
        ),
    )


async def test_create_generates_a_reference_when_none_is_given() -> None:
    api = Api().on("POST", "/v2/number_orders", echo_reference({"id": "o-1"}))
    async with api.client() as telnyx:
        first = await telnyx.number_orders.create(["+12015550123"])
        second = await telnyx.number_orders.create(["+12015550124"])
    references = [body_of(request)["customer_reference"] for request in api.requests]
    assert references == [first.customer_reference, second.customer_reference]
    assert first.customer_reference != second.customer_reference
    assert all(ref.startswith("na-") and len(ref) == 35 for ref in references)


async def test_retrieve_gets_the_order_by_id() -> None:
    api = Api().on("GET", f"/v2/number_orders/{ORDER_ID}", data(NUMBER_ORDER_DETAIL))
    async with api.client() as telnyx:
        order = await telnyx.number_orders.retrieve(ORDER_ID)
    assert api.sent() == ("GET", f"/v2/number_orders/{ORDER_ID}", {}, None)
    assert order.id == ORDER_ID
    assert order.phone_numbers[0].status is OrderStatus.SUCCESS


async def test_retrieve_percent_encodes_the_id_into_one_segment() -> None:
    api = Api().on("GET", "/v2/number_orders/a/b?c", data({}))
    async with api.client() as telnyx:
        await telnyx.number_orders.retrieve("a/b?c")
    assert api.requests[0].url.raw_path == "/v2/number_orders/a%2Fb%3Fc"


async def test_update_patches_reference_and_requirements() -> None:
    api = Api().on("PATCH", f"/v2/number_orders/{ORDER_ID}", data(NUMBER_ORDER_DETAIL))
    async with api.client() as telnyx:
        order = await telnyx.number_orders.update(
            ORDER_ID,
            customer_reference="MY REF 002",
            regulatory_requirements=[
                RegulatoryRequirementValue(requirement_id=UUID, field_value="value")
            ],
        )
    assert api.sent() == (
        "PATCH",
        f"/v2/number_orders/{ORDER_ID}",
        {},
        {
            "customer_reference": "MY REF 002",
            "regulatory_requirements": [{"requirement_id": UUID, "field_value": "value"}],
        },
    )
    assert api.requests[0].idempotent is False
    assert order.customer_reference == "MY REF 001"
