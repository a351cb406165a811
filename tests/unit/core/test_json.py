"""JSON: orjson when installed, the same results as the standard library either way."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numbering_async import _json

try:
    import orjson
except ImportError:  # the speedups extra is not installed: only the stdlib path is tested
    orjson = None

needs_orjson = pytest.mark.skipif(orjson is None, reason="orjson (speedups extra) not installed")
LOADS = None if orjson is None else _json._fast_loads(orjson.loads, orjson.JSONDecodeError)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)


def _outcome(loads: Any, body: bytes) -> Any:
    try:
        return ("ok", repr(loads(body)))  # repr: NaN equals itself
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError alike
        return ("error", type(exc).__name__)


@needs_orjson
@settings(max_examples=150, deadline=None)
@given(json_values)
def test_orjson_decodes_like_the_standard_library(value: Any) -> None:
    body = json.dumps(value).encode()  # NaN, Infinity and big integers included
    assert _outcome(LOADS, body) == _outcome(json.loads, body)


@needs_orjson
@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=40) | st.text(max_size=20).map(lambda text: text.encode("utf-16")))
def test_orjson_refuses_and_accepts_like_the_standard_library(body: bytes) -> None:
    assert _outcome(LOADS, body) == _outcome(json.loads, body)


@needs_orjson
@pytest.mark.parametrize(
    "body",
    [
        b'{"n": -12345678901234567890}',
        b"[\n  18446744073709551616,\n  1\n]",
        b"123456789012345678901",
        b'{"ref": "na-1234567890123456789012", "n": 9223372036854775807}',
    ],
)
def test_integers_beyond_64_bits_stay_exact(body: bytes) -> None:
    assert repr(LOADS(body)) == repr(json.loads(body))


@needs_orjson
def test_installed_orjson_is_used() -> None:
    assert _json.LIBRARY == "orjson"
    assert _json.loads(b'{"a": [1, "\\ud800", NaN]}') is not None  # refused by orjson


def test_dumps_is_compact_standard_json() -> None:
    value = {"apikey": "k", "tn": [1, "é"], "flag": True, "none": None}
    assert _json.dumps(value) == json.dumps(value, separators=(",", ":")).encode()


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_dumps_matches_the_standard_library_on_any_json(value: Any) -> None:
    assert _json.dumps(value) == json.dumps(value, separators=(",", ":")).encode()


def _failure(value: Any) -> str:
    with pytest.raises((TypeError, ValueError)) as caught:
        _json.dumps(value)
    return str(caught.value)


def test_dumps_fails_as_the_standard_library_and_then_works_again() -> None:
    loop: list[Any] = []
    loop.append(loop)
    assert _failure({"a": loop}) == "Circular reference detected"
    value: dict[str, Any] = {"a": [object()]}
    assert _failure(value).endswith("is not JSON serializable")
    # The failed encode had ``value`` in its circular-reference check: fixed, it encodes.
    value["a"] = [1]
    assert _json.dumps(value) == b'{"a":[1]}'
    assert _json.dumps({"a": loop[:0]}) == b'{"a":[]}'


def test_without_orjson_the_standard_library_decodes() -> None:
    code = """
import asyncio, sys
sys.modules["orjson"] = None  # as if the speedups extra were not installed
from numbering_async import MockResponse, MockTransport, TelnyxClient, _json

body = {"data": [{"group": "NEWARK", "count": 3, "coverage_type": "number"}], "meta": {}}

async def main():
    transport = MockTransport(lambda request: MockResponse(json=body))
    async with TelnyxClient("sk_test_0123456789", transport=transport) as telnyx:
        rows = await telnyx.inventory_coverage.list(group_by="locality", npa=201)
    print(_json.LIBRARY, _json.loads is __import__("json").loads, rows[0].group, rows[0].count)

asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["json", "True", "NEWARK", "3"]
