"""Lenient lists (``null`` is empty, a lone object is one item): the generated object hooks
build their items inline with the same results and errors as the list hook itself."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numbering_async._converter import make_converter, register_lenient_lists


@attrs.frozen
class Leaf:
    name: str | None = None
    size: int | None = None


@attrs.frozen
class Basket:
    leaves: list[Leaf] = attrs.Factory(list)
    names: list[str] = attrs.Factory(list)
    label: str | None = None


@attrs.frozen
class Crate:
    baskets: list[Basket] = attrs.Factory(list)


CONVERTER = make_converter()
register_lenient_lists(CONVERTER)


def _items(value: Any, structure: Any) -> list[Any]:
    """The lenient list, spelled out: what every path must give."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [structure(value)]
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return [structure(item) for item in value]


def _leaf(value: Any) -> Leaf:
    return CONVERTER.structure(value, Leaf)


def _name(value: Any) -> str:
    return CONVERTER.structure(value, str)


def _basket(value: Any) -> Basket:
    """``Basket`` built field by field with :func:`_items`, not by its generated hook."""
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return Basket(
        leaves=_items(value["leaves"], _leaf) if "leaves" in value else [],
        names=_items(value["names"], _name) if "names" in value else [],
        label=CONVERTER.structure(value.get("label"), str | None),  # type: ignore[arg-type]
    )


def _outcome(structure: Any, value: Any) -> Any:
    try:
        return ("ok", structure(value))
    except Exception as exc:  # compared by type and message
        return ("error", type(exc), str(exc))


scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=3)
leaf = st.fixed_dictionaries({}, optional={"name": scalars, "size": scalars | st.just("12")})
lenient = scalars | leaf | st.lists(leaf | scalars, max_size=3) | st.tuples(leaf)
basket = st.fixed_dictionaries({}, optional={"leaves": lenient, "names": lenient, "label": scalars})


@settings(max_examples=200, deadline=None)
@given(basket)
def test_inline_items_decode_as_the_list_hook(payload: dict[str, Any]) -> None:
    assert _outcome(CONVERTER.get_structure_hook(Basket), payload) == _outcome(_basket, payload)


@settings(max_examples=100, deadline=None)
@given(scalars | basket | st.lists(basket | scalars, max_size=3))
def test_nested_inline_items_decode_as_the_list_hook(value: Any) -> None:
    crate = CONVERTER.get_structure_hook(Crate)
    hook = CONVERTER.get_structure_hook(list[Basket])
    expected = _outcome(lambda v: Crate(_items(v, _basket)), value)
    assert _outcome(crate, {"baskets": value}) == expected
    assert _outcome(lambda v: Crate(hook(v, list[Basket])), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, []), ({"name": "a"}, [Leaf("a")]), ([{"size": "2"}, {}], [Leaf(size=2), Leaf()])],
)
def test_null_a_lone_object_and_an_array(value: Any, expected: list[Leaf]) -> None:
    assert CONVERTER.structure({"leaves": value}, Basket).leaves == expected


@pytest.mark.parametrize("value", ["leaf", 3, ("x",)])
def test_anything_else_is_refused(value: Any) -> None:
    with pytest.raises(TypeError, match=f"expected a list, got {type(value).__name__}"):
        CONVERTER.structure({"leaves": value}, Basket)
