"""Names of a package imported on first use (PEP 562), so that importing it stays light.

A package lists such names (``{name: module that defines it}``, or ``"module:attribute"`` for
a name the module calls otherwise) and its submodules not imported eagerly, and gets the
module-level ``__getattr__`` and ``__dir__`` that make them behave like plain globals:
``from package import Name``, ``package.Name``, ``package.submodule`` and ``dir(package)`` all
work as if everything had been imported up front.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    namespace: dict[str, Any], names: Mapping[str, str], submodules: Collection[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for the module whose globals are ``namespace``.

    ``__getattr__`` imports the module that defines one of ``names`` (once: the name then
    becomes a plain global) or one of ``submodules``; any other name is an ``AttributeError``.
    ``__dir__`` lists the globals and ``__all__``, names not yet imported included.
    """
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        source = names.get(name)
        if source is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = source.partition(":")
        value = getattr(importlib.import_module(module), attribute or name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *namespace["__all__"], *submodules})

    return __getattr__, __dir__
