"""Run ``mypy --strict`` over public_api.py: the public types are part of the contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy", reason="mypy is in the test extra")

ROOT = Path(__file__).parents[2]
CHECKED = Path(__file__).with_name("public_api.py")


def test_public_api_types_hold_under_mypy_strict() -> None:
    # A subprocess in the repo root shares mypy's cache with `mypy --strict numbering_async`.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", str(CHECKED)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
