"""``import numbering_async`` loads no backend; each loads on first use of one of its names."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import numbering_async

BACKENDS = ("numbering_async.telnyx", "numbering_async.inumbering")


def _fresh(code: str) -> object:
    """Run ``code`` in a fresh interpreter; it prints one JSON value."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_backends_load_on_first_use_of_one_of_their_names() -> None:
    loaded = _fresh(
        "import json, sys\n"
        f"modules = {(*BACKENDS, 'cattrs')!r}\n"
        "def loaded(): return [m for m in modules if m in sys.modules]\n"
        "import numbering_async\n"
        "alone = loaded()\n"
        "from numbering_async import INumberingClient\n"
        "print(json.dumps([alone, loaded()]))"
    )
    assert loaded == [[], ["numbering_async.inumbering", "cattrs"]]


def test_every_public_name_resolves_and_is_listed() -> None:
    from numbering_async.inumbering import TnCoverageRow
    from numbering_async.telnyx import TelnyxClient

    assert numbering_async.TelnyxClient is TelnyxClient
    assert numbering_async.TnCoverageRow is TnCoverageRow
    for name in numbering_async.__all__:
        assert getattr(numbering_async, name) is not None
    assert set(numbering_async.__all__) <= set(dir(numbering_async))


def test_star_import_gives_every_public_name() -> None:
    names = _fresh(
        "import json\nfrom numbering_async import *\n"
        "import numbering_async\n"
        "print(json.dumps([n for n in numbering_async.__all__ if n not in globals()]))"
    )
    assert names == []


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchClient'"):
        _ = numbering_async.NoSuchClient  # type: ignore[attr-defined]
