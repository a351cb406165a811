"""What a user sees of listings against the sandbox (in-process): ``async for`` over a search
gets every number, and awaiting a paginated listing says which page of how many it is."""

from __future__ import annotations

import asyncio

from numbering_async import Page, TelnyxClient


async def test_async_for_over_a_search_gets_every_number(
    telnyx_sandbox_client: TelnyxClient,
) -> None:
    search = telnyx_sandbox_client.available_phone_numbers.list(
        national_destination_code=201, limit=40
    )
    walked = [number.phone_number async for number in search]
    page = await search
    assert len(walked) == 40
    assert walked == [number.phone_number for number in page]
    assert (page.meta.page_number, page.meta.total_pages, page.has_next) == (1, 1, False)


async def test_awaiting_orders_gives_page_1_of_3_and_the_way_to_the_rest(
    telnyx_sandbox_client: TelnyxClient,
) -> None:
    telnyx = telnyx_sandbox_client
    numbers = await telnyx.available_phone_numbers.list(national_destination_code=201, limit=13)
    await asyncio.gather(
        *(
            telnyx.number_orders.create([n.phone_number], customer_reference=f"r{i}")
            for i, n in enumerate(numbers)
        )
    )
    first = await telnyx.number_orders.list(page_size=5)
    assert isinstance(first, Page)
    assert (len(first), first.meta.page_number, first.meta.total_pages) == (5, 1, 3)
    assert first.has_next
    seen = list(first)
    page = await first.next_page()
    while page is not None:
        seen.extend(page)
        page = await page.next_page()
    assert len(seen) == 13
    everything = [order async for order in telnyx.number_orders.list(page_size=5)]
    assert {order.id for order in everything} == {order.id for order in seen}
