"""Sorting the program table in Chromium: by mouse and by keyboard, with aria-sort and an announcement."""
import re
from decimal import Decimal

import pytest
from conftest import PROJECT, SOURCE, pages_server

from sodrm.pipeline import build

COLUMNS = ["Program", "Hours", "Title", "Instrument"]

# Ties keep program order in both directions.
SORT_KEYS = {
    "Program": lambda p: p.id,
    "Hours": lambda p: Decimal(p.hours),
    "Title": lambda p: p.title.casefold(),
    "Instrument": lambda p: p.instrument.casefold(),
}


def expected_ids(column, direction):
    key = SORT_KEYS[column]
    ordered = sorted(SOURCE, key=lambda p: p.id)
    # sorted() is stable even with reverse=True, so ties stay in program order both ways.
    ordered = sorted(ordered, key=key, reverse=direction == "descending")
    return [p.id for p in ordered]


def shown_ids(tab):
    return [int(cell) for cell in tab.locator("table.programs tbody th").all_inner_texts()]


def sort_state(tab):
    return tab.evaluate("""() => Array.from(document.querySelectorAll('table.programs thead th'),
        th => th.getAttribute('aria-sort'))""")


def sort_status(tab):
    return tab.locator(".sort-status").inner_text()


def test_without_a_click_the_table_is_in_program_order_and_says_so(index_tab):
    assert shown_ids(index_tab) == [p.id for p in SOURCE]
    assert sort_state(index_tab) == ["ascending", None, None, None]


def test_each_header_becomes_a_button(index_tab):
    buttons = index_tab.locator("table.programs thead th button")
    assert buttons.all_inner_texts() == COLUMNS
    assert buttons.evaluate_all("buttons => buttons.map(b => b.type)") == ["button"] * 4


@pytest.mark.parametrize("column", COLUMNS)
def test_clicking_a_header_sorts_in_its_first_direction_then_reverses(index_tab, column):
    # Hours, largest first; the others A to Z. Program is sorted already: its first click reverses it.
    button = index_tab.get_by_role("button", name=column, exact=True)
    position = COLUMNS.index(column)
    first = "descending" if column == "Hours" else "ascending"
    then = {"ascending": "descending", "descending": "ascending"}
    directions = [then[first]] if column == "Program" else [first, then[first]]
    for direction in directions:
        button.click()
        assert shown_ids(index_tab) == expected_ids(column, direction)
        assert sort_state(index_tab) == [(direction if i == position else None) for i in range(4)]
        assert sort_status(index_tab) == f"Sorted by {column}, {direction}."


def test_hours_sort_as_numbers_not_as_text(index_tab):
    index_tab.get_by_role("button", name="Hours", exact=True).click()
    hours = [float(h) for h in index_tab.locator("table.programs tbody td.num").all_inner_texts()]
    assert hours == sorted((float(p.hours) for p in SOURCE), reverse=True)


def test_ties_keep_program_order_in_both_directions(index_tab):
    button = index_tab.get_by_role("button", name="Hours", exact=True)
    button.click()
    ids = shown_ids(index_tab)
    assert ids.index(96440) < ids.index(96470) and ids.index(96660) < ids.index(96670)
    button.click()
    ids = shown_ids(index_tab)
    assert ids.index(96440) < ids.index(96470) and ids.index(96660) < ids.index(96670)


def test_the_keyboard_alone_sorts_with_tab_then_enter_or_space(index_tab):
    for _ in range(index_tab.locator("a, button, input, [tabindex]").count() + 1):  # at most every stop once
        index_tab.keyboard.press("Tab")
        focused = index_tab.evaluate("document.activeElement.closest('table.programs th') && document.activeElement.textContent")
        if focused == "Hours":
            break
    else:
        pytest.fail("Tab never reached the Hours header button")
    index_tab.keyboard.press("Enter")
    assert shown_ids(index_tab) == expected_ids("Hours", "descending")
    index_tab.keyboard.press("Space")
    assert shown_ids(index_tab) == expected_ids("Hours", "ascending")
    assert sort_state(index_tab)[1] == "ascending"


def test_instrument_pages_sort_their_own_table(served, tab):
    tab.goto(served.base + "instruments/miri/")
    tab.get_by_role("button", name="Hours", exact=True).click()
    miri = sorted((p for p in SOURCE if p.instrument == "MIRI"), key=lambda p: (-Decimal(p.hours), p.id))
    assert shown_ids(tab) == [p.id for p in miri]
    # An instrument's page keeps its sort in the address too.
    assert tab.evaluate("location.search") == "?sort=hours&order=descending"
    tab.reload()
    assert shown_ids(tab) == [p.id for p in miri]


def test_a_table_of_thousands_shows_the_first_rows_of_its_order_and_a_button_for_all(tmp_path, browser):
    first = int(re.search(r"var FIRST_ROWS = (\d+);", (PROJECT / "static" / "table.js").read_text()).group(1))
    programs = [(10000 + n, (n * 37) % 997 / 10 + 0.1) for n in range(2 * first + 200)]
    data = tmp_path / "programs.toml"
    data.write_text("".join(f'[[programs]]\nid = {number}\nhours = {hours!r}\ntitle = "Program {number}"\n'
                            f'instrument = "MIRI"\n' for number, hours in programs))
    out = tmp_path / "site"
    build(data, PROJECT / "data" / "site.toml", out, cache=tmp_path / "cache")
    with pages_server(out) as base:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(base)
        assert len(shown_ids(tab)) == first
        tab.get_by_role("button", name="Hours", exact=True).click()
        by_hours = [number for number, _ in sorted(programs, key=lambda p: -p[1])]
        assert shown_ids(tab) == by_hours[:first]
        tab.get_by_role("button", name=f"Show all {len(programs)} programs (the first {first} are shown)").click()
        assert shown_ids(tab) == by_hours
        assert tab.locator(".show-all").count() == 0
        context.close()


def test_only_the_column_headers_carry_sort_arrows(index_tab):
    arrows = index_tab.evaluate("""() => Array.from(document.querySelectorAll("table.programs tbody th, table.programs tfoot th"),
        th => getComputedStyle(th, "::after").content).filter(content => content !== "none")""")
    assert arrows == []
