"""``sub_number_orders``, ``sub_number_orders_report`` and ``number_order_phone_numbers``."""

from __future__ import annotations

from datetime import UTC, datetime

from numbering_async import MockResponse
from numbering_async.telnyx import (
    NumberOrderPhoneNumber,
    OrderedPhoneNumber,
    OrderStatus,
    PhoneNumberType,
    RegulatoryRequirement,
    RegulatoryRequirementValue,
    ReportStatus,
    RequirementFieldType,
    RequirementsStatus,
    SubNumberOrder,
    SubNumberOrdersReport,
    SubNumberOrdersReportFilters,
)

from .helpers import UUID, UUID2, Api, data, page
from .payloads import NUMBER_ORDER_PHONE_NUMBER, REPORT, SUB_ORDER_WITH_NUMBERS

SUB_ID = SUB_ORDER_WITH_NUMBERS["id"]
NUMBER_ID = NUMBER_ORDER_PHONE_NUMBER["id"]
WHEN = datetime(2018, 1, 1, tzinfo=UTC)
REQUIREMENT_ID = "2708e569-696a-4fc7-9305-5fdb3eb9c7dd"

EXPECTED_SUB_ORDER = SubNumberOrder(
    country_code="AT",
    created_at=WHEN,
    customer_reference="missing",
    id=SUB_ID,
    is_block_sub_number_order=False,
    order_request_id="a11d58fe-88a4-494a-b752-8dea411993c6",
    phone_number_type=PhoneNumberType.TOLL_FREE,
    phone_numbers=(
        OrderedPhoneNumber(
            bundle_id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
            country_code="AT",
            id="613d517a-0432-4bae-a785-c11033bd0985",
            phone_number="+43800300238",
            phone_number_type=PhoneNumberType.TOLL_FREE,
            record_type="number_order_phone_number",
            regulatory_requirements=(
                RegulatoryRequirement(
                    field_type=RequirementFieldType.TEXTUAL,
                    field_value="4804570924",
                    requirement_id=REQUIREMENT_ID,
                    status="pending-approval",
                ),
            ),
            requirements_met=False,
            requirements_status=RequirementsStatus.REQUIREMENT_INFO_UNDER_REVIEW,
            status=OrderStatus.PENDING,
        ),
    ),
    phone_numbers_count=1,
    record_type="sub_number_order",
    regulatory_requirements=(
        RegulatoryRequirement(
            field_type=RequirementFieldType.TEXTUAL,
            record_type="phone_number_regulatory_requirement",
            requirement_id=REQUIREMENT_ID,
        ),
    ),
    requirements_met=False,
    status=OrderStatus.PENDING,
    updated_at=WHEN,
)

REQUIREMENTS = [RegulatoryRequirementValue(requirement_id=REQUIREMENT_ID, field_value="x")]
REQUIREMENTS_WIRE = [{"requirement_id": REQUIREMENT_ID, "field_value": "x"}]


async def test_list_sub_orders_sends_filters_and_decodes() -> None:
    api = Api().on("GET", "/v2/sub_number_orders", page([SUB_ORDER_WITH_NUMBERS], total_pages=1))
    async with api.client() as telnyx:
        orders = await telnyx.sub_number_orders.list(
            status="pending",
            order_request_id=UUID,
            country_code="at",
            phone_number_type="toll_free",
            phone_numbers_count=1,
        )
    assert api.sent() == (
        "GET",
        "/v2/sub_number_orders",
        {
            "filter[status]": ["pending"],
            "filter[order_request_id]": [UUID],
            "filter[country_code]": ["AT"],
            "filter[phone_number_type]": ["toll_free"],
            "filter[phone_numbers_count]": ["1"],
        },
        None,
    )
    assert list(orders) == [EXPECTED_SUB_ORDER]


async def test_list_sub_orders_with_their_numbers() -> None:
    api = Api().on("GET", "/v2/sub_number_orders", page([SUB_ORDER_WITH_NUMBERS], total_pages=1))
    async with api.client() as telnyx:
        orders = await telnyx.sub_number_orders.list(include_phone_numbers=True)
    assert api.sent() == (
        "GET",
        "/v2/sub_number_orders",
        {"filter[include_phone_numbers]": ["true"]},
        None,
    )
    assert list(orders) == [EXPECTED_SUB_ORDER]
    assert orders[0].phone_numbers


