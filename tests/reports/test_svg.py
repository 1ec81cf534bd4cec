"""The grid drawn as inline SVG."""

from hrdd.reports.svg import render_grid
from hrdd.reports.view import view_risk

CRITICAL = {"level": "critical", "score": 96, "severity": 5, "likelihood": 5}


def test_svg_has_25_cells_a_title_and_a_description() -> None:
    svg = str(render_grid(view_risk(CRITICAL), None))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'role="img"' in svg
    assert svg.count('class="cell ') == 25
    assert '<desc id="grid-desc">Inherent risk is critical, 96/100: severity 5 of 5, likelihood 5 of 5. ' in svg


def test_markers_sharing_a_cell_are_spread_apart() -> None:
    reading = view_risk(CRITICAL)
    svg = str(render_grid(reading, reading))
    # cell (5, 5) is centred at x = 64 + 4 * 56 + 28 = 316, y = 12 + 28 = 40; I moves 13 left, R 13 right
    assert '<circle cx="303" cy="40"' in svg and '<rect x="316" y="27" width="26"' in svg
    three = str(render_grid(reading, reading, reading))
    assert three.count('class="marker') == 3 and "<polygon" in three
    assert '<circle cx="303" cy="28" r="11"' in three  # smaller, top left


def test_markers_differ_by_shape_and_letter() -> None:
    svg = str(render_grid(view_risk(CRITICAL), view_risk({**CRITICAL, "likelihood": 2}),
                          view_risk({**CRITICAL, "likelihood": 1})))
    for letter, shape in (("i", "<circle"), ("r", "<rect"), ("p", "<polygon")):
        marker = svg[svg.index(f'class="marker marker-{letter}"'):]
        assert marker.split(">", 1)[1].startswith(shape)
        assert f">{letter.upper()}</text>" in marker.split("</g>", 1)[0]


def test_svg_without_readings_says_so() -> None:
    svg = str(render_grid(None, None))
    assert "Inherent risk is not given. Residual risk is not given." in svg
    assert 'class="marker' not in svg
