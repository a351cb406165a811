"""A tiny provider on :class:`BaseClient`, to test the shared pipeline without a backend."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from numbering_async import HttpRequest, HttpResponse, MockResponse, MockTransport
from numbering_async._client import BaseClient
from numbering_async.errors import error_class_for_status

KEY = "sk_test_SECRET_0123456789abcdef"
"""The API key every fake client uses; tests assert it never leaks."""


class FakeClient(BaseClient):
    """Bearer auth, JSON bodies, ``{"error": {"code", "title", "detail"}}`` error envelopes.

    ``_payload`` decodes with a bare ``json.loads`` on purpose: the pipeline, not the provider,
    must turn a bad body into a typed error.
    """

    provider: ClassVar[str] = "fake"
    api_key_env: ClassVar[str] = "FAKE_API_KEY"

    def _build_request(
        self,
        method: str,
        path: str,
        query: str | None,
        body: Mapping[str, Any] | None,
        idempotent: bool,
        timeout: float | None,
        idempotency_key: str | None = None,
    ) -> HttpRequest:
        headers = {"Authorization": f"Bearer {self._api_key}", "Accept": "application/json"}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return HttpRequest(
            method,
            self._url(path, query),
            headers=headers,
            body=None if body is None else json.dumps(body).encode(),
            timeout=timeout,
            idempotent=idempotent,
        )

    def _payload(self, response: HttpResponse) -> Any:
        payload = json.loads(response.body)
        if response.status >= 400:
            error = payload["error"]
            raise error_class_for_status(response.status)(
                status=response.status,
                code=error.get("code"),
                title=error.get("title"),
                detail=error.get("detail"),
                request_id=response.request_id,
                body=payload,
                provider=self.provider,
            )
        return payload


def identity(payload: Any) -> Any:
    """A cast that returns the decoded JSON unchanged."""
    return payload


def error_response(status: int, headers: Mapping[str, str] | None = None) -> MockResponse:
    """An error in the fake provider's envelope."""
    return MockResponse(
        status,
        json={"error": {"code": f"E{status}", "title": "failed", "detail": f"status {status}"}},
        headers={"x-request-id": f"req-{status}", **(headers or {})},
    )


Handler = Callable[[HttpRequest], Any]


def fake_client(handler: Handler, **options: Any) -> tuple[FakeClient, MockTransport]:
    """A :class:`FakeClient` on a :class:`MockTransport` running ``handler``."""
    transport = MockTransport(handler)
    options.setdefault("api_key", KEY)
    options.setdefault("base_url", "https://api.example.test/v1")
    return FakeClient(transport=transport, **options), transport
