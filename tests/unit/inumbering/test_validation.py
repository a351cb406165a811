"""Bad input raises InvalidRequestError naming the argument, and nothing is sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from numbering_async import Gateway, INumberingClient, InvalidRequestError, TnOrderItem

from .helpers import Server

Call = Callable[[INumberingClient], Awaitable[Any]]

CASES: list[tuple[str, Call, str]] = [
    ("mask-short", lambda c: c.tn_inventory("201xxx", 1), "tn_mask"),
    ("mask-letters", lambda c: c.tn_inventory("201abcxxxx", 1), "tn_mask"),
    ("mask-int", lambda c: c.tn_inventory(2015551234, 1), "tn_mask"),  # type: ignore[arg-type]
    ("quantity-0", lambda c: c.tn_inventory("201xxxxxxx", 0), "quantity"),
    ("quantity-over", lambda c: c.tn_inventory("201xxxxxxx", 100_001), "quantity"),
    ("quantity-str", lambda c: c.tn_inventory("201xxxxxxx", "5"), "quantity"),  # type: ignore[arg-type]
    ("quantity-bool", lambda c: c.tn_inventory("201xxxxxxx", True), "quantity"),
    ("lata", lambda c: c.tn_inventory("201xxxxxxx", 1, lata="22"), "lata"),
    ("province", lambda c: c.tn_inventory("201xxxxxxx", 1, province="New Jersey"), "province"),
    ("rate-center", lambda c: c.tn_inventory("201xxxxxxx", 1, rate_center="  "), "rate_center"),
    ("count-by", lambda c: c.tn_inventory_coverage("lata"), "count_by"),
    ("npa", lambda c: c.tn_inventory_coverage(npa="20"), "npa"),
    ("cov-lata", lambda c: c.tn_inventory_coverage(lata=2240), "lata"),
    ("loc-state", lambda c: c.tn_inventory_coverage(loc_state="N"), "loc_state"),
    ("two-filters", lambda c: c.tn_inventory_coverage(npa="201", loc_state="NJ"), "loc_state"),
    ("tns-str", lambda c: c.tn_order("2015551234"), "tns"),
    ("tns-empty", lambda c: c.tn_order([]), "tns"),
    ("tn-short", lambda c: c.tn_order(["201555123"]), "tns[0]"),
    ("tn-e164-other", lambda c: c.tn_order(["2015551234", "+442015551234"]), "tns[1]"),
    ("tn-dup", lambda c: c.tn_order(["2015551234", "+12015551234"]), "tns"),
    ("item-tn", lambda c: c.tn_order([TnOrderItem("1234")]), "tns[0].tn"),
    ("item-route", lambda c: c.tn_order([TnOrderItem("2015551234", route=0)]), "tns[0].route"),
    (
        "reference",
        lambda c: c.tn_order(["2015551234"], customer_order_reference=""),
        "customer_order_reference",
    ),
    ("brand-id", lambda c: c.add_messaging_brand("X12345", "n", "d"), "brand_id"),
    ("brand-id-symbols", lambda c: c.add_messaging_brand("B12-45", "n", "d"), "brand_id"),
    ("brand-name", lambda c: c.add_messaging_brand("B12345", "", "d"), "name"),
    ("campaign-brand", lambda c: c.add_messaging_campaign("12345", "C123456", "d"), "brand_id"),
    (
        "external-id",
        lambda c: c.add_messaging_campaign("B1", "C12345", "d"),
        "external_campaign_id",
    ),
    ("description", lambda c: c.add_messaging_campaign("B1", "C123456", None), "description"),  # type: ignore[arg-type]
    ("campaign-id", lambda c: c.tn_messaging_campaign(["2015551234"], "D123456"), "campaign_id"),
    ("campaign-long", lambda c: c.tn_messaging_campaign(["2015551234"], "C1234567"), "campaign_id"),
    ("campaign-tn", lambda c: c.tn_messaging_campaign(["20155"], "C123456"), "tns[0]"),
    (
        "campaign-many",
        lambda c: c.tn_messaging_campaign(["2015551234"] * 100_001, "C123456"),
        "tns",
    ),
    ("gateway-none", lambda c: c.add_gateway(), "gateways"),
    ("gateway-space", lambda c: c.add_gateway("203.0.113.10 5060"), "gateways[0]"),
    ("gateway-port", lambda c: c.add_gateway("203.0.113.10:70000"), "gateways[0]"),
    ("update-route", lambda c: c.update_gateway(Gateway(-1, "203.0.113.10")), "gateways[0].route"),
    ("update-host", lambda c: c.update_gateway(Gateway(1000, "")), "gateways[0].gateway"),
    ("remove-route", lambda c: c.remove_gateway("1000"), "routes[0]"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("call", "argument"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_bad_input_is_refused_before_sending(call: Call, argument: str) -> None:
    server = Server()

    with pytest.raises(InvalidRequestError) as caught:
        await call(server.client())

    assert caught.value.argument == argument
    assert str(caught.value).startswith(f"{argument}: ")
    assert server.requests == []


def test_a_missing_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INUMBERING_API_KEY", raising=False)

    with pytest.raises(InvalidRequestError, match=r"INUMBERING_API_KEY") as caught:
        INumberingClient()

    assert caught.value.argument == "api_key"
