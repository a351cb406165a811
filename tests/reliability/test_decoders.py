"""Property: whatever comes back, every operation of both clients gives a model or a NumberingError.

Each operation of :mod:`tests.reliability.operations` runs against a mock transport whose every
answer hypothesis draws: any status, arbitrary bytes, arbitrary JSON, or JSON shaped like the
operation's real answer (its envelope and model fields, under their wire names) with arbitrary
values anywhere in it. A successful call must return exactly what the operation's annotation
says, down to every field of every model; anything else must be a :class:`NumberingError`
that does not show the key.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import functools
import json
import types
import typing
from collections.abc import Mapping, Sequence
from contextlib import aclosing
from typing import Any, Literal, Union, get_args, get_origin

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numbering_async import (
    HttpRequest,
    INumberingClient,
    MockResponse,
    MockTransport,
    NumberingError,
    RetryPolicy,
    SettlePolicy,
)
from numbering_async.inumbering._converter import wire_name
from numbering_async.inumbering._endpoints import ENDPOINTS
from numbering_async.pagination import AsyncPaginator, PageMeta
from numbering_async.telnyx import TelnyxClient
from numbering_async.telnyx._converter import WIRE_NAMES
from numbering_async.telnyx._envelopes import ResultsMeta

from .harness import KEY, SCAN
from .operations import OPERATIONS, Operation, public_operations

EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NO_WAIT = RetryPolicy(max_attempts=2, initial=0.0, max_backoff=0.0, max_retry_after=0.0)
"""One retry (its answer is drawn afresh), never a wait: a drawn Retry-After raises at once."""
MAX_ITEMS = 3
JSON = {"Content-Type": "application/json"}

texts = st.text(max_size=12) | st.sampled_from(
    ["", "200", "Success", "2015550123", "+12015550123", "2024-02-30T25:00:00Z", "NJ", "201"]
)
"""Any text, and the kinds of text the models look for (numbers, codes, timestamps)."""
scalars = st.none() | st.booleans() | st.integers() | st.floats() | texts
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)
statuses = st.sampled_from([200] * 8 + [201, 204, 400, 401, 404, 409, 422, 429, 500, 503]) | (
    st.integers(100, 599)
)


_NUMBER_KEYS = frozenset({"tn", "telephoneNumber"})
"""iNumbering's telephone-number fields, whose decoder checks the digits."""
_NUMBERS = st.one_of(st.sampled_from(["2015550123", 2015550123, "+1 (201) 555-0123"]), texts)


def _wire_key(cls: type, field: attrs.Attribute[Any], provider: str) -> str:
    if provider == "inumbering":
        return wire_name(field)
    return WIRE_NAMES.get(cls, {}).get(field.name, field.name)


@functools.cache
def shaped(hint: Any, provider: str) -> st.SearchStrategy[Any]:
    """JSON a decoder of ``hint`` expects, with an arbitrary value in place of any part."""
    good = _shaped(hint, provider)
    return st.one_of(*[good] * 7, json_values)  # the right shape 7 times out of 8


def _shaped(hint: Any, provider: str) -> st.SearchStrategy[Any]:
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return json_values
    if hint is type(None):
        return st.none()
    if origin in (Union, types.UnionType):
        return st.one_of([_shaped(arg, provider) for arg in args])
    if origin in (list, tuple, Sequence):
        return st.lists(st.deferred(lambda: shaped(args[0], provider)), min_size=1, max_size=3)
    if origin in (dict, Mapping):
        return st.dictionaries(st.text(max_size=8), json_values, max_size=3)
    if origin is Literal:
        return st.sampled_from(args)
    if attrs.has(hint):
        return _model_shape(hint, provider)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from([member.value for member in hint]) | st.text(max_size=8)
    if hint is dt.datetime:
        return st.datetimes(timezones=st.just(dt.UTC)).map(dt.datetime.isoformat)
    if hint is dt.date:
        return st.dates().map(dt.date.isoformat)
    simple = {bool: st.booleans(), int: st.integers(), float: st.floats(), str: texts}
    if hint in simple:
        return simple[hint]
    raise TypeError(f"no JSON shape for {hint!r}")


def _model_shape(cls: type, provider: str) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object with ``cls``'s fields under their wire names (lists and required always)."""
    hints = typing.get_type_hints(cls)

    def value(hint: Any) -> st.SearchStrategy[Any]:
        return st.deferred(lambda: shaped(hint, provider))  # models may nest themselves

    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(cls):
        hint = hints[field.name]
        always = field.default is attrs.NOTHING or get_origin(hint) is list
        group = required if always else optional  # a list left out is no test of its items
        key = _wire_key(cls, field, provider)
        group[key] = _NUMBERS if key in _NUMBER_KEYS else value(hint)
    return st.fixed_dictionaries(required, optional=optional)


