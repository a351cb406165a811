"""The vendored specs are the published Apache-2.0 files, with their notice and license."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.specs import GATEWAYS_SPEC, INUMBERING_SPEC, load

VENDORED = [INUMBERING_SPEC, GATEWAYS_SPEC]
FOLDER = INUMBERING_SPEC.parent


@pytest.mark.parametrize("path", VENDORED, ids=lambda path: path.name)
def test_each_vendored_spec_is_apache_2_and_named_in_the_notice(path: Path) -> None:
    spec = load(path)

    assert spec["info"]["license"]["name"] == "Apache 2.0"
    assert path.name in (FOLDER / "NOTICE").read_text(encoding="utf-8")


def test_the_license_text_ships_with_them() -> None:
    text = (FOLDER / "LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    assert "Apache License" in text
    assert "Version 2.0, January 2004" in text
