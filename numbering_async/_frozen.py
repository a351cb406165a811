"""Frozen attrs instances made without their ``__init__``'s cost, as the same objects.

A frozen slotted attrs class's ``__init__`` stores each field through ``object.__setattr__``
(its own ``__setattr__`` refuses), a call per field. :func:`mutable_twin` gives such a class a
private subclass with the same layout whose fields take plain slot stores; an instance filled
as the twin is then given its real class by assigning ``__class__``, which CPython allows
between classes of one layout. The result is the very object ``__init__`` would have made:
frozen, of the real class, equal and hashed the same. The twin never escapes.

:func:`slot_filled` says which classes this is sound for (an ``__init__`` that does nothing
but store the fields), :func:`maker` builds a positional constructor from it, and the
generated object hooks of ``_converter`` fill models the same way.
"""

from __future__ import annotations

import types
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["empty_instance", "maker", "mutable_twin", "slot_filled"]

T = TypeVar("T")


def slot_filled(cl: type) -> bool:
    """Whether an instance of ``cl`` is fully made by setting each field's slot.

    True for slotted attrs classes whose ``__init__`` does nothing but assign the fields (no
    validators, converters, init hooks, fields outside ``__init__``, or extra slots such as a
    hash cache). Instances made so are the same frozen objects ``__init__`` makes.
    """
    if any("__dict__" in vars(base) for base in cl.__mro__[:-1]) or not all(
        "__slots__" in vars(base) for base in cl.__mro__[:-1]
    ):
        return False
    if hasattr(cl, "__attrs_pre_init__") or hasattr(cl, "__attrs_post_init__"):
        return False
    fields = attrs.fields(cl)
    slots = {name for base in cl.__mro__[:-1] for name in vars(base)["__slots__"]}
    if mutable_twin(cl) is None:
        return False
    return slots - {"__weakref__"} == {field.name for field in fields} and all(
        field.init
        and field.validator is None
        and field.converter is None
        and not (isinstance(field.default, attrs.Factory) and field.default.takes_self)  # type: ignore[arg-type]
        and isinstance(getattr(cl, field.name, None), types.MemberDescriptorType)
        for field in fields
    )


_TWINS: weakref.WeakKeyDictionary[type, type] = weakref.WeakKeyDictionary()


def mutable_twin(cl: type) -> type | None:
    """A subclass of slotted class ``cl`` whose instances take plain attribute assignment,
    and can then be turned into ``cl`` instances by assigning ``__class__``.

    It adds no slot and no ``__dict__``, so its layout is ``cl``'s and CPython allows the
    ``__class__`` assignment; ``__setattr__`` and ``__delattr__`` are ``object``'s, so a store
    into a field is a plain slot store; ``__init__`` is ``object``'s, so calling the twin with
    no argument makes an empty instance (see :func:`empty_instance`). ``None`` if ``cl`` does
    not allow it (a class whose ``__init_subclass__`` refuses, a layout CPython will not
    switch). Made once per class.
    """
    twin = _TWINS.get(cl)
    if twin is not None:
        return twin
    try:
        twin = type(
            f"_Mutable{cl.__name__}",
            (cl,),
            {
                "__slots__": (),
                "__init__": object.__init__,
                "__setattr__": object.__setattr__,
                "__delattr__": object.__delattr__,
                "__module__": __name__,
                "__qualname__": f"mutable_twin({cl.__qualname__})",
            },
        )
        probe: Any = object.__new__(twin)
        probe.__class__ = cl
    except TypeError:
        return None
    _TWINS[cl] = twin
    return twin


def empty_instance(twin: type) -> str:
    """How generated code makes an empty ``twin`` (``{}`` stands for its name): calling it,
    cheaper than ``object.__new__(twin)``, where that runs only ``object``'s ``__new__`` and
    ``__init__`` (no ``__new__`` of the model's, no metaclass ``__call__``); else
    ``_new({})``, with ``_new`` bound to ``object.__new__``."""
    new: object = twin.__new__  # typed as an object: mypy sees two unrelated overloads
    if type(twin).__call__ is type.__call__ and new is object.__new__:
        return "{}()"
    return "_new({})"


def maker(cl: type[T]) -> Callable[..., T]:
    """A constructor of ``cl`` taking every field positionally, in ``attrs.fields`` order.

    ``maker(cl)(*values)`` is the instance ``cl``'s ``__init__`` makes of those field values,
    whatever the fields' names, aliases or ``kw_only``: made through the mutable twin where
    :func:`slot_filled` allows it, else by ``__init__`` itself (each value passed by its
    field's alias). Build it once per class, at import: on the twin, each call costs an empty
    instance, one store per field and the ``__class__`` assignment.
    """
    plain: type = cl
    fields = attrs.fields(plain)
    values = [f"v{index}" for index in range(len(fields))]
    lines = [f"def make_{cl.__name__}({', '.join(values)}):"]
    if slot_filled(cl):
        twin = mutable_twin(cl)
        lines.append("    self = " + empty_instance(twin).format("_twin"))  # type: ignore[arg-type]
        lines += [f"    self.{field.name} = v{index}" for index, field in enumerate(fields)]
        lines += ["    self.__class__ = _cl", "    return self"]
    else:
        twin = None
        given = ", ".join(f"{field.alias}=v{index}" for index, field in enumerate(fields))
        lines.append(f"    return _cl({given})")
    namespace: dict[str, Any] = {"_twin": twin, "_cl": cl, "_new": object.__new__}
    exec("\n".join(lines), namespace)  # source built above from the class's own fields
    make: Callable[..., T] = namespace[f"make_{cl.__name__}"]
    make.__qualname__ = f"maker({cl.__qualname__})"
    return make
