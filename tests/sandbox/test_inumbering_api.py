"""The iNumbering half of the sandbox, over real sockets with a raw HTTP client."""

from __future__ import annotations

from typing import Any

import aiohttp

from numbering_async.sandbox import Sandbox, SandboxServer

from .conftest import Answer, Raw

INVENTORY = "/v2/iNumbering/tnInventory/"
COVERAGE = "/v2/iNumbering/tnInventoryCoverage/"
ORDER = "/v2/iNumbering/tnOrder/"
BRAND = "/v2/iNumbering/addMessagingBrand/"
CAMPAIGN = "/v2/iNumbering/addMessagingCampaign/"
ASSIGN = "/v2/iNumbering/tnMessagingCampaign/"


def _ok(answer: Answer) -> dict[str, Any]:
    assert answer.status == 200, answer.body
    assert answer.body["status"] == "Success"
    assert answer.body["statusCode"] == "200"
    body: dict[str, Any] = answer.body
    return body


def _error(answer: Answer, status: int) -> str:
    assert answer.status == status, answer.body
    assert answer.body["status"] == "Error"
    assert answer.body["statusCode"] == str(status)
    message: str = answer.body["message"]
    return message


async def _search(raw: Raw, mask: str, quantity: int = 1000, **filters: Any) -> list[str]:
    body = _ok(await raw.inumbering(INVENTORY, {"tnMask": mask, "quantity": quantity, **filters}))
    return [row["telephoneNumber"] for row in body["tnResult"]]


def _order(*tns: str, route: int | None = None, reference: str | None = None) -> dict[str, Any]:
    items = [{"tn": int(tn), **({"route": route} if route is not None else {})} for tn in tns]
    order: dict[str, Any] = {"tnList": {"tnItem": items}}
    if reference is not None:
        order["customerOrderReference"] = reference
    return {"tnOrder": order}


async def test_tn_inventory_matches_the_mask_and_filters(raw: Raw) -> None:
    body = _ok(await raw.inumbering(INVENTORY, {"tnMask": "201xxxxxx7", "quantity": 25}))
    rows = body["tnResult"]
    assert len(rows) == 25
    for row in rows:
        assert row["telephoneNumber"].startswith("201")
        assert row["telephoneNumber"].endswith("7")
        assert set(row) == {"telephoneNumber", "rateCenter", "city", "lata", "province"}
        assert isinstance(row["lata"], int)
    hackensack = await _search(raw, "xxxxxxxxxx", 50, rateCenter="HACKENSACK", province="NJ")
    assert hackensack
    lata = body["tnResult"][0]["lata"]
    same_lata = _ok(
        await raw.inumbering(INVENTORY, {"tnMask": "201xxxxxxx", "quantity": 50, "lata": lata})
    )
    assert {row["lata"] for row in same_lata["tnResult"]} == {lata}
    assert await _search(raw, "2125550xxx", province="NJ") == []


async def test_coverage_counts_by_every_count_by(raw: Raw) -> None:
    by_block = _ok(await raw.inumbering(COVERAGE, {"npa": "201"}))["tnInventoryCoverageList"]
    assert by_block
    assert set(by_block[0]) == {"npa", "nxx", "lata", "locState", "rcAbbre", "count"}
    total = sum(row["count"] for row in by_block)
    thousands = _ok(await raw.inumbering(COVERAGE, {"npa": "201", "countBy": "block"}))
    assert sum(row["count"] for row in thousands["tnInventoryCoverageList"]) == total
    assert {row["block"] for row in thousands["tnInventoryCoverageList"]} <= set("0123456789")
    centers = _ok(await raw.inumbering(COVERAGE, {"npa": "201", "countBy": "rateCenter"}))
    assert sum(row["count"] for row in centers["tnInventoryCoverageList"]) == total
    states = _ok(await raw.inumbering(COVERAGE, {"locState": "NJ", "countBy": "state"}))
    assert states["tnInventoryCoverageList"][0]["locState"] == "NJ"
    assert len(states["tnInventoryCoverageList"]) == 1
    hackensack = _ok(await raw.inumbering(COVERAGE, {"rcAbbre": "HACKENSACK"}))
    assert {row["rcAbbre"] for row in hackensack["tnInventoryCoverageList"]} == {"HACKENSACK"}
    message = _error(await raw.inumbering(COVERAGE, {"countBy": "city"}), 409)
    assert "countBy" in message


