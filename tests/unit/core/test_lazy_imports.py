"""``import numbering_async`` loads no backend; each loads on first use of one of its names.

The Telnyx client loads its models, resources and converters on first use of a resource, and
nothing of the other backend, the bulk scan, the sandbox or the CLI (issue 14: import time).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import numbering_async

BACKENDS = ("numbering_async.telnyx", "numbering_async.inumbering")

NOT_FOR_THE_TELNYX_CLIENT = (
    "numbering_async.telnyx.models",
    "numbering_async.telnyx.resources",
    "numbering_async.telnyx._converter",
    "cattrs",
    "numbering_async.inumbering",
    "numbering_async.bulk",
    "numbering_async.pagination",
    "numbering_async.nanp",
    "numbering_async.history",
    "numbering_async.sandbox",
    "numbering_async.cli",
    "aiohttp.web",
    "click",
    "rich",
    "phonenumbers",
    "sqlite3",
    "aiosqlite",
)
"""Modules that ``from numbering_async import TelnyxClient`` must not import."""

TELNYX_ON_FIRST_USE = (
    "numbering_async.telnyx.models",
    "numbering_async.telnyx.resources",
    "numbering_async.telnyx._converter",
    "cattrs",
    "numbering_async.pagination",
)
"""What the first use of a resource loads (in the order of the list above)."""


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


def test_the_telnyx_client_loads_its_models_on_first_use_of_a_resource() -> None:
    loaded = _fresh(
        "import json, sys\n"
        f"modules = {NOT_FOR_THE_TELNYX_CLIENT!r}\n"
        "def loaded(): return [m for m in modules if m in sys.modules]\n"
        "from numbering_async import TelnyxClient\n"
        "imported = loaded()\n"
        "telnyx = TelnyxClient(api_key='sk_test_0123456789')\n"
        "built = loaded()\n"
        "resource = telnyx.number_orders\n"
        "same = resource is telnyx.number_orders\n"
        "print(json.dumps([imported, built, loaded(), same]))"
    )
    assert loaded == [[], [], list(TELNYX_ON_FIRST_USE), True]


def test_the_telnyx_models_and_submodules_resolve_from_the_package() -> None:
    names = _fresh(
        "import json\n"
        "import numbering_async.telnyx as telnyx\n"
        "from numbering_async.telnyx import NumberOrder\n"
        "print(json.dumps([\n"
        "    NumberOrder is telnyx.models.NumberOrder is telnyx.models.orders.NumberOrder,\n"
        "    telnyx.resources.NumberOrders.__name__,\n"
        "    [n for n in telnyx.__all__ if n not in dir(telnyx)],\n"
        "]))"
    )
    assert names == [True, "NumberOrders", []]


def test_every_public_name_resolves_and_is_listed() -> None:
    from numbering_async.inumbering import TnCoverageRow
    from numbering_async.telnyx import TelnyxClient

    assert numbering_async.TelnyxClient is TelnyxClient
    assert numbering_async.TnCoverageRow is TnCoverageRow
    for name in numbering_async.__all__:
        assert getattr(numbering_async, name) is not None
    assert set(numbering_async.__all__) <= set(dir(numbering_async))


@pytest.mark.parametrize("package", ["numbering_async", "numbering_async.telnyx"])
def test_star_import_gives_every_public_name(package: str) -> None:
    names = _fresh(
        f"import json\nfrom {package} import *\n"
        f"import {package} as package\n"
        "print(json.dumps([n for n in package.__all__ if n not in globals()]))"
    )
    assert names == []


def test_an_unknown_name_is_an_attribute_error() -> None:
    import numbering_async.telnyx

    with pytest.raises(AttributeError, match="no attribute 'NoSuchClient'"):
        _ = numbering_async.NoSuchClient  # type: ignore[attr-defined]
    with pytest.raises(
        AttributeError, match=re.escape("'numbering_async.telnyx' has no attribute 'Nope'")
    ):
        _ = numbering_async.telnyx.Nope  # type: ignore[attr-defined]