@functools.cache
def _telnyx_answer(operation: Operation) -> st.SearchStrategy[Any]:
    returns = operation.returns
    if operation.resource and operation.name.count(".") == 1:  # coverage reads another resource
        listing = f"telnyx.{operation.resource}.list"
        returns = next(other.returns for other in OPERATIONS if other.name == listing)
    if returns is Any or returns is str:
        return json_values
    if get_origin(returns) in (list, AsyncPaginator):
        meta = shaped(PageMeta, "telnyx") | shaped(ResultsMeta, "telnyx")
        return st.fixed_dictionaries(
            {"data": st.lists(shaped(get_args(returns)[0], "telnyx"), min_size=1, max_size=3)},
            optional={"meta": meta, "metadata": shaped(ResultsMeta, "telnyx")},
        )
    return st.fixed_dictionaries({"data": shaped(returns, "telnyx")})


_ENDPOINT_AT = {endpoint.path: endpoint for endpoint in ENDPOINTS}
_SUCCESS = st.one_of(
    *[st.just({"statusCode": "200", "status": "Success"})] * 3,
    st.fixed_dictionaries(
        {},
        optional={
            "statusCode": st.sampled_from(["200", 200, "430", "431", "409", ""]) | json_values,
            "status": st.sampled_from(["Success", "Error"]) | json_values,
        },
    ),
)
"""Mostly iNumbering's success markers, sometimes anything."""


@functools.cache
def _inumbering_answer(path: str) -> st.SearchStrategy[Any]:
    response: Any = _ENDPOINT_AT[path].response
    body = shaped(response, "inumbering")
    return st.tuples(body, _SUCCESS).map(
        lambda pair: {**pair[0], **pair[1]} if isinstance(pair[0], dict) else pair[0]
    )


@st.composite
def _answers(draw: st.DrawFn, operation: Operation, request: HttpRequest) -> MockResponse:
    kind = draw(st.sampled_from(["bytes", "json", "shaped", "shaped", "shaped"]))
    headers: dict[str, str] = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "Retry-After": st.text(max_size=30) | st.sampled_from(["0", "1.5", "-1", "nan"]),
                "x-request-id": st.text(st.characters(codec="ascii", exclude_categories=["Cc"])),
            },
        )
    )
    status = draw(statuses)
    if kind == "bytes":
        return MockResponse(status, body=draw(st.binary(max_size=300)), headers=headers)
    if kind == "json":
        payload = draw(json_values)
    elif operation.provider == "telnyx":
        payload = draw(_telnyx_answer(operation))
    else:
        payload = draw(_inumbering_answer(request.url.path))
    return MockResponse(status, body=json.dumps(payload), headers={**JSON, **headers})


async def _outcome(operation: Operation, data: st.DataObject) -> Any:
    transport = MockTransport(lambda request: data.draw(_answers(operation, request)))
    options: dict[str, Any] = {
        "api_key": KEY,
        "transport": transport,
        "retry": NO_WAIT,
        "settle": SettlePolicy(window=0, first_poll=0.01),
    }
    async with TelnyxClient(**options) as telnyx, INumberingClient(**options) as inumbering:
        call = operation.call(telnyx, inumbering)
        if not isinstance(call, AsyncPaginator):
            return await call
        items: list[Any] = []
        async with aclosing(call.pages()) as pages:
            async for page in pages:
                items.extend(page.items)
                if len(items) >= MAX_ITEMS:  # a drawn meta may promise pages for ever
                    break
        return items


def conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` is exactly what ``hint`` promises, down to every model field."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return True
    if origin in (Union, types.UnionType):
        return any(conforms(value, arg) for arg in args)
    if origin in (list, AsyncPaginator):
        return isinstance(value, list) and all(conforms(item, args[0]) for item in value)
    if origin is tuple:
        return isinstance(value, tuple) and all(conforms(item, args[0]) for item in value)
    if origin in (dict, Mapping):
        return isinstance(value, Mapping)
    if origin is Literal:
        return value in args
    if hint is type(None):
        return value is None
    if hint in (int, float) and isinstance(value, bool):
        return False
    if hint is float:
        return isinstance(value, int | float)
    if attrs.has(hint):
        hints = typing.get_type_hints(hint)
        return isinstance(value, hint) and all(
            conforms(getattr(value, field.name), hints[field.name]) for field in attrs.fields(hint)
        )
    if isinstance(hint, type):
        return isinstance(value, hint)
    raise TypeError(f"no check for {hint!r}")


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.name)
def test_any_answer_gives_a_model_or_a_numbering_error(operation: Operation) -> None:
    with asyncio.Runner() as runner:

        @EXAMPLES
        @given(st.data())
        def check(data: st.DataObject) -> None:
            try:
                result = runner.run(_outcome(operation, data))
            except NumberingError as exc:
                result = exc
            if isinstance(result, NumberingError):
                assert SCAN.leaks(result) == []
            else:
                assert conforms(result, operation.returns), result

        check()


def test_every_public_operation_is_listed() -> None:
    assert sorted(public_operations()) == sorted(operation.name for operation in OPERATIONS)
