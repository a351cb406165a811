"""Every ```python block of README.md passes ``mypy --strict``, with no ``assert x is not None``.

The fields every response carries (ids, statuses, phone numbers, timestamps) are not optional
in the models, so an example uses them as they are. A block that is a fragment of a program
(top-level ``await``, names from an earlier block, a pytest test) is still checked: only the
errors that come from being a fragment are let through (:data:`FRAGMENT_ERRORS`); every other
error fails, with its README line.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

pytest.importorskip("mypy", reason="mypy is in the test extra")

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"

FRAGMENT_ERRORS = {
    "name-defined": "a name defined in an earlier block or left to the reader",
    "top-level-await": "a snippet awaiting at top level, as in `python -m asyncio`",
    "no-untyped-def": "an unannotated function (a pytest test, a fake server)",
    "no-untyped-call": "a call to such a function",
}
"""mypy error codes a fragment of a program may raise, and why."""
_OUTSIDE_ASYNC = re.compile(r'"async (with|for)" outside async function')
"""The only ``[syntax]`` errors let through: ``async with`` / ``async for`` at top level."""
_NONE_ASSERT = re.compile(r"\bassert\b[^\n]*\bis not None\b")
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
_ERROR = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*?)(?:  \[(?P<code>[a-z-]+)\])?$"
)


@attrs.frozen
class Block:
    """A ```python block: its text and the README line its first line is on."""

    first_line: int
    text: str


def python_blocks() -> list[Block]:
    readme = README.read_text(encoding="utf-8")
    return [
        Block(readme.count("\n", 0, match.start(1)) + 1, match.group(1))
        for match in _BLOCK.finditer(readme)
    ]


def is_fragment_error(code: str | None, message: str) -> bool:
    return code in FRAGMENT_ERRORS or (code == "syntax" and bool(_OUTSIDE_ASYNC.search(message)))


def test_readme_has_python_blocks() -> None:
    assert len(python_blocks()) >= 1


def test_no_readme_block_asserts_a_field_is_not_none() -> None:
    found = [
        f"README.md:{block.first_line + number}: {line.strip()}"
        for block in python_blocks()
        for number, line in enumerate(block.text.splitlines())
        if _NONE_ASSERT.search(line)
    ]
    assert found == []


def test_readme_blocks_pass_mypy_strict(tmp_path: Path) -> None:
    blocks = python_blocks()
    files = {}
    for index, block in enumerate(blocks):
        path = tmp_path / f"readme_block_{index}.py"
        path.write_text(block.text, encoding="utf-8")
        files[path.name] = block
    # A subprocess in the repo root shares mypy's cache with `mypy --strict numbering_async`.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr  # 2: mypy itself failed
    errors = []
    for line in done.stdout.splitlines():
        match = _ERROR.match(line)
        if match is None or is_fragment_error(match["code"], match["message"]):
            continue
        # By file name: for a block unchanged since an earlier run, mypy's cache may report
        # the errors under that run's directory.
        where = files[Path(match["file"]).name].first_line + int(match["line"]) - 1
        errors.append(f"README.md:{where}: {match['message']} [{match['code']}]")
    assert errors == [], "\n".join(errors)
