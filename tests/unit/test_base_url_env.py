"""Clients take their base URL from ``$TELNYX_BASE_URL`` / ``$INUMBERING_BASE_URL`` when
``base_url=`` is not given (an explicit one wins), as openai-python reads ``OPENAI_BASE_URL``."""

from __future__ import annotations

import pytest

from numbering_async import (
    HttpRequest,
    INumberingClient,
    InvalidRequestError,
    MockResponse,
    MockTransport,
    TelnyxClient,
)

KEY = "sk_test_0123456789"
CLIENTS = pytest.mark.parametrize(
    ("client", "variable", "default"),
    [
        (TelnyxClient, "TELNYX_BASE_URL", "https://api.telnyx.com/v2"),
        (INumberingClient, "INUMBERING_BASE_URL", "https://api.voicetel.com"),
    ],
    ids=["telnyx", "inumbering"],
)
Client = type[TelnyxClient] | type[INumberingClient]


@CLIENTS
def test_the_variable_sets_the_base_url(
    client: Client, variable: str, default: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "http://127.0.0.1:8765/sandbox/")
    assert str(client(KEY).base_url) == "http://127.0.0.1:8765/sandbox"


@CLIENTS
def test_an_explicit_base_url_wins(
    client: Client, variable: str, default: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "http://127.0.0.1:8765/sandbox")
    assert str(client(KEY, base_url="https://example.test/api").base_url) == (
        "https://example.test/api"
    )


@CLIENTS
@pytest.mark.parametrize("value", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_without_the_variable_the_default_is_used(
    client: Client, variable: str, default: str, value: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is not None:
        monkeypatch.setenv(variable, value)
    assert str(client(KEY).base_url) == default


@CLIENTS
def test_a_bad_value_is_an_error_naming_the_variable(
    client: Client, variable: str, default: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "localhost:8765")
    with pytest.raises(InvalidRequestError) as info:
        client(KEY)
    assert info.value.argument == variable
    assert "'localhost:8765'" in str(info.value)


async def test_requests_go_to_the_variables_url(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[HttpRequest] = []

    def answer(request: HttpRequest) -> MockResponse:
        sent.append(request)
        return MockResponse(200, json={"data": [], "meta": {"total_results": 0}})

    monkeypatch.setenv("TELNYX_BASE_URL", "http://127.0.0.1:8765/v2")
    async with TelnyxClient(KEY, transport=MockTransport(answer)) as telnyx:
        await telnyx.available_phone_numbers.list(national_destination_code=201, limit=1)

    [request] = sent
    assert str(request.url).startswith("http://127.0.0.1:8765/v2/available_phone_numbers?")
