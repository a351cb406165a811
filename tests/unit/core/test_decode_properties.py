"""Property: whatever the body, decoding gives a value or a NumberingError, nothing else."""

from __future__ import annotations

import json
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

from numbering_async import HttpRequest, HttpResponse, MockResponse, MockTransport, NumberingError
from numbering_async._converter import make_converter

from .fakes import KEY, FakeClient

converter = make_converter()


@attrs.frozen
class Item:
    id: str
    count: int
    active: bool
    tags: list[str]
    parent: Item | None = None


def cast(payload: Any) -> list[Item]:
    return converter.structure(payload["data"], list[Item])


CLIENT = FakeClient(
    api_key=KEY, base_url="https://h.test", transport=MockTransport(lambda request: MockResponse())
)
REQUEST = HttpRequest("GET", URL("https://h.test/items"))

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
item_like = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "count": json_values,
        "active": json_values,
        "tags": json_values,
        "parent": json_values,
    },
)
envelopes = st.fixed_dictionaries(
    {"data": st.lists(item_like, max_size=3) | json_values},
    optional={
        "error": st.fixed_dictionaries({}, optional={"code": json_values, "detail": json_values})
    },
)
statuses = st.sampled_from([200, 201, 400, 404, 429, 500, 503]) | st.integers(100, 599)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(status: int, body: bytes) -> None:
    response = HttpResponse(status, {"x-request-id": "r-1"}, body, REQUEST)
    try:
        result = CLIENT._decode(response, cast)
    except NumberingError:
        return  # a typed error is a fine outcome; anything else fails the test
    assert all(isinstance(item, Item) for item in result)


@FAST
@given(statuses, st.binary(max_size=200))
def test_arbitrary_bytes(status: int, body: bytes) -> None:
    _check(status, body)


@FAST
@given(statuses, json_values | envelopes)
def test_arbitrary_json(status: int, payload: Any) -> None:
    _check(status, json.dumps(payload).encode())


@FAST
@given(st.lists(item_like, max_size=3))
def test_item_shaped_json(items: list[Any]) -> None:
    _check(200, json.dumps({"data": items}).encode())
