"""Bars a reader can trust: every bar of a page on one scale, said once in words; a nonzero value
never drawn as nothing; a table's total under the digits it sums."""
import re
from decimal import Decimal

import pytest
from conftest import site_pages, text

from sodrm.render import MARK, MARKED_BELOW

SCALE = re.compile(r"against the longest bar on this page, ([0-9.]+) hours")


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


def test_a_nonzero_bar_too_short_to_see_carries_a_mark_and_only_such_a_bar_does(site, parsed):
    marked = 0
    for address, page in pages_with_bars(site, parsed).items():
        for hours, width, rects in bars(page):
            short = hours > 0 and width < MARKED_BELOW
            assert [rect["width"] for rect in rects[1:]] == ([str(MARK)] if short else []), (address, hours)
            marked += short
    assert marked  # the real data has such bars: 2.0 hours beside 904.6


# The rendered length of each bar's longest rect, and of its hours; the right edges of a table's
# numbers of hours (the digits, not the cell) and of its total's.
RENDERED = """() => Array.from(document.querySelectorAll("svg.bar:not(.bar-space)")).map(svg => [
    parseFloat(svg.parentNode.textContent), Math.max(...Array.from(svg.querySelectorAll("rect"), r => r.getBoundingClientRect().width))])"""
EDGES = """() => Array.from(document.querySelectorAll("table:has(tfoot .bar-space)")).map(table => {
    const right = cell => { const range = document.createRange(); range.selectNodeContents(cell.querySelector(".sum") || cell.firstChild);
                            return range.getBoundingClientRect().right; };
    const cells = Array.from(table.querySelectorAll("tbody td.num:has(> .bar)"));
    return [table.className, cells.map(cell => { const range = document.createRange(); range.selectNodeContents(cell.firstChild);
                                                  return range.getBoundingClientRect().right; }),
            right(table.querySelector("tfoot td:has(> .bar-space)"))];
})"""


@pytest.mark.parametrize("address", ["", "topics/flat/", "instruments/miri/"])
@pytest.mark.parametrize("width", [375, 1280])
def test_in_the_browser_every_nonzero_bar_is_at_least_a_visible_mark(served, tab, address, width):
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(served.base + address)
    drawn = tab.evaluate(RENDERED)
    assert drawn and all(length >= MARK for hours, length in drawn if hours > 0)


@pytest.mark.parametrize("address", ["", "topics/flat/", "instruments/miri/"])
def test_on_a_desktop_each_total_ends_where_the_numbers_it_sums_end(served, tab, address):
    tab.goto(served.base + address)
    tables = tab.evaluate(EDGES)
    assert tables
    for name, rows, total in tables:
        assert all(abs(total - right) < 1 for right in rows), (name, rows, total)
