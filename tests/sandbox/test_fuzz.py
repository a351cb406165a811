"""Hypothesis over every sandbox route of both providers, through the in-process transport.

Each example sends one request whose body, query and path ids are a plausible request bent out
of shape (a value of another JSON type, an object where a list belongs, junk keys, nulls,
undecodable bytes, odd digits). Whatever comes in: no exception escapes the transport, no 500
(the sandbox's answer to its own defects), every error is in the provider's envelope, and a
refused request (4xx) changes no state. The examples are derandomized, so CI is reproducible.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

from numbering_async._http import HttpRequest
from numbering_async.sandbox import Sandbox
from numbering_async.sandbox._routing import Route

from .conftest import BEARER, a_telnyx_number, state

KEY = "sk_test_0123456789"
UUID = "8ffb3622-7c6b-4ccc-b65f-7a3dc0099576"
FUZZ = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
REQUIREMENTS = {"regulatory_requirements": [{"requirement_id": UUID, "field_value": "x"}]}
GROUP = {
    "country_iso": "US",
    "phone_number_type": "local",
    "count_requested": "2",
    "administrative_area": "NJ",
    "locality": "Wyckoff",
    "national_destination_code": "201",
    "phone_number": {"starts_with": "2", "ends_with": "1", "contains": "0"},
    "features": ["sms", "voice"],
    "strategy": "always",
    "exclude_held_numbers": False,
    "quickship": True,
}
ANY_GROUP = {k: v for k, v in GROUP.items() if k not in ("locality", "phone_number")}
REFS = {"customer_reference": "fz", "connection_id": "c", "messaging_profile_id": "m"}
TELNYX_BODIES: dict[str, Any] = {
    "POST /v2/number_orders": {
        "phone_numbers": [
            {"phone_number": "+12015550123", "bundle_id": "b", "requirement_group_id": UUID}
        ],
        **REFS,
        "billing_group_id": "g",
    },
    "PATCH /v2/number_orders/{number_order_id}": {**REQUIREMENTS, "customer_reference": "x"},
    "POST /v2/number_reservations": {
        "phone_numbers": [{"phone_number": "+12015550124"}],
        "customer_reference": "fz",
    },
    "POST /v2/number_reservations/{number_reservation_id}/actions/extend": {},
    "POST /v2/inexplicit_number_orders": {"ordering_groups": [GROUP], **REFS},
    "PATCH /v2/sub_number_orders/{sub_number_order_id}": REQUIREMENTS,
    "PATCH /v2/sub_number_orders/{sub_number_order_id}/cancel": {},
    "POST /v2/sub_number_orders/{id}/requirement_group": {"requirement_group_id": UUID},
    "POST /v2/sub_number_orders_report": {
        "status": "pending",
        "country_code": "US",
        "created_at_gt": "2020-01-01T00:00:00Z",
        "created_at_lt": "2100-01-01T00:00:00+00:00",
        "customer_reference": "fz",
        "order_request_id": UUID,
    },
    "PATCH /v2/number_order_phone_numbers/{number_order_phone_number_id}": REQUIREMENTS,
    "POST /v2/number_order_phone_numbers/{id}/requirement_group": {"requirement_group_id": UUID},
    "POST /v2/number_block_orders": {"starting_number": "+12015550000", "range": 10, **REFS},
}
_ITEM = {"tn": "2015550123", "tnFeature": {"messaging": {"tnCampaign": "C123456"}}}
INUMBERING_BODIES: dict[str, Any] = {
    "tnInventory": {
        "tnMask": "201xxxxxxx",
        "quantity": 3,
        "province": "NJ",
        "rateCenter": "X",
        "lata": 224,
    },
    "tnInventoryCoverage": {
        "countBy": "npaNxx",
        "npa": "201",
        "locState": "NJ",
        "rcAbbre": "X",
        "lata": "224",
    },
    "tnOrder": {
        "tnOrder": {
            "customerOrderReference": "fz",
            "tnList": {"tnItem": [{"tn": 2015550125, "route": 1}]},
        }
    },
    "addMessagingBrand": {
        "messagingBrandId": "B1",
        "messagingBrandName": "n",
        "messagingBrandDescription": "d",
    },
    "addMessagingCampaign": {
        "externalCampaignId": "C123456",
        "campaignDescription": "d",
        "messagingBrandId": "B0",
    },
    "tnMessagingCampaign": {
        "tnCampaign": {"customerOrderReference": "fz", "tnList": {"tnItem": [_ITEM]}}
    },
    "list": {},
    "add": {"gateways": [{"gateway": "203.0.113.5"}]},
    "update": {"gateways": [{"route": 1000, "gateway": "203.0.113.6"}]},
    "remove": {"routes": [{"route": 1000}]},
}
ODD_TEXT = st.sampled_from(
    ["", " ", "²", "٣", "1e3", " 5", "-1", "+1", "0x1", "true", "null", "9" * 30, "é", "\x00"]
)
LEAF = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=8)
    | ODD_TEXT
)
ODD_JSON = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(value: Any) -> Iterator[tuple[Any, Any]]:
    """Every ``(container, key or index)`` in ``value``, depth-first."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield value, key
            yield from _places(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index
            yield from _places(item)


def _containers(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _containers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _containers(item)


def _bent(data: st.DataObject, template: Any) -> bytes:
    """``template`` as JSON bytes, bent out of shape in a few places (or not at all)."""
    body = json.loads(json.dumps(template))
    how = data.draw(st.sampled_from(["as is", "bend", "bend", "bend", "whole"]))
    if how == "whole":
        return data.draw(st.binary(max_size=16) | ODD_JSON.map(lambda v: json.dumps(v).encode()))
    if how == "bend":
        for _ in range(data.draw(st.integers(1, 3))):
            places = list(_places(body))
            if places and data.draw(st.booleans()):
                container, key = data.draw(st.sampled_from(places))
                container[key] = data.draw(ODD_JSON)
            elif containers := list(_containers(body)):
                container = data.draw(st.sampled_from(containers))
                container[data.draw(st.text(max_size=6))] = data.draw(ODD_JSON)
    return json.dumps(body).encode()


def _query(data: st.DataObject, route: Route) -> list[tuple[str, str]]:
    names = st.sampled_from(sorted(route.query)) if route.query else st.text(max_size=8)
    value = ODD_TEXT | st.text(max_size=8) | st.sampled_from(["201", "true", "5", "pending"])
    return data.draw(st.lists(st.tuples(names | st.text(max_size=8), value), max_size=4))


def _ids(sandbox: Sandbox) -> dict[str, list[str]]:
    """Real ids by the collection the path names, after a few writes."""
    account = sandbox.telnyx.account
    return {
        "number_orders": list(account.orders),
        "number_reservations": list(account.reservations),
        "inexplicit_number_orders": list(account.inexplicit),
        "sub_number_orders": list(account.sub_orders),
        "sub_number_orders_report": list(account.reports),
        "number_order_phone_numbers": list(account.numbers),
        "number_block_orders": list(account.block_orders),
    }


def _path(data: st.DataObject, route: Route, ids: dict[str, list[str]]) -> str:
    def fill(match: re.Match[str]) -> str:
        real = ids.get(match.group(1), [])
        choice = st.sampled_from(real) if real else st.just(UUID)
        return data.draw(choice | st.text(max_size=8) | st.just(UUID))

    return re.sub(
        r"(?<=/)([a-z_]+)/\{[a-z_]+\}", lambda m: f"{m.group(1)}/{fill(m)}", route.template
    )


def _is_partial_success(body: Any) -> bool:
    """A gateways 409 that lists what did succeed: the service's partial result, by design."""
    return isinstance(body, dict) and any(
        key.endswith("_success") and value for key, value in body.items()
    )


async def _seeded() -> Sandbox:
    """A lax sandbox holding one of each record, whose time stands still for the test."""
    sandbox = Sandbox(seed=1, order_delay=1e6, reservation_ttl=1e6)
    sandbox.warm()
    transport = sandbox.transport()
    url = URL("http://sandbox")
    phones = [a_telnyx_number(sandbox), a_telnyx_number(sandbox, "318")]
    writes = [
        ("/v2/number_orders", {"phone_numbers": [{"phone_number": phones[0]}]}),
        ("/v2/number_reservations", {"phone_numbers": [{"phone_number": phones[1]}]}),
        ("/v2/inexplicit_number_orders", {"ordering_groups": [ANY_GROUP]}),
        ("/v2/sub_number_orders_report", {}),
        ("/v2/number_block_orders", {"starting_number": "+13185550000", "range": 10}),
        ("/v2.1/gateways/add/", {"apikey": KEY, "gateways": [{"gateway": "203.0.113.5"}]}),
    ]
    for path, body in writes:
        request = HttpRequest("POST", url.with_path(path), BEARER, json.dumps(body).encode())
        response = await transport.send(request)
        assert response.status in (200, 202), (path, response.body)
    return sandbox


def _routes(sandbox: Sandbox, provider: str) -> list[Route]:
    router = sandbox.telnyx if provider == "telnyx" else sandbox.inumbering
    return list(router.table.routes)


def _template(provider: str, route: Route) -> Any:
    if provider == "telnyx":
        return TELNYX_BODIES.get(f"{route.method} {route.template}")
    return {"apikey": KEY, **INUMBERING_BODIES[route.template.rstrip("/").rpartition("/")[2]]}


def test_every_route_has_a_fuzz_template() -> None:
    sandbox = Sandbox(seed=1)
    writes = {f"{r.method} {r.template}" for r in _routes(sandbox, "telnyx") if r.method != "GET"}
    assert writes == set(TELNYX_BODIES)
    names = {r.template.rstrip("/").rpartition("/")[2] for r in _routes(sandbox, "inumbering")}
    assert names == set(INUMBERING_BODIES)


def _fuzz(provider: str) -> None:
    loop = asyncio.new_event_loop()
    try:
        sandbox = loop.run_until_complete(_seeded())
        transport = sandbox.transport()
        routes = _routes(sandbox, provider)
        ids = _ids(sandbox)

        @FUZZ
        @given(st.data())
        def one_request(data: st.DataObject) -> None:
            route = data.draw(st.sampled_from(routes))
            template = _template(provider, route)
            body = None if template is None else _bent(data, template)
            sandbox.telnyx.strict = sandbox.inumbering.strict = data.draw(st.booleans())
            headers = dict(BEARER)
            if route.method != "GET" and data.draw(st.booleans()):
                headers["Idempotency-Key"] = data.draw(st.sampled_from(["k1", "k:2"]) | ODD_TEXT)
            url = URL("http://sandbox").with_path(_path(data, route, ids))
            url = url.with_query(_query(data, route))
            request = HttpRequest(route.method, url, headers, body)
            before = state(sandbox)
            response = loop.run_until_complete(transport.send(request))
            assert response.status != 500, response.body
            if response.headers.get("Content-Type") == "application/json":
                answer = json.loads(response.body)
            else:
                assert response.status == 200, response.body  # only the report CSV is not JSON
                return
            if 400 <= response.status < 500:
                if provider == "telnyx":
                    assert set(answer) == {"errors"}, answer
                else:
                    assert answer["status"] == "Error", answer
                if not _is_partial_success(answer):
                    assert state(sandbox) == before, (route.template, answer)

        one_request()
    finally:
        loop.close()


def test_fuzz_telnyx_routes_never_crash_and_refusals_change_nothing() -> None:
    _fuzz("telnyx")


def test_fuzz_inumbering_routes_never_crash_and_refusals_change_nothing() -> None:
    _fuzz("inumbering")
