"""The cattrs machinery both backends build their converters on.

Each backend makes one production converter (unknown keys ignored, fast) and a strict one for
tests (unknown keys rejected, so model drift against the spec is caught). A hook is built once
per type, on first use, never per call.

The production converter structures attrs classes with hooks generated here
(:func:`make_object_hook`) rather than cattrs' own: the same results, but a JSON value that
already has its field's type (a ``str`` for ``str | None``, a known enum value, an ISO 8601
string for a ``datetime``) is converted inline instead of through a Python call per field, and
the instance is built as a private mutable twin of its class, its fields stored with plain
attribute assignment, and then given its real class (see :mod:`numbering_async._frozen`): the
same frozen attrs objects, several times faster to fill. The strict converter keeps cattrs'
generated hooks and their detailed error messages.

On both paths a required field (one without a default) that is missing, or ``null`` where its
type does not allow ``None``, raises :class:`MissingFieldError` naming the model and the field,
before any other field is looked at; the clients turn it into a ``DecodeError``.
"""

from __future__ import annotations

import itertools
import linecache
import re
import types
import weakref
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import Enum, IntEnum, StrEnum
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.gen import make_dict_structure_fn, override

from numbering_async._frozen import empty_instance, mutable_twin, slot_filled
from numbering_async._json import check_float, require_exact, typed

__all__ = [
    "MissingFieldError",
    "make_converter",
    "make_object_hook",
    "parse_datetime",
    "register_lenient_lists",
    "structurer",
]

Hook = Callable[[Any, Any], Any]