async def test_retrieve_sub_order_with_its_numbers() -> None:
    api = Api().on("GET", f"/v2/sub_number_orders/{SUB_ID}", data(SUB_ORDER_WITH_NUMBERS))
    async with api.client() as telnyx:
        order = await telnyx.sub_number_orders.retrieve(SUB_ID, include_phone_numbers=True)
    assert api.sent() == (
        "GET",
        f"/v2/sub_number_orders/{SUB_ID}",
        {"filter[include_phone_numbers]": ["true"]},
        None,
    )
    assert order == EXPECTED_SUB_ORDER


async def test_update_sub_order_patches_requirements() -> None:
    api = Api().on("PATCH", f"/v2/sub_number_orders/{SUB_ID}", data(SUB_ORDER_WITH_NUMBERS))
    async with api.client() as telnyx:
        order = await telnyx.sub_number_orders.update(SUB_ID, regulatory_requirements=REQUIREMENTS)
    assert api.sent() == (
        "PATCH",
        f"/v2/sub_number_orders/{SUB_ID}",
        {},
        {"regulatory_requirements": REQUIREMENTS_WIRE},
    )
    assert order == EXPECTED_SUB_ORDER


async def test_cancel_sub_order() -> None:
    cancelled = {**SUB_ORDER_WITH_NUMBERS, "status": "failure"}
    api = Api().on("PATCH", f"/v2/sub_number_orders/{SUB_ID}/cancel", data(cancelled))
    async with api.client() as telnyx:
        order = await telnyx.sub_number_orders.cancel(SUB_ID)
    assert api.sent() == ("PATCH", f"/v2/sub_number_orders/{SUB_ID}/cancel", {}, None)
    assert api.requests[0].idempotent is False
    assert order.status is OrderStatus.FAILURE


async def test_sub_order_requirement_group_decodes_the_spec_example() -> None:
    path = f"/v2/sub_number_orders/{SUB_ID}/requirement_group"
    api = Api().on("POST", path, data(SUB_ORDER_WITH_NUMBERS))
    async with api.client() as telnyx:
        order = await telnyx.sub_number_orders.update_requirement_group(
            SUB_ID, requirement_group_id=UUID2
        )
    assert api.sent() == ("POST", path, {}, {"requirement_group_id": UUID2})
    assert order == EXPECTED_SUB_ORDER


EXPECTED_REPORT = SubNumberOrdersReport(
    created_at=datetime(2025, 6, 11, 13, 21, 40, 967339, tzinfo=UTC),
    filters=SubNumberOrdersReportFilters(
        country_code="US",
        created_at_gt=datetime(2023, 4, 5, 10, 22, 8, 230549, tzinfo=UTC),
        created_at_lt=datetime(2025, 6, 5, 10, 22, 8, 230549, tzinfo=UTC),
        customer_reference="STRING",
        order_request_id="991b8ff5-4daf-4826-9a22-e3991b444a9c",
        status="success",
    ),
    id="cada7e84-122b-4b47-bc66-58c7c3becd40",
    order_type="sub_number_order",
    status=ReportStatus.PENDING,
    updated_at=datetime(2025, 6, 11, 13, 21, 45, 753260, tzinfo=UTC),
    user_id="0d7ef697-df19-413a-b724-56b0539f5397",
)


async def test_create_report_posts_filters_and_accepts_202() -> None:
    api = Api().on("POST", "/v2/sub_number_orders_report", data(REPORT, status=202))
    async with api.client() as telnyx:
        report = await telnyx.sub_number_orders_report.create(
            status="success",
            country_code="US",
            created_at_gt="2023-04-05T10:22:08.230549Z",
            created_at_lt=datetime(2025, 6, 5, tzinfo=UTC),
            customer_reference="STRING",
            order_request_id=UUID,
        )
    assert api.sent() == (
        "POST",
        "/v2/sub_number_orders_report",
        {},
        {
            "status": "success",
            "country_code": "US",
            "created_at_gt": "2023-04-05T10:22:08.230549Z",
            "created_at_lt": "2025-06-05T00:00:00+00:00",
            "customer_reference": "STRING",
            "order_request_id": UUID,
        },
    )
    assert report == EXPECTED_REPORT


