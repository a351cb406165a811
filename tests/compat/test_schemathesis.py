"""Schemathesis as a referee: requests generated from the published specs, against the sandbox.

For every operation of the three specs (the Telnyx numbering subset, iNumbering and the
VoiceTel gateways), Schemathesis generates schema-valid and schema-breaking requests, sends them
to a real :class:`SandboxServer` on 127.0.0.1 and runs its default checks on each answer: no 5xx,
a status code, content type, headers and body that the spec declares, authentication enforced,
valid data accepted, invalid data refused. The checks a spec quirk makes fail are in
:data:`QUIRKS`, each with its reason; nothing else is left out.

The specs are read from the repository's copies where it has them, else from
``../shared/specs`` beside it (CI lays it there); a spec found in neither is skipped, saying how
to get it. The example budget is small (:data:`MAX_EXAMPLES` per operation and generation mode)
and derandomized, so a run is quick and repeatable.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import requests
import schemathesis
from schemathesis.specs.openapi import checks as openapi_checks

from numbering_async.sandbox import Sandbox, SandboxServer

REPO = Path(__file__).resolve().parents[2]
SPEC_FOLDERS = (REPO / "tests" / "contract" / "specs", REPO.parent / "shared" / "specs")
"""Where the specs are looked for, in order: copies kept in the repository (their licence
allows it for iNumbering and the gateways), then ``../shared/specs`` beside it (CI lays it
there)."""
SPEC_FILES = {
    "telnyx": "telnyx-numbering.openapi.json",
    "inumbering": "inumbering.openapi.json",
    "gateways": "voicetel-gateways.openapi.json",
}
FOUND = {
    name: path
    for name, file in SPEC_FILES.items()
    for path in [next((f / file for f in SPEC_FOLDERS if (f / file).is_file()), None)]
    if path is not None
}
HOW_TO_GET_THEM = (
    "put a copy of the project's shared/specs folder at ../shared/specs beside the repository"
    " (CI lays it there; its README names each spec's source) to run Schemathesis against the"
    " sandbox"
)
if not FOUND:
    pytest.skip(
        f"no published spec found in {SPEC_FOLDERS[-1]}: {HOW_TO_GET_THEM}", allow_module_level=True
    )

KEY = "sk_test_0123456789"
MAX_EXAMPLES = 5
"""Generated requests per operation (Schemathesis adds the spec's own examples and edge cases)."""


@attrs.frozen
class Quirk:
    """A spec quirk Schemathesis trips on, what is done about it, and why.

    ``skip`` leaves checks out for the quirk's specs; ``edit`` changes the copy of the spec that
    Schemathesis reads (never the file); ``refusals`` are statuses the spec uses to refuse a
    request besides the usual 4xx.
    """

    specs: tuple[str, ...]
    reason: str
    skip: tuple[Callable[..., Any], ...] = ()
    edit: Callable[[dict[str, Any]], None] | None = None
    refusals: tuple[str, ...] = ()


def _body_apikey_only(spec: dict[str, Any]) -> None:
    spec.pop("security", None)
    for methods in spec["paths"].values():
        for operation in methods.values():
            operation.pop("security", None)


QUIRKS = (
    Quirk(
        ("telnyx", "inumbering", "gateways"),
        "Rules stated only in prose: the schemas leave out what the descriptions require"
        " (iNumbering: one of npa, lata, rcAbbre, locState; the countBy values; 10-digit tn;"
        " tnMask of 10 digits and x. Telnyx: filter[groupBy] required by its reference page,"
        " NANP NPA/NXX ranges, E.164 numbers, UUID ids), and no schema closes its objects, so"
        " a schema-valid request may be one the API refuses, as the sandbox does.",
        skip=(openapi_checks.positive_data_acceptance,),
    ),
    Quirk(
        ("telnyx", "inumbering", "gateways"),
        "The specs say nothing of methods they do not list. Schemathesis wants a 405; the sandbox"
        " answers such a request as it answers an unknown path, a 404 in the provider's error"
        " envelope (Telnyx code 10005), which tests/sandbox pins; what the real services send is"
        " not documented.",
        skip=(openapi_checks.unsupported_method,),
    ),
    Quirk(
        ("inumbering", "gateways"),
        "Authentication is declared twice: a bearer scheme and a required `apikey` in every"
        " body; the APIs read the body's key (the sandbox also takes the bearer token when the"
        " body has none). Schemathesis would strip the header and call the request"
        " unauthenticated while its body still carries a valid key, so the bearer scheme is"
        " dropped from these specs and the body's `apikey` is the one checked.",
        edit=_body_apikey_only,
    ),
    Quirk(
        ("inumbering",),
        "HTTP status codes double as application codes: the spec's prose lists 410 (database"
        " error), 411 (unknown error), 414 (fields required), 430 (no result), 431 (unable to"
        " complete), 432 (TN excluded) and 470 (brand name exists), so a request missing a field"
        " is refused with a 414.",
        refusals=("410", "411", "414", "430", "431", "432", "470"),
    ),
)
"""The one list of spec quirks Schemathesis trips on, each with its reason."""


def _schema(name: str) -> Any:
    spec = json.loads(FOUND[name].read_text())
    quirks = [quirk for quirk in QUIRKS if name in quirk.specs]
    for quirk in quirks:
        if quirk.edit is not None:
            quirk.edit(spec)
    schema = schemathesis.openapi.from_dict(spec)
    schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
    rejection = schema.config.checks.negative_data_rejection
    rejection.expected_statuses = [
        *rejection.expected_statuses,
        *(status for quirk in quirks for status in quirk.refusals),
    ]
    return schema


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    """A sandbox server on its own event loop in a thread (Schemathesis calls synchronously)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="sandbox-server", daemon=True)
    thread.start()
    srv = SandboxServer(Sandbox(seed=1, api_key=KEY, strict=True))
    try:
        asyncio.run_coroutine_threadsafe(srv.start(), loop).result()
        yield srv
        asyncio.run_coroutine_threadsafe(srv.close(), loop).result()
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    """A requests session that ignores proxy settings from the environment."""
    with requests.Session() as http:
        http.trust_env = False
        yield http


def _values(value: Any) -> Iterator[Any]:
    """``value`` and every value nested in it."""
    yield value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        yield from _values(item)


def _items(body: Any, name: str) -> list[Any]:
    items = body.get(name) if isinstance(body, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


SPEC_NAMES = {
    "Telnyx API": "telnyx",
    "iNumbering Provisioning API": "inumbering",
    "Gateways API": "gateways",
}
"""Each spec's ``info.title``, to tell which spec a case comes from."""


@pytest.mark.parametrize("name", SPEC_FILES)
def test_schemathesis_sees_every_operation_of_each_spec(name: str) -> None:
    if name not in FOUND:
        pytest.skip(f"{SPEC_FILES[name]} is not in {SPEC_FOLDERS[-1]}: {HOW_TO_GET_THEM}")
    spec = json.loads(FOUND[name].read_text())
    operations = sum(len(methods) for methods in spec["paths"].values())
    assert operations > 0
    assert len(_schema(name)) == operations


@schemathesis.pytest.parametrize(**{name: _schema(name) for name in FOUND})
def test_the_sandbox_answers_as_the_specs_say(
    case: Any, server: SandboxServer, session: Any
) -> None:
    spec = SPEC_NAMES[case.operation.schema.raw_schema["info"]["title"]]
    if spec == "telnyx":
        base_url, headers = server.telnyx_base_url, {"Authorization": f"Bearer {KEY}"}
    else:
        base_url, headers = server.url, {}
        if isinstance(case.body, dict) and isinstance(case.body.get("apikey"), str):
            case.body["apikey"] = KEY  # a generated key is a wrong one; a missing one stays
    skipped = [check for quirk in QUIRKS if spec in quirk.specs for check in quirk.skip]
    case.call_and_validate(
        base_url=base_url, session=session, headers=headers, excluded_checks=skipped
    )
