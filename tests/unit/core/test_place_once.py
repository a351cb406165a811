"""BaseClient._place_once: a purchase is made at most once, whatever happens to its request.

A failure that proves the request never reached the server (no connection, a pool wait, a
429) is resent by the pipeline; any failure once bytes may have arrived (a dropped connection,
a timeout, any 5xx, an unreadable answer) is settled by looking the order up by its reference
over the settle window, and never resent.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from numbering_async import (
    BadRequestError,
    ClientClosedError,
    ConflictError,
    ConnectError,
    ConnectionLostError,
    HttpRequest,
    MockResponse,
    OutcomeUnknownError,
    PoolTimeoutError,
    RetryPolicy,
    ServerError,
    SettlePolicy,
    TimeoutError,
)
from numbering_async._settle import DEFAULT_SETTLE, Found, poll_delays

from .fakes import FakeClient, error_response, fake_client, identity

REFERENCE = "na-0123"
NUMBERS = ["+12015550100"]
FAST = RetryPolicy(max_attempts=3, initial=0.01, jitter="none")
SETTLE = SettlePolicy(window=1.0, first_poll=0.1, max_interval=0.4)
POLLS = len(list(poll_delays(SETTLE)))


class OrderDesk:
    """A fake order endpoint: ``POST /orders`` fails as scripted, ``GET /orders`` lists.

    ``commit_after`` lookups: a failed POST that took effect shows up only from that lookup
    on, as with a slow backend that commits after the client heard a failure.
    """

    def __init__(
        self,
        *post_failures: Exception | MockResponse,
        placed_on_failure: bool,
        commit_after: int = 0,
    ) -> None:
        self.failures = list(post_failures)
        self.placed_on_failure = placed_on_failure
        self.commit_after = commit_after
        self.orders: list[dict[str, Any]] = []
        self.posts = 0
        self.lookups = 0
        self.lookup_failures: list[Exception | MockResponse] = []
        self.keys: list[str | None] = []

    def order(self, numbers: list[str], created: datetime | None = None) -> dict[str, Any]:
        placed = {
            "id": f"order-{len(self.orders) + 1}",
            "ref": REFERENCE,
            "numbers": numbers,
            "created_at": (created or datetime.now(UTC)).isoformat(),
            "visible_from": self.lookups + self.commit_after,
        }
        self.orders.append(placed)
        return placed

    def handle(self, request: HttpRequest) -> MockResponse:
        if request.method == "GET":
            self.lookups += 1
            if self.lookup_failures:
                failure = self.lookup_failures.pop(0)
                if isinstance(failure, Exception):
                    raise failure
                return failure
            seen = [o for o in self.orders if o["visible_from"] < self.lookups]
            return MockResponse(200, json={"data": seen})
        self.posts += 1
        self.keys.append(request.headers.get("Idempotency-Key"))
        if self.failures:
            failure = self.failures.pop(0)
            if self.placed_on_failure:
                self.order(NUMBERS)
            if isinstance(failure, Exception):
                raise failure
            return failure
        return MockResponse(201, json={"data": self.order(NUMBERS)})


async def place(client: FakeClient, *, findable: bool = True) -> Any:
    """Place an order for :data:`NUMBERS` the way a provider resource does."""

    async def send() -> Any:
        payload = await client._request(
            "POST",
            "/orders",
            identity,
            body={"ref": REFERENCE, "numbers": NUMBERS},
            idempotent=False,
            idempotency_key="key-1",
        )
        return payload["data"]

    async def find(since: datetime) -> Found[Any]:
        listed = await client._request("GET", "/orders", identity, idempotent=True)
        ours = [
            order
            for order in listed["data"]
            if order["numbers"] == NUMBERS and datetime.fromisoformat(order["created_at"]) >= since
        ]
        others = tuple(order["id"] for order in listed["data"] if order not in ours)
        return Found(ours[0] if ours else None, others)

    return await client._place_once(
        send,
        find if findable else None,
        reference=REFERENCE,
        operation="orders.create",
        asked="numbers +12015550100",
        hint="client.orders.find(...)",
    )


def desk_client(desk: OrderDesk, **options: Any) -> FakeClient:
    options.setdefault("retry", FAST)
    options.setdefault("settle", SETTLE)
    client, _ = fake_client(desk.handle, **options)
    return client


AMBIGUOUS = [
    pytest.param(ConnectionLostError("dropped after writing"), id="lost"),
    pytest.param(TimeoutError("no answer"), id="timeout"),
    pytest.param(error_response(500), id="500"),
    pytest.param(error_response(502), id="502"),
    pytest.param(error_response(503), id="503"),
    pytest.param(error_response(504), id="504"),
    pytest.param(MockResponse(200, body="<html>"), id="unreadable-200"),
]


async def test_success_the_first_time(sleeps: list[float]) -> None:
    desk = OrderDesk(placed_on_failure=False)
    order = await place(desk_client(desk))
    assert order["id"] == "order-1"
    assert (desk.posts, desk.lookups) == (1, 0)
    assert desk.keys == ["key-1"]


@pytest.mark.parametrize("failure", AMBIGUOUS)
async def test_an_order_that_went_through_is_found_not_resent(
    failure: Exception | MockResponse, sleeps: list[float]
) -> None:
    desk = OrderDesk(failure, placed_on_failure=True)
    order = await place(desk_client(desk))
    assert order["id"] == "order-1"
    assert (desk.posts, desk.lookups) == (1, 1)
    assert sleeps == [SETTLE.first_poll]


@pytest.mark.parametrize("failure", AMBIGUOUS)
async def test_an_order_not_found_is_outcome_unknown_never_resent(
    failure: Exception | MockResponse, sleeps: list[float]
) -> None:
    desk = OrderDesk(failure, placed_on_failure=False)
    with pytest.raises(OutcomeUnknownError) as info:
        await place(desk_client(desk))
    error = info.value
    assert desk.posts == 1  # the whole point: never a second POST
    assert desk.lookups == POLLS
    assert sum(sleeps) == pytest.approx(SETTLE.window)  # looked for it over the whole window
    assert (error.reference, error.operation, error.asked) == (
        REFERENCE,
        "orders.create",
        "numbers +12015550100",
    )
    assert error.cause is not None
    assert "do not resend" in str(error)
    assert "client.orders.find(...)" in str(error)
    assert REFERENCE in str(error)


async def test_an_order_that_commits_late_is_found_on_a_later_lookup(sleeps: list[float]) -> None:
    desk = OrderDesk(ConnectionLostError("reset"), placed_on_failure=True, commit_after=3)
    order = await place(desk_client(desk))
    assert order["id"] == "order-1"
    assert (desk.posts, desk.lookups) == (1, 4)


async def test_an_order_committing_after_the_window_is_unknown_not_resent(
    sleeps: list[float],
) -> None:
    desk = OrderDesk(error_response(502), placed_on_failure=True, commit_after=POLLS + 1)
    with pytest.raises(OutcomeUnknownError):
        await place(desk_client(desk))
    assert desk.posts == 1
    assert len(desk.orders) == 1  # it did land, once: the caller reconciles by reference


async def test_an_older_order_with_the_same_reference_is_never_returned(
    sleeps: list[float],
) -> None:
    desk = OrderDesk(error_response(503), placed_on_failure=False)
    desk.order(["+12015550999"])  # the reference is reused: another order holds it
    desk.order(NUMBERS, created=datetime.now(UTC) - timedelta(hours=1))  # same numbers, older
    with pytest.raises(OutcomeUnknownError) as info:
        await place(desk_client(desk))
    assert info.value.others == ("order-1", "order-2")
    assert "order-1; order-2" in str(info.value)
    assert "not this call's" in str(info.value)
    assert desk.posts == 1


@pytest.mark.parametrize(
    "failure",
    [ConnectError("refused"), PoolTimeoutError("no free connection"), error_response(429)],
    ids=["connect", "pool-wait", "429"],
)
async def test_a_request_that_never_reached_the_server_is_resent(
    failure: Exception | MockResponse, sleeps: list[float]
) -> None:
    desk = OrderDesk(failure, placed_on_failure=False)
    order = await place(desk_client(desk))
    assert order["id"] == "order-1"
    assert (desk.posts, desk.lookups) == (2, 0)
    assert desk.keys == ["key-1", "key-1"]  # the resend is the same request


async def test_connect_errors_propagate_once_the_attempts_are_spent(sleeps: list[float]) -> None:
    desk = OrderDesk(*[ConnectError("refused")] * 5, placed_on_failure=False)
    with pytest.raises(ConnectError):
        await place(desk_client(desk))
    assert (desk.posts, desk.lookups) == (3, 0)


@pytest.mark.parametrize(
    ("status", "error"), [(400, BadRequestError), (409, ConflictError), (422, BadRequestError)]
)
async def test_a_refusal_is_raised_as_it_is(
    status: int, error: type[Exception], sleeps: list[float]
) -> None:
    desk = OrderDesk(error_response(status), placed_on_failure=False)
    with pytest.raises(error):
        await place(desk_client(desk))
    assert (desk.posts, desk.lookups) == (1, 0)


async def test_a_lookup_that_is_refused_makes_the_outcome_unknown_at_once(
    sleeps: list[float],
) -> None:
    desk = OrderDesk(TimeoutError("slow"), placed_on_failure=True)
    desk.lookup_failures = [error_response(403)]
    with pytest.raises(OutcomeUnknownError) as info:
        await place(desk_client(desk))
    assert "refused" in str(info.value)
    assert isinstance(info.value.cause, TimeoutError)
    assert (desk.posts, desk.lookups) == (1, 1)


async def test_a_lookup_that_fails_for_a_while_keeps_looking(sleeps: list[float]) -> None:
    desk = OrderDesk(error_response(502), placed_on_failure=True)
    desk.lookup_failures = [ConnectionLostError("lookup dropped")] * 3  # spends its 3 attempts
    order = await place(desk_client(desk))
    assert order["id"] == "order-1"
    assert desk.posts == 1


async def test_a_lookup_failing_to_the_end_is_named_in_the_error(sleeps: list[float]) -> None:
    desk = OrderDesk(error_response(502), placed_on_failure=False)
    desk.lookup_failures = [error_response(503)] * 100
    with pytest.raises(OutcomeUnknownError) as info:
        await place(desk_client(desk, retry=RetryPolicy(max_attempts=1)))
    assert "the last lookup failed (ServerError 503)" in str(info.value)
    assert desk.posts == 1


async def test_without_a_lookup_the_outcome_is_unknown_at_once(sleeps: list[float]) -> None:
    desk = OrderDesk(error_response(502), placed_on_failure=True)
    with pytest.raises(OutcomeUnknownError) as info:
        await place(desk_client(desk), findable=False)
    assert info.value.reference == REFERENCE
    assert isinstance(info.value.cause, ServerError)
    assert (desk.posts, desk.lookups) == (1, 0)
    assert sleeps == []


async def test_a_cancelled_purchase_is_logged_with_its_reference(
    caplog: pytest.LogCaptureFixture,
) -> None:
    started = asyncio.Event()

    async def hang(request: HttpRequest) -> MockResponse:
        started.set()
        await asyncio.sleep(10)
        raise AssertionError("not reached")

    client, _ = fake_client(hang, retry=FAST, settle=SETTLE)
    task = asyncio.create_task(place(client))
    await started.wait()
    with caplog.at_level(logging.WARNING, logger="numbering_async"):
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert any(REFERENCE in record.getMessage() for record in caplog.records)


async def test_a_closed_client_sends_nothing() -> None:
    desk = OrderDesk(placed_on_failure=False)
    client = desk_client(desk)
    await client.aclose()
    with pytest.raises(ClientClosedError, match="closed"):
        await place(client)
    assert desk.posts == 0
    assert isinstance(ClientClosedError("x"), RuntimeError)


async def test_close_waits_for_a_purchase_in_flight() -> None:
    release = asyncio.Event()

    async def slow(request: HttpRequest) -> MockResponse:
        await release.wait()
        return MockResponse(201, json={"data": {"id": "order-1"}})

    client, _ = fake_client(slow, retry=FAST, settle=SETTLE, close_grace=5)
    task = asyncio.create_task(place(client))
    await asyncio.sleep(0)
    closing = asyncio.create_task(client.aclose())
    await asyncio.sleep(0.01)
    assert not closing.done()  # waiting for the purchase
    release.set()
    assert (await task)["id"] == "order-1"
    await closing


def test_the_default_settle_window_polls_about_eight_times_over_ten_seconds() -> None:
    delays = list(poll_delays(DEFAULT_SETTLE))
    assert sum(delays) == pytest.approx(10.0)
    assert delays[0] == 0.25
    assert max(delays) == 2.0
    assert len(delays) == 8
    assert list(poll_delays(SettlePolicy(window=0))) == [0.0]
    huge = poll_delays(SettlePolicy(window=1e9, first_poll=0.01, max_interval=0.01))
    assert next(huge) == 0.01  # made lazily: no list of 10^11 waits


@pytest.mark.parametrize(
    "options",
    [
        {"window": -1},
        {"window": float("inf")},
        {"first_poll": 0},
        {"max_interval": 0.001},
        {"clock_skew": "5"},
    ],
)
def test_a_bad_settle_policy_is_refused_naming_the_setting(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(options))):
        SettlePolicy(**options)


def test_the_client_refuses_a_bad_settle_or_grace() -> None:
    with pytest.raises(ValueError, match="settle"):
        fake_client(lambda request: None, settle=10)
    with pytest.raises(ValueError, match="close_grace"):
        fake_client(lambda request: None, close_grace=-1)


async def test_the_settle_window_is_a_deadline_even_for_lookups_that_hang() -> None:
    async def answer(request: HttpRequest) -> MockResponse:
        if request.method == "POST":
            raise ConnectionLostError("dropped after writing")
        await asyncio.sleep(60)  # every lookup hangs
        raise AssertionError("not reached")

    settle = SettlePolicy(window=0.1, first_poll=0.05)
    client, _ = fake_client(answer, retry=FAST, settle=settle, timeout=0.1)
    loop = asyncio.get_running_loop()
    began = loop.time()
    with pytest.raises(OutcomeUnknownError, match="ran out of time"):
        await place(client)
    assert loop.time() - began < 5  # window + one timeout, not attempts x timeout x lookups


async def test_a_404_while_looking_is_not_a_refusal(sleeps: list[float]) -> None:
    desk = OrderDesk(error_response(502), placed_on_failure=True)
    desk.lookup_failures = [error_response(404)]  # read-after-write lag
    order = await place(desk_client(desk, retry=RetryPolicy(max_attempts=1)))
    assert order["id"] == "order-1"
    assert (desk.posts, desk.lookups) == (1, 2)


async def test_what_the_server_echoes_into_an_unknown_outcome_is_scrubbed(
    sleeps: list[float],
) -> None:
    from .fakes import KEY

    desk = OrderDesk(error_response(503), placed_on_failure=False)
    desk.order(["+12015550999"])
    desk.orders[0]["id"] = f"order-{KEY}"  # a server that echoes the key into an id
    with pytest.raises(OutcomeUnknownError) as info:
        await place(desk_client(desk))
    assert KEY[:8] not in str(info.value)
    assert all(KEY[:8] not in other for other in info.value.others)


async def test_two_concurrent_closes_both_return_when_the_purchase_does() -> None:
    release = asyncio.Event()

    async def slow(request: HttpRequest) -> MockResponse:
        await release.wait()
        return MockResponse(201, json={"data": {"id": "order-1"}})

    client, _ = fake_client(slow, retry=FAST, settle=SETTLE, close_grace=30)
    task = asyncio.create_task(place(client))
    await asyncio.sleep(0)
    closes = [asyncio.create_task(client.aclose()) for _ in range(2)]
    await asyncio.sleep(0.01)
    release.set()
    await task
    await asyncio.wait_for(asyncio.gather(*closes), 5)
