"""The sandbox against the published specs (see :mod:`tests.specs`; the Telnyx half skips
without the Telnyx spec).

Whatever the sandbox accepts must be valid against the specs: every route it serves is an
operation there (and every Telnyx operation is served), every query parameter and body field it
accepts is declared there with a matching type, path ids the spec types as UUIDs are checked,
and the requests and responses of a session covering every route validate against the spec
schemas (the CSV report against the spec's example columns).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from numbering_async.sandbox import Sandbox
from numbering_async.sandbox._routing import Param, Route
from numbering_async.sandbox._wire import SandboxRequest
from tests.specs import GATEWAYS_SPEC, INUMBERING_SPEC, TELNYX_SPEC, TELNYX_SPEC_MISSING, load

FILES = {
    "telnyx": (TELNYX_SPEC, "/v2"),
    "inumbering": (INUMBERING_SPEC, ""),
    "gateways": (GATEWAYS_SPEC, ""),
}
Spec = dict[str, Any]
SPEC = {name: load(path) for name, (path, _) in FILES.items() if path.is_file()}
NEEDS_TELNYX = pytest.mark.skipif("telnyx" not in SPEC, reason=TELNYX_SPEC_MISSING)
BEYOND_THE_SCHEMA = {
    # The tnMessagingCampaign description says customerOrderReference "is auto-set if omitted";
    # the schema lacks it. The sandbox accepts it, as the client sends it.
    ("/v2/iNumbering/tnMessagingCampaign/", "tnCampaign.customerOrderReference"),
}
NEWER_THAN_THE_SPEC = {
    # The official SDK (telnyx 4.189) offers it on the listing too; the spec copy predates it.
    ("/v2/sub_number_orders", "filter[include_phone_numbers]"): "boolean",
}
REQUIREMENT = "8ffb3622-7c6b-4ccc-b65f-7a3dc0099576"
REQUIREMENT_GROUP = "a4b201f9-8646-4e54-a7d2-b2e403eeaf8c"
_KIND_TYPES = {"int": "integer", "bool": "boolean", "str": "string", "enum": "string"}


def _operation(method: str, template: str) -> tuple[Spec, Spec]:
    """The spec and operation object a sandbox route stands for."""
    for name, (_, base) in FILES.items():
        spec = SPEC.get(name)  # absent: the Telnyx spec, whose routes' tests are skipped
        if spec is None or not template.startswith(base):
            continue
        operation = spec["paths"].get(template[len(base) :], {}).get(method.lower())
        if operation is not None:
            return spec, operation
    raise AssertionError(f"{method} {template} is in none of the specs")


def _resolve(spec: Spec, node: Spec) -> Spec:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


_SANDBOX = Sandbox(strict=True)
TELNYX = list(_SANDBOX.telnyx.table.routes)
INUMBERING = list(_SANDBOX.inumbering.table.routes)
ROUTES = TELNYX + INUMBERING


def _route_id(route: Route) -> str:
    return f"{route.method} {route.template}"


def _params(routes: list[Route]) -> list[Any]:
    """``routes`` as test parameters; those of Telnyx skip without its spec."""
    return [
        pytest.param(route, id=_route_id(route), marks=NEEDS_TELNYX if route in TELNYX else ())
        for route in routes
    ]


@pytest.mark.parametrize("route", _params(ROUTES))
def test_every_route_is_an_operation_of_the_specs(route: Route) -> None:
    _operation(route.method, route.template)


@NEEDS_TELNYX
def test_every_telnyx_operation_is_served() -> None:
    _, base = FILES["telnyx"]
    operations = {
        (method.upper(), base + path)
        for path, item in SPEC["telnyx"]["paths"].items()
        for method in item
        if method in ("get", "post", "patch", "put", "delete")
    }
    assert operations == {
        (route.method, route.template)
        for route in ROUTES
        if route.template.startswith("/v2/") and not route.template.startswith("/v2/iNumbering/")
    }


def _path_parameters(spec: Spec, operation: Spec) -> dict[str, Spec]:
    parameters = [_resolve(spec, p) for p in operation.get("parameters", [])]
    return {p["name"]: _resolve(spec, p["schema"]) for p in parameters if p["in"] == "path"}


@pytest.mark.parametrize("route", _params([r for r in ROUTES if "{" in r.template]))
async def test_uuid_path_ids_are_checked_and_other_ids_looked_up(route: Route) -> None:
    spec, operation = _operation(route.method, route.template)
    ((name, schema),) = _path_parameters(spec, operation).items()
    path = route.template.replace(f"{{{name}}}", "not-a-uuid")
    body = b"{}" if route.body_required else b""  # a missing body is refused first
    request = SandboxRequest(route.method, path, (), {"Authorization": "Bearer k"}, body)
    reply = await Sandbox(strict=True).handle(request)
    error = json.loads(reply.body)["errors"][0]
    if schema.get("format") == "uuid":
        assert (reply.status, error["code"], error["source"]) == (400, "10006", {"parameter": name})
    else:
        assert (reply.status, error["code"]) == (404, "10005")


def _query_schema(spec: Spec, operation: Spec, name: str) -> Spec:
    head, *rest = re.findall(r"[^\[\]]+", name)
    parameters = [_resolve(spec, p) for p in operation.get("parameters", [])]
    (parameter,) = [p for p in parameters if p["in"] == "query" and p["name"] == head]
    schema = _resolve(spec, parameter["schema"])
    for part in rest:
        assert parameter.get("style") == "deepObject", name
        schema = _resolve(spec, schema["properties"][part])
    return schema


def _check_param(name: str, param: Param, schema: Spec) -> None:
    if param.repeat:
        assert schema["type"] == "array", name
        schema = schema["items"]
    if param.kind == "uuid":
        assert schema.get("format") == "uuid", name
    else:
        assert schema["type"] == _KIND_TYPES[param.kind], name
    if param.kind == "enum":
        assert set(param.choices) <= set(schema["enum"]), name
    if param.high is not None and "maximum" in schema:
        assert param.high <= schema["maximum"], name


@pytest.mark.parametrize("route", _params([r for r in ROUTES if r.query]))
def test_every_query_parameter_is_declared_with_its_type(route: Route) -> None:
    spec, operation = _operation(route.method, route.template)
    for name, param in route.query.items():
        newer = NEWER_THAN_THE_SPEC.get((route.template, name))
        if newer is not None:
            assert newer == _KIND_TYPES[param.kind], name
            continue
        _check_param(name, param, _query_schema(spec, operation, name))


def _body_schema(spec: Spec, operation: Spec) -> Spec:
    content = _resolve(spec, operation["requestBody"])["content"]["application/json"]
    return _resolve(spec, content["schema"])


def _walk(spec: Spec, schema: Spec, path: str) -> Spec:
    for part in path.split("."):
        is_list = part.endswith("[]")
        schema = _resolve(spec, schema["properties"][part.removesuffix("[]")])
        if is_list:
            assert schema["type"] == "array", path
            schema = _resolve(spec, schema["items"])
    return schema


@pytest.mark.parametrize("route", _params([r for r in ROUTES if r.body]))
def test_every_body_field_is_declared(route: Route) -> None:
    spec, operation = _operation(route.method, route.template)
    root = _body_schema(spec, operation)
    for path in sorted(route.body):
        if (route.template, path) in BEYOND_THE_SCHEMA:
            assert "customerOrderReference" in operation["description"]
            continue
        try:
            _walk(spec, root, path)
        except KeyError:
            pytest.fail(f"{route.template} accepts {path}, which the spec does not declare")


# -- a session over every route, validated against the schemas -------------------------------


async def _session(sandbox: Sandbox) -> list[tuple[str, str, Any, int, Any]]:
    """Calls covering every route; ``(method, template, request body, status, response)``."""
    auth = {"Authorization": "Bearer k"}
    log: list[tuple[str, str, Any, int, Any]] = []

    async def call(
        method: str, path: str, query: dict[str, str] | None = None, body: Any = None
    ) -> Any:
        raw = b"" if body is None else json.dumps(body).encode()
        request = SandboxRequest(method, path, tuple((query or {}).items()), auth, raw)
        reply = await sandbox.handle(request)
        router = sandbox.router_for(path)
        assert router is not None
        match = router.table.match(method, path)
        template = match[0].template if match else path
        is_json = reply.headers["Content-Type"] == "application/json"
        decoded = json.loads(reply.body) if is_json else reply.body.decode()
        log.append((method, template, body, reply.status, decoded))
        return decoded

    numbers = await call(
        "GET",
        "/v2/available_phone_numbers",
        {"filter[national_destination_code]": "201", "filter[limit]": "2"},
    )
    first, second = (item["phone_number"] for item in numbers["data"])
    await call(
        "GET", "/v2/inventory_coverage", {"filter[groupBy]": "locality", "filter[npa]": "201"}
    )
    order = await call(
        "POST",
        "/v2/number_orders",
        body={"phone_numbers": [{"phone_number": first}], "customer_reference": "c"},
    )
    order_id = order["data"]["id"]
    sandbox.advance(5)
    await call("GET", "/v2/number_orders")
    await call("GET", f"/v2/number_orders/{order_id}")
    await call("PATCH", f"/v2/number_orders/{order_id}", body={"customer_reference": "d"})
    reservation = await call(
        "POST", "/v2/number_reservations", body={"phone_numbers": [{"phone_number": second}]}
    )
    reservation_id = reservation["data"]["id"]
    await call("GET", "/v2/number_reservations")
    await call("GET", f"/v2/number_reservations/{reservation_id}")
    await call("POST", f"/v2/number_reservations/{reservation_id}/actions/extend")
    group = {
        "country_iso": "US",
        "phone_number_type": "local",
        "count_requested": "2",
        "administrative_area": "NJ",
    }
    inexplicit = await call(
        "POST", "/v2/inexplicit_number_orders", body={"ordering_groups": [group]}
    )
    await call("GET", "/v2/inexplicit_number_orders")
    await call("GET", f"/v2/inexplicit_number_orders/{inexplicit['data']['id']}")
    subs = await call("GET", "/v2/sub_number_orders")
    sub_id = subs["data"][0]["id"]
    await call("GET", f"/v2/sub_number_orders/{sub_id}", {"filter[include_phone_numbers]": "true"})
    values = {
        "regulatory_requirements": [{"requirement_id": REQUIREMENT, "field_value": "1 Main St"}]
    }
    group = {"requirement_group_id": REQUIREMENT_GROUP}
    await call("PATCH", f"/v2/sub_number_orders/{sub_id}", body=values)
    await call("POST", f"/v2/sub_number_orders/{sub_id}/requirement_group", body=group)
    ordered = await call("GET", "/v2/number_order_phone_numbers", {"filter[country_code]": "US"})
    number_id = ordered["data"][0]["id"]
    await call("GET", f"/v2/number_order_phone_numbers/{number_id}")
    await call("PATCH", f"/v2/number_order_phone_numbers/{number_id}", body=values)
    await call("POST", f"/v2/number_order_phone_numbers/{number_id}/requirement_group", body=group)
    block = await call(
        "POST",
        "/v2/number_block_orders",
        body={"starting_number": second, "range": 10, "customer_reference": "b"},
    )
    block_id = block["data"]["id"]
    await call("GET", "/v2/number_block_orders", {"filter[status]": "pending", "page[size]": "5"})
    await call("GET", f"/v2/number_block_orders/{block_id}")
    await call("POST", "/v2/number_block_orders", body={"starting_number": second, "range": 0})
    block_subs = await call("GET", "/v2/sub_number_orders", {"filter[order_request_id]": block_id})
    block_sub = block_subs["data"][0]["id"]
    await call("PATCH", f"/v2/sub_number_orders/{block_sub}/cancel")
    await call("PATCH", f"/v2/sub_number_orders/{block_sub}/cancel")
    report = await call(
        "POST", "/v2/sub_number_orders_report", body={"status": "failure", "country_code": "US"}
    )
    report_id = report["data"]["id"]
    await call("GET", f"/v2/sub_number_orders_report/{report_id}/download")
    sandbox.advance(5)
    await call("GET", f"/v2/sub_number_orders_report/{report_id}")
    await call("GET", f"/v2/sub_number_orders_report/{report_id}/download")
    await call("GET", "/v2/number_orders/unknown")
    await call("POST", "/v2/number_orders", body={})

    key = {"apikey": "k"}
    found = await call(
        "POST", "/v2/iNumbering/tnInventory/", body={**key, "tnMask": "318xxxxxxx", "quantity": 2}
    )
    tn = found["tnResult"][0]["telephoneNumber"]
    for count_by in ("npaNxx", "block", "rateCenter", "state"):
        await call(
            "POST",
            "/v2/iNumbering/tnInventoryCoverage/",
            body={**key, "npa": "318", "countBy": count_by},
        )
    await call("POST", "/v2/iNumbering/tnInventoryCoverage/", body={**key, "countBy": "nope"})
    added = await call(
        "POST", "/v2.1/gateways/add/", body={**key, "gateways": [{"gateway": "8.8.8.8:5060"}]}
    )
    route = int(added["gateways"][0]["route"])
    await call("POST", "/v2.1/gateways/add/", body={**key, "gateways": [{"gateway": "10.1.1.1"}]})
    await call("POST", "/v2.1/gateways/list/", body=key)
    await call(
        "POST",
        "/v2.1/gateways/update/",
        body={**key, "gateways": [{"route": route, "gateway": "8.8.4.4"}]},
    )
    await call(
        "POST",
        "/v2.1/gateways/update/",
        body={**key, "gateways": [{"route": 5555, "gateway": "8.8.4.4"}]},
    )
    order_body = {
        "tnOrder": {
            "customerOrderReference": "r",
            "tnList": {"tnItem": [{"tn": int(tn), "route": route}]},
        }
    }
    await call("POST", "/v2/iNumbering/tnOrder/", body={**key, **order_body})
    await call("POST", "/v2/iNumbering/tnOrder/", body={**key, **order_body})
    await call("POST", "/v2.1/gateways/remove/", body={**key, "routes": [{"route": route}]})
    await call(
        "POST",
        "/v2/iNumbering/addMessagingBrand/",
        body={
            **key,
            "messagingBrandId": "B1",
            "messagingBrandName": "N",
            "messagingBrandDescription": "D",
        },
    )
    await call(
        "POST",
        "/v2/iNumbering/addMessagingCampaign/",
        body={
            **key,
            "externalCampaignId": "C123456",
            "campaignDescription": "D",
            "messagingBrandId": "B1",
        },
    )
    item = {"tn": tn, "tnFeature": {"messaging": {"tnCampaign": "C123456"}}}
    await call(
        "POST",
        "/v2/iNumbering/tnMessagingCampaign/",
        body={**key, "tnCampaign": {"tnList": {"tnItem": [item]}}},
    )
    added = await call(
        "POST", "/v2.1/gateways/add/", body={**key, "gateways": [{"gateway": "9.9.9.9"}]}
    )
    await call(
        "POST",
        "/v2.1/gateways/remove/",
        body={**key, "routes": [{"route": int(added["gateways"][-1]["route"])}]},
    )
    return log  # fmt: skip


def _validator(spec: Spec, schema: Spec) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator({**schema, "components": spec["components"]})


def _response_schema(spec: Spec, operation: Spec, status: int) -> Spec | None:
    response = operation["responses"].get(str(status)) or operation["responses"].get("default")
    if response is None:
        return None
    content = _resolve(spec, response).get("content", {}).get("application/json")
    return None if content is None else content["schema"]


@pytest.mark.parametrize(
    "side",
    [
        pytest.param(TELNYX, id="telnyx", marks=NEEDS_TELNYX),
        pytest.param(INUMBERING, id="inumbering"),
    ],
)
async def test_a_session_over_every_route_validates_against_the_spec_schemas(
    side: list[Route],
) -> None:
    async with Sandbox(strict=True) as sandbox:
        log = await _session(sandbox)
    served = {(route.method, route.template) for route in ROUTES}
    succeeded = {(method, template) for method, template, _, status, _ in log if status < 300}
    assert succeeded == served
    validated = {(route.method, route.template) for route in side}
    checked = 0
    for method, template, body, status, response in log:
        if (method, template) not in validated:
            continue
        spec, operation = _operation(method, template)
        if status < 300 and body is not None and "requestBody" in operation:
            _validator(spec, _body_schema(spec, operation)).validate(body)
        schema = _response_schema(spec, operation, status)
        if schema is not None:
            _validator(spec, schema).validate(response)
            checked += 1
        elif isinstance(response, str):
            example = operation["responses"][str(status)]["content"]["text/csv"]["example"]
            assert response.splitlines()[0] == example.splitlines()[0]
            checked += 1
    statuses = {status for *_, status, _ in log}
    assert {200, 202, 404, 409, 422} <= statuses
    assert checked > len(validated)
