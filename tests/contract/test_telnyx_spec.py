"""The Telnyx backend against its OpenAPI spec (``../shared/specs/telnyx-numbering.openapi.json``).

- Every operation of the spec is callable, goes out with the spec's method and path, and can
  send every query parameter and every writable body property the spec defines.
- Every property of every response schema is a field of the model it decodes into (nested
  inline objects included); the only schemas left out are listed in :data:`SKIPPED_SCHEMAS`.
- Every example in the spec decodes with the strict converter (unknown keys forbidden), and
  the request examples go out on the wire exactly as written.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import attrs
import pytest

from numbering_async import AuthenticationError, HttpRequest, MockResponse, MockTransport
from numbering_async.pagination import PageMeta
from numbering_async.telnyx import (
    AvailablePhoneNumber,
    CostInformation,
    Feature,
    InexplicitNumberOrder,
    InventoryCoverage,
    NumberBlockOrder,
    NumberOrder,
    NumberOrderPhoneNumber,
    NumberOrderWithPhoneNumbers,
    NumberReservation,
    OrderedPhoneNumber,
    OrderingGroup,
    OrderPhoneNumber,
    PhoneNumberRef,
    RegionInformation,
    RegulatoryRequirement,
    RegulatoryRequirementValue,
    ReservedPhoneNumber,
    SubNumberOrder,
    SubNumberOrdersReport,
    SubNumberOrdersReportFilters,
    TelnyxClient,
)
from numbering_async.telnyx._converter import WIRE_NAMES, strict_converter
from numbering_async.telnyx._envelopes import Data, ResultsMeta
from tests.specs import TELNYX_SPEC, TELNYX_SPEC_MISSING, load

if not TELNYX_SPEC.is_file():
    pytest.skip(TELNYX_SPEC_MISSING, allow_module_level=True)

SPEC: dict[str, Any] = load(TELNYX_SPEC)
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]

MODELS: dict[str, Any] = {
    "AvailablePhoneNumber": AvailablePhoneNumber,
    "AvailablePhoneNumbersMetadata": ResultsMeta,
    "CostInformation": CostInformation,
    "Feature": Feature,
    "InexplicitNumberOrderResponse": InexplicitNumberOrder,
    "InventoryCoverage": InventoryCoverage,
    "InventoryCoverageMetadata": ResultsMeta,
    "NumberBlockOrder": NumberBlockOrder,
    "NumberOrder": NumberOrder,
    "NumberOrderPhoneNumber": NumberOrderPhoneNumber,
    "NumberOrderPhoneNumberRequirementGroupResponse": NumberOrderPhoneNumber,
    "NumberOrderWithPhoneNumbers": NumberOrderWithPhoneNumbers,
    "NumberReservation": NumberReservation,
    "PaginationMeta": PageMeta,
    "PhoneNumber": OrderedPhoneNumber,
    "PhoneNumbersJobPhoneNumber": PhoneNumberRef,
    "RegionInformation": RegionInformation,
    "RegulatoryRequirement": RegulatoryRequirement,
    "ReservedPhoneNumber": ReservedPhoneNumber,
    "SubNumberOrder": SubNumberOrder,
    "SubNumberOrderPhoneNumber": OrderedPhoneNumber,
    "SubNumberOrderRegulatoryRequirement": RegulatoryRequirement,
    "SubNumberOrderRegulatoryRequirementWithValue": RegulatoryRequirement,
    "SubNumberOrderRequirementGroupResponse": Data[SubNumberOrder],
    "SubNumberOrdersReport": SubNumberOrdersReport,
    # Request schemas whose shape (read-only fields included) is a response model's:
    "CreateNumberBlockOrderRequest": NumberBlockOrder,
    "CreateNumberReservationRequest": NumberReservation,
    "CreateSubNumberOrdersReportRequest": SubNumberOrdersReportFilters,
    # Input values of write calls:
    "UpdateRegulatoryRequirement": RegulatoryRequirementValue,
}
"""Component schema -> the model it decodes into (nested inline objects are followed)."""

REQUEST_BODIES = {
    "CreateNumberOrderRequest": "CreateNumberOrder",
    "InexplicitNumberOrderRequest": "CreateInexplicitNumberOrder",
    "UpdateNumberOrderRequest": "UpdateNumberOrder",
    "UpdateNumberOrderPhoneNumberRequest": "UpdateNumberOrderPhoneNumber",
    "UpdateSubNumberOrderRequest": "UpdateSubNumberOrder",
}
"""Request-only schemas: checked by sending them (:func:`test_operation_matches_the_spec`)."""

SKIPPED_SCHEMAS = {
    "numbers_Errors": "the error envelope becomes an APIError (test_error_envelope_maps)",
    "numbers_Error": "one error of the envelope (test_error_envelope_maps)",
}

UUID = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
REQUIREMENTS = [RegulatoryRequirementValue(requirement_id=UUID, field_value="v")]
FULL_GROUP = OrderingGroup(
    country_iso="US",
    phone_number_type="local",
    count_requested=2,
    national_destination_code="201",
    starts_with="5",
    ends_with="0",
    contains="55",
    administrative_area="NJ",
    locality="Newark",
    features=["sms"],
    strategy="always",
    quickship=True,
    exclude_held_numbers=True,
)

Call = Callable[[TelnyxClient], Any]

OPERATIONS: dict[str, Call] = {
    "ListAvailablePhoneNumbers": lambda t: t.available_phone_numbers.list(
        country_code="US",
        locality="Newark",
        administrative_area="NJ",
        national_destination_code="201",
        rate_center="NEWARK",
        phone_number_type="local",
        features=["sms"],
        starts_with="5",
        ends_with="0",
        contains="55",
        limit=2,
        best_effort=True,
        quickship=True,
        reservable=True,
        exclude_held_numbers=True,
    ),
    "ListInexplicitNumberOrders": lambda t: t.inexplicit_number_orders.list().first_page(),
    "CreateInexplicitNumberOrder": lambda t: t.inexplicit_number_orders.create(
        [FULL_GROUP],
        customer_reference="r",
        connection_id="c",
        messaging_profile_id="m",
        billing_group_id="b",
    ),
    "RetrieveInexplicitNumberOrder": lambda t: t.inexplicit_number_orders.retrieve(UUID),
    "CreateInventoryCoverage": lambda t: t.inventory_coverage.list(
        "npa",
        npa=201,
        nxx=555,
        administrative_area="NJ",
        phone_number_type="local",
        country_code="US",
        count=True,
        features=["sms"],
    ),
    "ListNumberBlockOrders": lambda t: t.number_block_orders.list(
        status="pending",
        created_at_gt="2024-01-01",
        created_at_lt="2025-01-01",
        starting_number="+12015550100",
    ).first_page(),
    "CreateNumberBlockOrder": lambda t: t.number_block_orders.create(
        "+12015550100", 10, customer_reference="r", connection_id="c", messaging_profile_id="m"
    ),
    "RetrieveNumberBlockOrder": lambda t: t.number_block_orders.retrieve("b-1"),
    "RetrieveOrderPhoneNumbers": lambda t: t.number_order_phone_numbers.list(country_code="US"),
    "updateNumberOrderPhoneNumberRequirementGroup": (
        lambda t: t.number_order_phone_numbers.update_requirement_group(
            UUID, requirement_group_id=UUID
        )
    ),
    "GetNumberOrderPhoneNumber": lambda t: t.number_order_phone_numbers.retrieve("n-1"),
    "UpdateNumberOrderPhoneNumber": lambda t: t.number_order_phone_numbers.update(
        "n-1", regulatory_requirements=REQUIREMENTS
    ),
    "ListNumberOrders": lambda t: t.number_orders.list(
        status="pending",
        created_at_gt="2024-01-01",
        created_at_lt="2025-01-01",
        phone_numbers_count=1,
        customer_reference="r",
        requirements_met=True,
    ).first_page(),
    "CreateNumberOrder": lambda t: t.number_orders.create(
        [OrderPhoneNumber(phone_number="+12015550100", bundle_id="b", requirement_group_id="g")],
        customer_reference="r",
        connection_id="c",
        messaging_profile_id="m",
        billing_group_id="b",
    ),
    "RetrieveNumberOrder": lambda t: t.number_orders.retrieve("o-1"),
    "UpdateNumberOrder": lambda t: t.number_orders.update(
        "o-1", customer_reference="r", regulatory_requirements=REQUIREMENTS
    ),
    "ListNumberReservations": lambda t: t.number_reservations.list(
        status="pending",
        created_at_gt="2024-01-01",
        created_at_lt="2025-01-01",
        phone_number="+12015550100",
        customer_reference="r",
    ).first_page(),
    "CreateNumberReservation": lambda t: t.number_reservations.create(
        ["+12015550100"], customer_reference="r"
    ),
    "RetrieveNumberReservation": lambda t: t.number_reservations.retrieve("r-1"),
    "ExtendNumberReservationExpiryTime": lambda t: t.number_reservations.extend("r-1"),
    "ListSubNumberOrders": lambda t: t.sub_number_orders.list(
        status="pending",
        order_request_id=UUID,
        country_code="US",
        phone_number_type="local",
        phone_numbers_count=1,
    ),
    "updateSubNumberOrderRequirementGroup": lambda t: t.sub_number_orders.update_requirement_group(
        UUID, requirement_group_id=UUID
    ),
    "GetSubNumberOrder": lambda t: t.sub_number_orders.retrieve("s-1", include_phone_numbers=True),
    "UpdateSubNumberOrder": lambda t: t.sub_number_orders.update(
        "s-1", regulatory_requirements=REQUIREMENTS
    ),
    "CancelSubNumberOrder": lambda t: t.sub_number_orders.cancel("s-1"),
    "CreateSubNumberOrdersReport": lambda t: t.sub_number_orders_report.create(
        status="success",
        country_code="US",
        created_at_gt="2024-01-01",
        created_at_lt="2025-01-01",
        customer_reference="r",
        order_request_id=UUID,
    ),
    "GetSubNumberOrdersReport": lambda t: t.sub_number_orders_report.retrieve(UUID),
    "DownloadSubNumberOrdersReport": lambda t: t.sub_number_orders_report.download(UUID),
}
"""Each operation, called with every argument it takes."""


# -- reading the spec --------------------------------------------------------------------


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with a top-level ``$ref`` followed."""
    while "$ref" in schema:
        node: Any = SPEC
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def operations() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(operationId, METHOD, path, operation)`` for every operation of the spec."""
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield operation["operationId"], method.upper(), path, operation


OPERATION_IDS = sorted(op_id for op_id, *_ in operations())
SPEC_OPERATIONS = {op_id: (method, path, op) for op_id, method, path, op in operations()}


def query_keys(operation: dict[str, Any]) -> set[str]:
    """Every query key the operation defines (deepObject parameters flattened)."""
    keys: set[str] = set()
    for parameter in map(resolve, operation.get("parameters", [])):
        if parameter["in"] != "query":
            continue
        name, schema = parameter["name"], resolve(parameter["schema"])
        if parameter.get("style") != "deepObject":
            keys.add(name)
            continue
        for prop, sub in schema["properties"].items():
            sub = resolve(sub)
            if sub.get("type") == "object" and "properties" in sub:
                keys.update(f"{name}[{prop}][{inner}]" for inner in sub["properties"])
            else:
                keys.add(f"{name}[{prop}]")
    return keys


def success(operation: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The success status and its response object."""
    status, response = next((s, r) for s, r in operation["responses"].items() if s < "300")
    return int(status), resolve(response)


