"""Every operation: the exact request on the wire and the models decoded from both type forms."""

from __future__ import annotations

import pytest

from numbering_async import (
    CountBy,
    Gateway,
    INumberingClient,
    InvalidRequestError,
    MockTransport,
    OrderReceipt,
    TnCoverageRow,
    TnInventoryNumber,
    TnOrderItem,
)

from .helpers import KEY, Server, ok

BASE = "https://api.voicetel.com"


async def test_requests_are_json_posts_with_the_key_in_the_body_only() -> None:
    server = Server(ok(tnResult=[]))

    await server.client().tn_inventory("201xxxxxxx", 1)

    (request,) = server.requests
    assert request.method == "POST"
    assert str(request.url) == f"{BASE}/v2/iNumbering/tnInventory/"
    assert request.headers["Content-Type"] == "application/json"
    assert server.body()["apikey"] == KEY
    assert all(KEY not in value for value in request.headers.values())
    assert "Authorization" not in request.headers


async def test_send_bearer_adds_the_authorization_header() -> None:
    server = Server(ok(gateways=[]))

    await server.client(send_bearer=True).gateways()

    assert server.requests[0].headers["Authorization"] == f"Bearer {KEY}"
    assert server.body() == {"apikey": KEY}


async def test_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INUMBERING_API_KEY", "from-env-123")
    server = Server(ok(gateways=[]))

    await INumberingClient(transport=server.transport).gateways()

    assert server.body() == {"apikey": "from-env-123"}


async def test_base_url_with_a_path_prefix_is_kept() -> None:
    server = Server(ok(gateways=[]))
    client = INumberingClient(
        KEY, base_url="http://127.0.0.1:8080/voicetel/", transport=server.transport
    )

    assert await client.gateways() == []
    assert str(server.requests[0].url) == "http://127.0.0.1:8080/voicetel/v2.1/gateways/list/"


# -- tnInventory ---------------------------------------------------------------------------


async def test_tn_inventory_sends_camel_case_and_normalised_filters() -> None:
    server = Server(ok(tnResult=[]))

    await server.client().tn_inventory(
        "201XXXxxxx", 25, rate_center="HACKENSACK", lata="224", province="nj"
    )

    assert server.paths == ["/v2/iNumbering/tnInventory/"]
    assert server.body() == {
        "apikey": KEY,
        "tnMask": "201xxxxxxx",
        "quantity": 25,
        "rateCenter": "HACKENSACK",
        "lata": 224,
        "province": "NJ",
    }


async def test_tn_inventory_leaves_out_filters_not_given() -> None:
    server = Server(ok(tnResult=[]))

    await server.client().tn_inventory("xxxxxxxxxx", 3)

    assert server.body() == {"apikey": KEY, "tnMask": "xxxxxxxxxx", "quantity": 3}


@pytest.mark.parametrize(
    ("tn", "lata"),
    [("2015551234", 224), (2015551234, "224"), ("+12015551234", 224)],
    ids=["spec-types", "swapped-types", "e164"],
)
async def test_tn_inventory_decodes_either_wire_type(tn: object, lata: object) -> None:
    row = {
        "telephoneNumber": tn,
        "rateCenter": "HACKENSACK",
        "city": "HACKENSACK",
        "lata": lata,
        "province": "NJ",
    }
    server = Server(ok(tnResult=[row]))

    numbers = await server.client().tn_inventory("201xxxxxxx", 1)

    assert numbers == [TnInventoryNumber("2015551234", "HACKENSACK", "HACKENSACK", 224, "NJ")]
    assert numbers[0].e164 == "+12015551234"


async def test_tn_inventory_accepts_a_lone_object_or_null_for_the_list() -> None:
    server = Server(ok(tnResult={"telephoneNumber": "2015551234"}), ok(tnResult=None))
    client = server.client()

    assert await client.tn_inventory("201xxxxxxx", 1) == [TnInventoryNumber("2015551234")]
    assert await client.tn_inventory("201xxxxxxx", 1) == []


async def test_tn_inventory_ignores_fields_it_does_not_know() -> None:
    server = Server(ok(tnResult=[{"telephoneNumber": "2015551234", "tier": 3}], extra=True))

    assert await server.client().tn_inventory("201xxxxxxx", 1) == [TnInventoryNumber("2015551234")]


# -- tnInventoryCoverage -------------------------------------------------------------------


