"""The Telnyx half of the sandbox, over real sockets with a raw HTTP client."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from numbering_async import TelnyxClient
from numbering_async.sandbox import Sandbox, SandboxServer

from .conftest import Raw


async def _available(raw: Raw, **filters: Any) -> list[str]:
    query = {f"filter[{name}]": value for name, value in filters.items()}
    answer = await raw.telnyx("GET", "/available_phone_numbers", query)
    assert answer.status == 200, answer.body
    return [item["phone_number"] for item in answer.body["data"]]


async def _coverage(raw: Raw, **filters: Any) -> dict[str, int]:
    query = {f"filter[{name}]": value for name, value in filters.items()}
    answer = await raw.telnyx("GET", "/inventory_coverage", query)
    assert answer.status == 200, answer.body
    assert answer.body["meta"] == {"total_results": len(answer.body["data"])}
    return {row["group"]: row["count"] for row in answer.body["data"]}


async def test_search_reserve_order_settle_and_the_number_is_gone(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    first, second = await _available(raw, national_destination_code="201", limit=2)
    before = await _coverage(raw, groupBy="npa", npa=201)

    reserved = await raw.telnyx(
        "POST", "/number_reservations", body={"phone_numbers": [{"phone_number": first}]}
    )
    assert reserved.status == 200
    assert reserved.body["data"]["phone_numbers"][0]["status"] == "success"
    assert first not in await _available(raw, national_destination_code="201", limit=250)

    placed = await raw.telnyx(
        "POST",
        "/number_orders",
        body={
            "phone_numbers": [{"phone_number": first}, {"phone_number": second}],
            "customer_reference": "ref-1",
        },
    )
    assert placed.status == 200
    order = placed.body["data"]
    assert order["status"] == "pending"
    assert [n["phone_number"] for n in order["phone_numbers"]] == [first, second]

    numbering_sandbox.advance(5)
    done = await raw.telnyx("GET", f"/number_orders/{order['id']}")
    assert done.body["data"]["status"] == "success"
    assert {n["status"] for n in done.body["data"]["phone_numbers"]} == {"success"}
    remaining = await _available(raw, national_destination_code="201", limit=250)
    assert first not in remaining
    assert second not in remaining
    assert (await _coverage(raw, groupBy="npa", npa=201))["201"] == before["201"] - 2
    assert numbering_sandbox.counts.orders_for("ref-1") == 1


async def test_ordering_a_number_that_is_gone_fails_after_the_delay(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    (number,) = await _available(raw, national_destination_code="318", limit=1)
    body = {"phone_numbers": [{"phone_number": number}]}
    first = (await raw.telnyx("POST", "/number_orders", body=body)).body["data"]
    second = (await raw.telnyx("POST", "/number_orders", body=body)).body["data"]
    numbering_sandbox.advance(2)
    statuses = {
        order["id"]: (await raw.telnyx("GET", f"/number_orders/{order['id']}")).body["data"]
        for order in (first, second)
    }
    assert statuses[first["id"]]["status"] == "success"
    assert statuses[second["id"]]["status"] == "failure"
    assert statuses[second["id"]]["phone_numbers"][0]["status"] == "failure"
    subs = await raw.telnyx("GET", "/sub_number_orders", {"filter[order_request_id]": second["id"]})
    assert [sub["status"] for sub in subs.body["data"]] == ["failure"]
    assert subs.body["meta"]["total_results"] == 1


async def test_reservations_expire_and_can_be_extended(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    kept, lapsed = await _available(raw, national_destination_code="212", limit=2)
    ids = {}
    for number in (kept, lapsed):
        answer = await raw.telnyx(
            "POST", "/number_reservations", body={"phone_numbers": [{"phone_number": number}]}
        )
        ids[number] = answer.body["data"]["id"]
    numbering_sandbox.advance(1700)
    extended = await raw.telnyx("POST", f"/number_reservations/{ids[kept]}/actions/extend")
    assert extended.status == 200
    first_expiry = extended.body["data"]["phone_numbers"][0]["expired_at"]
    numbering_sandbox.advance(200)  # past the first TTL (1800 s), within the extended one

    available = await _available(raw, national_destination_code="212", limit=250)
    assert lapsed in available
    assert kept not in available
    refused = await raw.telnyx("POST", f"/number_reservations/{ids[lapsed]}/actions/extend")
    assert refused.status == 422
    assert refused.body["errors"][0]["code"] == "10015"
    again = await raw.telnyx("GET", f"/number_reservations/{ids[kept]}")
    assert again.body["data"]["phone_numbers"][0]["expired_at"] == first_expiry


async def test_reserving_numbers_nobody_has_is_a_422(raw: Raw) -> None:
    answer = await raw.telnyx(
        "POST", "/number_reservations", body={"phone_numbers": [{"phone_number": "+12125550000"}]}
    )
    assert answer.status == 422
    assert "available" in answer.body["errors"][0]["detail"]


async def test_pagination_over_hundreds_of_orders(raw: Raw, numbering_sandbox: Sandbox) -> None:
    numbers = await _available(raw, administrative_area="TX", limit=260)
    for index, number in enumerate(numbers):
        answer = await raw.telnyx(
            "POST",
            "/number_orders",
            body={"phone_numbers": [{"phone_number": number}], "customer_reference": f"r{index}"},
        )
        assert answer.status == 200
    seen: list[str] = []
    page = 1
    while True:
        answer = await raw.telnyx(
            "GET", "/number_orders", {"page[number]": page, "page[size]": 100}
        )
        meta = answer.body["meta"]
        assert meta == {
            "page_number": page,
            "page_size": 100,
            "total_pages": 3,
            "total_results": 260,
        }
        seen += [order["customer_reference"] for order in answer.body["data"]]
        if page == meta["total_pages"]:
            break
        page += 1
    assert seen == [f"r{index}" for index in reversed(range(260))]  # newest first
    past_end = await raw.telnyx("GET", "/number_orders", {"page[number]": 9, "page[size]": 100})
    assert past_end.body["data"] == []
    one = await raw.telnyx("GET", "/number_orders", {"filter[customer_reference]": "r7"})
    assert [order["phone_numbers"][0]["phone_number"] for order in one.body["data"]] == [numbers[7]]
    assert one.body["meta"]["total_results"] == 1


async def test_coverage_groups_by_locality_npa_and_ndc(raw: Raw) -> None:
    by_locality = await _coverage(raw, groupBy="locality", npa=201)
    assert "Jersey City" in by_locality
    assert all(count > 0 for count in by_locality.values())
    by_npa = await _coverage(raw, groupBy="npa", npa=201)
    assert by_npa == {"201": sum(by_locality.values())}
    assert await _coverage(raw, groupBy="national_destination_code", npa=201) == by_npa
    block = await _coverage(raw, groupBy="npa", npa=201, nxx=239)
    assert block["201"] < by_npa["201"]
    canada = await _coverage(raw, groupBy="npa", country_code="CA", administrative_area="ON")
    assert "416" in canada
    assert await _coverage(raw, groupBy="npa", country_code="GB") == {}
    assert await _coverage(raw, groupBy="npa", npa=201, phone_number_type="toll_free") == {}


async def test_available_numbers_honour_every_filter(raw: Raw) -> None:
    answer = await raw.telnyx(
        "GET",
        "/available_phone_numbers",
        {"filter[locality]": "Hackensack", "filter[administrative_area]": "NJ", "filter[limit]": 5},
    )
    assert (
        answer.body["meta"]
        == answer.body["metadata"]
        == {
            "total_results": 5,
            "best_effort_results": 0,
        }
    )
    for item in answer.body["data"]:
        regions = {r["region_type"]: r["region_name"] for r in item["region_information"]}
        assert regions == {
            "rate_center": "HACKENSACK",
            "location": "Hackensack",
            "state": "NJ",
            "country_code": "US",
        }
    for number in await _available(raw, rate_center="JERSEYCITY", limit=20):
        assert number.startswith(("+1201", "+1551"))
    with_features = [
        ("filter[limit]", "3"),
        ("filter[features]", "sms"),
        ("filter[features]", "mms"),
    ]
    answer = await raw.telnyx("GET", "/available_phone_numbers", with_features)
    assert len(answer.body["data"]) == 3
    hd_voice = {"filter[limit]": 3, "filter[features]": "hd_voice"}
    assert (await raw.telnyx("GET", "/available_phone_numbers", hd_voice)).body["data"] == []
    assert await _available(raw, phone_number_type="toll_free", limit=3) == []


ARRAY_FORMS = {
    "comma-joined": lambda values: [("filter[features]", ",".join(values))],
    "brackets": lambda values: [("filter[features][]", value) for value in values],
    "repeated": lambda values: [("filter[features]", value) for value in values],
}
"""The forms an array filter comes in: the official SDKs', Telnyx's guides', and a repeated key."""


