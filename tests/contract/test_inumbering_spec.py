"""The iNumbering models and requests against the published specs (vendored in ``specs/``).

Every property of every request and 200 response schema maps to a model field (or is listed
below as knowingly skipped) and every model field to a property; the schema examples decode
with the strict converter; and the bodies the client sends validate against the request
schemas.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import attrs
import cattrs
import pytest
from yarl import URL

from numbering_async import (
    APIError,
    Gateway,
    HttpRequest,
    HttpResponse,
    INumberingClient,
    MockResponse,
    MockTransport,
    TnOrderItem,
)
from numbering_async.inumbering import _endpoints, _wire
from numbering_async.inumbering import models as m
from numbering_async.inumbering._converter import make_converter, wire_name
from numbering_async.inumbering._errors import NO_RESULT, RETRYABLE_CODES, read_body
from tests.specs import GATEWAYS_SPEC, INUMBERING_SPEC, load

Spec = dict[str, Any]
SPEC_FILES: dict[str, Spec] = {
    "inumbering": load(INUMBERING_SPEC),
    "gateways": load(GATEWAYS_SPEC),
}

STRICT = make_converter(strict=True)

SKIPPED_PROPERTIES = {
    "apikey": "added by the client when it encodes every request body",
}
"""Spec properties no model field maps, and why."""

MODEL_ONLY = {
    (m.TnCoverageRow, "block"): "countBy=block rows: shape not described by the spec",
    (m.TnCoverageRow, "lineFrom"): "countBy=block rows: shape not described by the spec",
    (m.TnCoverageRow, "lineTo"): "countBy=block rows: shape not described by the spec",
    (_wire.TnCampaignBody, "customerOrderReference"): "in the prose only (auto-set if omitted)",
    (_wire.Envelope, "message"): "gateways success bodies only",
}
"""Model fields with no spec property, and why."""

SKIPPED_RESPONSES = {
    "400": "error bodies: kept in APIError.body",
    "401": "error bodies: kept in APIError.body",
    "409": "error and partial-success bodies: kept in APIError.body",
}
"""Response codes whose schemas no model maps (the 200 schemas all map), and why."""

# operationId -> (spec, request model, 200 response model)
OPERATIONS: dict[str, tuple[str, type | None, type]] = {
    "tnInventory": ("inumbering", _wire.TnInventoryRequest, _wire.TnInventoryResponse),
    "tnInventoryCoverage": (
        "inumbering",
        _wire.TnInventoryCoverageRequest,
        _wire.TnInventoryCoverageResponse,
    ),
    "tnOrder": ("inumbering", _wire.TnOrderRequest, _wire.OrderIdResponse),
    "addMessagingBrand": ("inumbering", _wire.MessagingBrandRequest, _wire.Envelope),
    "addMessagingCampaign": ("inumbering", _wire.MessagingCampaignRequest, _wire.Envelope),
    "tnMessagingCampaign": ("inumbering", _wire.TnMessagingCampaignRequest, _wire.OrderIdResponse),
    "gatewaysList": ("gateways", None, _wire.GatewaysResponse),
    "gatewaysAdd": ("gateways", _wire.GatewaysAddRequest, _wire.GatewaysAddResponse),
    "gatewaysUpdate": ("gateways", _wire.GatewaysUpdateRequest, _wire.GatewaysResponse),
    "gatewaysRemove": ("gateways", _wire.GatewaysRemoveRequest, _wire.GatewaysRemoveResponse),
}


# -- spec helpers --------------------------------------------------------------------------


def resolve(schema: Spec, spec: Spec) -> Spec:
    """``schema`` with a local ``$ref`` followed."""
    while "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def operations() -> Iterator[tuple[str, str, Spec, Spec]]:
    """(spec name, path, operation, spec) for every operation of both specs."""
    for name, spec in SPEC_FILES.items():
        for path, item in spec["paths"].items():
            yield name, path, item["post"], spec


def operation(operation_id: str) -> tuple[str, Spec, Spec]:
    """(path, operation, spec) of ``operation_id``."""
    for _, path, op, spec in operations():
        if op["operationId"] == operation_id:
            return path, op, spec
    raise KeyError(operation_id)


def request_schema(operation_id: str) -> tuple[Spec, Spec]:
    _, op, spec = operation(operation_id)
    return resolve(op["requestBody"]["content"]["application/json"]["schema"], spec), spec


def response_schema(operation_id: str) -> tuple[Spec, Spec]:
    _, op, spec = operation(operation_id)
    content = op["responses"]["200"]["content"]["application/json"]
    return resolve(content["schema"], spec), spec


def example(schema: Spec, spec: Spec) -> Any:
    """An instance built from the schema's examples (an empty list example gets one item)."""
    schema = resolve(schema, spec)
    kind = schema.get("type", "object" if "properties" in schema else None)
    if kind == "object":
        return {name: example(sub, spec) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(schema["items"], spec)]
    return schema["example"]


