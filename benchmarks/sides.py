"""The two sides of every comparison: raw aiohttp and the SDK's public API.

Each factory is an async context manager that opens a client and yields a ``Call``: a coroutine
function doing one unit of work and returning how many rows or items it decoded. The raw side is
what a careful user of aiohttp would write: one ``ClientSession``, hand-built URLs,
``resp.json()``. The SDK side goes through the public API only, so it pays for everything a
user pays for (validation, query encoding, retry bookkeeping, decoding into models).

The SDK is imported lazily: :func:`sdk_missing` says which part is not importable yet, and the
harness then reports that side as "n/a" instead of failing.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, NamedTuple

import aiohttp

__all__ = [
    "API_KEY",
    "BEARER",
    "BULK_FILTERS",
    "NPA",
    "RAW_JSON",
    "Call",
    "Walker",
    "block_speedups",
    "floor_inumbering_coverage",
    "floor_number_orders",
    "floor_telnyx_coverage",
    "raw_inumbering_coverage",
    "raw_number_orders",
    "raw_session",
    "raw_telnyx_coverage",
    "sdk_bulk_scan",
    "sdk_inumbering_coverage",
    "sdk_json_library",
    "sdk_missing",
    "sdk_number_orders",
    "sdk_number_orders_decoder",
    "sdk_telnyx_coverage",
    "telnyx_coverage_url",
]

API_KEY = "bench-key-0123456789abcdef"
NPA = 201
GROUP_BY = "locality"
BULK_FILTERS = "filter[phone_number_type]=local&filter[country_code]=US&filter[count]=true"
"""What ``TelnyxClient.coverage`` adds to an NPA query (grouped by locality), besides the NPA."""

Call = Callable[[], Awaitable[int]]

BEARER = {"Authorization": f"Bearer {API_KEY}"}

# What each SDK-backed workload needs importable: (module, names).
_NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "core": ("numbering_async", ()),
    "telnyx": ("numbering_async", ("TelnyxClient",)),
    "inumbering": ("numbering_async", ("INumberingClient",)),
    "bulk": ("numbering_async", ("TelnyxClient", "bulk_coverage", "CoverageQuery")),
}


RAW_JSON = "json (aiohttp resp.json())"
"""What the raw side decodes with."""


def block_speedups() -> None:
    """Make the SDK decode with the standard library's ``json`` in this process, as it does
    without the ``speedups`` extra (call before the SDK is imported)."""
    sys.modules["orjson"] = None  # type: ignore[assignment]


def sdk_json_library() -> str:
    """The JSON library the SDK decodes with in this process: ``orjson`` or ``json``."""
    try:
        from numbering_async import _json
    except ImportError:  # pragma: no cover - the core always imports
        return "n/a"
    return _json.LIBRARY


def sdk_missing(part: str) -> str | None:
    """Why the SDK ``part`` (telnyx, inumbering, bulk) cannot be used, or ``None`` if it can."""
    module_name, names = _NEEDS[part]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:  # pragma: no cover - the core always imports
        return f"{module_name} does not import: {exc}"
    absent = [name for name in names if not hasattr(module, name)]
    return f"{module_name} has no {', '.join(absent)} yet" if absent else None


def telnyx_coverage_url(base: str, npa: int = NPA, extra: str = "") -> str:
    """The coverage URL (by locality) a raw-aiohttp user writes by hand."""
    url = f"{base}/v2/inventory_coverage?filter[npa]={npa}&filter[groupBy]={GROUP_BY}"
    return f"{url}&{extra}" if extra else url


def _telnyx(base: str) -> Any:
    from numbering_async import TelnyxClient

    return TelnyxClient(api_key=API_KEY, base_url=f"{base}/v2")


@asynccontextmanager
async def raw_session() -> AsyncIterator[aiohttp.ClientSession]:
    """The one ``ClientSession`` of a raw side (aiohttp's default pool of 100)."""
    async with aiohttp.ClientSession() as session:
        yield session


# -- Telnyx coverage (W1, W2) -------------------------------------------------------------


@asynccontextmanager
async def raw_telnyx_coverage(base: str) -> AsyncIterator[Call]:
    """``GET /inventory_coverage`` with aiohttp; returns the row count."""
    url = telnyx_coverage_url(base)
    async with raw_session() as session:

        async def call() -> int:
            async with session.get(url, headers=BEARER) as resp:
                body = await resp.json()
            return len(body["data"])

        yield call


@asynccontextmanager
async def sdk_telnyx_coverage(base: str) -> AsyncIterator[Call]:
    """``tx.inventory_coverage.list(group_by="locality", npa=201)``; returns the row count."""
    async with _telnyx(base) as tx:
        coverage = tx.inventory_coverage

        async def call() -> int:
            return len(await coverage.list(group_by=GROUP_BY, npa=NPA))

        yield call


@asynccontextmanager
async def floor_telnyx_coverage(base: str) -> AsyncIterator[Call]:
    """The raw side's request, the rows decoded into the SDK's ``InventoryCoverage`` by the
    floor decoder (checked once against the SDK's decode of the same body)."""
    from benchmarks.floor import floor_decoder
    from numbering_async.telnyx._converter import counted_list_caster
    from numbering_async.telnyx.models import InventoryCoverage

    decode = floor_decoder(InventoryCoverage)
    url = telnyx_coverage_url(base)
    async with raw_session() as session:

        async def call() -> int:
            async with session.get(url, headers=BEARER) as resp:
                return len(decode(await resp.read()).items)

        async with session.get(url, headers=BEARER) as resp:
            body = await resp.read()
        _same(decode(body).items, counted_list_caster(InventoryCoverage)(_loads(body)), "W1")
        yield call


def _loads(body: bytes) -> Any:
    from numbering_async import _json

    return _json.loads(body)


def _same(floor: Sequence[Any], sdk: Sequence[Any], workload: str) -> None:
    if list(floor) != list(sdk):
        raise RuntimeError(
            f"the floor decoder and the SDK's decode the {workload} body differently"
        )


# -- iNumbering coverage (W5) -------------------------------------------------------------


@asynccontextmanager
async def raw_inumbering_coverage(base: str) -> AsyncIterator[Call]:
    """``POST /v2/iNumbering/tnInventoryCoverage/`` with aiohttp (key in the body, as the SDK
    sends it); returns the row count."""
    url = f"{base}/v2/iNumbering/tnInventoryCoverage/"
    payload = {"apikey": API_KEY, "countBy": "npaNxx", "npa": str(NPA)}
    async with raw_session() as session:

        async def call() -> int:
            async with session.post(url, json=payload) as resp:
                body = await resp.json()
            return len(body["tnInventoryCoverageList"])

        yield call


@asynccontextmanager
async def sdk_inumbering_coverage(base: str) -> AsyncIterator[Call]:
    """``inum.tn_inventory_coverage(count_by="npaNxx", npa="201")``; returns the row count."""
    from numbering_async import INumberingClient

    async with INumberingClient(api_key=API_KEY, base_url=base) as inum:

        async def call() -> int:
            return len(await inum.tn_inventory_coverage(count_by="npaNxx", npa=str(NPA)))

        yield call


@asynccontextmanager
async def floor_inumbering_coverage(base: str) -> AsyncIterator[Call]:
    """The raw side's request, the rows decoded into the SDK's ``TnCoverageRow`` by the floor
    decoder (camelCase keys, integers sent as strings; checked once against the SDK)."""
    from benchmarks.floor import floor_decoder
    from numbering_async.inumbering._converter import wire_name
    from numbering_async.inumbering._endpoints import TN_INVENTORY_COVERAGE
    from numbering_async.inumbering.models import TnCoverageRow

    decode = floor_decoder(
        TnCoverageRow, items="tnInventoryCoverageList", key=wire_name, text_ints=True
    )
    url = f"{base}/v2/iNumbering/tnInventoryCoverage/"
    payload = {"apikey": API_KEY, "countBy": "npaNxx", "npa": str(NPA)}
    async with raw_session() as session:

        async def call() -> int:
            async with session.post(url, json=payload) as resp:
                return len(decode(await resp.read()).items)

        async with session.post(url, json=payload) as resp:
            body = await resp.read()
        sdk = TN_INVENTORY_COVERAGE.decode(_loads(body)).tn_inventory_coverage_list
        _same(decode(body).items, sdk, "W5")
        yield call


# -- Number-order pagination (W3) ---------------------------------------------------------


class Walker(NamedTuple):
    """``warm()`` fetches and decodes the first page once; ``walk(on_page)`` counts every order
    of the listing, calling ``on_page`` after each page."""

    warm: Callable[[], Awaitable[int]]
    walk: Callable[[Callable[[], None]], Awaitable[int]]


@asynccontextmanager
async def raw_number_orders(base: str, page_size: int) -> AsyncIterator[Walker]:
    """Walk ``/number_orders`` page by page with aiohttp, following ``meta.total_pages``."""
    async with raw_session() as session:

        async def page(number: int) -> Any:
            url = f"{base}/v2/number_orders?page[number]={number}&page[size]={page_size}"
            async with session.get(url, headers=BEARER) as resp:
                return await resp.json()

        async def warm() -> int:
            return len((await page(1))["data"])

        async def walk(on_page: Callable[[], None]) -> int:
            count = 0
            number = 1
            while True:
                body = await page(number)
                for _order in body["data"]:
                    count += 1
                on_page()
                if not body["data"] or number >= body["meta"]["total_pages"]:
                    return count
                number += 1

        yield Walker(warm, walk)


@asynccontextmanager
async def sdk_number_orders(base: str, page_size: int) -> AsyncIterator[Walker]:
    """``async for order in tx.number_orders.list(page_size=...)``."""
    async with _telnyx(base) as tx:
        orders = tx.number_orders

        async def warm() -> int:
            return len(await orders.list(page_size=page_size))

        async def walk(on_page: Callable[[], None]) -> int:
            count = 0
            async for _order in orders.list(page_size=page_size):
                count += 1
                if count % page_size == 0:
                    on_page()
            on_page()
            return count

        yield Walker(warm, walk)


@asynccontextmanager
async def floor_number_orders(base: str, page_size: int) -> AsyncIterator[Walker]:
    """The raw side's walk, each page decoded into the SDK's models by the floor decoder
    (:mod:`benchmarks.floor`: orjson, then the slots filled with no checks)."""
    from benchmarks.floor import floor_decoder
    from numbering_async.telnyx.models import NumberOrder

    decode = floor_decoder(NumberOrder)
    async with raw_session() as session:

        async def page(number: int) -> Any:
            url = f"{base}/v2/number_orders?page[number]={number}&page[size]={page_size}"
            async with session.get(url, headers=BEARER) as resp:
                return decode(await resp.read())

        async def warm() -> int:
            return len((await page(1)).items)

        async def walk(on_page: Callable[[], None]) -> int:
            count = 0
            number = 1
            while True:
                items, meta = await page(number)
                for _order in items:
                    count += 1
                on_page()
                if not items or number >= meta["total_pages"]:
                    return count
                number += 1

        yield Walker(warm, walk)


# -- Decoding without I/O (W4) ------------------------------------------------------------


def sdk_number_orders_decoder() -> Callable[[bytes], Sequence[Any]]:
    """The Telnyx client's decode path for a number-order page: the SDK's JSON decoding (as in
    ``TelnyxClient._payload``: orjson when installed), then the page caster
    ``number_orders.list`` uses, both run by ``_json.decode`` as ``BaseClient._decode`` runs
    them."""
    from numbering_async import _json
    from numbering_async.telnyx._converter import page_caster
    from numbering_async.telnyx.models import NumberOrder

    cast = page_caster(NumberOrder)
    loads, decode_as = _json.loads, _json.decode

    def decode(body: bytes) -> Sequence[Any]:
        return decode_as(cast, loads, body, body).items

    return decode


# -- Bulk scan (W6) -----------------------------------------------------------------------


async def sdk_bulk_scan(base: str, npas: Sequence[int], concurrency: int) -> int:
    """``bulk_coverage([tx], [CoverageQuery(npa=...), ...], concurrency=...)``; count successes."""
    from numbering_async import CoverageQuery, bulk_coverage

    queries = [CoverageQuery(npa=str(npa)) for npa in npas]
    async with _telnyx(base) as tx:
        results = await bulk_coverage([tx], queries, concurrency=concurrency)
    return sum(1 for result in results if result.ok)