def canned_response(operation: dict[str, Any]) -> MockResponse:
    """A minimal valid answer for ``operation``, following its success response."""
    status, response = success(operation)
    content = response["content"]
    if "text/csv" in content:
        return MockResponse(status, body=content["text/csv"]["example"])
    schema = resolve(content["application/json"]["schema"])
    kind = resolve(schema["properties"]["data"]).get("type")
    return MockResponse(status, json={"data": [] if kind == "array" else {}})


def writable(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The properties of ``schema`` a client may send (not ``readOnly``)."""
    return {
        name: resolve(prop)
        for name, prop in schema.get("properties", {}).items()
        if not resolve(prop).get("readOnly")
    }


def assert_body_covers(schema: dict[str, Any], body: Any, where: str) -> None:
    """Every writable property of ``schema`` is in ``body``, nested objects and arrays too."""
    for name, prop in writable(schema).items():
        assert name in body, f"{where}.{name} cannot be sent"
        if prop.get("type") == "array" and "properties" in resolve(prop["items"]):
            assert_body_covers(resolve(prop["items"]), body[name][0], f"{where}.{name}[]")
        elif prop.get("type") == "object" and "properties" in prop:
            assert_body_covers(prop, body[name], f"{where}.{name}")


# -- reading the models ------------------------------------------------------------------


def wire_fields(model: Any) -> dict[str, Any]:
    """``{wire key: field type}`` of an attrs model (a parametrized generic included)."""
    origin = typing.get_origin(model) or model
    bound = dict(zip(getattr(origin, "__parameters__", ()), typing.get_args(model), strict=True))
    hints = typing.get_type_hints(origin)
    names = WIRE_NAMES.get(origin, {})
    return {
        names.get(field.name, field.name): bound.get(hints[field.name], hints[field.name])
        for field in attrs.fields(origin)
    }


def element(field_type: Any) -> Any:
    """The type inside ``X | None``, ``tuple[X, ...]`` and ``list[X]``."""
    args = [a for a in typing.get_args(field_type) if a is not type(None) and a is not Ellipsis]
    if typing.get_origin(field_type) in (typing.Union, tuple, list) or type(field_type) is type(
        int | None
    ):
        return element(args[0]) if len(args) == 1 else field_type
    return field_type


def walk(schema: dict[str, Any], model: Any, where: str) -> Iterator[tuple[str, Any, Any]]:
    """``(pointer, example, type)`` for every example under ``schema``, checking fields."""
    schema = resolve(schema)
    if "example" in schema:
        yield where, schema["example"], model
    if not attrs.has(typing.get_origin(model) or model):
        return
    fields = wire_fields(model)
    for name, prop in schema.get("properties", {}).items():
        assert name in fields, f"{where}: property {name!r} is not a field of {model}"
        prop = resolve(prop)
        inner = element(fields[name])
        if prop.get("type") == "array":
            if "example" in prop:
                yield f"{where}/{name}", prop["example"], fields[name]
            yield from walk(prop["items"], inner, f"{where}/{name}/items")
        else:
            yield from walk(prop, inner, f"{where}/{name}")


# -- the tests ---------------------------------------------------------------------------


def test_every_schema_is_a_model_a_request_body_or_knowingly_skipped() -> None:
    accounted = set(MODELS) | set(REQUEST_BODIES) | set(SKIPPED_SCHEMAS)
    assert set(SCHEMAS) == accounted


def test_every_operation_of_the_spec_is_covered() -> None:
    assert len(OPERATION_IDS) == 28
    assert sorted(OPERATIONS) == OPERATION_IDS


@pytest.mark.parametrize("name", sorted(MODELS))
def test_schema_properties_are_model_fields_and_examples_decode_strictly(name: str) -> None:
    examples = list(walk(SCHEMAS[name], MODELS[name], f"#/components/schemas/{name}"))
    for where, example, model in examples:
        try:
            strict_converter.structure(example, model)
        except Exception as exc:  # the pointer makes the failure readable
            raise AssertionError(f"{where}: example does not decode into {model}") from exc


async def call(op_id: str) -> tuple[list[HttpRequest], Any]:
    operation = SPEC_OPERATIONS[op_id][2]
    transport = MockTransport(lambda request: canned_response(operation))
    async with TelnyxClient("contract-key", transport=transport) as telnyx:
        result = await OPERATIONS[op_id](telnyx)
    return transport.requests, result


@pytest.mark.parametrize("op_id", OPERATION_IDS)
async def test_operation_matches_the_spec(op_id: str) -> None:
    method, path, operation = SPEC_OPERATIONS[op_id]
    requests, _ = await call(op_id)
    # A purchase with the caller's reference first lists what already carries it (a GET).
    *earlier, request = requests
    assert [r.method for r in earlier] in ([], ["GET"])
    assert request.method == method
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(f"/v2{path}"))
    assert re.fullmatch(pattern, request.url.path), (request.url.path, path)
    sent = set(parse_qs(request.url.raw_query_string))
    assert query_keys(operation) <= sent, query_keys(operation) - sent
    if "requestBody" in operation:
        schema = resolve(operation["requestBody"]["content"]["application/json"]["schema"])
        assert_body_covers(schema, json.loads(request.body or b"{}"), op_id)
    else:
        assert request.body is None


def test_request_bodies_are_checked_by_their_operations() -> None:
    for name, op_id in REQUEST_BODIES.items():
        _, _, operation = SPEC_OPERATIONS[op_id]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{name}"


async def sent_body(calling: Call) -> Any:
    transport = MockTransport(lambda request: MockResponse(200, json={"data": {}}))
    async with TelnyxClient("contract-key", transport=transport) as telnyx:
        await calling(telnyx)
    return json.loads(transport.requests[-1].body or b"null")


async def test_create_number_order_example_goes_out_verbatim() -> None:
    example = SCHEMAS["CreateNumberOrderRequest"]["example"]
    numbers = [OrderPhoneNumber(**item) for item in example["phone_numbers"]]
    options = {k: v for k, v in example.items() if k != "phone_numbers"}
    assert await sent_body(lambda t: t.number_orders.create(numbers, **options)) == example


async def test_create_number_block_order_example_goes_out_verbatim() -> None:
    example = SCHEMAS["CreateNumberBlockOrderRequest"]["example"]
    body = await sent_body(
        lambda t: t.number_block_orders.create(
            example["starting_number"], example["range"], customer_reference="r"
        )
    )
    assert body == {**example, "customer_reference": "r"}


async def test_create_report_example_goes_out_verbatim() -> None:
    example = SCHEMAS["CreateSubNumberOrdersReportRequest"]["example"]
    assert await sent_body(lambda t: t.sub_number_orders_report.create(**example)) == example


async def test_requirement_group_example_goes_out_verbatim() -> None:
    operation = SPEC["paths"]["/sub_number_orders/{id}/requirement_group"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["example"]
    body = await sent_body(lambda t: t.sub_number_orders.update_requirement_group(UUID, **example))
    assert body == example


async def test_report_download_example_comes_back_verbatim() -> None:
    _, csv = await call("DownloadSubNumberOrdersReport")
    _, response = success(SPEC_OPERATIONS["DownloadSubNumberOrdersReport"][2])
    assert csv == response["content"]["text/csv"]["example"]


async def test_error_envelope_maps() -> None:
    examples = SPEC["components"]["responses"]["numbers_UnauthorizedResponse"]["content"]
    envelope = examples["application/json"]["examples"]["Authentication Failed"]["value"]
    error_schema = SCHEMAS["numbers_Error"]["properties"]
    assert set(envelope["errors"][0]) <= set(error_schema)
    transport = MockTransport(lambda request: MockResponse(401, json=envelope))
    async with TelnyxClient("contract-key", transport=transport) as telnyx:
        with pytest.raises(AuthenticationError) as caught:
            await telnyx.number_orders.retrieve("o-1")
    first = envelope["errors"][0]
    assert (caught.value.code, caught.value.title, caught.value.detail) == (
        first["code"],
        first["title"],
        first["detail"],
    )
    assert caught.value.body == envelope


def test_datetime_examples_decode_aware() -> None:
    example = SCHEMAS["SubNumberOrdersReport"]["example"]
    report = strict_converter.structure(example, SubNumberOrdersReport)
    stamps = [report.created_at, report.updated_at]
    assert all(isinstance(s, datetime) and s.tzinfo is not None for s in stamps)