# -- model helpers -------------------------------------------------------------------------


def model_fields(cls: type) -> dict[str, Any]:
    """Wire name -> field type of an attrs model."""
    hints = typing.get_type_hints(cls)
    return {wire_name(field): hints[field.name] for field in attrs.fields(cls)}


def inner(type_: Any) -> Any:
    """``X`` from ``X | None`` or ``list[X]``; anything else unchanged."""
    args = [arg for arg in typing.get_args(type_) if arg is not type(None)]
    if typing.get_origin(type_) is list or isinstance(type_, types.UnionType):
        return inner(args[0])
    return type_


def mismatches(schema: Spec, spec: Spec, cls: type, where: str) -> Iterator[str]:
    """Spec properties without a model field and model fields without a property, recursively."""
    schema = resolve(schema, spec)
    properties = schema.get("properties", {})
    fields = model_fields(cls)
    for name, sub in properties.items():
        if name in SKIPPED_PROPERTIES:
            continue
        if name not in fields:
            yield f"{where}.{name}: no field of {cls.__name__}"
            continue
        sub = resolve(sub, spec)
        nested = sub.get("items", sub) if sub.get("type") == "array" else sub
        target = inner(fields[name])
        if attrs.has(target):
            yield from mismatches(nested, spec, target, f"{where}.{name}")
    for name in fields:
        known = any(issubclass(cls, base) and key == name for base, key in MODEL_ONLY)
        if name not in properties and not known:
            yield f"{where}: {cls.__name__}.{name} is not in the spec"


# -- a tiny JSON Schema check (type, required, properties, items, enum) ---------------------

TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
}

UNDECLARED_OK = {"$.tnCampaign.customerOrderReference"}
"""Properties the client sends on purpose although the schema does not declare them."""


def violations(value: Any, schema: Spec, spec: Spec, where: str = "$") -> Iterator[str]:
    """Where ``value`` breaks ``schema`` (or sends a property the schema does not declare)."""
    schema = resolve(schema, spec)
    kind = schema.get("type")
    if kind is not None and not TYPES[kind](value):
        yield f"{where}: expected {kind}, got {type(value).__name__} {value!r}"
        return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{where}: {value!r} is not one of {schema['enum']}"
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                yield f"{where}: {name} is required"
        for name, item in value.items():
            if name in properties:
                yield from violations(item, properties[name], spec, f"{where}.{name}")
            elif f"{where}.{name}" not in UNDECLARED_OK:
                yield f"{where}.{name}: not declared by the schema"
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from violations(item, schema["items"], spec, f"{where}[{index}]")


# -- the tests -----------------------------------------------------------------------------


def test_every_spec_operation_has_an_endpoint_and_back() -> None:
    spec_paths = {path for _, path, _, _ in operations()}
    assert spec_paths == {endpoint.path for endpoint in _endpoints.ENDPOINTS}
    assert {op["operationId"] for _, _, op, _ in operations()} == set(OPERATIONS)


def test_every_response_schema_is_mapped_or_knowingly_skipped() -> None:
    with_schema = {
        code
        for _, _, op, _ in operations()
        for code, response in op["responses"].items()
        if "content" in response
    }
    assert with_schema - {"200"} == set(SKIPPED_RESPONSES)


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_request_schema_maps_onto_the_request_model(operation_id: str) -> None:
    _, request_model, _ = OPERATIONS[operation_id]
    schema, spec = request_schema(operation_id)
    if request_model is None:
        assert set(schema["properties"]) <= set(SKIPPED_PROPERTIES)
        return
    assert list(mismatches(schema, spec, request_model, operation_id)) == []


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_response_schema_maps_onto_the_response_model(operation_id: str) -> None:
    _, _, response_model = OPERATIONS[operation_id]
    schema, spec = response_schema(operation_id)
    assert list(mismatches(schema, spec, response_model, operation_id)) == []


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_response_examples_decode_with_the_strict_converter(operation_id: str) -> None:
    _, _, response_model = OPERATIONS[operation_id]
    schema, spec = response_schema(operation_id)
    body = example(schema, spec)

    decoded: Any = STRICT.structure(body, response_model)

    assert (decoded.status, decoded.status_code) == ("Success", "200")
    for field in attrs.fields(response_model):
        if typing.get_origin(typing.get_type_hints(response_model)[field.name]) is list:
            assert len(getattr(decoded, field.name)) == 1, field.name


