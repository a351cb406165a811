"""What a scan asks: coverage queries from ``--npa``, ``--state``, ``--npa-nxx`` or an
``--input`` CSV file, each once, all checked before anything is sent."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Final

import click

from numbering_async.cli._base import _note, _renamed, _split
from numbering_async.coverage import CoverageQuery
from numbering_async.errors import InvalidRequestError

_CSV_COLUMNS: Final = ("npa", "nxx", "state", "locality")
_BLOCK: Final = re.compile(r"[0-9]{3}-?[0-9]{3}")


def _state_blocks(state: str, option: str) -> list[CoverageQuery]:
    """One query per NANP NPA-NXX block of ``state``, from :mod:`numbering_async.nanp`."""
    from numbering_async import nanp

    blocks = [CoverageQuery(npa=b.npa, nxx=b.nxx) for b in nanp.blocks(state=state)]
    if not blocks:
        raise InvalidRequestError(option, f"no NANP blocks are known in {state!r}")
    return blocks


def _is_block(spec: str) -> bool:
    """``201-555`` or ``201555`` (the shape only: the values are checked by the query)."""
    return _BLOCK.fullmatch(spec) is not None


def _spec_queries(spec: str, option: str) -> list[CoverageQuery]:
    """``201`` (an NPA), ``201-555`` or ``201555`` (a block), ``NJ`` (each block of a state)."""
    text = spec.strip()
    try:
        if len(text) == 2 and text.isalpha():
            return _state_blocks(text, option)
        if _is_block(text):
            return [CoverageQuery(npa=text[:3], nxx=text[-3:])]
        return [CoverageQuery(npa=text)]
    except InvalidRequestError as exc:
        raise _renamed(exc, option) from None


def _file_queries(path: str) -> list[CoverageQuery]:
    """Queries from a CSV file (``-``: standard input), each once (see :func:`_once_each`).

    Either a first line naming some of ``npa, nxx, state, locality`` (then one query per
    row, as given), or one spec per line in the first column, as ``--npa``, ``--state`` and
    ``--npa-nxx`` take them. Blank lines and lines starting with ``#`` are skipped. The whole
    file is read before anything is sent: a bad line, or a file that is not UTF-8 CSV text,
    raises :class:`InvalidRequestError` naming it.
    """
    try:
        queries = list(_csv_queries(path))
    except (UnicodeDecodeError, csv.Error) as exc:
        name = "standard input" if path == "-" else path
        raise InvalidRequestError("--input", f"{name} is not a UTF-8 CSV file ({exc})") from None
    return _once_each(queries, "--input")


@contextlib.contextmanager
def _input_text(path: str) -> Iterator[IO[str]]:
    """``path`` opened as UTF-8 text for :mod:`csv`; ``-`` is standard input (left open)."""
    if path != "-":
        with open(path, encoding="utf-8", newline="") as file:
            yield file
        return
    text = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
    try:
        yield text
    finally:
        text.detach()


def _csv_queries(path: str) -> Iterator[CoverageQuery]:
    with _input_text(path) as file:
        header: list[str] | None = None
        for number, row in enumerate(csv.reader(file), start=1):
            cells = [cell.strip() for cell in row]
            where = f"--input line {number}"
            if not any(cells) or cells[0].startswith("#"):
                continue
            if number == 1 and cells[0].lower() in _CSV_COLUMNS:
                header = [cell.lower() for cell in cells]
                unknown = sorted(set(header) - set(_CSV_COLUMNS))
                if unknown:
                    raise InvalidRequestError(where, f"unknown column(s) {', '.join(unknown)}")
            elif header is None:
                yield from _spec_queries(cells[0], where)
            else:
                values = {name: value or None for name, value in zip(header, cells, strict=False)}
                try:
                    yield CoverageQuery(
                        npa=values.get("npa"),
                        nxx=values.get("nxx"),
                        state=values.get("state"),
                        locality=values.get("locality"),
                    )
                except InvalidRequestError as exc:
                    raise _renamed(exc, where) from None


_SHAPES: Final = {
    "--npa": "an NPA like 201",
    "--state": "a state like NJ",
    "--npa-nxx": "a block like 201-555",
}


def _scan_queries(
    npas: Sequence[str], states: Sequence[str], blocks: Sequence[str]
) -> tuple[list[CoverageQuery], str]:
    """The queries of a scan given as options, and its title."""
    queries: list[CoverageQuery] = []
    labels: list[str] = []
    for option, specs, shape in (
        ("--npa", npas, str.isdigit),
        ("--state", states, str.isalpha),
        ("--npa-nxx", blocks, _is_block),
    ):
        for spec in _split(specs):
            if not shape(spec):
                raise click.BadParameter(f"{spec!r} is not {_SHAPES[option]}", param_hint=option)
            found = _spec_queries(spec, option)
            queries += found
            labels.append(f"{spec.upper()} ({len(found)} blocks)" if option == "--state" else spec)
    if not queries:
        raise click.UsageError("say what to scan: --npa, --state, --npa-nxx or --input")
    return _once_each(queries, "--npa"), f"Coverage of {', '.join(labels)}"


def _once_each(queries: list[CoverageQuery], where: str) -> list[CoverageQuery]:
    """``queries`` without repeats and without the blocks of NPAs scanned whole, which would
    count the same numbers twice (``--npa 201 --state NJ``); ``where`` names where the whole
    NPAs were given, for the note that says so."""
    unique = list(dict.fromkeys(queries))
    whole = {q.npa for q in unique if q.nxx is None and q.state is None and q.locality is None}
    kept = [q for q in unique if q.nxx is None or q.npa not in whole]
    if len(kept) < len(unique):
        inside = len(unique) - len(kept)
        _note(f"{inside} of the blocks asked for lie in an NPA given with {where}: scanned once")
    return kept


def _what_to_scan(
    npa: Sequence[str], state: Sequence[str], npa_nxx: Sequence[str], path: str | None
) -> tuple[list[CoverageQuery], str]:
    """The queries of ``scan`` (and ``watch``) and their title."""
    if path is not None and (npa or state or npa_nxx):
        raise click.UsageError("give either --input or --npa/--state/--npa-nxx, not both")
    if path is not None:  # a bad line is bad data (status 1), found before anything is sent
        name = "standard input" if path == "-" else os.path.basename(path)
        return _file_queries(path), f"Coverage of {name}"
    try:
        return _scan_queries(npa, state, npa_nxx)
    except InvalidRequestError as exc:
        raise click.UsageError(str(exc), click.get_current_context()) from None
