"""TelnyxClient as a provider-neutral CoverageSource."""

from __future__ import annotations

from typing import Any

import pytest

from numbering_async import (
    AvailableNumber,
    CoverageCount,
    CoverageQuery,
    CoverageSource,
    DecodeError,
    MockResponse,
)

from .helpers import Api, query_of
from .payloads import AVAILABLE_NUMBER


def rows(*items: dict[str, Any]) -> MockResponse:
    return MockResponse(200, json={"data": list(items), "meta": {"total_results": len(items)}})


def coverage_api(*items: dict[str, Any]) -> Api:
    return Api().on("GET", "/v2/inventory_coverage", rows(*items))


def test_client_is_a_coverage_source() -> None:
    client = Api().client()
    assert isinstance(client, CoverageSource)
    assert client.provider == "telnyx"


async def test_npa_query_counts_localities_of_the_npa() -> None:
    api = coverage_api(
        {"group": "NEWARK", "group_type": "locality", "count": 12, "administrative_area": "NJ"},
        {"group": "JERSEY CITY", "group_type": "locality", "count": 3},
    )
    async with api.client() as telnyx:
        counts = await telnyx.coverage(CoverageQuery(npa="201"))
    assert query_of(api.requests[0]) == {
        "filter[groupBy]": ["locality"],
        "filter[npa]": ["201"],
        "filter[phone_number_type]": ["local"],
        "filter[country_code]": ["US"],
        "filter[count]": ["true"],
    }
    assert counts == [
        CoverageCount(provider="telnyx", count=12, npa="201", locality="NEWARK", state="NJ"),
        CoverageCount(provider="telnyx", count=3, npa="201", locality="JERSEY CITY"),
    ]


async def test_npa_nxx_query_fills_the_block() -> None:
    api = coverage_api({"group": "NEWARK", "count": 4, "administrative_area": "NJ"})
    async with api.client() as telnyx:
        counts = await telnyx.coverage(CoverageQuery(npa="201", nxx="555"))
    assert query_of(api.requests[0])["filter[nxx]"] == ["555"]
    assert counts == [
        CoverageCount(
            provider="telnyx", count=4, npa="201", nxx="555", locality="NEWARK", state="NJ"
        )
    ]


async def test_state_query_uses_administrative_area() -> None:
    api = coverage_api({"group": "TRENTON", "count": 7})
    async with api.client() as telnyx:
        counts = await telnyx.coverage(CoverageQuery(state="nj"))
    query = query_of(api.requests[0])
    assert (query["filter[groupBy]"], query["filter[administrative_area]"]) == (
        ["locality"],
        ["NJ"],
    )
    assert "filter[npa]" not in query
    assert counts == [CoverageCount(provider="telnyx", count=7, locality="TRENTON", state="NJ")]


async def test_locality_within_a_state_keeps_that_locality() -> None:
    api = coverage_api({"group": "NEWARK", "count": 1}, {"group": "TRENTON", "count": 2})
    async with api.client() as telnyx:
        counts = await telnyx.coverage(CoverageQuery(state="NJ", locality="Trenton"))
    assert [c.locality for c in counts] == ["TRENTON"]


async def test_country_query_groups_by_npa() -> None:
    api = coverage_api(
        {"group": "318", "group_type": "npa", "count": 0, "administrative_area": "LA"}
    )
    async with api.client() as telnyx:
        counts = await telnyx.coverage(CoverageQuery(country="CA", number_type="toll_free"))
    query = query_of(api.requests[0])
    assert query["filter[groupBy]"] == ["npa"]
    assert query["filter[country_code]"] == ["CA"]
    assert query["filter[phone_number_type]"] == ["toll_free"]
    assert counts == [CoverageCount(provider="telnyx", count=0, npa="318", state="LA")]


async def test_non_nanp_country_query_groups_by_locality() -> None:
    api = coverage_api({"group": "LONDON", "count": 9})
    async with api.client() as telnyx:
        counts = await telnyx.coverage(CoverageQuery(country="GB", number_type="national"))
    assert query_of(api.requests[0])["filter[groupBy]"] == ["locality"]
    assert counts == [CoverageCount(provider="telnyx", count=9, locality="LONDON")]


async def test_search_numbers_maps_the_query_and_regions() -> None:
    number = {
        **AVAILABLE_NUMBER,
        "region_information": [
            {"region_name": "NEWARK", "region_type": "rate_center"},
            {"region_name": "NJ", "region_type": "state"},
            {"region_name": "Newark", "region_type": "location"},
            {"region_name": "US", "region_type": "country_code"},
        ],
    }
    body = {"data": [number, {**AVAILABLE_NUMBER, "phone_number": "+12015550000"}]}
    api = Api().on("GET", "/v2/available_phone_numbers", MockResponse(200, json=body))
    async with api.client() as telnyx:
        found = await telnyx.search_numbers(
            CoverageQuery(npa="201", nxx="555", state="NJ", locality="Newark"), limit=1
        )
    assert query_of(api.requests[0]) == {
        "filter[phone_number][starts_with]": ["555"],
        "filter[locality]": ["Newark"],
        "filter[administrative_area]": ["NJ"],
        "filter[country_code]": ["US"],
        "filter[national_destination_code]": ["201"],
        "filter[phone_number_type]": ["local"],
        "filter[limit]": ["1"],
    }
    assert found == [
        AvailableNumber(
            provider="telnyx",
            phone_number="+19705555098",
            locality="Newark",
            state="NJ",
            rate_center="NEWARK",
        )
    ]


async def test_a_row_without_its_count_is_a_decode_error_not_zero() -> None:
    api = coverage_api({"group": "NEWARK", "group_type": "locality"})
    async with api.client() as telnyx:
        with pytest.raises(DecodeError, match=r"without its count \(group 'NEWARK'\)"):
            await telnyx.coverage(CoverageQuery(npa="201"))