async def test_tn_order_consumes_numbers_and_counts_the_reference(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    first, second = await _search(raw, "318xxxxxxx", 2)
    before = _ok(await raw.inumbering(COVERAGE, {"npa": "318", "countBy": "state"}))
    body = _ok(await raw.inumbering(ORDER, _order(first, second, reference="inum-1")))
    assert body["orderId"].isdigit()
    remaining = await _search(raw, "318xxxxxxx", 5000)
    assert first not in remaining
    assert second not in remaining
    after = _ok(await raw.inumbering(COVERAGE, {"npa": "318", "countBy": "state"}))
    counts = [rows["tnInventoryCoverageList"][0]["count"] for rows in (before, after)]
    assert counts[1] == counts[0] - 2
    again = await raw.inumbering(ORDER, _order(first, reference="inum-2"))
    assert "not available" in _error(again, 409)
    assert numbering_sandbox.counts.orders_for("inum-1", "inumbering") == 1
    assert numbering_sandbox.counts.orders_for("inum-2") == 0


async def test_tn_order_is_validated_and_routes_must_exist(raw: Raw) -> None:
    (tn,) = await _search(raw, "512xxxxxxx", 1)
    assert "route" in _error(await raw.inumbering(ORDER, _order(tn, route=1234)), 409)
    bad_shape = {"tnOrder": {"tnList": {"tnItem": tn}}}
    assert "array of tnItem" in _error(await raw.inumbering(ORDER, bad_shape), 400)
    as_string = {"tnOrder": {"tnList": {"tnItem": [{"tn": tn}]}}}
    assert "Invalid TN" in _error(await raw.inumbering(ORDER, as_string), 409)
    assert "tnOrder" in _error(await raw.inumbering(ORDER, {}), 400)
    assert tn in await _search(raw, f"{tn[:6]}xxxx", 1000)  # nothing was ordered

    added = await raw.inumbering("/v2.1/gateways/add/", {"gateways": [{"gateway": "8.8.8.8"}]})
    gateway = _ok(added)
    route = int(gateway["gateways"][0]["route"])
    _ok(await raw.inumbering(ORDER, _order(tn, route=route)))
    removal = await raw.inumbering("/v2.1/gateways/remove/", {"routes": [{"route": route}]})
    assert removal.status == 409
    assert removal.body["removed_failed"] == [{"route": route}]
    assert removal.body["removed_success"] == []


async def test_brands_campaigns_and_campaign_assignment(raw: Raw) -> None:
    brand = {
        "messagingBrandId": "B12345",
        "messagingBrandName": "Acme",
        "messagingBrandDescription": "Anvils",
    }
    _ok(await raw.inumbering(BRAND, brand))
    duplicate = {**brand, "messagingBrandId": "B99999", "messagingBrandName": "ACME"}
    assert _error(await raw.inumbering(BRAND, duplicate), 470) == "Brand Name already exists"
    assert "format" in _error(await raw.inumbering(BRAND, {**brand, "messagingBrandId": "X1"}), 409)
    missing = {"messagingBrandId": "B2", "messagingBrandName": "Other"}
    assert _error(await raw.inumbering(BRAND, missing), 414).endswith("messagingBrandDescription")

    campaign = {
        "externalCampaignId": "C123456",
        "campaignDescription": "Alerts",
        "messagingBrandId": "B12345",
    }
    orphan = {**campaign, "messagingBrandId": "B00000"}
    assert "No Result Found" in _error(await raw.inumbering(CAMPAIGN, orphan), 430)
    _ok(await raw.inumbering(CAMPAIGN, campaign))

    (tn,) = await _search(raw, "615xxxxxxx", 1)

    def assign(number: str, campaign_id: str = "C123456") -> dict[str, Any]:
        item = {"tn": number, "tnFeature": {"messaging": {"tnCampaign": campaign_id}}}
        return {"tnCampaign": {"tnList": {"tnItem": [item]}, "customerOrderReference": "c-1"}}

    assert "Invalid TN" in _error(await raw.inumbering(ASSIGN, assign(tn)), 409)  # not ours yet
    _ok(await raw.inumbering(ORDER, _order(tn)))
    assert "C777777" in _error(await raw.inumbering(ASSIGN, assign(tn, "C777777")), 409)
    assert "tnCampaign" in _error(await raw.inumbering(ASSIGN, assign(tn, "D123")), 409)
    body = _ok(await raw.inumbering(ASSIGN, assign(tn)))
    assert isinstance(body["orderId"], int)
    state = await raw.send("GET", "/_sandbox/state")
    assert state.body["inumbering"]["assignments"] == {tn: "C123456"}


async def test_gateways_add_list_update_remove(raw: Raw) -> None:
    listed = _ok(await raw.inumbering("/v2.1/gateways/list/", {}))
    system = [row["route"] for row in listed["gateways"]]
    assert system == ["1", "2", "3", "4", "5", "6", "8"]
    added = await raw.inumbering(
        "/v2.1/gateways/add/",
        {"gateways": [{"gateway": "203.0.113.10:5060"}, {"gateway": "10.0.0.1"}]},
    )
    assert added.status == 409
    assert added.body["added_success"] == ["203.0.113.10:5060"]
    assert added.body["added_failed"] == ["10.0.0.1"]
    listed = _ok(await raw.inumbering("/v2.1/gateways/list/", {}))
    assert listed["gateways"][-1] == {"route": "1000", "gateway": "203.0.113.10:5060"}

    update = {"gateways": [{"route": 1000, "gateway": "sip.example.com:5080"}]}
    updated = _ok(await raw.inumbering("/v2.1/gateways/update/", update))
    assert updated["gateways"] == [{"gateway": "sip.example.com:5080", "route": 1000}]
    unknown = await raw.inumbering(
        "/v2.1/gateways/update/", {"gateways": [{"route": 4242, "gateway": "8.8.4.4"}]}
    )
    assert unknown.status == 409
    assert unknown.body["update_failed"][0]["message"] == "Invalid number or route"

    removed = _ok(await raw.inumbering("/v2.1/gateways/remove/", {"routes": [{"route": 1000}]}))
    assert removed["routes"] == [{"route": 1000}]
    listed = _ok(await raw.inumbering("/v2.1/gateways/list/", {}))
    assert [row["route"] for row in listed["gateways"]] == system


async def test_auth_envelopes_and_unknown_paths() -> None:
    async with (
        SandboxServer(Sandbox(api_key="right", strict=True)) as server,
        aiohttp.ClientSession() as session,
    ):
        raw = Raw(session, server)
        for key in (None, "wrong"):
            answer = await raw.inumbering(INVENTORY, {"tnMask": "201xxxxxxx", "quantity": 1}, key)
            assert answer.status == 401
            assert answer.body == {
                "status": "Error",
                "statusCode": "401",
                "message": "Unauthorized",
            }
        bearer = await raw.send(
            "POST",
            "/v2.1/gateways/list/",
            body={},
            headers={"Authorization": "Bearer right"},
        )
        _ok(bearer)
        _ok(await raw.inumbering(INVENTORY, {"tnMask": "201xxxxxxx", "quantity": 1}, "right"))
        no_slash = await raw.inumbering(INVENTORY.rstrip("/"), {"tnMask": "201xxxxxxx"}, "right")
        assert _error(no_slash, 404) == "Not Found"
        unknown_field = await raw.inumbering(INVENTORY, {"tnMask": "201xxxxxxx", "qty": 1}, "right")
        assert "qty" in _error(unknown_field, 400)
        missing = await raw.inumbering(INVENTORY, {"tnMask": "201xxxxxxx"}, "right")
        assert _error(missing, 400) == "Field Required: quantity"
        not_json = await raw.send("POST", INVENTORY, headers={"Content-Type": "application/json"})
        assert not_json.status == 401  # an empty body has no key


async def test_a_campaign_assignment_over_the_quantity_limit_is_a_422(raw: Raw) -> None:
    item = {"tn": "2015550123", "tnFeature": {"messaging": {"tnCampaign": "C123456"}}}
    body = {"tnCampaign": {"tnList": {"tnItem": [item] * 100_001}}}  # a 7 MB body
    assert "100,000" in _error(await raw.inumbering(ASSIGN, body), 422)