@pytest.mark.parametrize("form", ARRAY_FORMS)
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/available_phone_numbers", [("filter[limit]", "3")]),
        ("/inventory_coverage", [("filter[groupBy]", "npa"), ("filter[npa]", "201")]),
    ],
)
async def test_array_filters_are_read_whole_in_every_form_clients_send(
    raw: Raw, form: str, path: str, query: list[tuple[str, str]]
) -> None:
    unfiltered = await raw.telnyx("GET", path, query)
    stocked = await raw.telnyx("GET", path, query + ARRAY_FORMS[form](["sms", "voice"]))
    assert stocked.status == 200
    assert stocked.body["data"]
    assert stocked.body == unfiltered.body  # every stocked number has both
    for values in (["sms", "telepathy"], ["telepathy", "sms"]):  # no value is dropped
        refused = await raw.telnyx("GET", path, query + ARRAY_FORMS[form](values))
        assert refused.status == 400
        assert refused.body["errors"][0]["source"] == {"parameter": "filter[features]"}
        assert "'telepathy'" in refused.body["errors"][0]["detail"]


async def test_the_sdk_sends_features_comma_joined_and_every_one_counts(
    numbering_sandbox: Sandbox,
) -> None:
    transport = numbering_sandbox.transport()
    async with TelnyxClient(api_key="sk_test_0123456789", transport=transport) as telnyx:
        both = await telnyx.available_phone_numbers.list(features=["sms", "voice"], limit=2)
        assert len(both) == 2
        for features in (["sms", "hd_voice"], ["hd_voice", "sms"]):
            assert list(await telnyx.available_phone_numbers.list(features=features, limit=2)) == []
        rows = await telnyx.inventory_coverage.list("npa", npa=201, features=["sms", "voice"])
        assert [row.group for row in rows] == ["201"]


