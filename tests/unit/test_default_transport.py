"""Both clients over the default ``AiohttpTransport``, with aiohttp mocked by aioresponses.

These drive the real aiohttp request path (URL building, headers, body encoding, response
reading and error mapping) without opening a socket.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey
from aioresponses import aioresponses
from yarl import URL

from numbering_async import (
    NO_RETRY,
    ConnectError,
    INumberingClient,
    OutcomeUnknownError,
    RateLimitError,
    ServerError,
    TelnyxClient,
)

KEY = "KEY-abc123-secret"
TELNYX = "https://api.telnyx.com/v2"
INUM = "https://api.voicetel.com"


def _only_call(mocked: aioresponses) -> tuple[str, URL, dict[str, object]]:
    (key, calls), *rest = mocked.requests.items()
    assert not rest
    assert len(calls) == 1
    method, url = key
    return method, url, calls[0].kwargs


async def test_telnyx_coverage_sends_bracketed_filters_and_bearer(
    mock_aiohttp: aioresponses,
) -> None:
    mock_aiohttp.get(
        f"{TELNYX}/inventory_coverage?filter[groupBy]=locality&filter[npa]=201&filter[count]=true",
        payload={
            "data": [{"group": "Hackensack", "group_type": "locality", "count": 7}],
            "meta": {"total_results": 1},
        },
    )
    async with TelnyxClient(api_key=KEY, retry=NO_RETRY) as client:
        rows = await client.inventory_coverage.list(group_by="locality", npa=201, count=True)

    assert [(row.group, row.count) for row in rows] == [("Hackensack", 7)]
    method, url, kwargs = _only_call(mock_aiohttp)
    assert method == "GET"
    assert sorted(parse_qsl(url.raw_query_string)) == [
        ("filter[count]", "true"),
        ("filter[groupBy]", "locality"),
        ("filter[npa]", "201"),
    ]
    headers = kwargs["headers"]
    assert isinstance(headers, dict) or hasattr(headers, "get")
    assert headers["Authorization"] == f"Bearer {KEY}"  # type: ignore[index]


async def test_telnyx_rate_limit_maps_retry_after(mock_aiohttp: aioresponses) -> None:
    mock_aiohttp.get(
        f"{TELNYX}/inventory_coverage?filter[groupBy]=npa",
        status=429,
        payload={"errors": [{"code": "10011", "title": "Too many requests"}]},
        headers={"Retry-After": "7", "x-request-id": "req-429"},
    )
    async with TelnyxClient(api_key=KEY, retry=NO_RETRY) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.inventory_coverage.list(group_by="npa")

    assert caught.value.retry_after == 7.0
    assert caught.value.request_id == "req-429"
    assert caught.value.code == "10011"
    assert KEY not in str(caught.value)
    assert KEY not in repr(caught.value.body)


async def test_telnyx_html_502_is_a_server_error(mock_aiohttp: aioresponses) -> None:
    mock_aiohttp.get(
        f"{TELNYX}/number_orders/abc",
        status=502,
        body="<html><body>Bad gateway</body></html>",
        content_type="text/html",
    )
    async with TelnyxClient(api_key=KEY, retry=NO_RETRY) as client:
        with pytest.raises(ServerError) as caught:
            await client.number_orders.retrieve("abc")
    assert caught.value.status == 502


async def test_connect_failure_is_connect_error(mock_aiohttp: aioresponses) -> None:
    mock_aiohttp.get(
        f"{TELNYX}/inventory_coverage?filter[groupBy]=npa",
        exception=aiohttp.ClientConnectorError(
            ConnectionKey("api.telnyx.com", 443, True, True, None, None, None, None),
            ConnectionRefusedError(111, "Connection refused"),
        ),
    )
    async with TelnyxClient(api_key=KEY, retry=NO_RETRY) as client:
        with pytest.raises(ConnectError) as caught:
            await client.inventory_coverage.list(group_by="npa")
    assert caught.value.request_sent is False


async def test_inumbering_coverage_posts_camelcase_body_with_key(
    mock_aiohttp: aioresponses,
) -> None:
    mock_aiohttp.post(
        f"{INUM}/v2/iNumbering/tnInventoryCoverage/",
        payload={
            "status": "Success",
            "statusCode": "200",
            "tnInventoryCoverageList": [
                {"npa": "201", "nxx": "555", "lata": "224", "locState": "NJ", "count": 12}
            ],
        },
    )
    async with INumberingClient(api_key=KEY, retry=NO_RETRY) as client:
        rows = await client.tn_inventory_coverage(count_by="npaNxx", npa="201")

    assert [(row.npa, row.nxx, row.lata, row.count) for row in rows] == [("201", "555", 224, 12)]
    method, url, kwargs = _only_call(mock_aiohttp)
    assert (method, url.path) == ("POST", "/v2/iNumbering/tnInventoryCoverage/")
    sent = json.loads(kwargs["data"])  # type: ignore[arg-type]
    assert sent == {"apikey": KEY, "countBy": "npaNxx", "npa": "201"}
    assert "Authorization" not in kwargs["headers"]  # type: ignore[operator]


async def test_inumbering_order_lost_connection_is_outcome_unknown(
    mock_aiohttp: aioresponses,
) -> None:
    mock_aiohttp.post(f"{INUM}/v2/iNumbering/tnOrder/", exception=aiohttp.ServerDisconnectedError())
    async with INumberingClient(api_key=KEY, retry=NO_RETRY) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.tn_order(["2015550123"], customer_order_reference="ref-1")

    assert caught.value.reference == "ref-1"
    assert KEY not in str(caught.value)
    assert sum(len(calls) for calls in mock_aiohttp.requests.values()) == 1
