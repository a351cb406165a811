"""The sandbox infidelities that the official SDK and Schemathesis found (issue 12, section 3)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from numbering_async.sandbox import Sandbox

from .conftest import a_telnyx_number, handle, state, telnyx_error

KEY = "sk_test_0123456789"
GROUP_ID = "dbbd94ee-9079-488f-80ba-f566b247fd79"


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(seed=1, strict=True) as box:
        yield box


def numbers(sandbox: Sandbox, count: int, npa: str = "201") -> list[str]:
    inventory = sandbox.telnyx.account.inventory
    found = inventory.numbers(inventory.stock.by_npa[npa])
    return [f"+1{tn}" for _, (_, tn) in zip(range(count), found, strict=False)]


async def order(sandbox: Sandbox, items: list[dict[str, Any]]) -> Any:
    return await handle(sandbox, "POST", "/v2/number_orders", {"phone_numbers": items})


@pytest.mark.parametrize("wrong", [{}, 0, False, [1], 1.5])
async def test_requirement_group_id_of_a_wrong_type_is_refused_where_it_is(
    sandbox: Sandbox, wrong: Any
) -> None:
    first, second = numbers(sandbox, 2)
    before = state(sandbox)
    items = [{"phone_number": first}, {"phone_number": second, "requirement_group_id": wrong}]
    answer = await order(sandbox, items)
    assert telnyx_error(answer) == (422, "/phone_numbers/1/requirement_group_id")
    assert state(sandbox) == before


async def test_requirement_group_id_is_kept_on_its_number(sandbox: Sandbox) -> None:
    first, second = numbers(sandbox, 2)
    items = [{"phone_number": first, "requirement_group_id": GROUP_ID}, {"phone_number": second}]
    assert (await order(sandbox, items)).status == 200
    assert sandbox.dump()["telnyx"]["requirement_groups"] == {first: GROUP_ID}


async def test_error_pointers_name_the_item_they_are_about(sandbox: Sandbox) -> None:
    a, b, c = numbers(sandbox, 3)
    unknown = [{"phone_number": a}, {"phone_number": b}, {"phone_number": c, "colour": "red"}]
    assert telnyx_error(await order(sandbox, unknown)) == (400, "/phone_numbers/2/colour")
    bundle = [{"phone_number": a}, {"phone_number": b, "bundle_id": 7}]
    assert telnyx_error(await order(sandbox, bundle)) == (422, "/phone_numbers/1/bundle_id")
    slash = {"phone_numbers": [{"phone_number": a}], "a/b~c": 1}
    answer = await handle(sandbox, "POST", "/v2/number_orders", slash)
    assert telnyx_error(answer) == (400, "/a~1b~0c")  # RFC 6901 escapes


@pytest.mark.parametrize(
    ("name", "item"),
    [
        ("add", {"gateway": 203}),
        ("add", {"gateway": ["203.0.113.5"]}),
        ("update", {"route": 1000, "gateway": {"ip": "203.0.113.5"}}),
        ("update", {"route": 1000, "gateway": True}),
    ],
)
async def test_gateways_answer_a_non_string_gateway_with_the_specs_400(
    sandbox: Sandbox, name: str, item: dict[str, Any]
) -> None:
    body = {"apikey": KEY, "gateways": [{"gateway": "203.0.113.9"}]}
    assert (await handle(sandbox, "POST", "/v2.1/gateways/add/", body)).status == 200
    before = state(sandbox)
    answer = await handle(
        sandbox, "POST", f"/v2.1/gateways/{name}/", {"apikey": KEY, "gateways": [item]}
    )
    assert answer.status == 400
    # the spec's errorResponse (its 409 is the partial-result body, which this is not)
    assert set(answer.body) == {"status", "statusCode", "message"}
    assert (answer.body["status"], answer.body["statusCode"]) == ("Error", "400")
    assert "/gateways/0/gateway must be" in answer.body["message"]
    assert state(sandbox) == before


@pytest.mark.parametrize(
    ("method", "path", "body", "where"),
    [
        ("POST", "/v2/number_orders", {"phone_numbers": None}, "/phone_numbers"),
        ("POST", "/v2/number_orders", {"phone_numbers": [None]}, "/phone_numbers/0"),
        (
            "POST",
            "/v2/number_orders",
            {"phone_numbers": [{"phone_number": "+12015550123", "bundle_id": None}]},
            "/phone_numbers/0/bundle_id",
        ),
        (
            "POST",
            "/v2/number_reservations",
            {"phone_numbers": [{"phone_number": "+12015550123"}], "customer_reference": None},
            "/customer_reference",
        ),
        ("POST", "/v2/sub_number_orders_report", {"status": None}, "/status"),
    ],
)
async def test_null_is_no_stand_in_for_an_absent_field(
    sandbox: Sandbox, method: str, path: str, body: Any, where: str
) -> None:
    before = state(sandbox)
    answer = await handle(sandbox, method, path, body)
    assert telnyx_error(answer) == (422, where)
    assert "null" in answer.body["errors"][0]["detail"]
    assert state(sandbox) == before


async def test_null_is_refused_on_inumbering_naming_the_field(sandbox: Sandbox) -> None:
    body = {"apikey": KEY, "tnMask": "201xxxxxxx", "quantity": 1, "province": None}
    answer = await handle(sandbox, "POST", "/v2/iNumbering/tnInventory/", body)
    assert answer.status == 400
    assert "/province" in answer.body["message"]


async def test_a_required_body_cannot_be_missing_or_blank(sandbox: Sandbox) -> None:
    placed = await order(sandbox, [{"phone_number": numbers(sandbox, 1)[0]}])
    order_id = placed.body["data"]["id"]
    sub_id = placed.body["data"]["sub_number_orders_ids"][0]
    before = state(sandbox)
    for method, path in (
        ("PATCH", f"/v2/number_orders/{order_id}"),
        ("PATCH", f"/v2/sub_number_orders/{sub_id}"),
        ("POST", "/v2/number_orders"),
        ("POST", "/v2/number_reservations"),
    ):
        for blank in (b"", b"  \n\t"):
            answer = await handle(sandbox, method, path, blank)
            assert answer.status == 422, (method, path, blank)
            assert answer.body["errors"][0]["detail"] == "The request body is required."
    assert state(sandbox) == before
    # the routes whose spec has no (or an optional) body still take none
    cancel = await handle(sandbox, "PATCH", f"/v2/sub_number_orders/{sub_id}/cancel")
    assert cancel.status == 200
    report = await handle(sandbox, "POST", "/v2/sub_number_orders_report", b" ")
    assert report.status == 202


async def test_inumbering_refuses_a_blank_body_even_with_a_bearer_key(sandbox: Sandbox) -> None:
    for blank in (b"", b" \r\n "):
        answer = await handle(sandbox, "POST", "/v2/iNumbering/tnInventoryCoverage/", blank)
        assert (answer.status, answer.body["message"]) == (
            400,
            "Bad input: a JSON body is required",
        )
    with_bearer = await handle(
        sandbox, "POST", "/v2/iNumbering/tnInventoryCoverage/", {"npa": "318"}
    )
    assert with_bearer.status == 200  # a body with the key in the header is fine


async def _available(sandbox: Sandbox, **filters: str) -> Any:
    query = [(f"filter[{name}]", value) for name, value in filters.items()]
    answer = await handle(sandbox, "GET", "/v2/available_phone_numbers", query=query)
    assert answer.status == 200, answer.body
    return answer.body


async def test_exclude_held_numbers_false_shows_the_numbers_this_account_holds(
    sandbox: Sandbox,
) -> None:
    held = a_telnyx_number(sandbox, "201")
    reserve = {"phone_numbers": [{"phone_number": held}]}
    assert (await handle(sandbox, "POST", "/v2/number_reservations", reserve)).status == 200
    query = {"national_destination_code": "201", "limit": "1000"}

    def listed(body: Any) -> dict[str, Any]:
        return {item["phone_number"]: item for item in body["data"]}

    assert held not in listed(await _available(sandbox, **query))
    assert held not in listed(await _available(sandbox, **query, exclude_held_numbers="true"))
    shown = listed(await _available(sandbox, **query, exclude_held_numbers="false"))
    assert shown[held]["reservable"] is False  # it is already ours
    assert all(item["reservable"] for phone, item in shown.items() if phone != held)
    reservable = await _available(sandbox, **query, exclude_held_numbers="false", reservable="true")
    assert held not in listed(reservable)
    # an inexplicit order may take it too
    group = {
        "country_iso": "US",
        "phone_number_type": "local",
        "count_requested": "1",
        "national_destination_code": "201",
        "phone_number": {"ends_with": held[-4:]},
        "exclude_held_numbers": False,
    }
    placed = await handle(
        sandbox, "POST", "/v2/inexplicit_number_orders", {"ordering_groups": [group]}
    )
    assert placed.status == 200
    assert sandbox.telnyx.account.held == frozenset()


async def test_quickship_excludes_nothing_since_every_sandbox_number_is_quickship(
    sandbox: Sandbox,
) -> None:
    plain = await _available(sandbox, national_destination_code="318", limit="20")
    quick = await _available(sandbox, national_destination_code="318", limit="20", quickship="true")
    assert quick["data"] == plain["data"]
    assert all(item["quickship"] for item in quick["data"])


async def test_best_effort_fills_a_short_answer_with_near_misses(sandbox: Sandbox) -> None:
    query = {"national_destination_code": "201", "limit": "30"}
    assert len((await _available(sandbox, **query))["data"]) == 30
    narrow = {**query, "locality": "NOWHERE"}
    assert (await _available(sandbox, **narrow))["data"] == []
    filled = await _available(sandbox, **narrow, best_effort="true")
    assert len(filled["data"]) == 30
    assert filled["meta"] == {"total_results": 30, "best_effort_results": 30}
    assert all(item["best_effort"] for item in filled["data"])
    assert all(item["phone_number"].startswith("+1201") for item in filled["data"])
    exact_first = await _available(sandbox, **query, best_effort="true")
    assert exact_first["meta"]["best_effort_results"] == 0


async def test_sub_order_listing_includes_phone_numbers_on_request(sandbox: Sandbox) -> None:
    placed = await order(sandbox, [{"phone_number": phone} for phone in numbers(sandbox, 2)])
    assert placed.status == 200
    path = "/v2/sub_number_orders"
    (plain,) = (await handle(sandbox, "GET", path)).body["data"]
    assert "phone_numbers" not in plain
    query = [("filter[include_phone_numbers]", "true")]
    (sub,) = (await handle(sandbox, "GET", path, query=query)).body["data"]
    ordered = [n["phone_number"] for n in placed.body["data"]["phone_numbers"]]
    assert [n["phone_number"] for n in sub["phone_numbers"]] == ordered
