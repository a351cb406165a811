"""Where the contract tests find the published OpenAPI specs.

The iNumbering and gateways specs (Apache-2.0) are vendored in ``tests/contract/specs`` (see
its NOTICE). The Telnyx spec states no license, so it is not: it is read from
``$NUMBERING_ASYNC_TELNYX_SPEC`` or from ``../shared/specs`` next to the repository (where CI
checks it out), and the tests that need it skip with :data:`TELNYX_SPEC_MISSING` without it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = [
    "GATEWAYS_SPEC",
    "INUMBERING_SPEC",
    "TELNYX_SPEC",
    "TELNYX_SPEC_MISSING",
    "load",
]

_VENDORED = Path(__file__).resolve().parent / "contract" / "specs"
INUMBERING_SPEC = _VENDORED / "inumbering.openapi.json"
GATEWAYS_SPEC = _VENDORED / "voicetel-gateways.openapi.json"

_TELNYX_ENV = "NUMBERING_ASYNC_TELNYX_SPEC"
TELNYX_SPEC = Path(
    os.environ.get(_TELNYX_ENV)
    or Path(__file__).resolve().parents[1].parent
    / "shared"
    / "specs"
    / "telnyx-numbering.openapi.json"
)
TELNYX_SPEC_MISSING = (
    f"the Telnyx spec is not at {TELNYX_SPEC}: it states no license, so it is not vendored. "
    "Get telnyx-numbering.openapi.json from the project's shared specs (../shared/specs next "
    "to the repository, as CI has it; its README says how it was extracted from openapi/spec3.yml "
    "of github.com/team-telnyx/openapi), then put it there or set "
    f"${_TELNYX_ENV} to its path"
)


def load(path: Path) -> dict[str, Any]:
    """A spec file as JSON."""
    spec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return spec