def test_examples_decode_to_one_clean_type_per_concept() -> None:
    def decoded(operation_id: str, model: type) -> Any:
        schema, spec = response_schema(operation_id)
        return STRICT.structure(example(schema, spec), model)

    number = decoded("tnInventory", _wire.TnInventoryResponse).tn_result[0]
    assert number == m.TnInventoryNumber("2015551234", "HACKENSACK", "HACKENSACK", 224, "NJ")
    row = decoded("tnInventoryCoverage", _wire.TnInventoryCoverageResponse)
    assert row.tn_inventory_coverage_list == [
        m.TnCoverageRow(973, "201", "389", 224, "HACKENSACK", "NJ")
    ]
    assert decoded("tnOrder", _wire.OrderIdResponse).order_id == "1717171717"
    assert decoded("tnMessagingCampaign", _wire.OrderIdResponse).order_id == "12345678"
    assert decoded("gatewaysList", _wire.GatewaysResponse).gateways == [
        Gateway(1000, "203.0.113.10:5060")
    ]
    added = decoded("gatewaysAdd", _wire.GatewaysAddResponse).gateways
    assert added == [_wire.AddedGateway(1000, "203.0.113.10:5060")]
    assert decoded("gatewaysRemove", _wire.GatewaysRemoveResponse).routes == [_wire.RouteRef(1000)]


def test_the_strict_converter_rejects_a_field_the_models_lack() -> None:
    schema, spec = response_schema("tnInventory")
    body = example(schema, spec)
    body["tnResult"][0]["wireless"] = "N"

    with pytest.raises(cattrs.ClassValidationError) as caught:
        STRICT.structure(body, _wire.TnInventoryResponse)

    assert any("wireless" in message for message in cattrs.transform_error(caught.value))


def test_every_documented_status_code_is_mapped() -> None:
    documented = {code for _, _, op, _ in operations() for code in op["responses"]} - {"200"}
    request = HttpRequest("POST", URL("https://api.voicetel.com/v2/iNumbering/tnOrder/"))
    for code in sorted(documented):
        raw = json.dumps({"status": "Error", "statusCode": code, "message": "m"}).encode()
        response = HttpResponse(200, {}, raw, request)
        with pytest.raises(APIError) as caught:
            read_body(response, _endpoints.TN_ORDER, lambda value: value)
        assert caught.value.title != f"Error {code}", f"{code} has no documented meaning"
    assert NO_RESULT in documented
    assert "431" in RETRYABLE_CODES


REQUESTS: dict[str, Callable[[INumberingClient], Awaitable[Any]]] = {
    "tnInventory": lambda c: c.tn_inventory(
        "201xxxxxxx", 1000, rate_center="HACKENSACK", lata=224, province="NJ"
    ),
    "tnInventoryCoverage": lambda c: c.tn_inventory_coverage("npaNxx", npa="201"),
    "tnOrder": lambda c: c.tn_order(["2015551234", TnOrderItem("2015551235", route=1000)]),
    "addMessagingBrand": lambda c: c.add_messaging_brand("B12345", "Brand Name", "Description"),
    "addMessagingCampaign": lambda c: c.add_messaging_campaign("B123456", "C123456", "Campaign"),
    "tnMessagingCampaign": lambda c: c.tn_messaging_campaign(["2015551234"], "C123456"),
    "gatewaysList": lambda c: c.gateways(),
    "gatewaysAdd": lambda c: c.add_gateway("203.0.113.10:5060"),
    "gatewaysUpdate": lambda c: c.update_gateway(Gateway(1000, "203.0.113.20:5060")),
    "gatewaysRemove": lambda c: c.remove_gateway(1000),
}


@pytest.mark.parametrize("operation_id", sorted(REQUESTS))
async def test_request_bodies_validate_against_the_spec(operation_id: str) -> None:
    path, _, _ = operation(operation_id)
    schema, spec = request_schema(operation_id)
    reply = MockResponse(200, json={"status": "Success", "statusCode": "200", "orderId": "1"})
    transport = MockTransport(lambda request: reply)

    await REQUESTS[operation_id](INumberingClient("Your API Key", transport=transport))

    (request,) = transport.requests
    assert request.url.path == path
    assert list(violations(json.loads(request.body or b""), schema, spec)) == []


def test_the_schema_check_catches_a_wrong_body() -> None:
    schema, spec = request_schema("tnOrder")
    body = {"apikey": 1, "tnOrder": {"tnList": {"tnItem": [{"tn": "2015551234"}]}, "x": 1}}

    assert list(violations(body, schema, spec)) == [
        "$.apikey: expected string, got int 1",
        "$.tnOrder.tnList.tnItem[0].tn: expected integer, got str '2015551234'",
        "$.tnOrder.x: not declared by the schema",
    ]


def test_the_mapping_check_catches_drift() -> None:
    schema, spec = response_schema("gatewaysAdd")

    assert list(mismatches(schema, spec, _wire.GatewaysResponse, "add")) == [
        "add.gateways.IP: no field of Gateway",
        "add.gateways: Gateway.gateway is not in the spec",
    ]