async def test_array_filter_forms_mix_and_only_arrays_take_brackets(raw: Raw) -> None:
    mixed = [
        ("filter[limit]", "2"),
        ("filter[features]", "sms,mms"),
        ("filter[features][]", "voice"),
    ]
    assert len((await raw.telnyx("GET", "/available_phone_numbers", mixed)).body["data"]) == 2
    unstocked = [*mixed, ("filter[features]", "hd_voice")]
    assert (await raw.telnyx("GET", "/available_phone_numbers", unstocked)).body["data"] == []
    scalar = await raw.telnyx("GET", "/available_phone_numbers", {"filter[limit][]": "2"})
    assert scalar.status == 400
    assert scalar.body["errors"][0]["detail"] == "unknown query parameter filter[limit][]"


async def test_phone_number_patterns_follow_the_ndc_rule(raw: Raw) -> None:
    query = {
        "filter[national_destination_code]": "201",
        "filter[phone_number][starts_with]": "33",
        "filter[phone_number][ends_with]": "7",
        "filter[limit]": 50,
    }
    answer = await raw.telnyx("GET", "/available_phone_numbers", query)
    numbers = [item["phone_number"] for item in answer.body["data"]]
    assert numbers
    assert all(n.startswith("+120133") and n.endswith("7") for n in numbers)
    contains = await raw.telnyx(
        "GET",
        "/available_phone_numbers",
        {"filter[phone_number][contains]": "2015", "filter[limit]": 10},
    )
    assert all("2015" in item["phone_number"][2:] for item in contains.body["data"])


