"""Where the SDK's CPU per request goes, measured in place: a ladder of W1 and W5.

``python -m benchmarks.breakdown`` runs, over real sockets to the canned server and taking turns
chunk by chunk (as W1 does), four ways of making the same request:

1. ``raw``: aiohttp, ``resp.json()`` (the W1/W5 baseline);
2. ``transport``: the SDK's ``AiohttpTransport.send`` of the request the client builds,
   then ``json.loads``;
3. ``decode``: the transport, then the client's decode of the response instead of
   ``json.loads`` (the SDK's JSON library, orjson when installed; status checks, envelope,
   models);
4. ``full``: the public call (argument checks, query or body encoding, request building,
   the retry loop, then steps 2 and 3).

The difference between neighbouring steps is what that layer costs, with the caches and the
event loop as they really are (a tight ``timeit`` loop of the decoder alone reads about half
as much). For W4 it splits decoding one number order into ``json.loads``, the SDK's decode and
the bare construction of the same attrs objects from ready keyword arguments through their
``__init__`` (and what it costs without ``frozen``), and the floor of ``floor.py`` (the
least any decoder into these frozen objects costs: the SDK fills them the same way).

This is a diagnostic tool: steps 2 and 3 reach into the clients' internals.
"""

from __future__ import annotations

import asyncio
import gc
import json
import timeit
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import attrs

from benchmarks import sides
from benchmarks.bodies import number_orders_page_body
from benchmarks.floor import floor_decoder
from benchmarks.server import CannedServer
from benchmarks.workloads import CallFactory, interleaved

__all__ = ["main"]

STEPS = ("raw", "transport", "decode", "full")
_LAYERS = {
    "transport": "SDK transport (AiohttpTransport.send) vs aiohttp + resp.json()",
    "decode": "decode: SDK's JSON library, checks, envelope, models",
    "full": "pipeline: argument checks, encoding, request, retry loop",
}


