"""Input checks, open enums, the base converter and CoverageQuery."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from enum import IntEnum
from typing import Any

import attrs
import cattrs
import pytest

from numbering_async import CoverageQuery, InvalidRequestError
from numbering_async._converter import MissingFieldError, make_converter
from numbering_async._enums import OpenStrEnum
from numbering_async._validate import (
    check_country,
    check_e164,
    check_enum,
    check_id,
    check_int_range,
    check_nanp_code,
    check_nanp_tn,
    check_non_empty,
    check_page_size,
    check_state,
    check_uuid,
)


class GroupBy(OpenStrEnum):
    LOCALITY = "locality"
    NPA = "npa"


Check = Callable[[str, Any], Any]

GOOD: list[tuple[Check, Any, Any]] = [
    (check_e164, "+12015550123", "+12015550123"),
    (check_e164, "+442071838750", "+442071838750"),
    (check_nanp_tn, "2015550123", "2015550123"),
    (check_nanp_tn, "12015550123", "2015550123"),
    (check_nanp_tn, "+12015550123", "2015550123"),
    (check_nanp_tn, 2015550123, "2015550123"),
    (check_nanp_code, "201", "201"),
    (check_nanp_code, 318, "318"),
    (check_state, "nj", "NJ"),
    (check_state, "NJ", "NJ"),
    (check_country, "us", "US"),
    (check_page_size, 1, 1),
    (check_page_size, 250, 250),
    (check_id, "ord_1", "ord_1"),
    (check_uuid, "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"),
]

BAD: list[tuple[Check, Any]] = [
    (check_e164, "12015550123"),
    (check_e164, "+0123"),
    (check_e164, "+1 201 555 0123"),
    (check_e164, "+١٢٠١٥٥٥٠١٢٣"),  # Arabic-Indic digits are digits, but not ASCII ones
    (check_e164, 12015550123),
    (check_nanp_tn, "1015550123"),  # NPA cannot start with 1
    (check_nanp_tn, "2011550123"),  # nor the NXX
    (check_nanp_tn, "+2015550123"),
    (check_nanp_tn, "201555012"),
    (check_nanp_tn, "٢٠١٥٥٥٠١٢٣"),
    (check_nanp_tn, True),
    (check_nanp_tn, None),
    (check_nanp_code, "20"),
    (check_nanp_code, "120"),
    (check_nanp_code, "2011"),
    (check_nanp_code, "٢٠١"),
    (check_nanp_code, True),
    (check_state, "N"),
    (check_state, "N1"),
    (check_state, "NJY"),
    (check_state, None),
    (check_country, "USA"),
    (check_page_size, 0),
    (check_page_size, 251),
    (check_page_size, True),
    (check_page_size, 2.0),
    (check_id, ""),
    (check_id, ".."),
    (check_uuid, "182bd5e5"),
]


@pytest.mark.parametrize(("check", "value", "expected"), GOOD)
def test_good_values_pass_normalised(check: Check, value: Any, expected: Any) -> None:
    assert check("argument_name", value) == expected


@pytest.mark.parametrize(("check", "value"), BAD)
def test_bad_values_are_refused_naming_the_argument(check: Check, value: Any) -> None:
    with pytest.raises(InvalidRequestError) as info:
        check("argument_name", value)
    assert info.value.argument == "argument_name"
    assert str(info.value).startswith("argument_name: ")


def test_int_range_bounds() -> None:
    assert check_int_range("count", 5, 1) == 5
    with pytest.raises(InvalidRequestError, match="at least 1"):
        check_int_range("count", 0, 1)
    with pytest.raises(InvalidRequestError, match="between 1 and 3"):
        check_int_range("count", 4, 1, 3)


def test_enum_accepts_members_and_values_only() -> None:
    assert check_enum("group_by", "npa", GroupBy) is GroupBy.NPA
    assert check_enum("group_by", GroupBy.LOCALITY, GroupBy) is GroupBy.LOCALITY
    for bad in ("nxx", GroupBy("nxx"), 3, None):
        with pytest.raises(InvalidRequestError, match="one of locality, npa") as info:
            check_enum("group_by", bad, GroupBy)
        assert info.value.argument == "group_by"


def test_non_empty_lists() -> None:
    assert check_non_empty("phone_numbers", ("+12015550123",)) == ["+12015550123"]
    assert check_non_empty("phone_numbers", (n for n in "ab")) == ["a", "b"]
    for bad in ([], "+12015550123", b"x", 5, None):
        with pytest.raises(InvalidRequestError) as info:
            check_non_empty("phone_numbers", bad)
        assert info.value.argument == "phone_numbers"


def test_open_enum_decodes_unknown_values() -> None:
    new = GroupBy("rate_center")
    assert new == "rate_center"
    assert new.value == "rate_center"
    assert isinstance(new, GroupBy)
    assert not GroupBy.is_known(new)
    assert not GroupBy.is_known("rate_center")
    assert GroupBy.is_known("npa")
    assert GroupBy("npa") is GroupBy.NPA
    assert "rate_center" not in GroupBy._value2member_map_  # the class is not polluted
    with pytest.raises(ValueError, match="3"):
        GroupBy(3)


class Level(IntEnum):
    LOW = 1


@attrs.frozen
class Row:
    name: str
    count: int
    ratio: float
    active: bool
    group: GroupBy
    at: datetime
    note: str | None = None
    level: Level | None = None


ROW = {
    "name": "x",
    "count": 3,
    "ratio": 0.5,
    "active": False,
    "group": "npa",
    "at": "2024-01-02T03:04:05Z",
}


def test_converter_structures_scalars_strictly() -> None:
    converter = make_converter()
    row = converter.structure(
        {**ROW, "count": "7", "ratio": 2, "active": "false", "name": 318, "group": "new"}, Row
    )
    assert row == Row(
        "318", 7, 2.0, False, GroupBy("new"), datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    )
    assert converter.structure({**ROW, "extra": 1}, Row).note is None


def test_converter_decodes_enum_fields_to_members() -> None:
    row = make_converter().structure({**ROW, "level": 1}, Row)
    assert row.group is GroupBy.NPA
    assert row.level is Level.LOW
    unknown = make_converter().structure({**ROW, "group": "rate_center"}, Row).group
    assert type(unknown) is GroupBy
    assert not GroupBy.is_known(unknown)


@pytest.mark.parametrize(
    "change",
    [
        {"name": {"a": 1}},
        {"name": True},
        {"count": True},
        {"count": 1.5},
        {"count": "1_000"},
        {"active": "yes"},
        {"active": 1},
        {"at": 1700000000},
        {"at": "yesterday"},
    ],
)
def test_converter_rejects_wrong_scalars(change: dict[str, Any]) -> None:
    with pytest.raises((TypeError, ValueError)):
        make_converter().structure({**ROW, **change}, Row)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("field", ["name", "ratio"])
def test_converter_rejects_null_for_a_required_scalar_naming_it(strict: bool, field: str) -> None:
    with pytest.raises(MissingFieldError, match=rf"required field Row\.{field} is null"):
        make_converter(strict=strict).structure({**ROW, field: None}, Row)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("value", ["sms", {"sms": 1}, None, 3])
@pytest.mark.parametrize("type_", [list[str], tuple[str, ...]])
def test_only_a_json_array_becomes_a_list_or_tuple(strict: bool, value: Any, type_: Any) -> None:
    converter = make_converter(strict=strict)
    assert converter.structure(["sms", 1], type_) == type_.__origin__(["sms", "1"])
    with pytest.raises((TypeError, cattrs.BaseValidationError)):
        converter.structure(value, type_)


def test_strict_converter_rejects_unknown_keys() -> None:
    with pytest.raises(cattrs.ClassValidationError) as info:
        make_converter(strict=True).structure({**ROW, "extra": 1}, Row)
    assert "extra" in repr(info.value.exceptions)


def test_datetimes_are_aware() -> None:
    converter = make_converter()
    naive = converter.structure({**ROW, "at": "2024-01-02T03:04:05"}, Row).at
    assert naive.tzinfo is UTC
    offset = converter.structure({**ROW, "at": "2024-01-02T03:04:05-05:00"}, Row).at
    assert offset.utcoffset() == timedelta(hours=-5)
    assert converter.unstructure(offset) == "2024-01-02T03:04:05-05:00"
    assert offset.tzinfo == timezone(timedelta(hours=-5))


def test_coverage_query_normalises_and_checks() -> None:
    query = CoverageQuery(npa=201, nxx="555", state="nj", country="us")
    assert (query.npa, query.nxx, query.state, query.country) == ("201", "555", "NJ", "US")
    assert query.describe() == "201-555"
    assert CoverageQuery(state="NJ", locality="Newark").describe() == "state NJ, locality Newark"
    assert CoverageQuery().describe() == "country US"
    for options, argument in (
        ({"npa": "20"}, "npa"),
        ({"nxx": "555"}, "nxx"),
        ({"npa": "201", "nxx": "155"}, "nxx"),
        ({"state": "New Jersey"}, "state"),
        ({"country": "USA"}, "country"),
    ):
        with pytest.raises(InvalidRequestError) as info:
            CoverageQuery(**options)
        assert info.value.argument == argument
