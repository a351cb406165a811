"""What the sandbox received, counted for tests: requests per route, orders per reference."""

from __future__ import annotations

from collections import Counter
from typing import Any

__all__ = ["Counts"]


class Counts:
    """What the sandbox received: requests per route and orders per customer reference.

    ``requests["POST /v2/number_orders"]`` counts every request to a route (faulted or not);
    unmatched paths count under their raw path. ``orders[provider][reference]`` counts orders
    that took effect, so a test can prove that nothing was ordered twice.
    """

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.orders: dict[str, Counter[str]] = {"telnyx": Counter(), "inumbering": Counter()}

    def route(self, method: str, template: str) -> int:
        """Requests received for ``method`` and a route template such as ``/v2/number_orders``."""
        return self.requests[f"{method.upper()} {template}"]

    def orders_for(self, reference: str, provider: str | None = None) -> int:
        """Orders placed with ``reference`` (at one provider, or at both)."""
        providers = [provider] if provider else list(self.orders)
        return sum(self.orders[name][reference] for name in providers)

    def reset(self) -> None:
        """Forget everything counted."""
        self.requests.clear()
        for counter in self.orders.values():
            counter.clear()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return {
            "requests": dict(self.requests),
            "orders": {name: dict(counter) for name, counter in self.orders.items()},
        }
