"""The leak check of every secrets test: any 8 characters of the key in a row is a leak.

A check for the whole key misses what a cut leaves (``sk_live_7H3s`` of a longer key), so
these helpers look for every run of :data:`RUN` consecutive characters of the key, and walk
everything a value shows: ``str``, ``repr``, attributes, arguments and causes of errors, the
fields of attrs objects (request events), dict keys and values, list items.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

__all__ = ["RUN", "KeyScan", "texts_of"]

RUN = 8
"""The shortest run of the key's characters that counts as a leak."""


class KeyScan:
    """Finds runs of :data:`RUN` characters of one key in text (one regex pass per text)."""

    def __init__(self, key: str) -> None:
        assert len(key) >= RUN, "the leak check needs a key of at least 8 characters"
        self.key = key
        self.runs = sorted({key[i : i + RUN] for i in range(len(key) - RUN + 1)})
        self._pattern = re.compile("|".join(map(re.escape, self.runs)))

    def runs_in(self, text: str) -> list[str]:
        """The runs of the key that ``text`` shows (empty: nothing of it)."""
        return [run for run in self.runs if run in text] if self._pattern.search(text) else []

    def leaks(self, *values: Any) -> list[str]:
        """Every text shown by ``values`` (see :func:`texts_of`) that holds a run of the key."""
        seen: set[int] = set()
        return [text for value in values for text in texts_of(value, seen) if self.runs_in(text)]

    def log_leaks(self, records: Iterable[logging.LogRecord]) -> list[str]:
        """Every log message (and formatted traceback) that holds a run of the key."""
        texts = [text for record in records for text in (record.getMessage(), record.exc_text)]
        return [text for text in texts if text and self.runs_in(text)]


def texts_of(value: Any, seen: set[int] | None = None) -> Iterator[str]:
    """Every string ``value`` shows: its str and repr, and those of its parts and causes."""
    seen = set() if seen is None else seen
    if id(value) in seen or value is None:
        return
    seen.add(id(value))
    yield str(value)
    yield repr(value)
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts_of(key, seen)
            yield from texts_of(item, seen)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_of(item, seen)
    elif isinstance(value, BaseException):
        yield from texts_of(vars(value), seen)
        yield from texts_of(value.args, seen)
        yield from texts_of(value.__cause__, seen)
        yield from texts_of(value.__context__, seen)
    elif attrs.has(type(value)):
        yield from texts_of(attrs.asdict(value, recurse=False), seen)
