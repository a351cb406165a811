"""The tile-grid map: tiles, colours, labels and legends, parsed back from the SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from numbering_async.coverage import CoverageQuery
from numbering_async.history import map_panels, render_html, render_svg
from numbering_async.history._tiles import NO_DATA, NONE_LEFT, TILES
from tests.history.builders import results, server_error
from tests.history.test_diff import saved

SVG = "{http://www.w3.org/2000/svg}"
NJ = CoverageQuery(state="NJ")
ON = CoverageQuery(state="ON")
TX = CoverageQuery(state="TX")
OLD = saved(
    1,
    results(
        {
            NJ: {"telnyx": [("201", None, "Newark", "NJ", 10)], "inumbering": []},
            ON: {"telnyx": [("416", None, "Toronto", "ON", 5)], "inumbering": []},
        }
    ),
)
NEW = saved(
    2,
    results(
        {
            NJ: {"telnyx": [("201", None, "Newark", "NJ", 4000)], "inumbering": []},
            ON: {"telnyx": [("416", None, "Toronto", "ON", 5)], "inumbering": []},
            TX: {"telnyx": server_error(), "inumbering": [("512", None, "Austin", "TX", 9)]},
        }
    ),
)


def panels_of(svg: str) -> dict[str, dict[str, ET.Element]]:
    root = ET.fromstring(svg)
    return {
        panel.attrib["data-title"]: {
            tile.attrib["data-code"]: tile
            for tile in panel.iter(f"{SVG}g")
            if "data-code" in tile.attrib
        }
        for panel in root.iter(f"{SVG}g")
        if panel.attrib.get("class") == "panel"
    }


def fill(tile: ET.Element) -> str:
    rect = tile.find(f"{SVG}rect")
    assert rect is not None
    return rect.attrib["fill"]


def test_every_state_and_province_has_a_labelled_tile_in_every_panel() -> None:
    svg = render_svg(map_panels(NEW, OLD), title="Numbers", subtitle="Scan 2, 2026-01-02 00:00 UTC")

    panels = panels_of(svg)
    assert list(panels) == ["telnyx", "inumbering", "change since scan 1"]
    assert len(TILES) == 64  # 50 states, DC, 10 provinces, 3 territories
    for tiles in panels.values():
        assert set(tiles) == set(TILES)
        for code, tile in tiles.items():
            assert tile.findtext(f"{SVG}text") == code
            assert (tile.findtext(f"{SVG}title") or "").startswith(f"{code}: ")
    root = ET.fromstring(svg)
    assert root.findtext(f"{SVG}title") == "Numbers"
    assert "Scan 2, 2026-01-02 00:00 UTC" in "".join(root.itertext())


def test_tiles_are_coloured_by_numbers_on_one_scale() -> None:
    panels = panels_of(render_svg(map_panels(NEW), title="t", subtitle="s"))
    telnyx, inumbering = panels["telnyx"], panels["inumbering"]

    assert telnyx["NJ"].attrib["data-value"] == "4000"
    assert fill(telnyx["ON"]) != fill(telnyx["NJ"])  # 5 and 4,000 in different bins
    assert fill(telnyx["CA"]) == NO_DATA  # not scanned
    assert "data-value" not in telnyx["TX"].attrib  # its query failed: unknown, not zero
    assert fill(telnyx["TX"]) == NO_DATA
    assert fill(inumbering["NJ"]) == NONE_LEFT  # scanned, none there
    assert (
        fill(inumbering["TX"]) == fill(telnyx["ON"]) or inumbering["TX"].attrib["data-value"] == "9"
    )
    assert (telnyx["NJ"].findtext(f"{SVG}title") or "") == "NJ: 4,000 numbers"


def test_the_diff_panel_shows_change_only_where_both_scans_looked() -> None:
    change = panels_of(render_svg(map_panels(NEW, OLD), title="t", subtitle="s"))[
        "change since scan 1"
    ]

    assert change["NJ"].attrib["data-value"] == "3990"
    assert change["ON"].attrib["data-value"] == "0"
    assert fill(change["ON"]) == NONE_LEFT
    assert "data-value" not in change["TX"].attrib  # only the new scan looked there
    assert fill(change["NJ"]) not in (NO_DATA, NONE_LEFT)


def test_each_panel_has_a_legend_of_its_colours() -> None:
    root = ET.fromstring(render_svg(map_panels(NEW, OLD), title="t", subtitle="s"))

    for panel in root.iter(f"{SVG}g"):
        if panel.attrib.get("class") != "panel":
            continue
        legend = next(g for g in panel.iter(f"{SVG}g") if g.attrib.get("class") == "legend")
        keys = [g for g in legend if g.attrib.get("class") == "key"]
        colours = {key.attrib["data-colour"] for key in keys}
        used = {fill(t) for t in panel.iter(f"{SVG}g") if "data-code" in t.attrib}
        assert used <= colours
        assert "no data" in [key.findtext(f"{SVG}text") for key in keys]


def test_the_html_page_is_self_contained() -> None:
    page = render_html(map_panels(NEW), title="Numbers <by state>", subtitle="s")

    assert page.startswith("<!doctype html>")
    assert "<title>Numbers &lt;by state&gt;</title>" in page
    assert "<script" not in page
    assert page.count("http") == 1  # the SVG namespace, nothing fetched
    body = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    assert panels_of(body).keys() == {"telnyx", "inumbering"}
