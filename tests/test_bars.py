"""Bars a reader can trust: every bar of a page on one scale, said once in words; a nonzero value
never drawn as nothing; a table's total under the digits it sums."""
import re
from decimal import Decimal

import pytest
from conftest import site_pages, text


MARK = 2  # pixels: the least length of a bar (static/style.css)
SCALE = re.compile(r"Bar lengths are proportional to hours; the longest on this page is ([0-9.]+) hours")


def bars(page):
    """(hours printed beside the bar, the bar's width in percent, its rects) for every bar of a page."""
    found = []
    for svg in page.select("svg.bar"):
        hours = Decimal(re.match(r"[0-9.]+", text(svg.parent)).group())
        rects = svg.select("rect")
        found.append((hours, float(rects[0]["width"].rstrip("%")), rects))
    return found


def pages_with_bars(site, parsed):
    return {address: parsed(address) for address in site_pages(site) if parsed(address).select("svg.bar")}


def test_pages_of_every_kind_draw_bars(site, parsed):
    kinds = {address.split("/")[0] for address in pages_with_bars(site, parsed)}
    assert {"", "programs", "instruments", "topics", "modes"} <= kinds


def test_every_page_with_bars_says_its_scale_once_and_it_is_the_most_hours_of_its_bars(site, parsed):
    for address, page in pages_with_bars(site, parsed).items():
        stated = SCALE.findall(text(page))
        assert len(stated) == 1, address
        assert Decimal(stated[0]) == max(hours for hours, _, _ in bars(page)), address


def test_every_bar_of_a_page_is_as_long_as_its_hours_on_the_pages_one_scale(site, parsed):
    for address, page in pages_with_bars(site, parsed).items():
        scale = Decimal(SCALE.findall(text(page))[0])
        for hours, width, _ in bars(page):
            assert width == pytest.approx(float(hours * 100 / scale), abs=0.06), (address, hours)


def test_the_real_data_has_bars_too_short_to_see_without_their_mark(site, parsed):
    # 2.0 hours beside 904.6: under 0.3 of 96 pixels.
    assert any(width * 96 / 100 < MARK for page in pages_with_bars(site, parsed).values() for _, width, _ in bars(page))


# Each bar's hours and its drawn length: its rect, or the mark the stylesheet draws at its start
# (a background image of the bar's width); the right edges of a table's numbers of hours (the
# digits, not the cell) and of its total's.
RENDERED = """() => Array.from(document.querySelectorAll("svg.bar")).map(svg => {
    const style = getComputedStyle(svg);
    const mark = style.backgroundImage.startsWith("linear-gradient") ? parseFloat(style.backgroundSize) : 0;
    return [parseFloat(svg.parentNode.textContent), Math.max(svg.querySelector("rect").getBoundingClientRect().width, mark)];
})"""
EDGES = """() => Array.from(document.querySelectorAll("table:has(tfoot td.sum)")).map(table => {
    const right = cell => { const range = document.createRange(); range.selectNodeContents(cell.firstChild);
                            return range.getBoundingClientRect().right; };
    const cells = Array.from(table.querySelectorAll("tbody td.num:has(> .bar)"));
    return [table.className, cells.map(cell => { const range = document.createRange(); range.selectNodeContents(cell.firstChild);
                                                  return range.getBoundingClientRect().right; }),
            right(table.querySelector("tfoot td.sum"))];
})"""


@pytest.mark.parametrize("address", ["", "topics/flat/", "instruments/miri/"])
@pytest.mark.parametrize("width", [375, 1280])
def test_in_the_browser_every_bar_is_at_least_a_visible_mark(served, tab, address, width):
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(served.base + address)
    drawn = tab.evaluate(RENDERED)
    assert drawn and all(length >= MARK for _, length in drawn)


@pytest.mark.parametrize("address", ["", "topics/flat/", "instruments/miri/"])
def test_on_a_desktop_each_total_ends_where_the_numbers_it_sums_end(served, tab, address):
    tab.goto(served.base + address)
    tables = tab.evaluate(EDGES)
    assert tables
    for name, rows, total in tables:
        assert all(abs(total - right) < 1 for right in rows), (name, rows, total)