async def test_coverage_sends_count_by_and_one_filter() -> None:
    server = Server(ok(tnInventoryCoverageList=[]))
    client = server.client()

    await client.tn_inventory_coverage(npa=201)
    await client.tn_inventory_coverage(CountBy.RATE_CENTER, lata=224)
    await client.tn_inventory_coverage("block", rc_abbre="HACKENSACK")
    await client.tn_inventory_coverage("state", loc_state="nj")

    assert [server.body(i) for i in range(4)] == [
        {"apikey": KEY, "countBy": "npaNxx", "npa": "201"},
        {"apikey": KEY, "countBy": "rateCenter", "lata": "224"},
        {"apikey": KEY, "countBy": "block", "rcAbbre": "HACKENSACK"},
        {"apikey": KEY, "countBy": "state", "locState": "NJ"},
    ]
    assert set(server.paths) == {"/v2/iNumbering/tnInventoryCoverage/"}


async def test_repeated_searches_each_send_their_own_body_and_timeout() -> None:
    server = Server(ok(tnInventoryCoverageList=[]))
    npas = [201 + index % 700 for index in range(300)]  # more than a client keeps
    client = server.client(timeout=5.0)

    for npa in [*npas, 201, 201]:
        await client.tn_inventory_coverage(npa=npa)

    sent = [server.body(index)["npa"] for index in range(len(npas) + 2)]
    assert sent == [str(npa) for npa in [*npas, 201, 201]]
    assert {request.timeout for request in server.requests} == {5.0}


async def test_coverage_checks_equal_values_of_another_type_again() -> None:
    # The checks of a call are remembered by its plain arguments (and the default CountBy
    # member): 201 accepted does not let 201.0, "201 " or True through, a refused value or
    # pair of filters is refused again, and nothing refused is sent.
    server = Server(ok(tnInventoryCoverageList=[]))
    client = server.client()

    for count_by in (CountBy.NPA_NXX, CountBy.NPA_NXX, "npaNxx"):
        await client.tn_inventory_coverage(count_by, 201)
    for bad in (201.0, "201 ", True, 201.0):
        with pytest.raises(InvalidRequestError, match="npa"):
            await client.tn_inventory_coverage(CountBy.NPA_NXX, bad)  # type: ignore[arg-type]
    for _ in range(2):
        with pytest.raises(InvalidRequestError, match=r"at most one filter.*'npa', 'lata'"):
            await client.tn_inventory_coverage(CountBy.NPA_NXX, 201, 224)

    assert [server.body(i) for i in range(len(server.requests))] == [
        {"apikey": KEY, "countBy": "npaNxx", "npa": "201"}
    ] * 3


@pytest.mark.parametrize(
    "row",
    [
        {
            "npa": "201",
            "nxx": "389",
            "lata": "224",
            "locState": "NJ",
            "rcAbbre": "HACKENSACK",
            "count": 973,
        },
        {
            "npa": 201,
            "nxx": 389,
            "lata": 224,
            "locState": "NJ",
            "rcAbbre": "HACKENSACK",
            "count": "973",
        },
    ],
    ids=["spec-types", "swapped-types"],
)
async def test_coverage_rows_decode_either_wire_type(row: dict[str, object]) -> None:
    server = Server(ok(tnInventoryCoverageList=[row]))

    rows = await server.client().tn_inventory_coverage(npa="201")

    assert rows == [TnCoverageRow(973, "201", "389", 224, "HACKENSACK", "NJ")]


async def test_coverage_rows_of_other_count_by_values_keep_what_they_carry() -> None:
    rows = [
        {"locState": "NJ", "count": 5000},
        {"npa": "201", "nxx": "389", "block": "4", "count": 12},
    ]
    server = Server(ok(tnInventoryCoverageList=rows))

    got = await server.client().tn_inventory_coverage("block", npa="201")

    assert got == [TnCoverageRow(5000, loc_state="NJ"), TnCoverageRow(12, "201", "389", block="4")]


# -- tnOrder -------------------------------------------------------------------------------


async def test_tn_order_sends_integer_tns_routes_and_the_given_reference() -> None:
    server = Server(ok(orderId="1717171717"))

    receipt = await server.client().tn_order(
        ["2015551234", "+12015551235", TnOrderItem("2015551236", route=1000)],
        customer_order_reference="po-42",
    )

    assert receipt == OrderReceipt(order_id="1717171717", customer_order_reference="po-42")
    assert server.paths == ["/v2/iNumbering/tnOrder/"]
    assert server.body() == {
        "apikey": KEY,
        "tnOrder": {
            "customerOrderReference": "po-42",
            "tnList": {
                "tnItem": [
                    {"tn": 2015551234},
                    {"tn": 2015551235},
                    {"tn": 2015551236, "route": 1000},
                ]
            },
        },
    }