async def test_create_report_without_filters_posts_an_empty_object() -> None:
    api = Api().on("POST", "/v2/sub_number_orders_report", data(REPORT, status=202))
    async with api.client() as telnyx:
        await telnyx.sub_number_orders_report.create()
    assert api.sent()[3] == {}


async def test_retrieve_report() -> None:
    path = f"/v2/sub_number_orders_report/{REPORT['id']}"
    api = Api().on("GET", path, data(REPORT))
    async with api.client() as telnyx:
        report = await telnyx.sub_number_orders_report.retrieve(REPORT["id"])
    assert api.sent() == ("GET", path, {}, None)
    assert report == EXPECTED_REPORT


async def test_download_report_returns_the_csv_text() -> None:
    csv = "id,status\n1758d6ed-61a0-4d7a-bf57-b5dced413d33,success"
    path = f"/v2/sub_number_orders_report/{UUID}/download"
    reply = MockResponse(200, body=csv, headers={"Content-Type": "text/csv"})
    api = Api().on("GET", path, reply)
    async with api.client() as telnyx:
        text = await telnyx.sub_number_orders_report.download(UUID)
    assert api.sent() == ("GET", path, {}, None)
    assert api.requests[0].headers["Accept"] == "text/csv"
    assert text == csv


EXPECTED_NUMBER = NumberOrderPhoneNumber(
    bundle_id=None,
    country_code="US",
    deadline=datetime(2024, 5, 31, 11, 14, tzinfo=UTC),
    id=NUMBER_ID,
    is_block_number=False,
    locality="San Francisco",
    order_request_id="dc8e4d67-33a0-4cbb-af74-7b58f05bd495",
    phone_number="+19705555098",
    phone_number_type=PhoneNumberType.LOCAL,
    record_type="number_order_phone_number",
    regulatory_requirements=(),
    requirements_met=True,
    requirements_status=RequirementsStatus.APPROVED,
    status=OrderStatus.SUCCESS,
    sub_number_order_id="dc8e4d67-33a0-4cbb-af74-7b58f05bd496",
)


async def test_list_order_phone_numbers_by_country() -> None:
    api = Api().on("GET", "/v2/number_order_phone_numbers", page([NUMBER_ORDER_PHONE_NUMBER]))
    async with api.client() as telnyx:
        numbers = await telnyx.number_order_phone_numbers.list(country_code="US")
    assert api.sent() == (
        "GET",
        "/v2/number_order_phone_numbers",
        {"filter[country_code]": ["US"]},
        None,
    )
    assert list(numbers) == [EXPECTED_NUMBER]


async def test_retrieve_order_phone_number() -> None:
    path = f"/v2/number_order_phone_numbers/{NUMBER_ID}"
    api = Api().on("GET", path, data(NUMBER_ORDER_PHONE_NUMBER))
    async with api.client() as telnyx:
        number = await telnyx.number_order_phone_numbers.retrieve(NUMBER_ID)
    assert api.sent() == ("GET", path, {}, None)
    assert number == EXPECTED_NUMBER


async def test_update_order_phone_number_requirements() -> None:
    path = f"/v2/number_order_phone_numbers/{NUMBER_ID}"
    api = Api().on("PATCH", path, data(NUMBER_ORDER_PHONE_NUMBER))
    async with api.client() as telnyx:
        number = await telnyx.number_order_phone_numbers.update(
            NUMBER_ID, regulatory_requirements=REQUIREMENTS
        )
    assert api.sent() == ("PATCH", path, {}, {"regulatory_requirements": REQUIREMENTS_WIRE})
    assert number == EXPECTED_NUMBER


async def test_order_phone_number_requirement_group() -> None:
    path = f"/v2/number_order_phone_numbers/{NUMBER_ID}/requirement_group"
    answer = {**NUMBER_ORDER_PHONE_NUMBER, "status": "pending", "requirements_met": False}
    api = Api().on("POST", path, data(answer))
    async with api.client() as telnyx:
        number = await telnyx.number_order_phone_numbers.update_requirement_group(
            NUMBER_ID, requirement_group_id=UUID2
        )
    assert api.sent() == ("POST", path, {}, {"requirement_group_id": UUID2})
    assert (number.status, number.requirements_met) == (OrderStatus.PENDING, False)
