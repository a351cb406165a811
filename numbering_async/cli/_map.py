"""``numbering-async map`` output: the tile-grid map as SVG, HTML, or in the terminal (rich)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Final

from rich.columns import Columns
from rich.console import Console, Group
from rich.text import Text

from numbering_async.history import MapPanel, render_html, render_svg
from numbering_async.history._tiles import COLUMNS, NO_DATA, ROWS, TILES, ink

__all__ = ["MAP_FORMATS", "write_map"]

MAP_FORMATS: Final = ("svg", "html")
"""The formats that ``scan`` and ``map`` write as files."""

_AT: Final = {position: code for code, position in TILES.items()}


def _terminal_panel(panel: MapPanel) -> Group:
    lines = [Text(panel.title, style="bold")]
    for row in range(ROWS):
        line = Text()
        for column in range(COLUMNS):
            code = _AT.get((column, row))
            if code is None:
                line.append("    ")
                continue
            fill = panel.scale.colour(panel.values.get(code))
            style = "dim" if fill == NO_DATA else f"{ink(fill)} on {fill}"
            line.append(f" {code} ", style=style)
            line.append(" ")
        lines.append(line)
    legend = Text()
    for _, colour, label in panel.scale.bins:
        legend.append("  ", style=f"on {colour}")
        legend.append(f" {label}  ")
    lines.append(legend)
    return Group(*lines)


def write_map(
    panels: Sequence[MapPanel],
    fmt: str,
    out: IO[str],
    *,
    title: str,
    subtitle: str,
    console: Console,
) -> None:
    """The map as ``svg``, ``html`` or (anything else) coloured tiles on ``console``."""
    if fmt == "svg":
        out.write(render_svg(panels, title=title, subtitle=subtitle))
    elif fmt == "html":
        out.write(render_html(panels, title=title, subtitle=subtitle))
    else:
        console.print(Text(title, style="bold"))
        console.print(Text(subtitle, style="dim"))
        console.print(Columns([_terminal_panel(panel) for panel in panels], padding=(1, 4)))