def parse_datetime(value: Any, _: Any = None) -> datetime:
    """An ISO 8601 timestamp as an aware ``datetime`` (naive values are taken as UTC)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = datetime.fromisoformat(value)
    else:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _structure_str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float):
            check_float(value)  # orjson's float for an integer beyond 64 bits spells otherwise
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


_INT_TEXT = re.compile(r"-?[0-9]+")


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and (
        (value.isascii() and value.isdigit()) or _INT_TEXT.fullmatch(value)  # fast path first
    ):
        return int(value)
    raise TypeError(f"expected an integer, got {value!r}")  # cut after redaction, by the client


_TEXT_INTS: dict[str, int] = {}
"""Integers of at most 3 digits sent as strings (``"224"``), by their text, as generated hooks
converted them: the same few (LATAs, routes, small counts) come in row after row. At most
1,110 texts (``0`` to ``999``, with leading zeros) ever go in."""


def _int_text(value: str) -> int:
    """What :func:`_structure_int` gives for ``value`` (or its ``TypeError``); a string of at
    most 3 ASCII digits is remembered in :data:`_TEXT_INTS`."""
    if len(value) <= 3 and value.isascii() and value.isdigit():
        number = _TEXT_INTS[value] = int(value)
        return number
    return _structure_int(value, int)


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


_BOOL_TEXT = {"true": True, "false": False}


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _BOOL_TEXT:
        return _BOOL_TEXT[value.lower()]
    raise TypeError(f"expected a boolean, got {value!r}")  # cut after redaction, by the client


_SCALAR_HOOKS: dict[type, Hook] = {
    str: _structure_str,
    int: _structure_int,
    float: _structure_float,
    bool: _structure_bool,
}
"""The strict scalar hooks; each returns a value of exactly its type unchanged."""


def _structure_enum(value: Any, cl: type[Enum]) -> Enum:
    # The member map first, as Enum.__new__ does, without EnumMeta.__call__'s overhead.
    try:
        return cl._value2member_map_[value]
    except (KeyError, TypeError):
        return cl(value)


_CORE_HOOKS: weakref.WeakSet[Hook] = weakref.WeakSet()
"""The ``X | None`` and array hooks this module's factories made: generated object hooks do
their work inline (another hook registered for such a type is called as it is)."""


def _core(hook: Hook) -> Hook:
    _CORE_HOOKS.add(hook)
    return hook


def _not_an_array(value: Any) -> TypeError:
    return TypeError(f"expected an array, got {type(value).__name__}")


def _is_optional(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) in (Union, types.UnionType) and len(args) == 2 and type(None) in args


def _optional_hook(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    """``X | None`` with the hook of ``X`` looked up once (cattrs dispatches on every value).

    Where ``X`` still has this module's scalar hook, a value of exactly type ``X`` (what JSON
    gives) is returned as is without calling it: the hook would return it unchanged.
    """

    def factory(type_: Any) -> Hook:
        inner = _non_null(type_)
        hook = converter.get_structure_hook(inner)
        if _SCALAR_HOOKS.get(inner) is hook:

            def passthrough(value: Any, _: Any) -> Any:
                if value is None or value.__class__ is inner:
                    return value
                return hook(value, inner)

            return _core(passthrough)

        def structure(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return _core(structure)

    return factory


def _non_null(type_: Any) -> Any:
    """``X`` of ``X | None``."""
    (inner,) = (arg for arg in get_args(type_) if arg is not type(None))
    return inner


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return (
        get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] is not Any
    )


def _tuple_hook(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    """``tuple[X, ...]`` with the hook of ``X`` looked up once (cattrs dispatches per call)."""

    def factory(type_: Any) -> Hook:
        item = get_args(type_)[0]
        hook = converter.get_structure_hook(item)

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            return tuple([hook(element, item) for element in value])

        return structure

    return factory


def _is_array(type_: Any) -> bool:
    return get_origin(type_) is list or _is_homogeneous_tuple(type_)


def _array_hook(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    """``list[X]`` and ``tuple[X, ...]`` from JSON arrays only.

    cattrs iterates whatever it is given, so ``"sms"`` would become ``["s", "m", "s"]`` and an
    object its keys; here anything but an array is a ``TypeError``. The strict converter keeps
    cattrs' per-index error notes; the production one uses the leaner tuple hook.
    """
    fast_tuple = _tuple_hook(converter)

    def factory(type_: Any) -> Hook:
        item = get_args(type_)[0]
        if get_origin(type_) is tuple and not converter.detailed_validation:
            hook = fast_tuple(type_)
        else:
            list_type = list[item]  # type: ignore[valid-type]
            items = list_structure_factory(list_type, converter)
            hook = items if get_origin(type_) is list else lambda v, _: tuple(items(v, list_type))

        def structure(value: Any, type_: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise _not_an_array(value)
            return hook(value, type_)

        return _core(structure)

    return factory


_LENIENT_HOOKS: weakref.WeakSet[Hook] = weakref.WeakSet()
"""The list hooks :func:`register_lenient_lists` made: generated object hooks build their
items inline, as they do for a plain array."""


def _is_list(type_: Any) -> bool:
    return get_origin(type_) is list


def _lenient_items(value: Any) -> list[Any]:
    """The items of a lenient list that is not a ``list``: ``null`` has none, a lone object
    is one; anything else is a ``TypeError``."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [value]
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def register_lenient_lists(converter: cattrs.Converter) -> None:
    """Make ``list[X]`` also accept ``null`` (no items) and a lone object (one item), as an
    XML-to-JSON gateway may send them; anything else but a JSON array is a ``TypeError``.

    Registered after the converter's own array hooks, it wins for ``list`` (not ``tuple``).
    """

    def factory(list_type: Any) -> Hook:
        (item_type,) = get_args(list_type)
        item_hook = converter.get_structure_hook(item_type)

        def structure(value: Any, _: Any) -> list[Any]:
            if value.__class__ is not list:
                value = _lenient_items(value)
            return [item_hook(item, item_type) for item in value]

        _LENIENT_HOOKS.add(structure)
        return structure

    converter.register_structure_hook_factory(_is_list, factory)


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """A converter with aware datetimes; ``strict`` forbids unknown keys and validates in detail.

    Scalars are checked, not coerced blindly: ``"false"`` is ``False`` (never ``bool("false")``),
    ``null`` or an object is not a string, ``true`` is not an integer. Numbers are accepted
    as strings and digit strings as integers, as APIs send both.
    """
    converter = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=strict)
    for type_, hook in _SCALAR_HOOKS.items():
        converter.register_structure_hook(type_, hook)
    # StrEnum and IntEnum are str and int subclasses: without these, the scalar hooks above
    # would win the dispatch and hand back a plain str or int instead of the enum member.
    converter.register_structure_hook(StrEnum, _structure_enum)
    converter.register_structure_hook(IntEnum, _structure_enum)
    converter.register_structure_hook(datetime, parse_datetime)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_structure_hook_factory(_is_optional, _optional_hook(converter))
    converter.register_structure_hook_factory(_is_array, _array_hook(converter))
    converter.register_structure_hook_factory(attrs.has, lambda cl: make_object_hook(converter, cl))
    return converter


