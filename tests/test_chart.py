"""The hours bar chart: inline SVG, one bar per program, lengths proportional to hours."""
from decimal import Decimal

import pytest
from conftest import SOURCE, SOURCE_INSTRUMENTS, text


def bars(html):
    return html.select("svg.bar-chart .bars rect")


@pytest.fixture(scope="module")
def chart(parsed):
    return parsed("").select_one("svg.bar-chart")


def test_the_index_chart_has_one_bar_per_program_coloured_by_its_instrument(parsed):
    rects = bars(parsed(""))
    assert len(rects) == len(SOURCE) == 37
    assert [r.parent["class"] for r in rects] == [[f"i-{p.slug}"] for p in SOURCE]


def test_bar_lengths_are_proportional_to_hours(parsed):
    rects = bars(parsed(""))
    ratios = [float(r["width"]) / float(Decimal(p.hours)) for r, p in zip(rects, SOURCE)]
    assert max(ratios) - min(ratios) < 0.002 * max(ratios)


def test_each_bar_is_labelled_with_its_program_and_hours(chart):
    assert [text(t) for t in chart.select(".bars text.id")] == [str(p.id) for p in SOURCE]
    assert [text(t) for t in chart.select(".bars text:not(.id)")] == [p.hours for p in SOURCE]


def test_the_axis_is_in_hours_with_round_ticks(chart):
    assert [text(t) for t in chart.select(".ticks text")] == ["0", "200", "400", "600", "Hours"]


def test_the_chart_is_an_image_with_a_title_and_a_description(chart):
    assert chart["role"] == "img"
    assert chart["aria-labelledby"] == chart.title["id"]
    assert chart["aria-describedby"] == chart.desc["id"]
    assert "572.4" in text(chart.desc) and "table" in text(chart.desc)


def test_the_chart_scales_with_the_page(chart):
    assert chart["viewbox"].startswith("0 0 360 ")
    assert not chart.has_attr("width") and not chart.has_attr("height")


def test_the_legend_names_every_instrument_with_its_colour(parsed):
    items = parsed("").select(".chart .legend li")
    assert [text(li) for li in items] == list(SOURCE_INSTRUMENTS)
    assert [li.span["class"] for li in items] == [["swatch", f"i-{n.lower()}"] for n in SOURCE_INSTRUMENTS]


@pytest.mark.parametrize("name", SOURCE_INSTRUMENTS)
def test_each_instrument_chart_has_a_bar_for_each_of_its_programs(parsed, name):
    rects = bars(parsed(f"instruments/{name.lower()}/"))
    programs = [p for p in SOURCE if p.instrument == name]
    assert len(rects) == len(programs)
    ratios = [float(r["width"]) / float(Decimal(p.hours)) for r, p in zip(rects, programs)]
    assert max(ratios) - min(ratios) < 0.002 * max(ratios)
