"""Generated object hooks: the same models as cattrs' hooks, frozen, built on first use."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, Generic, TypeVar

import attrs
import pytest
from cattrs.gen import make_dict_structure_fn
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.bodies import inumbering_coverage_body, number_orders_page_body
from numbering_async._converter import (
    MissingFieldError,
    make_converter,
    make_object_hook,
)
from numbering_async._enums import OpenStrEnum
from numbering_async._frozen import mutable_twin
from numbering_async.inumbering._endpoints import TN_INVENTORY_COVERAGE
from numbering_async.inumbering._wire import TnInventoryCoverageResponse
from numbering_async.inumbering.models import TnCoverageRow
from numbering_async.telnyx._converter import converter, page_caster, strict_converter
from numbering_async.telnyx._envelopes import Listing
from numbering_async.telnyx.models import NumberOrder, SubNumberOrder

T = TypeVar("T")


class Color(OpenStrEnum):
    RED = "red"
    BLUE = "blue"


class Level(IntEnum):
    LOW = 1
    HIGH = 2


@attrs.frozen
class Leaf:
    name: str | None = None
    size: int | None = None


@attrs.frozen(kw_only=True)
class Shape:
    id: str
    label: str | None = None
    count: int | None = None
    ratio: float | None = None
    active: bool | None = None
    color: Color | None = None
    level: Level | None = None
    at: datetime | None = None
    tags: tuple[str, ...] = ()
    sizes: list[int] = attrs.Factory(list)
    leaves: tuple[Leaf, ...] = ()
    leaf: Leaf | None = None
    anything: Any = None


@attrs.frozen
class Node:
    value: int
    child: Node | None = None
    children: tuple[Node, ...] = ()


@attrs.frozen
class Box(Generic[T]):
    item: T
    items: list[T] = attrs.Factory(list)


@attrs.frozen
class Checked:
    count: int = attrs.field(validator=attrs.validators.ge(0))


@attrs.define(frozen=True, slots=False)
class Unslotted:
    name: str | None = None


@attrs.frozen(kw_only=True)
class Part:
    sku: str
    note: str | None = None


@attrs.frozen(kw_only=True)
class Kit:
    id: str
    label: str | None  # required, and null is one of its values
    parts: tuple[Part, ...] = ()
    size: int | None = None


@attrs.define(frozen=True, slots=False, kw_only=True)
class UnslottedKit:
    id: str
    label: str | None
    parts: tuple[Part, ...] = ()
    size: int | None = None


PATHS = {
    "generated": (make_converter(), Kit),
    "cattrs (strict)": (make_converter(strict=True), Kit),
    "cattrs (a class the generated hook cannot fill)": (make_converter(), UnslottedKit),
}
"""Every way an object is structured: the generated hook, and cattrs' detailed and lean."""