def structurer(
    converter: cattrs.Converter, type_: Any, field: str | None = None
) -> Callable[[Any], Any]:
    """A function structuring JSON as ``type_``, or giving that value's ``field`` (an
    envelope's ``data``); the hook is looked up (and generated) on the first call and kept, so
    nothing is built at import.

    It is :func:`~numbering_async._json.typed`: what it returns holds no raw JSON, unless
    ``type_`` has a field typed ``Any``, ``object`` or a mapping somewhere; it then asks for
    the exact decode (:func:`~numbering_async._json.require_exact`) on every call.
    """
    hook: Hook | None = None
    raw = False

    def structure(payload: Any) -> Any:
        nonlocal hook, raw
        if hook is None:
            hook = converter.get_structure_hook(type_)
            raw = _holds_raw_json(type_, set())
        if raw:
            require_exact()
        value = hook(payload, type_)
        return value if field is None else getattr(value, field)

    return typed(structure)


_RAW_ORIGINS = (dict, Mapping, object)


def _holds_raw_json(type_: Any, seen: set[Any]) -> bool:
    """Whether a value of ``type_`` may hold JSON as parsed (``Any``, a mapping, a bare list,
    a type variable left open), in any field of any class it holds."""
    if type_ is Any or isinstance(type_, TypeVar):
        return True
    origin = _origin(type_)
    if origin in _RAW_ORIGINS or (origin in (list, tuple) and not get_args(type_)):
        return True
    if type_ in seen:
        return False
    seen.add(type_)
    if attrs.has(origin):
        attrs.resolve_types(origin)
        parameters = getattr(origin, "__parameters__", ())
        mapping = dict(zip(parameters, get_args(type_) or parameters, strict=True))
        return any(
            field.type is None or _holds_raw_json(_substitute(field.type, mapping), seen)
            for field in attrs.fields(origin)
        )
    return any(_holds_raw_json(arg, seen) for arg in get_args(type_) if arg is not Ellipsis)


# -- required fields -----------------------------------------------------------------------

_MISSING = object()


class MissingFieldError(KeyError):
    """A JSON object lacks a field its model requires, or has ``null`` for it.

    A ``KeyError`` of the wire key, as a missing key always raised; its message names the model
    and the field (and the wire key where that differs).
    """

    def __init__(self, model: type, field: str, key: str, *, null: bool = False) -> None:
        super().__init__(key)
        self.model = model
        self.field = field
        self.key = key
        self.null = null

    def __str__(self) -> str:
        wire = f" (wire key {self.key!r})" if self.key != self.field else ""
        problem = "null" if self.null else "missing"
        return f"required field {self.model.__name__}.{self.field}{wire} is {problem}"


def _admits_null(type_: Any) -> bool:
    """Whether ``None`` is a value of ``type_`` (``X | None``, ``Any``...)."""
    if type_ in (Any, object, type(None)) or isinstance(type_, TypeVar):
        return True
    return get_origin(type_) in (Union, types.UnionType) and type(None) in get_args(type_)


_Required = tuple[str, str, bool]
"""A required field: its name, its wire key, and whether ``null`` is a value of its type."""


def _required_fields(cl: Any, wire_names: Mapping[str, str]) -> list[_Required]:
    """The required fields of attrs class ``cl`` (or a generic alias of one), in field order."""
    origin = _origin(cl)
    attrs.resolve_types(origin)
    mapping = _type_arguments(cl)
    return [
        (
            field.name,
            wire_names.get(field.name, field.name),
            field.type is None or _admits_null(_substitute(field.type, mapping)),
        )
        for field in attrs.fields(origin)
        if field.default is attrs.NOTHING
    ]


def _check_required(model: type, required: list[_Required], value: Mapping[str, Any]) -> None:
    """Raise :class:`MissingFieldError` for the first required field missing (or null)."""
    for field, key, nullable in required:
        found = value.get(key, _MISSING)
        if found is _MISSING or (found is None and not nullable):
            raise MissingFieldError(model, field, key, null=found is None)


