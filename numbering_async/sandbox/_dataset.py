"""The sandbox's blocks and each provider's stock of numbers.

**Geography** is :mod:`numbering_async.nanp`: every US and Canadian NPA-NXX block whose
locality ``phonenumbers`` knows.

**Synthetic, documented as such:** ``phonenumbers`` has no rate centers and no LATAs. A block's
rate center is its locality upper-cased, with everything but letters removed, cut to ten
characters (``Jersey City`` -> ``JERSEYCITY``). Its LATA is a three-digit number derived from
its state and rate center (US states 120-822, Canadian provinces 830-976); it is stable across
seeds and releases of this module, but it is not the real LATA.

**Stock** depends on the seed (and, after the first day, on the day: see
:mod:`numbering_async.sandbox._market`). Each provider holds numbers in a pseudo-random
subset of the blocks, with a count per block, both hashed from the seed and the block alone.
The line numbers come from one seeded permutation of 0000-9999 per block, Telnyx taking the
first ones and iNumbering the next, so the two providers never hold the same number and hold
different counts. Geography is built once per process; stock once per ``(seed, provider)``;
line numbers only for blocks that are searched.
"""

from __future__ import annotations

import functools
import random
import re
import zlib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import NamedTuple

from numbering_async import nanp
from numbering_async.sandbox._market import held

__all__ = ["PROVIDERS", "Block", "Inventory", "Stock", "all_blocks", "block_at", "stock_for"]

PROVIDERS = ("telnyx", "inumbering")

_NOT_LETTERS = re.compile(r"[^A-Z]")

# Share of blocks a provider stocks, and the largest count it holds in one block.
_STOCK_SHAPE = {"telnyx": (0.62, 40), "inumbering": (0.48, 60)}


class Block(NamedTuple):
    """One NPA-NXX block: 10,000 numbers sharing an area code and exchange.

    The fields of :class:`~numbering_async.nanp.NanpBlock`, plus ``rate_center`` and ``lata``,
    which are synthetic (see the module docstring).
    """

    npa: str
    nxx: str
    locality: str
    state: str
    country: str
    rate_center: str
    lata: int

    @property
    def key(self) -> str:
        """The six digits ``NPA`` + ``NXX``."""
        return self.npa + self.nxx


_LATA_BASE = {
    **{state: 120 + 14 * i for i, state in enumerate(sorted(nanp.US_STATES))},
    **{province: 830 + 12 * i for i, province in enumerate(sorted(nanp.CA_PROVINCES))},
}


def block_at(tn: str) -> Block | None:
    """The block of a 10-digit number, stocked or not (``None`` outside the geography)."""
    return _by_key().get(tn[:6])


@functools.cache
def _by_key() -> dict[str, Block]:
    return {block.key: block for block in all_blocks()}


@functools.cache
def all_blocks() -> tuple[Block, ...]:
    """Every block of :func:`numbering_async.nanp.blocks` with its rate center and LATA."""
    synthetic: dict[tuple[str, str], tuple[str, int]] = {}
    blocks: list[Block] = []
    for block in nanp.blocks():
        place = (block.locality, block.state)
        extra = synthetic.get(place)
        if extra is None:
            rate_center = _NOT_LETTERS.sub("", block.locality.upper())[:10]
            lata = _LATA_BASE[block.state] + zlib.crc32(rate_center.encode()) % 3
            extra = synthetic[place] = (rate_center, lata)
        blocks.append(Block(*block, *extra))
    return tuple(blocks)


