"""The tile-grid map's data: where each state's tile sits, and what colour it gets.

One square tile per US state (and DC) and Canadian province or territory, in the familiar
tile-grid layout (Canada above, the US below), each coloured by the numbers available there.
A panel per provider shows counts on one scale shared by all of them; a diff panel shows the
change from an earlier scan on a diverging scale. Rendering is elsewhere
(:mod:`numbering_async.history._svg`, and the command's terminal version).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from numbering_async.history._model import ResultLike, SavedScan

__all__ = [
    "COLUMNS",
    "ROWS",
    "TILES",
    "MapPanel",
    "Scale",
    "change_scale",
    "count_panels",
    "count_scale",
    "diff_panel",
    "ink",
    "map_panels",
]

_GRID: Final = (
    ".. YT NT NU .. .. .. .. .. NL ..",
    ".. BC AB SK MB ON QC .. NB PE NS",
    "AK .. .. .. .. .. .. .. .. .. ME",
    ".. .. .. .. .. .. .. .. .. VT NH",
    "WA ID MT ND MN IL WI MI NY RI MA",
    "OR NV WY SD IA IN OH PA NJ CT ..",
    "CA UT CO NE MO KY WV VA MD DE ..",
    ".. AZ NM KS AR TN NC SC DC .. ..",
    ".. .. .. OK LA MS AL GA .. .. ..",
    "HI .. .. TX .. .. .. .. FL .. ..",
)
"""Rows of the grid, three characters a column: a state, province or territory, or ``..``."""

TILES: Final[dict[str, tuple[int, int]]] = {
    code: (column, row)
    for row, line in enumerate(_GRID)
    for column, code in enumerate(line[i : i + 2] for i in range(0, len(line), 3))
    if code.isalpha()
}
"""Each code's ``(column, row)`` on the grid: 51 US (with DC) and 13 Canadian tiles."""

COLUMNS: Final = 1 + max(column for column, _ in TILES.values())
ROWS: Final = len(_GRID)

NO_DATA: Final = "#ffffff"
"""Not scanned, or its query failed."""
NONE_LEFT: Final = "#e8e8e8"
"""Scanned: no numbers (or no change, on a diff panel)."""
_COUNT_COLOURS: Final = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
_FEWER_COLOURS: Final = ("#f1a340", "#b35806")
_MORE_COLOURS: Final = ("#998ec3", "#542788")


def ink(fill: str) -> str:
    """The text colour that reads on ``fill`` (``#rrggbb``): dark on light, white on dark."""
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#111111" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#ffffff"


@attrs.frozen(slots=True)
class Scale:
    """Colour bins: ``(lowest value, colour, legend label)`` in order."""

    bins: tuple[tuple[float, str, str], ...]

    def colour(self, value: int | None) -> str:
        """The colour of ``value`` (:data:`NO_DATA` for ``None``)."""
        if value is None:
            return NO_DATA
        chosen = NO_DATA
        for lowest, colour, _ in self.bins:
            if value >= lowest:
                chosen = colour
        return chosen


@attrs.frozen(slots=True)
class MapPanel:
    """One map: a value per state (``None`` where unknown), a title and its colour scale."""

    title: str
    values: Mapping[str, int | None]
    scale: Scale
    kind: str
    """``count`` or ``change``."""


def _nice(value: float) -> int:
    """``value`` rounded up to 1, 2 or 5 times a power of ten."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(int(step * power) for step in (1, 2, 5, 10) if step * power >= value)


def count_scale(largest: int) -> Scale:
    """Zero, then five bins up to ``largest``, with round edges."""
    edges = sorted({1, *(_nice(largest * share) for share in (0.1, 0.25, 0.5, 0.75))})
    bins = [(0.0, NONE_LEFT, "0")]
    for index, lowest in enumerate(edges):
        top = edges[index + 1] - 1 if index + 1 < len(edges) else None
        if top is None:
            label = f"{lowest:,}+"
        else:
            label = f"{lowest:,}" if top == lowest else f"{lowest:,}-{top:,}"
        bins.append((float(lowest), _COUNT_COLOURS[index + 5 - len(edges)], label))
    return Scale(tuple(bins))


def change_scale(largest: int) -> Scale:
    """Fewer (two shades), no change, more (two shades), split at half the largest change."""
    half = _nice(max(largest, 2) / 2)
    return Scale(
        (
            (-math.inf, _FEWER_COLOURS[1], f"-{half:,} or less"),
            (-half + 1, _FEWER_COLOURS[0], "fewer"),
            (0.0, NONE_LEFT, "no change"),
            (1.0, _MORE_COLOURS[0], "more"),
            (float(half), _MORE_COLOURS[1], f"+{half:,} or more"),
        )
    )


def _by_state(results: Iterable[ResultLike], provider: str) -> dict[str, int | None]:
    """Numbers per state of ``provider``; a state under a failed query is unknown (``None``)."""
    totals: dict[str, int | None] = {}
    for result in results:
        if result.provider != provider:
            continue
        if result.rows is None:
            if result.query.state in TILES:
                totals[result.query.state] = None
            continue
        for row in result.rows:
            if row.state in TILES and (row.state not in totals or totals[row.state] is not None):
                totals[row.state] = (totals.get(row.state) or 0) + row.count
    return totals


def _scanned(results: Iterable[ResultLike]) -> set[str]:
    """The states a scan has any answer for, from any provider."""
    found = {r.query.state for r in results if r.query.state in TILES}
    found.update(row.state for r in results for row in r.rows or () if row.state in TILES)
    return {state for state in found if state is not None}


def _filled(results: Sequence[ResultLike], provider: str) -> dict[str, int | None]:
    """:func:`_by_state`, with 0 for every other scanned state."""
    return {**dict.fromkeys(_scanned(results), 0), **_by_state(results, provider)}


def count_panels(results: Sequence[ResultLike], providers: Sequence[str]) -> list[MapPanel]:
    """One panel per provider, on one shared scale."""
    values = {provider: _filled(results, provider) for provider in providers}
    largest = max((v or 0 for found in values.values() for v in found.values()), default=0)
    scale = count_scale(largest)
    return [MapPanel(provider, values[provider], scale, "count") for provider in providers]


def diff_panel(old: SavedScan, new: SavedScan) -> MapPanel:
    """The change in all providers' numbers per state from ``old`` to ``new``.

    Only states both scans cover are coloured; one with a failed query in either is blank.
    """
    shared = [p for p in new.summary.providers if p in old.summary.providers]
    both = _scanned(old.results) & _scanned(new.results)
    before = [_by_state(old.results, p) for p in shared]
    after = [_by_state(new.results, p) for p in shared]
    change: dict[str, int | None] = {}
    for state in both:
        was = [found.get(state, 0) for found in before]
        now = [found.get(state, 0) for found in after]
        unknown = None in was or None in now
        change[state] = None if unknown else sum(n or 0 for n in now) - sum(w or 0 for w in was)
    largest = max((abs(v) for v in change.values() if v is not None), default=0)
    return MapPanel(f"change since scan {old.id}", change, change_scale(largest), "change")


def map_panels(scan: SavedScan, against: SavedScan | None = None) -> list[MapPanel]:
    """A panel per provider of ``scan`` and, given an earlier scan, one of the change."""
    panels = count_panels(scan.results, scan.summary.providers)
    return panels if against is None else [*panels, diff_panel(against, scan)]
