"""``remembered``: results of plain-argument calls are reused; nothing else changes."""

from __future__ import annotations

import enum
from typing import Any

import pytest

from numbering_async._memo import remembered


class Counted:
    """A check that counts its runs: refuses negative numbers, returns a query text."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, *values: Any, **options: Any) -> str:
        self.runs += 1
        for value in values:
            if isinstance(value, int | float) and value < 0:
                raise ValueError(f"negative: {value!r}")
        return repr((values, options))


class Colour(enum.Enum):
    RED = "red"


class Text(str):
    pass


def test_a_call_with_equal_plain_arguments_reuses_the_result() -> None:
    check = Counted()
    query = remembered(check)
    assert query("locality", 201, None, True) == check("locality", 201, None, True)
    check.runs = 0
    assert query("locality", 201, None, True) == repr((("locality", 201, None, True), {}))
    assert check.runs == 0


@pytest.mark.parametrize("other", [201.0, True, "201", Text("201")])
def test_equal_values_of_another_class_are_computed_again(other: Any) -> None:
    check = Counted()
    query = remembered(check)
    query(201)
    assert query(other) == repr(((other,), {}))
    assert check.runs == 2


def test_an_error_is_raised_every_time_and_never_remembered() -> None:
    check = Counted()
    query = remembered(check)
    for _ in range(3):
        with pytest.raises(ValueError, match="negative: -1"):
            query("npa", -1)
    assert check.runs == 3


class Unhashable:
    __hash__ = None  # type: ignore[assignment]


@pytest.mark.parametrize(
    "argument", [["sms", "voice"], Colour.RED, Text("locality"), Unhashable(), 1.5]
)
def test_arguments_that_are_not_plain_are_computed_every_time(argument: Any) -> None:
    check = Counted()
    query = remembered(check)
    assert query("npa", argument) == query("npa", argument) == repr((("npa", argument), {}))
    assert check.runs == 2


def test_keyword_arguments_are_computed_every_time() -> None:
    check = Counted()
    query = remembered(check)
    assert query("npa", npa=201) == query("npa", npa=201) == repr((("npa",), {"npa": 201}))
    assert check.runs == 2


def test_a_full_memo_starts_again() -> None:
    check = Counted()
    query = remembered(check, limit=2)
    for value in ("a", "b", "c", "c", "a"):  # "c" empties the memo: "a" runs again
        query(value)
    assert check.runs == 4


def test_the_wrapper_keeps_the_name_and_docstring() -> None:
    def encode(value: str) -> str:
        """Encode it."""
        return value

    wrapped = remembered(encode)
    assert (wrapped.__name__, wrapped.__doc__) == ("encode", "Encode it.")


def test_members_of_an_enum_named_as_plain_are_remembered_by_class() -> None:
    class Size(enum.StrEnum):
        BIG = "big"

    check = Counted()
    query = remembered(check, also=(Size,))
    assert query(Size.BIG, 1) == query(Size.BIG, 1) == repr(((Size.BIG, 1), {}))
    assert check.runs == 1
    assert query("big", 1) == repr((("big", 1), {}))  # equal to the member, another class
    assert query(Colour.RED, 1) == query(Colour.RED, 1)  # not named: computed every time
    assert check.runs == 4