class _Recorder:
    """A transport wrapper that remembers the last request the client sent (used for the
    first call only)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.request: Any = None

    async def send(self, request: Any) -> Any:
        self.request = request
        return await self.inner.send(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _ladder(
    open_client: Callable[[str, _Recorder], Any],
    public_call: Callable[[Any], Any],
    cast: Callable[[Any], Any],
    rows: Callable[[Any], list[Any]],
) -> dict[str, CallFactory]:
    """Call factories for the SDK steps of one workload: ``cast`` is the decoder the public
    call uses, ``rows`` picks the rows out of its result (or out of the raw JSON)."""

    def step(name: str) -> CallFactory:
        @asynccontextmanager
        async def factory(base: str) -> AsyncIterator[sides.Call]:
            from numbering_async import AiohttpTransport

            recorder = _Recorder(AiohttpTransport())
            try:
                async with open_client(base, recorder) as client:
                    await public_call(client)  # records the request the client builds
                    request, transport = recorder.request, recorder.inner
                    # From now on the public call sends straight through the transport, as
                    # a user's does: the recorder would add a coroutine level to every step.
                    client._transport = transport

                    async def transport_only() -> int:
                        return len(rows(json.loads((await transport.send(request)).body)))

                    async def decode() -> int:
                        return len(rows(client._decode(await transport.send(request), cast)))

                    async def full() -> int:
                        return len(await public_call(client))

                    yield {"transport": transport_only, "decode": decode, "full": full}[name]
            finally:
                await recorder.aclose()

        return factory

    return {name: step(name) for name in STEPS[1:]}


def _telnyx_steps() -> dict[str, CallFactory]:
    from numbering_async import TelnyxClient
    from numbering_async.telnyx._converter import counted_list_caster
    from numbering_async.telnyx.models import InventoryCoverage

    return {
        "raw": sides.raw_telnyx_coverage,
        **_ladder(
            lambda base, transport: TelnyxClient(
                sides.API_KEY, base_url=f"{base}/v2", transport=transport
            ),
            lambda tx: tx.inventory_coverage.list(group_by=sides.GROUP_BY, npa=sides.NPA),
            counted_list_caster(InventoryCoverage),
            lambda result: result["data"] if isinstance(result, dict) else result,
        ),
    }


def _inumbering_steps() -> dict[str, CallFactory]:
    from numbering_async import INumberingClient
    from numbering_async.inumbering._endpoints import TN_INVENTORY_COVERAGE

    return {
        "raw": sides.raw_inumbering_coverage,
        **_ladder(
            lambda base, transport: INumberingClient(
                sides.API_KEY, base_url=base, transport=transport
            ),
            lambda inum: inum.tn_inventory_coverage(count_by="npaNxx", npa=str(sides.NPA)),
            TN_INVENTORY_COVERAGE.decode,
            lambda result: (
                result["tnInventoryCoverageList"]
                if isinstance(result, dict)
                else result.tn_inventory_coverage_list
            ),
        ),
    }


def _print_ladder(title: str, rounds: list[dict[str, dict[str, Any]]]) -> None:
    def cpu(sample: dict[str, Any]) -> float:
        return float(sample["cpu_per_request"]) * 1e6

    medians = {name: sorted(cpu(run[name]) for run in rounds)[len(rounds) // 2] for name in STEPS}
    raw = medians["raw"]
    print(f"\n## {title}: CPU per request, median of {len(rounds)} rounds")
    print(f"{'raw aiohttp, resp.json()':62} {raw:7.1f} µs")
    previous = raw
    for name in STEPS[1:]:
        cost = medians[name] - previous
        print(f"{'+ ' + _LAYERS[name]:62} {cost:+7.1f} µs ({cost / raw:+.2f}x raw)")
        previous = medians[name]
    print(f"{'= SDK public call':62} {medians['full']:7.1f} µs ({medians['full'] / raw:.2f}x)")


def _mutable_twin(cl: type) -> type:
    """A class with the same attrs fields as ``cl``, slotted but not frozen."""
    fields = {field.name: attrs.field(default=field.default) for field in attrs.fields(cl)}
    return attrs.make_class(f"Mutable{cl.__name__}", fields, slots=True, kw_only=True)


def _number_orders() -> None:
    from numbering_async import _json
    from numbering_async.telnyx.models import NumberOrder, PhoneNumberRef

    count = 1000
    body = number_orders_page_body(1, count, count)
    decode = sides.sdk_number_orders_decoder()
    names = [field.name for field in attrs.fields(NumberOrder) if field.name != "phone_numbers"]
    ready = [
        (
            {name: getattr(order, name) for name in names},
            [{"id": ref.id, "phone_number": ref.phone_number} for ref in order.phone_numbers],
        )
        for order in decode(body)
    ]

    def construct(order: Any, ref: Any) -> Callable[[], None]:
        def run() -> None:
            for fields, refs in ready:
                order(**fields, phone_numbers=tuple([ref(**each) for each in refs]))

        return run

    def best(run: Callable[[], object]) -> float:
        # With the garbage collector on, as in W4 (timeit turns it off by default).
        return min(timeit.repeat(run, setup=gc.enable, number=10, repeat=7)) / 10 / count * 1e6

    loads, sdk = best(lambda: json.loads(body)), best(lambda: decode(body))
    sdk_loads = best(lambda: _json.loads(body))
    frozen = best(construct(NumberOrder, PhoneNumberRef))
    mutable = best(construct(_mutable_twin(NumberOrder), _mutable_twin(PhoneNumberRef)))
    print(
        f"\n## W4: decoding one number order ({len(body) // count} bytes of JSON), best of 7, GC on"
    )
    print(f"{'json.loads':62} {loads:7.2f} µs")
    print(f"{'SDK JSON decoding (' + _json.LIBRARY + ')':62} {sdk_loads:7.2f} µs")
    print(f"{'SDK decode (JSON, then attrs models)':62} {sdk:7.2f} µs ({sdk / loads:.2f}x)")
    print(f"{'attrs construction alone (ready kwargs, frozen models)':62} {frozen:7.2f} µs")
    print(f"{'the same classes not frozen (what frozen costs)':62} {mutable:7.2f} µs")
    page = floor_decoder(NumberOrder)
    floor = best(lambda: page(body))
    print(f"{'floor (floor.py: JSON, slots filled through the twin, no check)':62} {floor:7.2f} µs")
    print(f"{'  = ':62} {floor / loads:7.2f}x json.loads; the SDK is {sdk / floor:.2f}x it")


def main() -> None:
    """Print the ladders of W1 and W5, and the W4 split."""
    rounds, requests, warmup = 5, 1000, 50
    with CannedServer() as server:
        for title, steps in (
            ("W1 (Telnyx coverage, 20 rows)", _telnyx_steps()),
            ("W5 (iNumbering coverage, 40 rows)", _inumbering_steps()),
        ):
            runs = [
                asyncio.run(
                    interleaved(
                        steps,
                        STEPS if index % 2 == 0 else STEPS[::-1],
                        server.url,
                        warmup,
                        requests,
                    )
                )
                for index in range(rounds)
            ]
            _print_ladder(title, runs)
    _number_orders()


if __name__ == "__main__":
    main()