def _first_missing(error: BaseException) -> MissingFieldError | None:
    """The first :class:`MissingFieldError` in a cattrs validation error's tree."""
    if isinstance(error, MissingFieldError):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = _first_missing(inner)
        if found is not None:
            return found
    return None


# -- generated object hooks ----------------------------------------------------------------

_Plan = tuple[Any, Mapping[str, str], Mapping[str, Hook]]
_GENERATED: weakref.WeakKeyDictionary[Hook, _Plan] = weakref.WeakKeyDictionary()
"""The hooks :func:`make_object_hook` generated (their type argument is optional), with what
they were made from (class, wire names, loaders), so an array of them can be inlined."""
_INLINE_DEPTH = 2
"""How many levels of arrays of objects a generated hook builds inline."""
_BUILDING: set[tuple[int, Any]] = set()
"""(converter id, class) of hooks being generated: a class that contains itself is structured
through the converter at run time instead of recursing forever."""


def make_object_hook(
    converter: cattrs.Converter,
    cl: Any,
    *,
    wire_names: Mapping[str, str] | None = None,
    loaders: Mapping[str, Hook] | None = None,
) -> Hook:
    """The structure hook of attrs class ``cl`` (or a generic alias of one) for ``converter``.

    ``wire_names`` maps a field to its key on the wire when that is not the field's name;
    ``loaders`` gives a field its own hook (called as ``hook(value, field type)``). Anything
    but a JSON object (a mapping) is refused with a ``TypeError``. A missing field takes its
    default; a missing required field (or a ``null`` one whose type does not allow it) is a
    :class:`MissingFieldError`, whatever else is wrong with the object.

    A converter that validates in detail or forbids unknown keys gets cattrs' generated hook
    (detailed messages); the others get a leaner generated function with the same results.
    Classes the lean hook cannot fill through their slots (no slots, validators, converters,
    ``__attrs_post_init__``...) get cattrs' hook too.
    """
    wire_names = wire_names or {}
    loaders = loaders or {}
    origin = _origin(cl)
    if converter.detailed_validation or converter.forbid_extra_keys or not slot_filled(origin):
        return _cattrs_object_hook(converter, cl, wire_names, loaders)
    key = (id(converter), cl)
    _BUILDING.add(key)
    try:
        return _ObjectHookSource(converter, cl).build(wire_names, loaders)
    finally:
        _BUILDING.discard(key)


