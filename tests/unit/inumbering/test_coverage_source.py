"""INumberingClient as a provider-neutral CoverageSource."""

from __future__ import annotations

import pytest

from numbering_async import (
    AvailableNumber,
    CoverageCount,
    CoverageQuery,
    CoverageSource,
    InvalidRequestError,
    bulk_coverage,
)

from .helpers import KEY, Server, fail, ok

ROWS = [
    {
        "npa": "201",
        "nxx": "389",
        "lata": "224",
        "locState": "NJ",
        "rcAbbre": "HACKENSACK",
        "count": 973,
    },
    {
        "npa": "201",
        "nxx": "390",
        "lata": "224",
        "locState": "NJ",
        "rcAbbre": "JERSEYCITY",
        "count": 12,
    },
]
NUMBERS = [
    {
        "telephoneNumber": "2015551234",
        "rateCenter": "HACKENSACK",
        "city": "Hackensack",
        "province": "NJ",
    },
    {
        "telephoneNumber": 2015551235,
        "rateCenter": "HACKENSACK",
        "city": "Hackensack",
        "province": "NJ",
    },
]


def count(row: dict[str, object]) -> CoverageCount:
    return CoverageCount(
        provider="inumbering",
        count=int(str(row["count"])),
        npa=str(row["npa"]),
        nxx=str(row["nxx"]),
        locality=str(row["rcAbbre"]),
        state=str(row["locState"]),
    )


def test_the_client_is_a_coverage_source() -> None:
    client = Server().client()

    assert isinstance(client, CoverageSource)
    assert client.provider == "inumbering"


@pytest.mark.parametrize(
    ("query", "sent", "expected"),
    [
        (CoverageQuery(npa="201"), {"npa": "201"}, ROWS),
        (CoverageQuery(npa="201", nxx="390"), {"npa": "201"}, ROWS[1:]),
        (CoverageQuery(state="nj"), {"locState": "NJ"}, ROWS),
        (CoverageQuery(locality="Hackensack"), {"rcAbbre": "HACKENSACK"}, ROWS[:1]),
        (CoverageQuery(npa="201", locality="jerseycity"), {"npa": "201"}, ROWS[1:]),
        (CoverageQuery(npa="201", state="NY"), {"npa": "201"}, []),
    ],
    ids=["npa", "npa-nxx", "state", "locality", "npa-locality", "npa-other-state"],
)
async def test_coverage_sends_one_filter_and_narrows_the_rows(
    query: CoverageQuery, sent: dict[str, str], expected: list[dict[str, object]]
) -> None:
    server = Server(ok(tnInventoryCoverageList=ROWS))

    counts = await server.client().coverage(query)

    assert counts == [count(row) for row in expected]
    assert server.body() == {"apikey": KEY, "countBy": "npaNxx", **sent}


async def test_coverage_with_no_result_is_empty() -> None:
    server = Server(fail("430", "No Result Found"))

    assert await server.client().coverage(CoverageQuery(npa="201")) == []


@pytest.mark.parametrize(
    ("query", "sent"),
    [
        (CoverageQuery(npa="201"), {"tnMask": "201xxxxxxx"}),
        (CoverageQuery(npa="201", nxx="555"), {"tnMask": "201555xxxx"}),
        (CoverageQuery(state="NJ"), {"tnMask": "xxxxxxxxxx", "province": "NJ"}),
        (
            CoverageQuery(npa="201", locality="Hackensack"),
            {"tnMask": "201xxxxxxx", "rateCenter": "HACKENSACK"},
        ),
    ],
    ids=["npa", "npa-nxx", "state", "locality"],
)
async def test_search_numbers_builds_the_mask_and_filters(
    query: CoverageQuery, sent: dict[str, str]
) -> None:
    server = Server(ok(tnResult=NUMBERS))

    numbers = await server.client().search_numbers(query, limit=2)

    assert numbers == [
        AvailableNumber("inumbering", f"+1201555123{i}", "Hackensack", "NJ", "HACKENSACK")
        for i in (4, 5)
    ]
    assert server.body() == {"apikey": KEY, "quantity": 2, **sent}


async def test_search_numbers_never_returns_more_than_the_limit() -> None:
    server = Server(ok(tnResult=NUMBERS))

    numbers = await server.client().search_numbers(CoverageQuery(npa="201"), limit=1)

    assert [n.phone_number for n in numbers] == ["+12015551234"]


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        (CoverageQuery(npa="201", country="GB"), "country"),
        (CoverageQuery(npa="800", number_type="toll_free"), "number_type"),
        (CoverageQuery(), "query"),
        (CoverageQuery(locality=" "), "locality"),
    ],
    ids=["country", "toll-free", "no-filter", "blank-locality"],
)
async def test_queries_iNumbering_cannot_express_are_refused(
    query: CoverageQuery, argument: str
) -> None:
    server = Server()
    client = server.client()

    for call in (client.coverage(query), client.search_numbers(query)):
        with pytest.raises(InvalidRequestError) as caught:
            await call
        assert caught.value.argument == argument

    assert server.requests == []


async def test_canadian_queries_are_accepted() -> None:
    server = Server(ok(tnInventoryCoverageList=[]))

    assert await server.client().coverage(CoverageQuery(state="ON", country="CA")) == []


async def test_search_limit_is_checked() -> None:
    server = Server()

    with pytest.raises(InvalidRequestError) as caught:
        await server.client().search_numbers(CoverageQuery(npa="201"), limit=0)

    assert caught.value.argument == "limit"
    assert server.requests == []


async def test_bulk_coverage_runs_on_the_client() -> None:
    server = Server(ok(tnInventoryCoverageList=ROWS))

    results = await bulk_coverage([server.client()], [CoverageQuery(npa="201")])

    assert [(r.provider, r.ok) for r in results] == [("inumbering", True)]
