"""Route tables with declared parameters, shared by both provider routers.

Every route declares the query parameters and body fields it accepts
(``tests/sandbox/test_contract.py`` checks the declarations against the published specs). A
strict router refuses anything else; by default the undeclared keys are ignored, as the real
services very likely do, and named in an ``X-Sandbox-Warning`` header and a log line.

A handler validates the whole request before it changes any state, and the account methods it
calls plan first and commit last, so a refused request changes nothing. An unexpected exception
is logged and answered with a 500 in the provider's envelope: it cannot escape to the front end.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Literal

import attrs

from numbering_async.sandbox._body import check_body
from numbering_async.sandbox._wire import Reply, SandboxRequest

__all__ = [
    "Call",
    "Param",
    "Problem",
    "ProviderRouter",
    "Route",
    "RouteTable",
    "key_accepted",
    "parse_query",
]

_CACHE_LIMIT = 4096
_INTEGER = re.compile(r"[+-]?[0-9]+")
_WARNING_HEADER = "X-Sandbox-Warning"
_WARNINGS_SHOWN = 10
_log = logging.getLogger("numbering_async.sandbox")

ParamKind = Literal["str", "int", "bool", "enum", "uuid"]


class Problem(Exception):
    """A request the sandbox rejects; each router renders it in its provider's envelope."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        parameter: str | None = None,
        pointer: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.parameter = parameter
        self.pointer = pointer


@attrs.frozen(slots=True)
class Param:
    """A declared query parameter: its type, allowed values, bounds, and whether it is an array
    (``repeat``: see :func:`parse_query` for the forms it is read in)."""

    kind: ParamKind = "str"
    choices: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    repeat: bool = False

    def parse(self, name: str, raw: str) -> Any:
        """The typed value of ``raw``, or a 400 :class:`Problem` naming ``name``."""
        if self.kind == "int":
            if not _INTEGER.fullmatch(raw):
                raise _bad(name, f"must be an integer, got {raw!r}")
            value = int(raw)
            if self.low is not None and value < self.low:
                raise _bad(name, f"must be at least {self.low}, got {value}")
            if self.high is not None and value > self.high:
                raise _bad(name, f"must be at most {self.high}, got {value}")
            return value
        if self.kind == "bool":
            if raw not in ("true", "false"):
                raise _bad(name, f"must be true or false, got {raw!r}")
            return raw == "true"
        if self.kind == "enum" and raw not in self.choices:
            raise _bad(name, f"must be one of {', '.join(self.choices)}; got {raw!r}")
        if self.kind == "uuid":
            try:
                uuid.UUID(raw)
            except ValueError:
                raise _bad(name, f"must be a UUID, got {raw!r}") from None
        return raw


def _bad(name: str, message: str) -> Problem:
    return Problem(400, f"{name} {message}", parameter=name)


def parse_query(
    pairs: Iterable[tuple[str, str]],
    declared: Mapping[str, Param],
    ignored: list[str] | None = None,
) -> dict[str, Any]:
    """Typed query values by name; a malformed parameter is a 400 Problem.

    A ``repeat`` (array) parameter is read in each form clients send, alike and mixed:
    comma-joined (``filter[features]=sms,voice``, what the official SDKs send), with ``[]``
    (``filter[features][]=sms``, what Telnyx's guides show) and repeated; its values are
    listed under the declared name. An undeclared parameter is a 400 Problem too, unless
    ``ignored`` is given: then its name is appended there and the parameter is left out.
    """
    values: dict[str, Any] = {}
    for given, raw in pairs:
        name = given.removesuffix("[]")
        param = declared.get(name)
        if param is None or (name != given and not param.repeat):
            if ignored is None:
                raise Problem(400, f"unknown query parameter {given}", parameter=given)
            ignored.append(f"query parameter {json.dumps(given)}")
            continue
        if param.repeat:
            values.setdefault(name, []).extend(param.parse(name, item) for item in raw.split(","))
        elif name in values:
            raise Problem(400, f"{name} given more than once", parameter=name)
        else:
            values[name] = param.parse(name, raw)
    return values


def key_accepted(given: str | None, expected: str | None) -> bool:
    """Any non-empty key when ``expected`` is ``None``; otherwise exactly ``expected``."""
    if not given:
        return False
    return expected is None or hmac.compare_digest(given.encode(), expected.encode())


@attrs.frozen(slots=True)
class Call:
    """What a handler gets: the request, path parameters, typed query and decoded body."""

    request: SandboxRequest
    params: Mapping[str, str]
    query: Mapping[str, Any]
    body: Any


Handler = Callable[[Call], Reply]


@attrs.frozen(slots=True)
class Route:
    """One method and path template, its handler and what it accepts."""

    method: str
    template: str
    """The full path with ``{name}`` segments, as the spec writes it (plus any base path)."""
    handler: Handler
    query: Mapping[str, Param] = attrs.field(factory=dict)
    body: frozenset[str] = frozenset()
    """Accepted body key paths (see :mod:`~numbering_async.sandbox._body`)."""
    body_required: bool = False
    """Whether the spec requires a request body (an empty or blank one is refused)."""


