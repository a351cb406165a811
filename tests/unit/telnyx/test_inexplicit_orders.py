"""``inexplicit_number_orders``: list (flat paging), create, retrieve."""

from __future__ import annotations

from datetime import UTC, datetime

from numbering_async.telnyx import (
    InexplicitNumberOrder,
    InexplicitOrderingGroup,
    InexplicitOrderRef,
    OrderingGroup,
    OrderingGroupStatus,
    OrderingStrategy,
)

from .helpers import UUID, Api, data, page
from .payloads import INEXPLICIT_ORDER

WHEN = datetime(2023, 11, 7, 5, 31, 56, tzinfo=UTC)
S = "<string>"

EXPECTED = InexplicitNumberOrder(
    id=S,
    connection_id=S,
    messaging_profile_id=S,
    customer_reference=S,
    billing_group_id=S,
    ordering_groups=(
        InexplicitOrderingGroup(
            country_iso=S,
            phone_number_type=S,
            count_requested=123,
            count_allocated=123,
            status=OrderingGroupStatus.PENDING,
            national_destination_code=S,
            phone_number_starts_with=S,
            phone_number_ends_with=S,
            phone_number_contains=S,
            administrative_area=S,
            strategy=OrderingStrategy.ALWAYS,
            quickship=True,
            exclude_held_numbers=True,
            error_reason=S,
            orders=(
                InexplicitOrderRef(
                    number_order_id="3c90c3cc-0d44-4b50-8888-8dd25736052a",
                    sub_number_order_ids=("3c90c3cc-0d44-4b50-8888-8dd25736052a",),
                ),
            ),
            created_at=WHEN,
            updated_at=WHEN,
        ),
    ),
    created_at=WHEN,
    updated_at=WHEN,
)


async def test_retrieve_decodes_the_seed_order_with_its_bracketed_keys() -> None:
    api = Api().on("GET", f"/v2/inexplicit_number_orders/{UUID}", data(INEXPLICIT_ORDER))
    async with api.client() as telnyx:
        order = await telnyx.inexplicit_number_orders.retrieve(UUID)
    assert api.sent() == ("GET", f"/v2/inexplicit_number_orders/{UUID}", {}, None)
    assert order == EXPECTED


async def test_list_pages_with_flat_page_number_and_size() -> None:
    api = Api().on(
        "GET",
        "/v2/inexplicit_number_orders",
        page([INEXPLICIT_ORDER], page_number=1, page_size=50, total_pages=1, total_results=1),
    )
    async with api.client() as telnyx:
        orders = await telnyx.inexplicit_number_orders.list(page_size=50).to_list()
    assert api.sent() == (
        "GET",
        "/v2/inexplicit_number_orders",
        {"page_number": ["1"], "page_size": ["50"]},
        None,
    )
    assert orders == [EXPECTED]


async def test_create_posts_ordering_groups_in_wire_form() -> None:
    api = (
        Api()
        .on("GET", "/v2/inexplicit_number_orders", page([]))
        .on("POST", "/v2/inexplicit_number_orders", data(INEXPLICIT_ORDER))
    )
    async with api.client() as telnyx:
        order = await telnyx.inexplicit_number_orders.create(
            [
                OrderingGroup(
                    country_iso="us",
                    phone_number_type="local",
                    count_requested=2,
                    national_destination_code=201,
                    starts_with="555",
                    contains="12",
                    administrative_area="nj",
                    locality="Newark",
                    features=["sms", "voice"],
                    strategy="never",
                    quickship=False,
                    exclude_held_numbers=True,
                ),
                OrderingGroup(country_iso="CA", phone_number_type="toll_free", count_requested=1),
            ],
            customer_reference="ref-1",
            connection_id="c-1",
            messaging_profile_id="m-1",
            billing_group_id="b-1",
        )
    assert api.sent("POST") == (
        "POST",
        "/v2/inexplicit_number_orders",
        {},
        {
            "ordering_groups": [
                {
                    "country_iso": "US",
                    "phone_number_type": "local",
                    "count_requested": "2",
                    "national_destination_code": "201",
                    "phone_number": {"starts_with": "555", "contains": "12"},
                    "administrative_area": "NJ",
                    "locality": "Newark",
                    "features": ["sms", "voice"],
                    "strategy": "never",
                    "quickship": False,
                    "exclude_held_numbers": True,
                },
                {"country_iso": "CA", "phone_number_type": "toll_free", "count_requested": "1"},
            ],
            "customer_reference": "ref-1",
            "connection_id": "c-1",
            "messaging_profile_id": "m-1",
            "billing_group_id": "b-1",
        },
    )
    assert api.requests[-1].idempotent is False
    assert order == EXPECTED
