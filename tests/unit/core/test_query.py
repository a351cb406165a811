"""Bracketed query encoding, checked on the wire by a real aiohttp.web server."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from yarl import URL

from numbering_async import AiohttpTransport, HttpRequest
from numbering_async._enums import OpenStrEnum
from numbering_async._query import QueryTemplate, build_url, encode_query, flatten_query

from .servers import running_app


class Status(OpenStrEnum):
    PENDING = "pending"


class Level(Enum):
    HIGH = 3


PARAMS: dict[str, Any] = {
    "filter": {
        "npa": 318,
        "created_at": {"gt": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "lt": None},
        "status": Status.PENDING,
        "level": Level.HIGH,
        "best_effort": True,
        "quickship": False,
        "features": ["sms", None, "voice"],
        "phone_numbers.phone_number": "+13185550100",
        "text": "a b&c=d/é+%[]#?",
        "skipped": None,
        "day": date(2024, 5, 6),
    },
    "page": {"number": 2, "size": 250},
}

EXPECTED_PAIRS = [
    ("filter[npa]", "318"),
    ("filter[created_at][gt]", "2024-01-02T03:04:05+00:00"),
    ("filter[status]", "pending"),
    ("filter[level]", "3"),
    ("filter[best_effort]", "true"),
    ("filter[quickship]", "false"),
    ("filter[features]", "sms,voice"),
    ("filter[phone_numbers.phone_number]", "+13185550100"),
    ("filter[text]", "a b&c=d/é+%[]#?"),
    ("filter[day]", "2024-05-06"),
    ("page[number]", "2"),
    ("page[size]", "250"),
]


def test_flatten_query_pairs_in_order() -> None:
    assert flatten_query(PARAMS) == EXPECTED_PAIRS


def test_sets_are_sorted_and_flat_keys_stay_flat() -> None:
    pairs = flatten_query({"page_number": 1, "features": {"voice", "sms", "mms"}})
    assert pairs == [("page_number", "1"), ("features", "mms,sms,voice")]


def test_lists_are_comma_joined_as_the_official_sdk_sends_them() -> None:
    query = encode_query({"filter": {"features": ("sms", "voice"), "npa": 318}})
    assert query == "filter[features]=sms,voice&filter[npa]=318"


def test_a_comma_inside_a_list_item_is_encoded_and_the_separators_are_not() -> None:
    query = encode_query({"filter": {"tags": ["a,b", "c d"]}})
    assert query == "filter[tags]=a%2Cb,c%20d"


def test_an_empty_list_or_a_list_of_none_sends_nothing() -> None:
    assert encode_query({"filter": {"features": [], "tags": [None], "npa": 318}}) == (
        "filter[npa]=318"
    )


def test_encode_query_keeps_brackets_and_encodes_the_rest() -> None:
    query = encode_query({"filter": {"npa": 318, "text": "a b&c"}, "page": {"size": 5}})
    assert query == "filter[npa]=318&filter[text]=a%20b%26c&page[size]=5"


def test_empty_query_and_url_without_query() -> None:
    assert encode_query({"filter": {"npa": None}}) == ""
    assert str(build_url(URL("https://h.test/v2"), "/x", "")) == "https://h.test/v2/x"


def test_build_url_does_not_encode_twice() -> None:
    url = build_url(URL("https://h.test/v2"), "/orders", encode_query({"f": {"t": "a:b%"}}))
    assert url.raw_query_string == "f[t]=a%3Ab%25"
    assert url.query["f[t]"] == "a:b%"


async def test_query_arrives_intact_over_the_wire() -> None:
    seen: list[tuple[str, list[tuple[str, str]]]] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append((request.raw_path, list(request.query.items())))
        return web.Response(text="{}")

    app = web.Application()
    app.router.add_get("/v2/number_orders", handler)
    async with running_app(app) as base:
        url = build_url(base / "v2", "/number_orders", encode_query(PARAMS))
        transport = AiohttpTransport()
        try:
            response = await transport.send(HttpRequest("GET", url))
        finally:
            await transport.aclose()
    assert response.status == 200
    ((raw_path, pairs),) = seen
    assert pairs == EXPECTED_PAIRS
    # Brackets travel literally, and nothing was encoded twice.
    assert "filter[created_at][gt]=2024-01-02T03%3A04%3A05%2B00%3A00" in raw_path
    assert "page[size]=250" in raw_path
    assert "&filter[features]=sms,voice&" in raw_path
    assert "filter[text]=a%20b%26c%3Dd%2F%C3%A9%2B%25%5B%5D%23%3F&" in raw_path


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=8),
    st.sampled_from([Status.PENDING, Level.HIGH, date(2024, 5, 6)]),
)
_VALUES = st.one_of(
    _SCALARS,
    st.lists(_SCALARS, max_size=3),
    st.frozensets(st.text(max_size=4), max_size=3),
    st.dictionaries(st.sampled_from(["gt", "lt", "a b"]), _SCALARS, max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=5, unique=True).flatmap(
        lambda keys: st.tuples(
            st.just(keys), st.lists(_VALUES, min_size=len(keys), max_size=len(keys))
        )
    )
)
def test_a_query_template_encodes_as_encode_query(keys_values: tuple[list[str], list[Any]]) -> None:
    keys, values = keys_values
    template = QueryTemplate("filter", tuple(keys))
    expected = encode_query({"filter": dict(zip(keys, values, strict=True))})
    assert template.encode(tuple(values)) == expected