class Stock:
    """One provider's initial, immutable stock for one seed, with lookup indexes.

    Build it with :func:`stock_for` (cached). ``lines(block)`` gives the block's numbers.
    """

    def __init__(self, seed: int, provider: str) -> None:
        if provider not in _STOCK_SHAPE:
            raise ValueError(f"unknown provider {provider!r}")
        self.seed = seed
        self.provider = provider
        share, most = _STOCK_SHAPE[provider]
        threshold = int(share * 10_000)
        blocks: list[Block] = []
        self.counts: dict[str, int] = {}
        # Each block's stock hangs on its own key only, so new phonenumbers data elsewhere
        # never reshuffles it.
        for block in all_blocks():
            draw = zlib.crc32(f"{seed}:{provider}:{block.key}".encode())
            if draw % 10_000 < threshold:
                blocks.append(block)
                self.counts[block.key] = 1 + (draw // 10_000) % most
        self.blocks = tuple(blocks)
        self.by_key = {block.key: block for block in self.blocks}
        self.by_npa = _index(self.blocks, lambda b: b.npa)
        self.by_state = _index(self.blocks, lambda b: b.state)
        self.by_rate_center = _index(self.blocks, lambda b: b.rate_center)
        self.by_locality = _index(self.blocks, lambda b: b.locality.upper())
        self.by_lata = _index(self.blocks, lambda b: str(b.lata))
        self.by_country = _index(self.blocks, lambda b: b.country)
        self._lines: dict[str, tuple[str, ...]] = {}

    def select(
        self,
        *,
        country: str | None = None,
        npa: str | None = None,
        nxx: str | None = None,
        state: str | None = None,
        locality: str | None = None,
        rate_center: str | None = None,
        lata: str | None = None,
    ) -> tuple[Block, ...]:
        """Stocked blocks matching every given filter (text filters ignore case), sorted."""
        if npa is not None and nxx is not None:
            block = self.by_key.get(npa + nxx)
            candidates: tuple[Block, ...] = (block,) if block is not None else ()
        else:
            lookups = [
                (self.by_npa, npa),
                (self.by_state, state.upper() if state else None),
                (self.by_rate_center, rate_center.upper() if rate_center else None),
                (self.by_locality, locality.upper() if locality else None),
                (self.by_lata, lata),
                (self.by_country, country),
            ]
            given = [index.get(value, ()) for index, value in lookups if value is not None]
            candidates = min(given, key=len) if given else self.blocks
        return tuple(
            block
            for block in candidates
            if (country is None or block.country == country)
            and (npa is None or block.npa == npa)
            and (nxx is None or block.nxx == nxx)
            and (state is None or block.state == state.upper())
            and (rate_center is None or block.rate_center == rate_center.upper())
            and (locality is None or block.locality.upper() == locality.upper())
            and (lata is None or str(block.lata) == lata)
        )

    @property
    def total(self) -> int:
        """How many numbers the provider starts with."""
        return sum(self.counts.values())

    def holds(self, tn: str) -> bool:
        """Whether the 10-digit number is in this stock (ordered or not)."""
        block = self.by_key.get(tn[:6])
        return block is not None and _contains(self.lines(block), tn)

    def lines(self, block: Block) -> tuple[str, ...]:
        """The block's numbers as 10-digit strings, ascending (computed once per block)."""
        cached = self._lines.get(block.key)
        if cached is None:
            cached = self._lines[block.key] = _block_lines(self.seed, self.provider, block)
        return cached


def _index(blocks: Iterable[Block], key: Callable[[Block], str]) -> dict[str, tuple[Block, ...]]:
    grouped: defaultdict[str, list[Block]] = defaultdict(list)
    for block in blocks:
        grouped[key(block)].append(block)
    return {name: tuple(items) for name, items in grouped.items()}


def _block_lines(seed: int, provider: str, block: Block) -> tuple[str, ...]:
    """The provider's line numbers in ``block``: disjoint slices of one seeded permutation."""
    stocks = [stock_for(seed, name).counts.get(block.key, 0) for name in PROVIDERS]
    order = random.Random(f"{seed}:{block.key}").sample(range(10_000), sum(stocks))
    start = sum(stocks[: PROVIDERS.index(provider)])
    mine = order[start : start + stocks[PROVIDERS.index(provider)]]
    return tuple(f"{block.key}{line:04d}" for line in sorted(mine))


@functools.lru_cache(maxsize=16)
def stock_for(seed: int, provider: str) -> Stock:
    """The (cached) stock of ``provider`` for ``seed``."""
    return Stock(seed, provider)


class Inventory:
    """A provider's available numbers: its stock, minus what the market holds today
    (:mod:`numbering_async.sandbox._market`), minus what was ordered or is held here.

    Mutable and cheap to create; the stock it starts from is shared. ``day`` gives the
    market day (always 0 without it). ``version`` changes with every order, release and
    market day, so callers can cache answers computed from it.
    """

    def __init__(self, stock: Stock, day: Callable[[], int] | None = None) -> None:
        self.stock = stock
        self._day = day or (lambda: 0)
        self._taken: set[str] = set()
        self._taken_in: Counter[str] = Counter()
        self._changes = 0

    @property
    def version(self) -> tuple[int, int]:
        """Changes so far and the market day: equal versions, equal answers."""
        return self._changes, self._day()

    @property
    def remaining(self) -> int:
        """How many numbers are still available in total."""
        if self._day() <= 0:
            return self.stock.total - len(self._taken)
        return sum(self.available(block) for block in self.stock.blocks)

    def _open(self, block: Block) -> int:
        """How many of the block's lines (the first ones) the market leaves to buy today."""
        stocked = self.stock.counts.get(block.key, 0)
        return stocked - held(self.stock.seed, self.stock.provider, block.key, stocked, self._day())

    def available(self, block: Block) -> int:
        """How many numbers of ``block`` are still available."""
        open_lines = self._open(block)
        if open_lines == self.stock.counts.get(block.key, 0) or not self._taken_in[block.key]:
            return open_lines - self._taken_in[block.key]
        return sum(1 for tn in self.stock.lines(block)[:open_lines] if tn not in self._taken)

    def is_available(self, tn: str) -> bool:
        """Whether the 10-digit number is in stock, not held by the market, and neither
        ordered nor held here."""
        block = self.stock.by_key.get(tn[:6])
        if block is None or tn in self._taken:
            return False
        lines = self.stock.lines(block)[: self._open(block)]
        return _contains(lines, tn)

    def numbers(
        self, blocks: Iterable[Block], also: Collection[str] = ()
    ) -> Iterator[tuple[Block, str]]:
        """Available numbers of ``blocks`` (and taken ones in ``also``), block by block,
        ascending within a block."""
        taken = self._taken
        for block in blocks:
            if self.available(block) <= 0 and not also:
                continue
            for tn in self.stock.lines(block)[: self._open(block)]:
                if tn not in taken or tn in also:
                    yield block, tn

    def take(self, tns: Sequence[str]) -> None:
        """Remove available numbers (an order or a hold); the caller checked availability."""
        for tn in tns:
            self._taken.add(tn)
            self._taken_in[tn[:6]] += 1
        self._changes += 1

    def release(self, tns: Iterable[str]) -> None:
        """Put held numbers back (an expired reservation)."""
        for tn in tns:
            if tn in self._taken:
                self._taken.discard(tn)
                self._taken_in[tn[:6]] -= 1
        self._changes += 1


def _contains(lines: tuple[str, ...], tn: str) -> bool:
    at = bisect_left(lines, tn)
    return at < len(lines) and lines[at] == tn
