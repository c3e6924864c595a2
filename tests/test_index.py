"""The index: what the site is, the totals, and every program in one table."""
import re
from decimal import Decimal

import pytest
from conftest import SOURCE, SOURCE_BY_ID, SOURCE_INSTRUMENTS, source_hours, text, target

from sodrm import urls


@pytest.fixture(scope="module")
def index(parsed):
    return parsed("")


@pytest.fixture(scope="module")
def program_rows(index):
    return index.select("table.programs tbody tr")


def test_the_table_lists_every_program_once_in_program_order_with_its_exact_values(program_rows):
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in program_rows]
    assert rows == [[str(p.id), p.hours, p.title, p.instrument] for p in SOURCE]


def test_each_program_number_links_to_its_page(program_rows):
    links = [target(urls.INDEX, row.th.a["href"]) for row in program_rows]
    assert links == [urls.program(p.id) for p in SOURCE]


def test_each_instrument_links_to_its_page(program_rows):
    links = [target(urls.INDEX, row.find_all("td")[-1].a["href"]) for row in program_rows]
    assert links == [urls.instrument(p.slug) for p in SOURCE]


def test_the_program_column_is_marked_as_sorted_ascending_as_served(index):
    headers = index.select("table.programs thead th")
    assert [text(h) for h in headers] == ["Program", "Hours", "Title", "Instrument"]
    assert [h.get("aria-sort") for h in headers] == ["ascending", None, None, None]
    assert [h["scope"] for h in headers] == ["col"] * 4


def test_the_table_foot_gives_the_total_hours_and_count(index):
    assert text(index.select_one("table.programs tfoot tr")) == "Total 2023.3 37 programs"


def test_the_totals_say_37_programs_and_2023_3_hours(index):
    assert text(index.select_one(".totals")).startswith(f"{len(SOURCE)} programs, {source_hours(SOURCE)} hours in all.")


def test_the_lead_is_two_sentences(index):
    lead = text(index.select_one(".lead"))
    assert len(re.findall(r"[.?!](?=\s|$)", lead)) == 2, lead


def test_the_sites_name_is_shown_once_on_the_index(index):
    title = "JWST SODRM Instrumentation Calibration Programs"
    assert len(index.body.find_all(string=lambda string: title in string)) == 1
    assert index.select_one(".site-name") is None and text(index.h1) == title


def test_the_skip_link_leads_to_the_table_of_programs(index):
    skip = index.select_one("a.skip-link")
    heading = index.find(id=skip["href"].removeprefix("#"))
    assert heading.name == "h2" and heading.find_parent("section").select_one("table.programs")


def test_the_table_of_programs_comes_before_the_summaries(index):
    sections = [section.h2["id"] for section in index.select("main section")]
    assert sections[0] == "programs-heading"


def test_the_summary_gives_count_hours_and_share_of_each_instrument(index, catalog):
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in index.select("table.summary tbody tr")]
    all_hours = source_hours(SOURCE)
    expected = []
    for instrument in catalog.instruments:  # every declared one, in order, with its programs in the source
        programs = [p for p in SOURCE if p.instrument == instrument.name]
        hours = source_hours(programs)
        share = (hours * 100 / all_hours).quantize(Decimal("0.1"))
        expected.append([f"{instrument.name} {instrument.full_name}", str(len(programs)), str(hours), f"{share}%"])
    assert rows == expected
    assert {name: r[2] for name, r in zip(SOURCE_INSTRUMENTS, expected)} == {
        "NIRCam": "595.7", "NIRSpec": "350.8", "NIRISS": "172.2", "MIRI": "904.6"}  # the source's sums


def test_the_summary_foot_adds_up_to_all_programs(index):
    assert text(index.select_one("table.summary tfoot tr")) == "All instruments 37 2023.3 100%"


def test_the_introduction_links_to_the_source_page(index):
    source = "https://www.stsci.edu/jwst/about-jwst/history/science-operations-design-reference-mission-sodrm/instrumentation-calibration-programs"
    assert index.select_one(f'.lead a[href="{source}"]')
    assert "do not represent actual allocations or reservations of observing time" in text(index.select_one(".lead"))


def test_the_page_has_one_h1_and_a_title(index):
    assert [text(h) for h in index.find_all("h1")] == ["JWST SODRM Instrumentation Calibration Programs"]
    assert index.title.string == "JWST SODRM Instrumentation Calibration Programs"


def test_the_sort_script_is_loaded_deferred(index):
    script = index.select_one("script[src]")
    assert script["src"] == "./static/table.js" and script.has_attr("defer")


def test_every_bar_sits_in_the_row_that_names_and_links_its_program(index):
    for row in index.select("table.programs tbody tr"):
        program = SOURCE_BY_ID[int(text(row.th))]
        assert row.select_one("svg.bar") and program.title in text(row)
        assert target(urls.INDEX, row.th.a["href"]) == urls.program(program.id)


@pytest.mark.parametrize("facet", ["instrument", "topics", "modes"])
def test_each_filter_option_says_how_many_programs_it_selects(index, catalog, facet):
    def selected(program, slug):
        return program.instrument.slug == slug if facet == "instrument" else slug in {g.slug for g in getattr(program, facet)}

    shown = {label.input["value"]: text(label.select_one(".count"))
             for label in index.select(f'fieldset[data-facet="{facet}"] label')}
    options = catalog.instruments if facet == "instrument" else getattr(catalog, facet)
    assert shown == {o.slug: f"({sum(selected(p, o.slug) for p in catalog.programs)})" for o in options}


def test_the_words_the_search_also_finds_each_option_by_are_the_declared_ones(site, catalog):
    """Loaded by the filters' code on first use: an instrument's full name, a topic's or mode's
    search words, each a space apart."""
    import json

    words = json.loads((site / urls.SEARCH_WORDS).read_text(encoding="utf-8"))
    assert words == {
        "instrument": {i.slug: i.full_name for i in catalog.instruments},
        "topics": {t.slug: " ".join(t.search_words) for t in catalog.topics if t.search_words},
        "modes": {m.slug: " ".join(m.search_words) for m in catalog.modes if m.search_words}}
    assert any(" " in joined for joined in words["topics"].values())  # several words, a space apart
