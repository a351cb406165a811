"""``inventory_coverage.list`` and ``available_phone_numbers.list``: wire and decoding."""

from __future__ import annotations

import pytest

from numbering_async import InvalidRequestError, MockResponse
from numbering_async.telnyx import (
    AvailablePhoneNumber,
    CostInformation,
    CoverageGroupBy,
    CoverageType,
    Feature,
    InventoryCoverage,
    InventoryNumberType,
    PhoneNumberType,
    RegionInformation,
    RegionType,
)

from .helpers import Api
from .payloads import AVAILABLE_NUMBER, INVENTORY_COVERAGE


async def test_inventory_coverage_sends_every_filter_and_decodes_rows() -> None:
    body = {"data": [INVENTORY_COVERAGE], "meta": {"total_results": 25}}
    api = Api().on("GET", "/v2/inventory_coverage", MockResponse(200, json=body))
    async with api.client() as telnyx:
        rows = await telnyx.inventory_coverage.list(
            "npa",
            npa=318,
            nxx="202",
            administrative_area="LA",
            phone_number_type="local",
            country_code="us",
            count=True,
            features=["voice", "sms"],
        )
    assert api.sent() == (
        "GET",
        "/v2/inventory_coverage",
        {
            "filter[groupBy]": ["npa"],
            "filter[npa]": ["318"],
            "filter[nxx]": ["202"],
            "filter[administrative_area]": ["LA"],
            "filter[phone_number_type]": ["local"],
            "filter[country_code]": ["US"],
            "filter[count]": ["true"],
            "filter[features]": ["voice,sms"],
        },
        None,
    )
    assert list(rows) == [
        InventoryCoverage(
            administrative_area="NJ",
            advance_requirements=True,
            count=3,
            coverage_type=CoverageType.NUMBER,
            group="318",
            group_type="npa",
            number_range=1,
            number_type=InventoryNumberType.DID,
            phone_number_type=PhoneNumberType.LOCAL,
            record_type="inventory_coverage_group",
        )
    ]


async def test_inventory_coverage_with_only_group_by_sends_only_group_by() -> None:
    api = Api().on("GET", "/v2/inventory_coverage", MockResponse(200, json={"data": []}))
    async with api.client() as telnyx:
        assert (
            list(await telnyx.inventory_coverage.list(group_by="national_destination_code")) == []
        )
    assert api.sent()[2] == {"filter[groupBy]": ["national_destination_code"]}


async def test_inventory_coverage_accepts_every_spec_country() -> None:
    api = Api().on("GET", "/v2/inventory_coverage", MockResponse(200, json={"data": []}))
    async with api.client() as telnyx:
        await telnyx.inventory_coverage.list("locality", country_code="SG")
    assert api.sent()[2]["filter[country_code]"] == ["SG"]


async def test_unknown_enum_values_from_the_server_decode() -> None:
    row = {**INVENTORY_COVERAGE, "coverage_type": "range", "phone_number_type": "satellite"}
    api = Api().on("GET", "/v2/inventory_coverage", MockResponse(200, json={"data": [row]}))
    async with api.client() as telnyx:
        (decoded,) = await telnyx.inventory_coverage.list("npa")
    assert decoded.coverage_type == "range"
    assert decoded.phone_number_type == "satellite"
    assert not PhoneNumberType.is_known("satellite")


async def test_unknown_fields_from_the_server_are_ignored() -> None:
    row = {**INVENTORY_COVERAGE, "brand_new_field": {"nested": 1}}
    api = Api().on("GET", "/v2/inventory_coverage", MockResponse(200, json={"data": [row]}))
    async with api.client() as telnyx:
        (decoded,) = await telnyx.inventory_coverage.list("npa")
    assert decoded.count == 3


async def test_available_numbers_sends_every_filter_and_decodes() -> None:
    body = {
        "data": [AVAILABLE_NUMBER],
        "meta": {"best_effort_results": 50, "total_results": 100},
        "metadata": {"best_effort_results": 50, "total_results": 100},
    }
    api = Api().on("GET", "/v2/available_phone_numbers", MockResponse(200, json=body))
    async with api.client() as telnyx:
        numbers = await telnyx.available_phone_numbers.list(
            country_code="US",
            locality="Chicago",
            administrative_area="IL",
            national_destination_code=312,
            rate_center="CHICAGO HEIGHTS",
            phone_number_type="local",
            features=["sms", "hd_voice"],
            starts_with="55",
            ends_with="00",
            contains="5",
            limit=5,
            best_effort=False,
            quickship=True,
            reservable=True,
            exclude_held_numbers=True,
        )
    assert api.sent() == (
        "GET",
        "/v2/available_phone_numbers",
        {
            "filter[phone_number][starts_with]": ["55"],
            "filter[phone_number][ends_with]": ["00"],
            "filter[phone_number][contains]": ["5"],
            "filter[locality]": ["Chicago"],
            "filter[administrative_area]": ["IL"],
            "filter[country_code]": ["US"],
            "filter[national_destination_code]": ["312"],
            "filter[rate_center]": ["CHICAGO HEIGHTS"],
            "filter[phone_number_type]": ["local"],
            "filter[features]": ["sms,hd_voice"],
            "filter[limit]": ["5"],
            "filter[best_effort]": ["false"],
            "filter[quickship]": ["true"],
            "filter[reservable]": ["true"],
            "filter[exclude_held_numbers]": ["true"],
        },
        None,
    )
    assert list(numbers) == [
        AvailablePhoneNumber(
            best_effort=False,
            cost_information=CostInformation(
                currency="USD", monthly_cost="6.54", upfront_cost="3.21"
            ),
            features=(Feature(name="sms"), Feature(name="voice")),
            phone_number="+19705555098",
            quickship=True,
            record_type="available_phone_number",
            region_information=(
                RegionInformation(region_name="US", region_type=RegionType.COUNTRY_CODE),
            ),
            reservable=True,
            vanity_format="",
        )
    ]
    assert numbers[0].region("country_code") == "US"
    assert numbers[0].region(RegionType.STATE) is None


async def test_available_numbers_without_filters_sends_no_query() -> None:
    api = Api().on("GET", "/v2/available_phone_numbers", MockResponse(200, json={"data": []}))
    async with api.client() as telnyx:
        assert list(await telnyx.available_phone_numbers.list()) == []
    method, path, query, body = api.sent()
    assert (method, path, query, body) == ("GET", "/v2/available_phone_numbers", {}, None)
    assert api.requests[0].url.query_string == ""


async def test_inventory_coverage_checks_equal_values_of_another_type_again() -> None:
    # The checks of a call are remembered by its plain arguments: 201 accepted does not let
    # 201.0 or "201 " through, and a refused value is refused again.
    api = Api().on("GET", "/v2/inventory_coverage", MockResponse(200, json={"data": []}))
    async with api.client() as telnyx:
        for _ in range(2):
            await telnyx.inventory_coverage.list("npa", npa=201)
        for bad in (201.0, "201 ", 201.0, True):
            with pytest.raises(InvalidRequestError, match="npa"):
                telnyx.inventory_coverage.list("npa", npa=bad)  # type: ignore[arg-type]
        for _ in range(2):  # the resource's own enum members are remembered too
            await telnyx.inventory_coverage.list(CoverageGroupBy.NPA, npa=201)
    assert [request.url.query_string for request in api.requests] == [
        "filter[groupBy]=npa&filter[npa]=201"
    ] * 4
