"""numbering_async.nanp: NANP blocks by state and NPA, checked filters, a lazy phonenumbers."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from numbering_async import InvalidRequestError, nanp
from numbering_async.sandbox._dataset import all_blocks

# Every NPA NANPA assigns to New Jersey (overlays included).
NEW_JERSEY = {"201", "551", "609", "640", "732", "848", "856", "862", "908", "973"}


def test_new_jersey_has_blocks_only_in_its_own_area_codes() -> None:
    found = nanp.blocks(state="NJ")

    assert len(found) > 500
    assert {block.state for block in found} == {"NJ"}
    assert {block.country for block in found} == {"US"}
    npas = {block.npa for block in found}
    assert npas <= NEW_JERSEY
    assert {"201", "609", "732", "856", "908", "973"} <= npas
    assert {"Jersey City", "Newark", "Trenton"} <= {block.locality for block in found}
    assert found == sorted(found, key=lambda block: (block.npa, block.nxx))
    assert all(len(b.nxx) == 3 and b.nxx[0] in "23456789" for b in found)


def test_a_state_is_taken_in_any_case_and_canada_is_ca() -> None:
    assert nanp.blocks(state="nj") == nanp.blocks(state="NJ")
    ontario = nanp.blocks(state="ON")
    assert {block.country for block in ontario} == {"CA"}
    assert "416" in {block.npa for block in ontario}
    assert (nanp.country_of("ON"), nanp.country_of("NJ")) == ("CA", "US")


def test_the_npa_filter_alone_and_with_a_state() -> None:
    essex = nanp.blocks(npa="973")

    assert essex
    assert {block.npa for block in essex} == {"973"}
    assert {block.state for block in essex} == {"NJ"}
    assert nanp.blocks(npa=973) == essex
    both = nanp.blocks(state="nj", npa=201)
    assert both == [block for block in nanp.blocks(state="NJ") if block.npa == "201"]
    assert nanp.blocks(state="NY", npa="973") == []


def test_known_codes_without_data_give_no_blocks() -> None:
    # phonenumbers names only "Washington D.C." for 202, never a locality.
    assert nanp.blocks(npa="202") == []
    assert nanp.blocks(state="DC") == []


def test_every_block_unfiltered_and_the_caller_gets_its_own_list() -> None:
    everything = nanp.blocks()
    assert len(everything) > 40_000
    assert {block.country for block in everything} == {"US", "CA"}
    everything.clear()
    assert nanp.blocks()
    assert nanp.NanpBlock._fields == ("npa", "nxx", "locality", "state", "country")


def test_the_sandbox_geography_is_this_one() -> None:
    assert [block[:5] for block in all_blocks()] == [tuple(block) for block in nanp.blocks()]


@pytest.mark.parametrize("state", ["ZZ", "PR", "XX"])
def test_an_unknown_state_is_an_invalid_request(state: str) -> None:
    with pytest.raises(InvalidRequestError, match="not a US state") as caught:
        nanp.blocks(state=state)
    assert caught.value.argument == "state"


@pytest.mark.parametrize("state", ["N", "NJX", "N1", "", " NJ", 12, None])
def test_a_malformed_state_is_an_invalid_request(state: Any) -> None:
    if state is None:  # None means "no filter"
        assert nanp.blocks(state=state) == nanp.blocks()
        return
    with pytest.raises(InvalidRequestError, match="two-letter") as caught:
        nanp.blocks(state=state)
    assert caught.value.argument == "state"


@pytest.mark.parametrize("npa", ["20", "120", "2011", "2O1", True, 99])
def test_a_malformed_npa_is_an_invalid_request(npa: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        nanp.blocks(npa=npa)
    assert caught.value.argument == "npa"


def test_phonenumbers_loads_on_first_use_and_its_absence_is_explained() -> None:
    script = """
import sys
sys.modules["phonenumbers"] = None
import numbering_async
assert "numbering_async.nanp" not in sys.modules
from numbering_async import InvalidRequestError, nanp
try:
    nanp.blocks(state="ZZ")
except InvalidRequestError as exc:
    print("checked first:", exc.argument)
try:
    nanp.blocks(state="NJ")
except ImportError as exc:
    print(exc)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=True
    )
    first, second = result.stdout.splitlines()
    assert first == "checked first: state"
    assert 'pip install -e ".[sandbox]" in a clone of numbering_async' in second
