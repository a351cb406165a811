"""Every ```python block of README.md and docs/*.md runs, as it is, as a complete program.

Each block runs in its own Python process, all at once, against one sandbox server this module
starts on 127.0.0.1: the clients find it through ``TELNYX_BASE_URL`` / ``INUMBERING_BASE_URL``
and send dummy keys from ``TELNYX_API_KEY`` / ``INUMBERING_API_KEY``, as a reader who exported
them would. Blocks share that server, so each buys in an area code of its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```python\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
TIMEOUT = 60.0
"""Seconds a block may take (each needs about one on an idle machine)."""

PURCHASE = re.compile(
    r"\.(number_orders|number_reservations|inexplicit_number_orders|number_block_orders)"
    r"\.create\(|\.(tn_order|tn_messaging_campaign)\("
)
"""A call that spends money against the real service."""


def _blocks() -> list[tuple[str, str]]:
    """(``page:line``, source) of every python block."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{page.relative_to(ROOT)}:{line}", match.group(1)))
    return found


BLOCKS = _blocks()


@pytest.fixture(scope="module")
def sandbox_env() -> Iterator[dict[str, str]]:
    """The environment of a reader with both base URLs pointed at a fresh sandbox server."""
    server = subprocess.Popen(
        [sys.executable, "-m", "numbering_async.sandbox", "--port", "0", "--latency-ms", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        urls = {}
        for line in server.stdout:
            name, _, url = line.partition(" base URL:")
            urls[name] = url.strip()
            if len(urls) == 2:
                break
        assert set(urls) == {"Telnyx", "iNumbering"}, f"the sandbox server said {urls}"
        env = {
            **os.environ,
            "TELNYX_BASE_URL": urls["Telnyx"],
            "INUMBERING_BASE_URL": urls["iNumbering"],
            "TELNYX_API_KEY": "sk_test_readme_0123456789",
            "INUMBERING_API_KEY": "sk_test_readme_0123456789",
        }
        env.pop("NUMBERING_ASYNC_DEBUG", None)
        # A block that runs pytest loads only the two plugins a reader's test needs, not every
        # plugin of this environment (Hypothesis, Schemathesis...: 1.5 s a start). The rest of
        # the suite uses the sandbox fixtures through their pytest11 entry point.
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        env["PYTEST_PLUGINS"] = "pytest_asyncio.plugin,numbering_async.sandbox.pytest_plugin"
        yield env
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@pytest.fixture(scope="module")
def outcomes(
    sandbox_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every block's finished process, run in parallel, each in an empty folder of its own."""

    def run(block: tuple[str, str]) -> subprocess.CompletedProcess[str]:
        cwd = tmp_path_factory.mktemp("block")
        (cwd / "example.py").write_text(block[1], encoding="utf-8")
        return subprocess.run(
            [sys.executable, "example.py"],
            cwd=cwd,
            env=sandbox_env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip([where for where, _ in BLOCKS], pool.map(run, BLOCKS), strict=True))


def test_the_pages_have_python_blocks() -> None:
    assert len(BLOCKS) >= 10, [where for where, _ in BLOCKS]


@pytest.mark.parametrize(("where", "source"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_block_runs_against_the_sandbox(
    where: str, source: str, outcomes: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    done = outcomes[where]
    assert done.returncode == 0, f"{where} failed:\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize(("where", "source"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_block_that_buys_says_so(where: str, source: str) -> None:
    """A block whose purchase would be real without the sandbox says so in a comment."""
    if not PURCHASE.search(source) or "MockTransport(" in source:
        return
    comments = " ".join(line.partition("#")[2] for line in source.splitlines())
    assert "money" in comments, f"{where} buys: say in a comment whether it spends money"