class RouteTable:
    """Routes by method and path: static paths by dict lookup, templates segment by segment."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = tuple(routes)
        self._static: dict[tuple[str, str], Route] = {}
        self._dynamic: list[tuple[tuple[str, ...], Route]] = []
        for route in self.routes:
            if "{" in route.template:
                self._dynamic.append((tuple(route.template.split("/")), route))
            else:
                self._static[(route.method, route.template)] = route

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route for ``method`` and ``path`` with its path parameters, or ``None``."""
        route = self._static.get((method, path))
        if route is not None:
            return route, {}
        parts = path.split("/")
        for pattern, route in self._dynamic:
            if route.method != method or len(pattern) != len(parts):
                continue
            params: dict[str, str] = {}
            for want, got in zip(pattern, parts, strict=True):
                if want.startswith("{"):
                    if not got:
                        break
                    params[want[1:-1]] = got
                elif want != got:
                    break
            else:
                return route, params
        return None


class ProviderRouter:
    """The request flow both provider routers share.

    ``dispatch`` decodes the body, authenticates, checks the body against the route's declared
    fields (no ``null`` anywhere: the specs make no field nullable), parses the query, then runs
    the handler; any :class:`Problem` on the way is rendered by :meth:`problem_reply` in the
    provider's error envelope, and any other exception becomes a logged 500 there.
    """

    invalid_status = 400
    """The status of a body whose values have the wrong type (``null`` where a value belongs)."""
    body_missing = "A JSON request body is required."

    def __init__(self, routes: Iterable[Route], *, strict: bool = False) -> None:
        self.table = RouteTable(routes)
        self.strict = strict
        """Refuse undeclared query parameters and body fields instead of ignoring them."""
        self._cache: dict[Hashable, Reply] = {}
        self._cache_version: Hashable = None

    def cached(self, key: Hashable, version: Hashable, compute: Callable[[], Reply]) -> Reply:
        """A reply computed once per ``key`` while the inventory stays at ``version``."""
        if version != self._cache_version or len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
            self._cache_version = version
        reply = self._cache.get(key)
        if reply is None:
            reply = self._cache[key] = compute()
        return reply

    def dispatch(self, request: SandboxRequest, route: Route, params: Mapping[str, str]) -> Reply:
        """Answer ``request``, which ``route`` matched with path ``params``."""
        ignored: list[str] = []
        try:
            reply = self._answer(request, route, params, ignored)
        except Problem as problem:
            reply = self.problem_reply(problem)
        except Exception:  # a sandbox defect: the client gets a 500, never a traceback
            _log.exception("sandbox: %s %s failed", request.method, request.path)
            reply = self.problem_reply(Problem(500, "An unexpected error occurred."))
        if not ignored:
            return reply
        _log.warning("sandbox: %s %s ignored %s", request.method, request.path, ", ".join(ignored))
        shown = "; ".join(f"ignored {what}" for what in ignored[:_WARNINGS_SHOWN])
        if len(ignored) > _WARNINGS_SHOWN:
            shown += f"; and {len(ignored) - _WARNINGS_SHOWN} more"
        return Reply(
            reply.status, {**reply.headers, _WARNING_HEADER: shown}, reply.body, reply.wire
        )

    def _answer(
        self, request: SandboxRequest, route: Route, params: Mapping[str, str], ignored: list[str]
    ) -> Reply:
        body = self.decode_body(request)
        self.authenticate(request, {} if body is None else body)
        if body is None and route.body_required:
            raise Problem(self.invalid_status, self.body_missing)
        check = check_body(body, route.body)
        if check.misshapen is not None:
            raise self.shape_problem(*check.misshapen)
        if check.unknown:
            if self.strict:
                raise Problem(400, f"unknown field {check.unknown[0]}", pointer=check.unknown[0])
            ignored.extend(f"body field {json.dumps(pointer)}" for pointer in check.unknown)
        if check.null is not None:
            detail = f"{check.null} must not be null (leave the field out instead)"
            raise Problem(self.invalid_status, detail, pointer=check.null)
        query = parse_query(request.query, route.query, None if self.strict else ignored)
        self.before()
        return route.handler(Call(request, params, query, {} if body is None else body))

    def shape_problem(self, pointer: str, shape: str) -> Problem:
        """The refusal of a body whose field at ``pointer`` is not ``shape`` (``"a list"`` ...)."""
        return Problem(self.invalid_status, f"{pointer} must be {shape}", pointer=pointer)

    def decode_body(self, request: SandboxRequest) -> Any:
        """The decoded JSON body; ``None`` when there is none (or the method carries none)."""
        raise NotImplementedError

    def authenticate(self, request: SandboxRequest, body: Any) -> None:
        """Raise a 401 :class:`Problem` unless the request carries an accepted key."""
        raise NotImplementedError

    def before(self) -> None:
        """Bring state up to date before a handler runs (settle orders, expire holds)."""

    def problem_reply(self, problem: Problem) -> Reply:
        """``problem`` in the provider's error envelope."""
        raise NotImplementedError

    def not_found(self) -> Reply:
        """The provider's answer to a path or method it does not serve."""
        raise NotImplementedError

    def error_reply(self, status: int, message: str) -> Reply:
        """A provider error envelope for ``status`` (used by faults and unknown paths)."""
        return self.problem_reply(Problem(status, message))