async def test_inexplicit_orders_allocate_by_group_and_strategy(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    answer = await raw.telnyx(
        "POST",
        "/inexplicit_number_orders",
        body={
            "customer_reference": "bulk-1",
            "ordering_groups": [
                {
                    "country_iso": "US",
                    "phone_number_type": "local",
                    "count_requested": "3",
                    "national_destination_code": "201",
                    "phone_number": {"starts_with": "3"},
                },
                {
                    "country_iso": "US",
                    "phone_number_type": "local",
                    "count_requested": "900",
                    "locality": "Wyckoff",
                    "administrative_area": "NJ",
                    "strategy": "never",
                },
                {
                    "country_iso": "US",
                    "phone_number_type": "local",
                    "count_requested": "900",
                    "locality": "Wyckoff",
                    "administrative_area": "NJ",
                },
                {"country_iso": "US", "phone_number_type": "toll_free", "count_requested": "1"},
            ],
        },
    )
    assert answer.status == 200, answer.body
    order = answer.body["data"]
    exact, refused, partial, toll_free = order["ordering_groups"]
    assert (toll_free["count_allocated"], toll_free["status"]) == (0, "failed")
    assert (exact["count_allocated"], exact["status"]) == (3, "pending")
    assert exact["phone_number[starts_with]"] == "3"
    assert (refused["count_allocated"], refused["status"]) == (0, "failed")
    assert refused["orders"] == []
    assert "available" in refused["error_reason"]
    assert 0 < partial["count_allocated"] < 900

    numbering_sandbox.advance(5)
    settled = await raw.telnyx("GET", f"/inexplicit_number_orders/{order['id']}")
    statuses = [group["status"] for group in settled.body["data"]["ordering_groups"]]
    assert statuses == ["success", "failed", "partial_success", "failed"]
    child = exact["orders"][0]["number_order_id"]
    child_order = (await raw.telnyx("GET", f"/number_orders/{child}")).body["data"]
    assert child_order["customer_reference"] == "bulk-1"
    assert numbering_sandbox.counts.orders_for("bulk-1") == 1
    assert all(n["phone_number"].startswith("+12013") for n in child_order["phone_numbers"])
    listing = await raw.telnyx("GET", "/inexplicit_number_orders", {"page_size": 1})
    assert listing.body["meta"]["total_results"] == 1
    bad_id = await raw.telnyx("GET", "/inexplicit_number_orders/not-a-uuid")
    assert (bad_id.status, bad_id.body["errors"][0]["code"]) == (400, "10006")


async def test_requests_are_validated_like_the_service(raw: Raw) -> None:
    one_bad_number = {"phone_numbers": [{"phone_number": "2015550123"}]}
    cases: list[tuple[str, str, Any, Any, int, str]] = [
        ("GET", "/inventory_coverage", {}, None, 400, "10004"),
        ("GET", "/inventory_coverage", {"filter[groupBy]": "nxx"}, None, 400, "10015"),
        ("GET", "/inventory_coverage", {"filter[groupBy]": "npa", "filter[npa]": "2x1"}, None,
         400, "10015"),
        ("GET", "/number_orders", {"page[size]": "251"}, None, 400, "10015"),
        ("GET", "/number_orders", {"filter[state]": "NJ"}, None, 400, "10015"),
        ("POST", "/number_orders", None, {}, 422, "10004"),
        ("POST", "/number_orders", None, one_bad_number, 422, "10016"),
        ("POST", "/number_orders", None, {"phone_numbers": [], "color": "red"}, 400, "10015"),
        ("GET", "/number_orders/nope", None, None, 404, "10005"),
        ("DELETE", "/number_orders", None, None, 404, "10005"),
        ("GET", "/phone_numbers", None, None, 404, "10005"),  # not a numbering operation
    ]  # fmt: skip
    for method, path, query, body, status, code in cases:
        answer = await raw.telnyx(method, path, query, body)
        assert (answer.status, answer.body["errors"][0]["code"]) == (status, code), (method, path)
        error = answer.body["errors"][0]
        assert error["meta"]["url"].endswith(f"/errors/{code}")
        assert error["title"]
    unknown = await raw.telnyx("GET", "/number_orders", {"filter[state]": "NJ"})
    assert unknown.body["errors"][0]["source"] == {"parameter": "filter[state]"}
    extra = await raw.telnyx("POST", "/number_orders", body={"phone_numbers": [], "color": "red"})
    assert extra.body["errors"][0]["source"] == {"pointer": "/color"}


async def test_missing_or_wrong_key_gets_the_401_envelope() -> None:
    async with (
        SandboxServer(Sandbox(api_key="right", strict=True)) as server,
        aiohttp.ClientSession() as session,
    ):
        raw = Raw(session, server)
        for key in (None, "wrong", ""):
            answer = await raw.telnyx("GET", "/number_orders", key=key)
            assert answer.status == 401
            assert answer.body == {
                "errors": [
                    {
                        "code": "10009",
                        "title": "Authentication failed",
                        "detail": "The required authentication headers were either invalid or "
                        "not included in the request.",
                        "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10009"},
                    }
                ]
            }
        assert (await raw.telnyx("GET", "/number_orders", key="right")).status == 200
