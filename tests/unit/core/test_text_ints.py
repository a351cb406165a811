"""Integers sent as strings: generated hooks give what the integer hook gives, remembering
short ones (a bounded set) so that a LATA repeated in every row is converted once."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from numbering_async import _converter
from numbering_async._converter import make_converter


@attrs.frozen
class Row:
    count: int
    lata: int | None = None
    routes: list[int] = attrs.Factory(list)


HOOK = make_converter().get_structure_hook(Row)


def _outcome(convert: Any, value: Any) -> Any:
    try:
        return ("ok", convert(value))
    except TypeError as exc:
        return ("error", str(exc))


def _int(value: Any) -> int:
    number = _converter._structure_int(value, int)
    assert type(number) is int
    return number


texts = (
    st.integers().map(str)
    | st.text(alphabet="0123456789-+ _x²٣", max_size=5)
    | st.sampled_from(["0", "00", "007", "224", "999", "1000", "-1", "²", "٣"])
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_string_decodes_as_the_integer_hook_gives_it_every_time(text: str) -> None:
    expected = _outcome(_int, text)
    for _ in range(2):  # first seen, then maybe remembered
        assert _outcome(lambda v: HOOK({"count": v}).count, text) == expected
        assert _outcome(lambda v: HOOK({"count": 1, "lata": v}).lata, text) == expected
        assert _outcome(lambda v: HOOK({"count": 1, "routes": [2, v]}).routes[1], text) == expected


def test_only_short_digit_strings_are_remembered() -> None:
    for number in range(20_000):
        HOOK({"count": str(number), "lata": f"0{number}", "routes": [f"-{number}"]})
    assert len(_converter._TEXT_INTS) <= 1_110
    assert all(len(text) <= 3 and text.isdigit() for text in _converter._TEXT_INTS)
    assert HOOK({"count": "0224", "lata": "224"}) == Row(224, 224)
