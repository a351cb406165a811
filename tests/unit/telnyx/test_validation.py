"""Bad input raises InvalidRequestError naming the argument, and nothing is sent."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from numbering_async import CoverageQuery, InvalidRequestError
from numbering_async.telnyx import (
    OrderingGroup,
    OrderPhoneNumber,
    RegulatoryRequirementValue,
    TelnyxClient,
)

from .helpers import UUID, Api

Call = Callable[[TelnyxClient], Any]


def group(**changes: Any) -> OrderingGroup:
    fields: dict[str, Any] = {"country_iso": "US", "phone_number_type": "local"}
    fields["count_requested"] = 1
    return OrderingGroup(**{**fields, **changes})


CASES: list[tuple[str, Call]] = [
    # inventory_coverage
    ("group_by", lambda t: t.inventory_coverage.list("nxx")),
    ("npa", lambda t: t.inventory_coverage.list("npa", npa=118)),
    ("nxx", lambda t: t.inventory_coverage.list("npa", npa=201, nxx="20")),
    ("country_code", lambda t: t.inventory_coverage.list("npa", country_code="JP")),
    ("country_code", lambda t: t.inventory_coverage.list("npa", country_code="USA")),
    ("features", lambda t: t.inventory_coverage.list("npa", features=["hd_voice"])),
    ("features", lambda t: t.inventory_coverage.list("npa", features="sms")),
    ("phone_number_type", lambda t: t.inventory_coverage.list("npa", phone_number_type="pager")),
    ("count", lambda t: t.inventory_coverage.list("npa", count="yes")),  # type: ignore[arg-type]
    ("administrative_area", lambda t: t.inventory_coverage.list("npa", administrative_area=" ")),
    # available_phone_numbers
    ("phone_number_type", lambda t: t.available_phone_numbers.list(phone_number_type="landline")),
    ("limit", lambda t: t.available_phone_numbers.list(limit=0)),
    ("country_code", lambda t: t.available_phone_numbers.list(country_code="U5")),
    (
        "national_destination_code",
        lambda t: t.available_phone_numbers.list(national_destination_code="2o1"),
    ),
    ("features", lambda t: t.available_phone_numbers.list(features=["telepathy"])),
    ("starts_with", lambda t: t.available_phone_numbers.list(starts_with="")),
    ("quickship", lambda t: t.available_phone_numbers.list(quickship=1)),  # type: ignore[arg-type]
    # number_orders
    ("page_size", lambda t: t.number_orders.list(page_size=0)),
    ("page_size", lambda t: t.number_orders.list(page_size=251)),
    ("limit", lambda t: t.number_orders.list(limit=-1)),
    ("status", lambda t: t.number_orders.list(status="done")),
    ("created_at_gt", lambda t: t.number_orders.list(created_at_gt=datetime(2024, 1, 1))),
    ("created_at_lt", lambda t: t.number_orders.list(created_at_lt="yesterday")),
    ("phone_numbers_count", lambda t: t.number_orders.list(phone_numbers_count=0)),
    ("requirements_met", lambda t: t.number_orders.list(requirements_met="no")),  # type: ignore[arg-type]
    ("phone_numbers", lambda t: t.number_orders.create(["2015550123"])),
    ("phone_numbers", lambda t: t.number_orders.create([])),
    ("phone_numbers", lambda t: t.number_orders.create("+12015550123")),
    (
        "customer_reference",
        lambda t: t.number_orders.create(["+12015550123"], customer_reference=""),
    ),
    ("connection_id", lambda t: t.number_orders.create(["+12015550123"], connection_id=" ")),
    ("number_order_id", lambda t: t.number_orders.retrieve("")),
    ("number_order_id", lambda t: t.number_orders.retrieve("..")),
    ("number_order_id", lambda t: t.number_orders.update("", customer_reference="x")),
    ("regulatory_requirements", lambda t: t.number_orders.update("o", regulatory_requirements=[])),
    # number_reservations
    ("phone_numbers", lambda t: t.number_reservations.create(["+1"])),
    ("phone_numbers", lambda t: t.number_reservations.create([])),
    ("phone_number", lambda t: t.number_reservations.list(phone_number="5551234")),
    ("number_reservation_id", lambda t: t.number_reservations.retrieve("")),
    ("number_reservation_id", lambda t: t.number_reservations.extend("")),
    # inexplicit_number_orders
    ("order_id", lambda t: t.inexplicit_number_orders.retrieve("182bd5e5")),
    ("ordering_groups", lambda t: t.inexplicit_number_orders.create([])),
    ("ordering_groups", lambda t: t.inexplicit_number_orders.create([{"country_iso": "US"}])),
    ("page_size", lambda t: t.inexplicit_number_orders.list(page_size=1000)),
    ("country_iso", lambda t: group(country_iso="GB")),
    ("count_requested", lambda t: group(count_requested=0)),
    ("phone_number_type", lambda t: group(phone_number_type="pager")),
    ("national_destination_code", lambda t: group(national_destination_code="12")),
    ("administrative_area", lambda t: group(administrative_area="New Jersey")),
    ("strategy", lambda t: group(strategy="sometimes")),
    ("starts_with", lambda t: group(starts_with="5-5")),
    ("features", lambda t: group(features=["sms", "x"])),
    ("phone_number", lambda t: OrderPhoneNumber(phone_number="555")),
    ("bundle_id", lambda t: OrderPhoneNumber(phone_number="+12015550123", bundle_id="")),
    ("requirement_id", lambda t: RegulatoryRequirementValue(requirement_id="x", field_value="v")),
    ("field_value", lambda t: RegulatoryRequirementValue(requirement_id=UUID, field_value=3)),  # type: ignore[arg-type]
    # number_block_orders
    ("range", lambda t: t.number_block_orders.create("+19705555000", 0)),
    ("starting_number", lambda t: t.number_block_orders.create("19705555000", 10)),
    ("starting_number", lambda t: t.number_block_orders.list(starting_number="1970")),
    ("number_block_order_id", lambda t: t.number_block_orders.retrieve("")),
    # sub_number_orders, reports, order phone numbers
    ("order_request_id", lambda t: t.sub_number_orders.list(order_request_id="x")),
    ("sub_number_order_id", lambda t: t.sub_number_orders.retrieve("")),
    ("include_phone_numbers", lambda t: t.sub_number_orders.retrieve("s", include_phone_numbers=1)),  # type: ignore[arg-type]
    ("include_phone_numbers", lambda t: t.sub_number_orders.list(include_phone_numbers="yes")),  # type: ignore[arg-type]
    (
        "regulatory_requirements",
        lambda t: t.sub_number_orders.update(
            "s", regulatory_requirements=[{"requirement_id": UUID}]
        ),  # type: ignore[list-item]
    ),
    ("sub_number_order_id", lambda t: t.sub_number_orders.cancel("")),
    (
        "sub_number_order_id",
        lambda t: t.sub_number_orders.update_requirement_group("s", requirement_group_id=UUID),
    ),
    (
        "requirement_group_id",
        lambda t: t.sub_number_orders.update_requirement_group(UUID, requirement_group_id="g"),
    ),
    ("report_id", lambda t: t.sub_number_orders_report.retrieve("r")),
    ("report_id", lambda t: t.sub_number_orders_report.download("r")),
    ("status", lambda t: t.sub_number_orders_report.create(status="maybe")),
    ("order_request_id", lambda t: t.sub_number_orders_report.create(order_request_id="o")),
    ("country_code", lambda t: t.number_order_phone_numbers.list(country_code="U")),
    ("number_order_phone_number_id", lambda t: t.number_order_phone_numbers.retrieve("")),
    (
        "number_order_phone_number_id",
        lambda t: t.number_order_phone_numbers.update_requirement_group(
            "n", requirement_group_id=UUID
        ),
    ),
    # the client itself
    ("method", lambda t: t.request("TRACE", "/number_orders")),
    ("path", lambda t: t.request("GET", "number_orders")),
    ("limit", lambda t: t.search_numbers(CoverageQuery(npa="201"), limit=0)),
    ("country", lambda t: t.coverage(CoverageQuery(country="JP"))),
    ("npa", lambda t: t.coverage(CoverageQuery(npa="201", country="GB"))),
    ("locality", lambda t: t.coverage(CoverageQuery(locality="Newark"))),
    ("number_type", lambda t: t.coverage(CoverageQuery(npa="201", number_type="pager"))),
]


async def _run(call: Call, telnyx: TelnyxClient) -> None:
    result = call(telnyx)
    if inspect.isawaitable(result):
        await result


@pytest.mark.parametrize(
    ("argument", "call"), CASES, ids=[f"{n}-{arg}" for n, (arg, _) in enumerate(CASES)]
)
async def test_bad_input_names_the_argument_and_sends_nothing(argument: str, call: Call) -> None:
    api = Api()
    async with api.client() as telnyx:
        with pytest.raises(InvalidRequestError) as caught:
            await _run(call, telnyx)
    assert caught.value.argument == argument
    assert str(caught.value).startswith(f"{argument}: ")
    assert api.requests == []


def test_missing_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELNYX_API_KEY", raising=False)
    with pytest.raises(InvalidRequestError) as caught:
        TelnyxClient(transport=Api().transport)
    assert caught.value.argument == "api_key"
    assert "TELNYX_API_KEY" in str(caught.value)


def test_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", "env-key-123")
    client = TelnyxClient(transport=Api().transport)
    assert client._api_key == "env-key-123"


def test_plain_http_is_refused_for_remote_hosts() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        TelnyxClient(
            "sk_test_0123456789", base_url="http://api.telnyx.com/v2", transport=Api().transport
        )
    assert caught.value.argument == "base_url"