async def test_tn_order_generates_a_reference_and_returns_it() -> None:
    server = Server(ok(orderId=1717171717))

    receipt = await server.client().tn_order([2015551234])

    sent = server.body()["tnOrder"]["customerOrderReference"]
    assert len(sent) == 35
    assert sent.startswith("na-")
    assert receipt == OrderReceipt(order_id="1717171717", customer_order_reference=sent)


# -- messaging -----------------------------------------------------------------------------


async def test_add_messaging_brand() -> None:
    server = Server(ok())

    await server.client().add_messaging_brand("B12345", "Acme", "Acme alerts")

    assert server.paths == ["/v2/iNumbering/addMessagingBrand/"]
    assert server.body() == {
        "apikey": KEY,
        "messagingBrandId": "B12345",
        "messagingBrandName": "Acme",
        "messagingBrandDescription": "Acme alerts",
    }


async def test_add_messaging_campaign() -> None:
    server = Server(ok())

    await server.client().add_messaging_campaign("B12345", "C123456", "2FA codes")

    assert server.paths == ["/v2/iNumbering/addMessagingCampaign/"]
    assert server.body() == {
        "apikey": KEY,
        "messagingBrandId": "B12345",
        "externalCampaignId": "C123456",
        "campaignDescription": "2FA codes",
    }


@pytest.mark.parametrize("order_id", [12345678, "12345678"], ids=["int", "str"])
async def test_tn_messaging_campaign(order_id: object) -> None:
    server = Server(ok(orderId=order_id))

    receipt = await server.client().tn_messaging_campaign(
        ["2015551234", "+12015551235"], "C123456", customer_order_reference="camp-1"
    )

    assert receipt == OrderReceipt(order_id="12345678", customer_order_reference="camp-1")
    assert server.paths == ["/v2/iNumbering/tnMessagingCampaign/"]
    feature = {"messaging": {"tnCampaign": "C123456"}}
    assert server.body() == {
        "apikey": KEY,
        "tnCampaign": {
            "customerOrderReference": "camp-1",
            "tnList": {
                "tnItem": [
                    {"tn": "2015551234", "tnFeature": feature},
                    {"tn": "2015551235", "tnFeature": feature},
                ]
            },
        },
    }


# -- gateways ------------------------------------------------------------------------------


@pytest.mark.parametrize("route_type", [str, int], ids=["spec-str", "int"])
async def test_gateways_list(route_type: type) -> None:
    rows = [
        {"route": route_type(1), "gateway": "USER"},
        {"route": route_type(1000), "gateway": "203.0.113.10:5060"},
    ]
    server = Server(ok(gateways=rows))

    gateways = await server.client().gateways()

    assert gateways == [Gateway(1, "USER"), Gateway(1000, "203.0.113.10:5060")]
    assert [g.is_system for g in gateways] == [True, False]
    assert server.paths == ["/v2.1/gateways/list/"]
    assert server.body() == {"apikey": KEY}


async def test_add_gateway_reads_the_ip_key() -> None:
    listed = [
        {"route": "1000", "IP": "203.0.113.10:5060"},
        {"route": "1001", "IP": "sip.example.com"},
    ]
    server = Server(ok(message="Gateways Entered", gateways=listed))

    gateways = await server.client().add_gateway("203.0.113.10:5060", "sip.example.com")

    assert gateways == [Gateway(1000, "203.0.113.10:5060"), Gateway(1001, "sip.example.com")]
    assert server.paths == ["/v2.1/gateways/add/"]
    assert server.body() == {
        "apikey": KEY,
        "gateways": [{"gateway": "203.0.113.10:5060"}, {"gateway": "sip.example.com"}],
    }


async def test_update_gateway() -> None:
    updated = [{"route": 1000, "gateway": "203.0.113.20:5060"}]
    server = Server(ok(message="Gateway updated", gateways=updated))

    gateways = await server.client().update_gateway(Gateway(1000, "203.0.113.20:5060"))

    assert gateways == [Gateway(1000, "203.0.113.20:5060")]
    assert server.paths == ["/v2.1/gateways/update/"]
    assert server.body() == {
        "apikey": KEY,
        "gateways": [{"route": 1000, "gateway": "203.0.113.20:5060"}],
    }


async def test_remove_gateway() -> None:
    server = Server(ok(message="Gateways Removed", routes=[{"route": 1000}, {"route": "1001"}]))

    assert await server.client().remove_gateway(1000, 1001) == [1000, 1001]
    assert server.paths == ["/v2.1/gateways/remove/"]
    assert server.body() == {"apikey": KEY, "routes": [{"route": 1000}, {"route": 1001}]}


async def test_a_client_given_a_transport_leaves_it_open() -> None:
    transport = MockTransport(lambda request: ok(gateways=[]))

    async with INumberingClient(KEY, transport=transport) as client:
        await client.gateways()

    assert transport.closed is False
