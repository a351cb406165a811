"""The sandbox's market: stock sells and restocks day by day, the same for the same seed."""

from __future__ import annotations

from numbering_async.sandbox import Sandbox
from numbering_async.sandbox._market import MARKET_DAY


def block_counts(sandbox: Sandbox, state: str) -> dict[str, int]:
    """Each stocked block's available numbers in ``state``, on Telnyx."""
    inventory = sandbox.telnyx.account.inventory
    return {b.key: inventory.available(b) for b in inventory.stock.select(state=state)}


def test_day_zero_is_the_seeds_stock() -> None:
    sandbox = Sandbox(seed=3)
    inventory = sandbox.telnyx.account.inventory

    assert block_counts(sandbox, "NJ") == {
        b.key: inventory.stock.counts[b.key] for b in inventory.stock.select(state="NJ")
    }
    sandbox.advance(MARKET_DAY - 60)
    assert sandbox.market_day() == 0


def test_each_day_sells_and_restocks_the_same_way_for_a_seed() -> None:
    first, again = Sandbox(seed=3), Sandbox(seed=3)
    start = block_counts(first, "NJ")
    days = []
    for _ in range(3):
        first.advance(MARKET_DAY)
        again.advance(MARKET_DAY)
        days.append(block_counts(first, "NJ"))
        assert days[-1] == block_counts(again, "NJ")

    for counts in days:
        assert 0 < sum(counts.values()) < sum(start.values())
        assert all(0 <= counts[key] <= start[key] for key in start)
    sold_out = {key for key, count in days[0].items() if count == 0}
    back = {key for key in sold_out if days[1][key] == start[key]}
    assert sold_out
    assert back  # blocks that ran out on day 1 restocked on day 2
    assert days[0] != days[1] != days[2]


def test_a_number_the_market_holds_cannot_be_found_or_bought() -> None:
    sandbox = Sandbox(seed=3)
    sandbox.advance(MARKET_DAY)
    inventory = sandbox.telnyx.account.inventory
    stock = inventory.stock
    block = next(b for b in stock.select(state="NJ") if inventory.available(b) == 0)

    [held_number, *_] = stock.lines(block)
    assert not inventory.is_available(held_number)
    assert list(inventory.numbers([block])) == []