def _cattrs_reference(converter: Any, cl: Any) -> Any:
    """cattrs' own hook for ``cl`` on ``converter``, refusing anything but an object and
    reporting a missing (or null) required field before anything else, as ours does."""
    hook = make_dict_structure_fn(cl, converter)
    required = [field.name for field in attrs.fields(cl) if field.default is attrs.NOTHING]

    def structure(value: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError("not an object")
        for name in required:
            if value.get(name) is None:
                raise MissingFieldError(cl, name, name)
        return hook(value, cl)

    return structure


def _outcome(structure: Any, value: Any) -> Any:
    try:
        return ("ok", structure(value))
    except Exception as exc:  # the outcome compared is the exception's type
        return ("error", type(exc))


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
special = st.sampled_from(
    ["red", "purple", "2024-01-02T03:04:05", "2024-01-02T03:04:05Z", "12", "-3", "²", "true"]
)
values = st.recursive(
    scalars | special,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
shape_like = st.fixed_dictionaries(
    {},
    optional={
        name: values | st.fixed_dictionaries({}, optional={"name": values, "size": values})
        for name in [field.name for field in attrs.fields(Shape)]
    },
)


CONVERTER = make_converter()
GENERATED = CONVERTER.get_structure_hook(Shape)
REFERENCE = _cattrs_reference(CONVERTER, Shape)


@settings(max_examples=150, deadline=None)
@given(shape_like)
def test_the_generated_hook_decodes_like_cattrs(payload: dict[str, Any]) -> None:
    assert _outcome(GENERATED, payload) == _outcome(REFERENCE, payload)


def test_real_pages_decode_as_with_the_strict_converter() -> None:
    payload = json.loads(number_orders_page_body(1, 50, 50))
    page = page_caster(NumberOrder)(payload)
    assert list(page.items) == strict_converter.structure(payload, Listing[NumberOrder]).data
    rows = TN_INVENTORY_COVERAGE.decode(json.loads(inumbering_coverage_body()))
    assert isinstance(rows, TnInventoryCoverageResponse)
    assert all(
        type(row) is TnCoverageRow and type(row.lata) is int
        for row in rows.tn_inventory_coverage_list
    )


def test_arrays_of_objects_three_levels_deep_decode_as_with_the_strict_converter() -> None:
    requirement = {"requirement_id": "r-1", "field_type": "textual", "field_value": "x"}
    number = {
        "id": "n-1",
        "phone_number": "+12015550123",
        "status": "pending",
        "regulatory_requirements": [requirement],
    }
    stamp = "2024-01-02T03:04:05Z"
    sub_order = {
        "id": "s-1",
        "order_request_id": "o-1",
        "status": "pending",
        "phone_numbers_count": 2,
        "created_at": stamp,
        "updated_at": stamp,
    }
    first = {**sub_order, "phone_numbers": [number, {**number, "id": "n-2"}]}
    payload = {"data": [first, {**sub_order, "id": "s-2"}], "meta": {"total_pages": 1}}
    listing = Listing[SubNumberOrder]
    assert converter.structure(payload, listing) == strict_converter.structure(payload, listing)
    with pytest.raises(TypeError, match="JSON object"):
        converter.structure(
            {"data": [{**first, "phone_numbers": [{**number, "regulatory_requirements": ["x"]}]}]},
            listing,
        )


def test_models_made_by_the_hook_stay_frozen_and_hashable() -> None:
    payload = {"id": "s-1", "label": "x", "leaves": [{"name": "a"}], "at": "2024-01-02T03:04:05"}
    shape = make_converter().structure(payload, Shape)
    built = Shape(
        id="s-1", label="x", leaves=(Leaf("a"),), at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    )
    assert shape == built
    assert hash(shape.leaves) == hash(built.leaves)
    assert repr(shape) == repr(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        shape.label = "y"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del shape.label  # type: ignore[misc]
    assert attrs.evolve(shape, label="y").label == "y"


def _twins_alive() -> list[object]:
    gc.collect()
    return [o for o in gc.get_objects() if type(type(o)) is type and _is_twin(type(o))]


def _is_twin(cl: type) -> bool:
    return cl.__name__.startswith("_Mutable") and cl.__module__ == mutable_twin.__module__


def test_every_object_the_hook_makes_has_its_model_class_and_no_twin_escapes() -> None:
    payload = {"id": "s", "leaves": [{"name": "a"}, {"name": "b"}], "leaf": {"size": 1}}
    shape = make_converter().structure(payload, Shape)
    assert type(shape) is Shape
    assert [type(leaf) for leaf in shape.leaves] == [Leaf, Leaf]
    assert type(shape.leaf) is Leaf
    # A decode that fails half-way through an array leaves no half-filled object behind.
    broken = {**payload, "leaves": [{"name": "a"}, {"name": "b", "size": "many"}]}
    with pytest.raises(TypeError, match="integer"):
        make_converter().structure(broken, Shape)
    assert _twins_alive() == []


class Sealed:
    """A base that refuses subclasses, so no mutable twin can be made of its children."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if cls.__name__.startswith("_Mutable"):
            raise TypeError("sealed")
        super().__init_subclass__(**kwargs)


@attrs.frozen
class SealedLeaf(Sealed):
    name: str | None = None


def test_a_class_without_a_mutable_twin_is_built_through_its_init() -> None:
    assert mutable_twin(SealedLeaf) is None
    assert make_converter().structure({"name": "a"}, SealedLeaf) == SealedLeaf("a")
    assert mutable_twin(Leaf) is mutable_twin(Leaf)  # made once per class


@attrs.frozen
class Counted:
    """A model with its own ``__new__``, which decoding does not run (it never did)."""

    made = 0
    name: str | None = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Counted:
        Counted.made += 1
        return super().__new__(cls)


def test_an_empty_instance_is_made_without_the_models_own_new() -> None:
    made = Counted.made
    decoded = make_converter().structure({"name": "a"}, Counted)
    assert decoded == Counted("a")
    assert type(decoded) is Counted
    assert Counted.made == made + 1  # only the Counted("a") above


def test_missing_fields_take_their_defaults_and_factories_are_fresh() -> None:
    converter = make_converter()
    first, second = converter.structure({"id": "a"}, Shape), converter.structure({"id": "b"}, Shape)
    assert first == Shape(id="a")
    assert first.sizes == []
    assert first.sizes is not second.sizes
    with pytest.raises(MissingFieldError, match=r"Shape\.id is missing"):
        converter.structure({"label": "no id"}, Shape)


@pytest.mark.parametrize("value", ["text", ["id"], None, 3])
def test_anything_but_an_object_is_refused(value: Any) -> None:
    with pytest.raises(TypeError, match="JSON object"):
        make_converter().structure(value, Shape)


def test_classes_that_contain_themselves_decode() -> None:
    payload = {"value": 1, "child": {"value": 2}, "children": [{"value": 3, "child": None}]}
    assert make_converter().structure(payload, Node) == Node(1, Node(2), (Node(3),))


def test_generic_classes_decode_their_arguments() -> None:
    box = make_converter().structure({"item": {"name": "a"}, "items": [{"size": "2"}]}, Box[Leaf])
    assert box == Box(Leaf("a"), [Leaf(size=2)])


def test_classes_the_hook_cannot_fill_keep_their_init() -> None:
    converter = make_converter()
    with pytest.raises(ValueError, match="count"):
        converter.structure({"count": -1}, Checked)
    assert converter.structure({"name": "n"}, Unslotted) == Unslotted("n")


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"label": "a"}, "Kit.id is missing"),
        ({"id": None, "label": "a"}, "Kit.id is null"),
        ({"id": "k"}, "Kit.label is missing"),
        ({"label": None, "size": "many", "parts": "x"}, "Kit.id is missing"),  # reported first
        ({"id": "k", "label": None, "parts": [{"sku": "s"}, {"note": "n"}]}, "Part.sku is missing"),
        ({"id": "k", "label": None, "parts": [{"sku": None}]}, "Part.sku is null"),
    ],
)
def test_a_missing_or_null_required_field_is_named_on_every_path(
    path: str, payload: dict[str, Any], named: str
) -> None:
    converter, model = PATHS[path]
    expected = named.replace("Kit.", f"{model.__name__}.")
    with pytest.raises(MissingFieldError) as caught:
        converter.structure(payload, model)
    assert str(caught.value) == f"required field {expected}"
    assert isinstance(caught.value, KeyError)  # what a missing key always raised


@pytest.mark.parametrize("path", sorted(PATHS))
def test_optional_fields_and_nullable_required_ones_take_none(path: str) -> None:
    converter, model = PATHS[path]
    kit = converter.structure({"id": "k", "label": None, "parts": [{"sku": "s"}]}, model)
    assert (kit.id, kit.label, kit.parts, kit.size) == ("k", None, (Part(sku="s"),), None)


def test_a_missing_field_and_a_null_differ_where_a_hook_says_so() -> None:
    converter = make_converter()
    converter.register_structure_hook_func(lambda t: t == str | None, lambda v, _: v or "")
    assert converter.structure({}, Leaf).name is None
    assert converter.structure({"name": None}, Leaf).name == ""


def test_wire_names_and_loaders() -> None:
    converter = make_converter()
    hook = make_object_hook(
        converter, Leaf, wire_names={"name": "Name"}, loaders={"size": lambda v, _: len(v)}
    )
    assert hook({"Name": "a", "size": "abc", "name": "ignored"}) == Leaf("a", 3)


def test_no_hook_is_generated_at_import() -> None:
    code = (
        "import linecache, numbering_async, numbering_async.telnyx, numbering_async.inumbering\n"
        "print(sum('numbering_async generated' in name for name in linecache.cache))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"