def _cattrs_object_hook(
    converter: cattrs.Converter,
    cl: Any,
    wire_names: Mapping[str, str],
    loaders: Mapping[str, Hook],
) -> Hook:
    names = set(wire_names) | set(loaders)
    overrides: dict[str, Any] = {
        name: override(rename=wire_names.get(name), struct_hook=loaders.get(name)) for name in names
    }
    hook = make_dict_structure_fn(
        cl, converter, _cattrs_forbid_extra_keys=converter.forbid_extra_keys, **overrides
    )
    model, required = _origin(cl), _required_fields(cl, wire_names)

    def structure(value: Any, target: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _not_an_object(value)
        _check_required(model, required, value)
        try:
            return hook(value, target)
        except cattrs.BaseValidationError as exc:  # detailed: a nested object lacks a field
            missing = _first_missing(exc)
            if missing is None:
                raise
            raise MissingFieldError(
                missing.model, missing.field, missing.key, null=missing.null
            ) from exc

    return structure


def _not_an_object(value: Any) -> TypeError:
    return TypeError(f"expected a JSON object, got {type(value).__name__}")


def _origin(cl: Any) -> Any:
    """The class of ``cl``, a class or a generic alias of one (``Listing[NumberOrder]``)."""
    return get_origin(cl) or cl


def _type_arguments(cl: Any) -> dict[Any, Any]:
    """The type variables of a generic class's alias mapped to its arguments."""
    parameters = getattr(_origin(cl), "__parameters__", ())
    return dict(zip(parameters, get_args(cl) or parameters, strict=True))


def _substitute(type_: Any, mapping: Mapping[Any, Any]) -> Any:
    """``type_`` with the type variables of a generic class replaced by its arguments."""
    if isinstance(type_, TypeVar):
        return mapping.get(type_, type_)
    parameters = getattr(type_, "__parameters__", ())
    if parameters:
        return type_[tuple(mapping.get(parameter, parameter) for parameter in parameters)]
    return type_


class _ObjectHookSource:
    """The source code of one generated object hook, and the names it uses."""

    def __init__(self, converter: cattrs.Converter, cl: Any) -> None:
        self.converter = converter
        self.cl = cl
        self.names: dict[str, Any] = {
            "_new": object.__new__,
            "_Mapping": Mapping,
            "_not_an_object": _not_an_object,
            "_not_an_array": _not_an_array,
            "_lenient_items": _lenient_items,
            "_UTC": UTC,
            "_MISSING": _MISSING,
            "_missing": MissingFieldError,
            "_map": map,
            "_repeat": itertools.repeat,
            "_int_seen": _TEXT_INTS.get,
            "_int_text": _int_text,
            # The builtins it uses, read like its other names.
            **{builtin.__name__: builtin for builtin in (dict, int, isinstance, list, str, tuple)},
        }
        self.named: dict[int, str] = {id(value): name for name, value in self.names.items()}
        self.loops = False
        self.lines: list[str] = []

    def name(self, value: Any) -> str:
        """A name the generated code refers to ``value`` by (one name per object)."""
        name = self.named.get(id(value))
        if name is None:
            name = self.named[id(value)] = f"_v{len(self.names)}"
            self.names[name] = value  # kept alive, so its id stays its own
        return name

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def build(self, wire_names: Mapping[str, str], loaders: Mapping[str, Hook]) -> Hook:
        """Compile the hook: check the object, then set every field from its key or default."""
        self.object((self.cl, wire_names, loaders), "o", "res", 0, 1)
        self.emit(1, "return res")
        function = f"structure_{_origin(self.cl).__name__}"
        source = f"def {function}(o, _=None):\n" + "\n".join(self.lines) + "\n"
        if self.loops:
            # Its names are the arguments of a function making it: in a loop, a closure's
            # names load faster than globals (elsewhere, copying them in costs more).
            body = "".join(f"    {line}" for line in source.splitlines(True))
            source = f"def make({', '.join(self.names)}):\n{body}    return {function}\n"
        filename = f"<numbering_async generated {function} {id(self.names):x}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        code = compile(source, filename, "exec")
        namespace = dict(self.names)
        exec(code, namespace)  # the source is built above from field names and types only
        hook: Hook = namespace["make"](**self.names) if self.loops else namespace[function]
        _GENERATED[hook] = (self.cl, wire_names, loaders)
        return hook

    def object(self, plan: _Plan, source: str, target: str, level: int, depth: int) -> None:
        """Lines that set ``target`` to the instance the JSON object ``source`` stands for.

        ``level`` counts the arrays of objects built inline around it (its names get it as a
        suffix); ``v`` holds the JSON value of a field with a default, ``x`` a value being
        converted.
        """
        cl, wire_names, loaders = plan
        origin = _origin(cl)
        attrs.resolve_types(origin)
        mapping = _type_arguments(cl)
        self.emit(depth, f"if {source}.__class__ is not dict:")
        self.emit(depth + 1, f"if not isinstance({source}, _Mapping):")
        self.emit(depth + 2, f"raise _not_an_object({source})")
        # Required fields are looked up first (into locals), so that one missing or null is
        # reported whatever else is wrong, as the cattrs path checks them first too.
        required: dict[str, str] = {}
        model = self.name(origin)
        for field_name, key, nullable in _required_fields(cl, wire_names):
            local = required[field_name] = f"q{level}_{len(required)}"
            self.emit(depth, "try:")
            self.emit(depth + 1, f"{local} = {source}[{key!r}]")
            self.emit(depth, "except KeyError:")
            self.emit(depth + 1, f"raise _missing({model}, {field_name!r}, {key!r}) from None")
            if not nullable:
                self.emit(depth, f"if {local} is None:")
                self.emit(depth + 1, f"raise _missing({model}, {field_name!r}, {key!r}, null=True)")
        fields = attrs.fields(origin)
        get = f"get{level or ''}"
        if len(required) < len(fields):
            self.emit(depth, f"{get} = {source}.get")
        # Filled as the mutable twin, then switched to the model (see mutable_twin).
        twin = mutable_twin(origin)
        assert twin is not None  # slot_filled(origin)
        self.emit(depth, f"{target} = " + empty_instance(twin).format(self.name(twin)))
        # Fields with a default first, then the required ones, as cattrs orders them: the
        # same payload fails with the same error.
        for field in sorted(fields, key=lambda field: field.default is attrs.NOTHING):
            type_ = Any if field.type is None else _substitute(field.type, mapping)
            key = wire_names.get(field.name, field.name)
            loader = loaders.get(field.name)
            slot = f"{target}.{field.name}"
            if field.default is attrs.NOTHING:
                self.value(type_, loader, required[field.name], slot, level, depth)
            elif field.default is None and loader is None and self.null_is_none(type_):
                # Missing or null: None either way, with one lookup.
                inner = _non_null(type_)
                hook = self.converter.get_structure_hook(inner)
                if _SCALAR_HOOKS.get(inner) is hook:  # kept as it is unless of another type
                    self.emit(depth, f"x = {get}({key!r})")
                    self.emit(depth, f"if x is not None and x.__class__ is not {self.name(inner)}:")
                    self.emit(depth + 1, f"x = {self.convert('x', inner, hook)}")
                    self.emit(depth, f"{slot} = x")
                else:
                    self.emit(depth, f"v = {get}({key!r})")
                    self.value(type_, None, "v", slot, level, depth)
            else:
                self.emit(depth, f"v = {get}({key!r}, _MISSING)")
                self.emit(depth, "if v is _MISSING:")
                if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                    self.emit(depth + 1, f"{slot} = {self.name(field.default.factory)}()")
                else:
                    self.emit(depth + 1, f"{slot} = {self.name(field.default)}")
                self.emit(depth, "else:")
                self.value(type_, loader, "v", slot, level, depth + 1)
        self.emit(depth, f"{target}.__class__ = {model}")

    def value(
        self, type_: Any, loader: Hook | None, value: str, slot: str, level: int, depth: int
    ) -> None:
        """Lines that set ``slot`` from the JSON value ``value``, as the converter's hook would."""
        if loader is not None:
            self.emit(depth, f"{slot} = {self.name(loader)}({value}, {self.name(type_)})")
            return
        if self.recursive(type_):  # late binding: its hook is not made yet
            structure = self.name(self.converter.structure)
            self.emit(depth, f"{slot} = {structure}({value}, {self.name(type_)})")
            return
        hook = self.converter.get_structure_hook(type_)
        if hook is _structure_enum:
            self.emit(depth, "try:")
            self.emit(depth + 1, f"{slot} = {self.name(type_._value2member_map_)}[{value}]")
            self.emit(depth, "except (KeyError, TypeError):")
            self.emit(depth + 1, f"{slot} = {self.name(hook)}({value}, {self.name(type_)})")
        elif hook is parse_datetime:
            self.emit(depth, f"if {value}.__class__ is str:")
            self.emit(depth + 1, f"x = {self.name(datetime.fromisoformat)}({value})")
            self.emit(depth + 1, "if x.tzinfo is None:")
            self.emit(depth + 2, "x = x.replace(tzinfo=_UTC)")
            self.emit(depth, "else:")
            self.emit(depth + 1, f"x = {self.name(hook)}({value})")
            self.emit(depth, f"{slot} = x")
        elif hook in _CORE_HOOKS and _is_optional(type_):
            inner = _non_null(type_)
            self.emit(depth, f"if {value} is None:")
            self.emit(depth + 1, f"{slot} = None")
            self.emit(depth, "else:")
            self.value(inner, None, value, slot, level, depth + 1)
        elif hook in _LENIENT_HOOKS:
            self.emit(depth, f"if {value}.__class__ is not list:")
            self.emit(depth + 1, f"{value} = _lenient_items({value})")
            self.array(type_, value, slot, level, depth)
        elif hook in _CORE_HOOKS and _is_array(type_):
            self.emit(
                depth,
                f"if {value}.__class__ is not list and not isinstance({value}, (list, tuple)):",
            )
            self.emit(depth + 1, f"raise _not_an_array({value})")
            self.array(type_, value, slot, level, depth)
        elif _SCALAR_HOOKS.get(type_) is hook:  # kept as it is unless of another type
            self.emit(depth, f"if {value}.__class__ is not {self.name(type_)}:")
            self.emit(depth + 1, f"{value} = {self.convert(value, type_, hook)}")
            self.emit(depth, f"{slot} = {value}")
        else:
            self.emit(depth, f"{slot} = {self.name(hook)}({value}, {self.name(type_)})")

    def null_is_none(self, type_: Any) -> bool:
        """Whether ``type_`` is ``X | None`` with this module's hook (``null`` is ``None``)."""
        return (
            _is_optional(type_)
            and not self.recursive(type_)
            and self.converter.get_structure_hook(type_) in _CORE_HOOKS
        )

    def recursive(self, type_: Any) -> bool:
        """Whether ``type_`` holds a class whose hook is being generated (a class that
        contains itself, directly or through others)."""
        if (id(self.converter), type_) in _BUILDING:
            return True
        return any(self.recursive(arg) for arg in get_args(type_))

    def array(self, type_: Any, value: str, slot: str, level: int, depth: int) -> None:
        """Lines that set ``slot`` from the JSON array ``value`` (a list or a tuple, by
        ``type_``)."""
        item = get_args(type_)[0]
        container = "tuple" if get_origin(type_) is tuple else "list"
        hook = self.converter.get_structure_hook(item)
        if _SCALAR_HOOKS.get(item) is hook:
            # Copied as is unless an element is not of the type (then each goes the hook).
            self.emit(depth, f"x = {container}({value})")
            self.emit(depth, "for e in x:")
            self.emit(depth + 1, f"if e.__class__ is not {self.name(item)}:")
            elements = f"[{self.scalar('e', item, hook)} for e in {value}]"
            self.emit(
                depth + 2, f"x = tuple({elements})" if container == "tuple" else f"x = {elements}"
            )
            self.emit(depth + 2, "break")
            self.emit(depth, f"{slot} = x")
            return
        plan = _GENERATED.get(hook)
        if plan is not None and level < _INLINE_DEPTH:
            # Objects built in a loop here, without a call per element.
            self.loops = True
            inner = level + 1
            items, element, made = f"items{inner}", f"e{inner}", f"r{inner}"
            self.emit(depth, f"{items} = []")
            self.emit(depth, f"for {element} in {value}:")
            self.object(plan, element, made, inner, depth + 1)
            self.emit(depth + 1, f"{items}.append({made})")
            self.emit(
                depth, f"{slot} = tuple({items})" if container == "tuple" else f"{slot} = {items}"
            )
            return
        if plan is not None:  # takes the value alone
            call = f"_map({self.name(hook)}, {value})"
        else:
            call = f"_map({self.name(hook)}, {value}, _repeat({self.name(item)}))"
        self.emit(depth, f"if not {value}:")
        self.emit(depth + 1, f"{slot} = ()" if container == "tuple" else f"{slot} = []")
        self.emit(depth, "else:")
        self.emit(depth + 1, f"{slot} = {container}({call})")

    def scalar(self, value: str, type_: Any, hook: Hook) -> str:
        """``hook(value, type_)``, skipped for a JSON value that already has its scalar type
        (and, for ``int``, for a string of ASCII digits, which the hook would turn into one)."""
        if _SCALAR_HOOKS.get(type_) is not hook:
            return f"{self.name(hook)}({value}, {self.name(type_)})"
        converted = self.convert(value, type_, hook)
        return f"{value} if {value}.__class__ is {self.name(type_)} else {converted}"

    def convert(self, value: str, type_: Any, hook: Hook) -> str:
        """``hook(value, type_)`` for a ``value`` not of scalar type ``type_`` (for ``int``, a
        string is looked up in :data:`_TEXT_INTS` first, and one of more than 3 ASCII digits
        is turned into one without a call)."""
        call = f"{self.name(hook)}({value}, {self.name(type_)})"
        if type_ is int:
            digits = f"{value}.isascii() and {value}.isdigit()"
            longer = f"int({value}) if len({value}) > 3 and {digits} else _int_text({value})"
            return f"((_int_seen({value}) or ({longer})) if {value}.__class__ is str else {call})"
        return call
