"""A cost model of the SDK without sockets: fixed cost per call, cost per decoded row.

``python -m benchmarks.breakdown`` times (best of several ``timeit`` repeats, so it holds up on
a busy machine) the SDK's public calls over a :class:`~numbering_async.MockTransport` that
hands back the canned bodies, once with the real body and once with an empty list:

- *pipeline*: SDK CPU per call for an empty answer, minus ``json.loads`` of it: validation,
  query and request building, the retry loop, status checks, the envelope;
- *models per row*: the extra SDK CPU per row of the real body, minus what ``json.loads``
  spends on that row: building the attrs models with cattrs.

For W4 it splits decoding one number order into ``json.loads``, the SDK's decode and the bare
construction of the same attrs objects from ready keyword arguments (the floor any
cattrs/attrs decoder pays). Everything the raw side also pays (aiohttp, the socket) is left
out, so these figures are the SDK's own overhead.
"""

from __future__ import annotations

import asyncio
import json
import time
import timeit
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import attrs
from multidict import CIMultiDict, CIMultiDictProxy

from benchmarks import sides
from benchmarks.bodies import (
    inumbering_coverage_body,
    number_orders_page_body,
    telnyx_coverage_body,
)

__all__ = ["main"]

_HEADERS = CIMultiDictProxy(CIMultiDict({"Content-Type": "application/json"}))
_CALLS = 2000


def _best(run: Callable[[], object], number: int) -> float:
    """Best-of-7 seconds per call of ``run``."""
    return min(timeit.repeat(run, number=number, repeat=7)) / number


async def _per_call(call: Callable[[], Awaitable[object]]) -> float:
    for _ in range(100):
        await call()
    best = float("inf")
    for _ in range(7):
        started = time.process_time()
        for _ in range(_CALLS // 7):
            await call()
        best = min(best, (time.process_time() - started) / (_CALLS // 7))
    return best


def _transport(body: bytes) -> Any:
    from numbering_async import HttpRequest, HttpResponse, MockTransport

    def handler(request: HttpRequest) -> HttpResponse:
        return HttpResponse(status=200, headers=_HEADERS, body=body, request=request)

    return MockTransport(handler)


async def _telnyx_call(body: bytes) -> float:
    from numbering_async import TelnyxClient

    async with TelnyxClient(
        sides.API_KEY, base_url="http://127.0.0.1:9/v2", transport=_transport(body)
    ) as tx:
        return await _per_call(
            lambda: tx.inventory_coverage.list(group_by=sides.GROUP_BY, npa=sides.NPA)
        )


async def _inumbering_call(body: bytes) -> float:
    from numbering_async import INumberingClient

    async with INumberingClient(
        sides.API_KEY, base_url="http://127.0.0.1:9", transport=_transport(body)
    ) as inum:
        return await _per_call(
            lambda: inum.tn_inventory_coverage(count_by="npaNxx", npa=str(sides.NPA))
        )


def _split(
    key: str,
    body: bytes,
    rows_key: str,
    call: Callable[[bytes], Coroutine[Any, Any, float]],
) -> None:
    document = json.loads(body)
    rows = len(document[rows_key])
    empty = json.dumps({**document, rows_key: []}).encode()
    sdk_full = asyncio.run(call(body))
    sdk_empty = asyncio.run(call(empty))
    json_full = _best(lambda: json.loads(body), 2000)
    json_empty = _best(lambda: json.loads(empty), 2000)
    pipeline = sdk_empty - json_empty
    per_row = (sdk_full - sdk_empty - (json_full - json_empty)) / rows
    print(f"\n## {key}: SDK CPU without sockets ({rows} rows, {len(body):,} bytes)")
    print(f"{'json.loads of the body (the raw side pays this too)':58} {json_full * 1e6:8.1f} µs")
    print(f"{'SDK call over MockTransport, real body':58} {sdk_full * 1e6:8.1f} µs")
    print(f"{'SDK call over MockTransport, empty list':58} {sdk_empty * 1e6:8.1f} µs")
    print(f"{'=> pipeline (fixed, per call)':58} {pipeline * 1e6:8.1f} µs")
    print(f"{'=> models (per row)':58} {per_row * 1e6:8.2f} µs")
    print(f"{'=> models (per call)':58} {per_row * rows * 1e6:8.1f} µs")


def _number_orders() -> None:
    from numbering_async.telnyx.models import NumberOrder, PhoneNumberRef

    count = 1000
    body = number_orders_page_body(1, count, count)
    decode = sides.sdk_number_orders_decoder()
    orders = decode(body)
    names = [field.name for field in attrs.fields(NumberOrder) if field.name != "phone_numbers"]
    ready = [
        (
            {name: getattr(order, name) for name in names},
            [{"id": ref.id, "phone_number": ref.phone_number} for ref in order.phone_numbers],
        )
        for order in orders
    ]

    def construct() -> None:
        for fields, refs in ready:
            NumberOrder(**fields, phone_numbers=tuple([PhoneNumberRef(**ref) for ref in refs]))

    loads = _best(lambda: json.loads(body), 10) / count
    sdk = _best(lambda: decode(body), 10) / count
    floor = _best(construct, 10) / count
    print(f"\n## W4: decoding one number order ({len(body) // count} bytes of JSON)")
    print(f"{'json.loads':58} {loads * 1e6:8.2f} µs")
    print(f"{'SDK decode (json.loads + cattrs into attrs models)':58} {sdk * 1e6:8.2f} µs")
    print(f"{'attrs construction alone (ready kwargs, no cattrs)':58} {floor * 1e6:8.2f} µs")
    print(
        f"{'=> floor for any attrs decoder: json.loads + construction':58} "
        f"{(loads + floor) / loads:8.2f}x json.loads"
    )


def main() -> None:
    """Print the cost model of W1, W5 and W4."""
    _split("W1 (Telnyx coverage)", telnyx_coverage_body(), "data", _telnyx_call)
    _split(
        "W5 (iNumbering coverage)",
        inumbering_coverage_body(),
        "tnInventoryCoverageList",
        _inumbering_call,
    )
    _number_orders()


if __name__ == "__main__":
    main()
