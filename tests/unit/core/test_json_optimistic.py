"""``_json.decode``: the optimistic decode (no long-number scan, collector paused) gives what
the exact one gives, value or error, on any JSON, integers beyond 64 bits included."""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numbering_async import _json
from numbering_async._converter import make_converter, structurer
from numbering_async.telnyx._converter import page_caster
from numbering_async.telnyx.models import NumberOrder, OrderStatus


@attrs.frozen(kw_only=True)
class Child:
    name: str | None = None
    size: int | None = None


@attrs.frozen(kw_only=True)
class Row:
    name: str | None = None
    count: int | None = None
    ratio: float | None = None
    flag: bool | None = None
    status: OrderStatus | None = None
    when: datetime | None = None
    tags: tuple[str, ...] = ()
    child: Child | None = None
    children: tuple[Child, ...] = ()


ROWS = structurer(make_converter(), list[Row])
ORDERS = page_caster(NumberOrder)

big_integers = st.integers(min_value=2**63 - 3, max_value=2**80) | st.integers(
    min_value=-(2**80), max_value=-(2**63) + 3
)
large_floats = st.sampled_from([1e19, -1e19, 2.0**64, -(2.0**63), 1.5e19, 1e300, 0.5, -0.0])
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | big_integers
    | st.floats()
    | large_floats
    | st.text(max_size=6)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=12,
)
fields = ("name", "count", "ratio", "flag", "status", "when", "tags", "child", "children", "size")
objects = st.dictionaries(st.sampled_from(fields), json_values, max_size=6)
shaped = st.recursive(
    objects, lambda inner: st.dictionaries(st.sampled_from(fields), inner, max_size=4), max_leaves=8
)


def _outcome(run: Callable[[], Any]) -> tuple[str, str]:
    try:
        return ("ok", repr(run()))  # repr: NaN equals itself
    except Exception as exc:
        return (type(exc).__name__, str(exc))


def _both(cast: Callable[[Any], Any], body: bytes) -> tuple[Any, Any]:
    exact = _outcome(lambda: cast(json.loads(body)))
    optimistic = _outcome(lambda: _json.decode(cast, _json.loads, body, body))
    return optimistic, exact


@settings(max_examples=300, deadline=None)
@given(st.lists(shaped, max_size=3) | json_values)
def test_typed_decode_gives_what_the_standard_library_gives(value: Any) -> None:
    optimistic, exact = _both(ROWS, json.dumps(value).encode())
    assert optimistic == exact


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["id", "status", "phone_numbers_count", "connection_id", "requirements_met"]
        ),
        scalars,
    )
)
def test_telnyx_page_decodes_alike(order: dict[str, Any]) -> None:
    body = json.dumps({"data": [order], "meta": {"total_pages": 1}}).encode()
    optimistic, exact = _both(ORDERS, body)
    assert optimistic == exact


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_an_untyped_cast_gets_exact_json(value: Any) -> None:
    optimistic, exact = _both(lambda payload: payload, json.dumps(value).encode())
    assert optimistic == exact


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'[{"name": 18446744073709551616}]', "18446744073709551616"),
        (b'[{"name": -9223372036854775809}]', "-9223372036854775809"),
        (b'[{"name": 1e19}]', "1e+19"),
        (b'[{"name": 18446744073709551616.0}]', "1.8446744073709552e+19"),
        (b'[{"name": 2.5}]', "2.5"),
    ],
)
def test_a_large_number_in_a_string_field_is_spelled_as_sent(body: bytes, expected: str) -> None:
    assert _json.decode(ROWS, _json.loads, body, body)[0].name == expected


def test_an_integer_beyond_64_bits_in_an_integer_field_stays_exact() -> None:
    body = b'[{"count": 36893488147419103232, "ratio": 36893488147419103233}]'
    (row,) = _json.decode(ROWS, _json.loads, body, body)
    assert row.count == 2**65
    assert row.ratio == float(2**65 + 1)


@attrs.frozen(kw_only=True)
class Loose:
    name: str | None = None
    extra: dict[str, Any] | None = None
    items: list | None = None  # type: ignore[type-arg]


LOOSE = structurer(make_converter(), Loose)


@pytest.mark.parametrize(
    "body",
    [
        b'{"extra": {"n": 18446744073709551616}}',
        b'{"items": [-9223372036854775809]}',
        b'{"name": "a", "extra": {"n": 1}, "items": [2]}',
    ],
)
def test_a_model_holding_raw_json_gets_it_exact(body: bytes) -> None:
    assert repr(_json.decode(LOOSE, _json.loads, body, body)) == repr(LOOSE(json.loads(body)))


@pytest.fixture
def collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector")
@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("body", [b'[{"count": 3}]', b'[{"count": "three"}]', b"[{"])
def test_the_collector_is_paused_during_a_decode_only(enabled: bool, body: bytes) -> None:
    seen = []

    def cast(payload: Any) -> Any:
        seen.append(gc.isenabled())
        return ROWS(payload)

    _json.typed(cast)
    if enabled:
        gc.enable()
    else:
        gc.disable()
    with contextlib.suppress(TypeError, ValueError):
        _json.decode(cast, _json.loads, body, body)
    assert gc.isenabled() is enabled
    assert seen in ([False], [])  # [] when the body is not JSON
