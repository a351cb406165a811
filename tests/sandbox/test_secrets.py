"""The sandbox never gives a key back: not in its state dump, counts, answers, repr or logs."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from numbering_async import AuthenticationError, INumberingClient, TelnyxClient, TnOrderItem
from numbering_async.sandbox import Sandbox, SandboxServer
from tests.leaks import KeyScan

pytestmark = pytest.mark.integration

SECRET = "tok_S3CR3T_0a1b2c3d4e5f6789"  # no run of 8 shared with sandbox text ("sandbox-" ids)
WRONG = "tok_WR0NG_9f8e7d6c5b4a3210"


async def test_no_key_in_the_admin_routes_answers_repr_or_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox = Sandbox(seed=1, api_key=SECRET, strict=True)
    async with SandboxServer(sandbox) as server, aiohttp.ClientSession() as http:
        async with (
            TelnyxClient(SECRET, base_url=server.telnyx_base_url) as telnyx,
            INumberingClient(SECRET, base_url=server.inumbering_base_url) as inumbering,
        ):
            found = await telnyx.available_phone_numbers.list(
                national_destination_code="201", limit=2
            )
            await telnyx.number_reservations.create([found[0].phone_number])
            await telnyx.number_orders.create([found[1].phone_number], customer_reference="t-1")
            [gateway] = await inumbering.add_gateway("203.0.113.7")
            tns = [n.tn for n in await inumbering.tn_inventory("201xxxxxxx", quantity=2)]
            await inumbering.tn_order(
                [TnOrderItem(tn, route=gateway.route) for tn in tns], customer_order_reference="i-1"
            )
            await inumbering.add_messaging_brand("B1", "Brand", "A brand")
            await inumbering.add_messaging_campaign("B1", "C123456", "A campaign")
            await inumbering.tn_messaging_campaign(tns, "C123456", customer_order_reference="m-1")
        async with TelnyxClient(WRONG, base_url=server.telnyx_base_url) as wrong:
            with pytest.raises(AuthenticationError):
                await wrong.number_orders.list().first_page()
        refused = await http.post(
            f"{server.url}/v2/iNumbering/tnInventory/",
            json={"apikey": WRONG, "tnMask": "201xxxxxxx", "quantity": 1},
        )
        said = [await refused.text()]
        for route in ("state", "counts", "faults"):
            async with http.get(f"{server.url}/_sandbox/{route}") as answer:
                said.append(await answer.text())

    assert refused.status == 401
    assert sandbox.counts.orders_for("i-1", "inumbering") == 1  # the writes did happen
    everything = "\n".join([*said, repr(sandbox), caplog.text])
    assert KeyScan(SECRET).runs_in(everything) == []
    assert KeyScan(WRONG).runs_in(everything) == []
