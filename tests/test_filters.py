"""Filtering the index table in Chromium: instrument toggles, search, totals, and the view in the URL."""
import pytest
from conftest import SOURCE, source_hours


def visible_ids(tab):
    return [int(text) for text in tab.locator("table.programs tbody th").all_inner_texts()]


def footer(tab):
    return tab.locator("table.programs tfoot tr").inner_text().split("\t")


@pytest.fixture
def index(served, tab):
    tab.goto(served.base)
    return tab


def test_without_script_there_are_no_filters_and_every_program_shows(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served.base)
    assert not page.locator("#filters").is_visible()
    assert page.locator("table.programs tbody tr").count() == 37
    context.close()


def test_turning_an_instrument_off_hides_its_programs_and_updates_the_totals(index):
    index.get_by_role("checkbox", name="NIRCam").uncheck()
    rest = [p for p in SOURCE if p.instrument != "NIRCam"]
    assert visible_ids(index) == [p.id for p in rest]
    assert footer(index) == ["Total", str(source_hours(rest)), f"{len(rest)} programs"]
    assert index.locator(".filter-status").inner_text() == f"Showing 28 of 37 programs, {source_hours(rest)} hours."
    assert index.evaluate("location.search") == "?instrument=nirspec%2Cniriss%2Cmiri"


def test_the_search_matches_titles_and_numbers_whatever_the_case(index):
    index.get_by_label("Search titles and numbers").fill("FLAT")
    flats = [p for p in SOURCE if "flat" in p.title.lower()]
    assert visible_ids(index) == [p.id for p in flats]
    assert footer(index)[1:] == [str(source_hours(flats)), f"{len(flats)} programs"]
    index.get_by_label("Search titles and numbers").fill("9662")
    assert visible_ids(index) == [96620]
    assert footer(index)[1:] == ["185.8", "1 program"]


def test_a_filtered_sorted_view_survives_a_reload(index):
    index.get_by_role("checkbox", name="MIRI").uncheck()
    index.get_by_label("Search titles and numbers").fill("dark")
    hours = index.get_by_role("button", name="Hours", exact=True)
    hours.click()
    hours.click()
    assert index.evaluate("location.search") == "?instrument=nircam%2Cnirspec%2Cniriss&q=dark&sort=hours&order=descending"
    before = visible_ids(index)
    index.reload()
    assert visible_ids(index) == before == [96000, 96200, 96400]
    assert not index.get_by_role("checkbox", name="MIRI").is_checked()
    assert index.get_by_label("Search titles and numbers").input_value() == "dark"
    assert index.locator("table.programs thead th").nth(1).get_attribute("aria-sort") == "descending"


def test_a_shared_address_opens_the_same_view(served, tab):
    tab.goto(served.base + "?instrument=miri&q=absolute%20flux&sort=hours&order=ascending")
    assert visible_ids(tab) == [96680, 96660, 96670]
    assert footer(tab)[1:] == ["100.9", "3 programs"]
    assert tab.get_by_role("checkbox", name="NIRCam").is_checked() is False


def test_clearing_the_filters_shows_every_program_and_a_clean_address(index):
    index.get_by_role("checkbox", name="NIRISS").uncheck()
    index.get_by_role("checkbox", name="NIRISS").check()
    assert len(visible_ids(index)) == 37
    assert footer(index)[1:] == ["2023.3", "37 programs"]
    assert index.evaluate("location.search") == ""


@pytest.mark.parametrize("sort", ["id", "program", "Program"])
def test_the_sort_in_the_address_is_the_column_key_and_old_label_links_still_work(served, tab, sort):
    tab.goto(served.base + f"?sort={sort}&order=descending")
    assert visible_ids(tab) == sorted((p.id for p in SOURCE), reverse=True)
    tab.get_by_role("button", name="Title", exact=True).click()
    assert tab.evaluate("location.search") == "?sort=title&order=ascending"
