"""The tile-grid map as plain SVG, or as one self-contained HTML file (no scripts, no fetches).

Every tile is a ``<g class="tile" data-code="NJ" data-value="1234">`` holding a ``<rect>``
filled with its colour, a ``<text>`` label and a ``<title>`` tooltip; every panel is a
``<g class="panel" data-title="...">`` with its legend (``<g class="legend">``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from numbering_async.history._tiles import COLUMNS, NO_DATA, ROWS, TILES, MapPanel, ink

__all__ = ["render_html", "render_svg"]

_TILE: Final = 34
_GAP: Final = 3
_MARGIN: Final = 16
_HEADER: Final = 56
_PANEL_TITLE: Final = 24
_LEGEND_LINE: Final = 18
_LEGEND: Final = 2 * _LEGEND_LINE + 8
_CHAR: Final = 6
"""Width of a legend character, in pixels (10-pixel text), a little generous."""
_PANELS_PER_ROW: Final = 2
_PANEL_WIDTH: Final = COLUMNS * (_TILE + _GAP) - _GAP
_PANEL_HEIGHT: Final = _PANEL_TITLE + ROWS * (_TILE + _GAP) - _GAP + _LEGEND
_FONT: Final = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif"


def _value_text(panel: MapPanel, value: int | None) -> str:
    if value is None:
        return "no data"
    if panel.kind == "change":
        return f"{value:+,}"
    return f"{value:,} numbers"


def _tile(panel: MapPanel, code: str, x: int, y: int) -> str:
    value = panel.values.get(code)
    fill = panel.scale.colour(value)
    stroke = ' stroke="#bbbbbb" stroke-dasharray="3 2"' if fill == NO_DATA else ""
    data = "" if value is None else f' data-value="{value}"'
    return (
        f'<g class="tile" data-code="{code}"{data}>'
        f'<rect x="{x}" y="{y}" width="{_TILE}" height="{_TILE}" rx="4" fill="{fill}"{stroke}/>'
        f'<text x="{x + _TILE // 2}" y="{y + _TILE // 2 + 4}" text-anchor="middle" '
        f'font-size="11" fill="{ink(fill)}">{code}</text>'
        f"<title>{code}: {escape(_value_text(panel, value))}</title></g>"
    )


def _legend(panel: MapPanel, x: int, y: int) -> str:
    """Colour keys left to right, wrapping onto a second line when the first is full."""
    items = [*panel.scale.bins, (0.0, NO_DATA, "no data")]
    parts = []
    left, top = x, y
    for _, colour, label in items:
        width = 22 + _CHAR * len(label)
        if left + width > x + _PANEL_WIDTH:
            left, top = x, top + _LEGEND_LINE
        parts.append(
            f'<g class="key" data-colour="{colour}">'
            f'<rect x="{left}" y="{top}" width="12" height="12" fill="{colour}" stroke="#999999"/>'
            f'<text x="{left + 16}" y="{top + 10}" font-size="10">{escape(label)}</text></g>'
        )
        left += width
    return f'<g class="legend">{"".join(parts)}</g>'


def _panel(panel: MapPanel, x: int, y: int) -> str:
    top = y + _PANEL_TITLE
    tiles = "".join(
        _tile(panel, code, x + column * (_TILE + _GAP), top + row * (_TILE + _GAP))
        for code, (column, row) in TILES.items()
    )
    legend_y = top + ROWS * (_TILE + _GAP) + 6
    return (
        f"<g class={quoteattr('panel')} data-title={quoteattr(panel.title)}>"
        f'<text x="{x}" y="{y + 16}" font-size="15" font-weight="600">{escape(panel.title)}</text>'
        f"{tiles}{_legend(panel, x, legend_y)}</g>"
    )


def render_svg(panels: Sequence[MapPanel], *, title: str, subtitle: str) -> str:
    """One SVG document: a title, a subtitle (the scan and its time), then the panels."""
    across = min(len(panels), _PANELS_PER_ROW) or 1
    down = -(-len(panels) // across) or 1
    width = 2 * _MARGIN + across * _PANEL_WIDTH + (across - 1) * 2 * _MARGIN
    height = _HEADER + down * (_PANEL_HEIGHT + _MARGIN) + _MARGIN
    body = "".join(
        _panel(
            panel,
            _MARGIN + (index % across) * (_PANEL_WIDTH + 2 * _MARGIN),
            _HEADER + (index // across) * (_PANEL_HEIGHT + _MARGIN),
        )
        for index, panel in enumerate(panels)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="{_FONT}" role="img">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
        f'<text x="{_MARGIN}" y="26" font-size="19" font-weight="700">{escape(title)}</text>'
        f'<text class="subtitle" x="{_MARGIN}" y="44" font-size="12" fill="#555555">'
        f"{escape(subtitle)}</text>{body}</svg>\n"
    )


def render_html(panels: Sequence[MapPanel], *, title: str, subtitle: str) -> str:
    """One self-contained HTML page holding :func:`render_svg`'s map."""
    svg = render_svg(panels, title=title, subtitle=subtitle)
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>body{{margin:1rem;{_FONT}}}svg{{max-width:100%;height:auto}}</style>"
        f"</head><body>\n{svg}</body></html>\n"
    )
