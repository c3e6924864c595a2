"""Filtering the index table in Chromium: a search that finds what calibration staff type,
facets with live counts, totals, an empty state, the view in the address, and the view as
downloads and copies. Expected programs come from the data files."""
import csv
import io
import tomllib

import pytest
from conftest import SITE_TOML, SOURCE, pages_server, source_hours

from sodrm.paths import PROJECT

DATA = {p["id"]: p for p in tomllib.loads((PROJECT / "data" / "programs.toml").read_text())["programs"]}
SITE = tomllib.loads((PROJECT / "data" / "site.toml").read_text())
TOPIC_NAMES = {topic["slug"]: topic["name"] for topic in SITE["topics"]}


def topics_of(program):
    return DATA[program.id].get("topics", [])


def modes_of(program):
    return DATA[program.id].get("modes", [])


def visible_ids(tab):
    return [int(text) for text in tab.locator("table.programs tbody th").all_inner_texts()]


def footer(tab):
    return tab.locator("table.programs tfoot tr").inner_text().split("\t")


def ids(programs):
    return [p.id for p in programs]


def filters_ready(tab):
    """Waits for the filters' code (static/filters.js), which loads on the form's first use."""
    tab.locator("form#filters[data-live]").wait_for(state="attached")


@pytest.fixture
def filtering(index_tab):
    """The index in Chromium, its filters' code loaded (by a focus on the search)."""
    tab = index_tab
    tab.locator("#search").focus()
    filters_ready(tab)
    return tab


def test_the_filters_and_view_code_load_on_first_use_only(served, tab):
    requested = []
    tab.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
    tab.goto(served.base, wait_until="networkidle")
    assert "table.js" in requested and "filters.js" not in requested and "view.js" not in requested
    tab.locator("#search").focus()
    filters_ready(tab)
    assert "filters.js" in requested and "view.js" not in requested


def test_what_is_typed_before_the_filters_code_arrives_is_applied_when_it_does(served, tab):
    tab.goto(served.base)
    tab.get_by_label("Search programs").fill("MIRI")
    miri = [p for p in SOURCE if p.instrument == "MIRI"]
    tab.get_by_role("status").filter(has_text=f"Showing {len(miri)} of").wait_for()
    assert visible_ids(tab) == ids(miri)
    assert tab.evaluate("location.search") == "?q=MIRI"


def test_without_script_there_are_no_filters_and_every_program_shows(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served.base)
    assert not page.locator("#filters").is_visible() and not page.locator("#view-tools").is_visible()
    assert page.locator("table.programs tbody tr").count() == len(SOURCE)
    context.close()


SEARCHES = {  # what staff type -> the programs it must find
    "MIRI": [p for p in SOURCE if p.instrument == "MIRI"],
    "miri": [p for p in SOURCE if p.instrument == "MIRI"],
    "MÍRI": [p for p in SOURCE if p.instrument == "MIRI"],
    "Near Infrared Camera": [p for p in SOURCE if p.instrument == "NIRCam"],
    "wavelength": [p for p in SOURCE if "wavelength" in topics_of(p) or "wavelength" in p.title.lower()],
    "flat field": [p for p in SOURCE if "flat" in topics_of(p) or "flat field" in p.title.lower()],
    "Flat-field": [p for p in SOURCE if "flat" in topics_of(p) or "flat field" in p.title.lower()],
    "flatfield": [p for p in SOURCE if "flat" in topics_of(p) or "flat field" in p.title.lower()],
    "9662": [p for p in SOURCE if str(p.id).startswith("9662")],
    "96": SOURCE,
    "SOSS": [p for p in SOURCE if "soss" in modes_of(p)],
    "coronagraphy": [p for p in SOURCE if "coronagraphy" in modes_of(p)],
    "flux miri": [p for p in SOURCE if p.instrument == "MIRI" and "flux" in topics_of(p)],
    "zzzz": [],
}


@pytest.mark.parametrize("query", SEARCHES)
def test_the_search_finds_what_staff_type(filtering, query):
    filtering.get_by_label("Search programs").fill(query)
    assert visible_ids(filtering) == ids(SEARCHES[query])
    if SEARCHES[query]:
        assert footer(filtering)[1:] == [str(source_hours(SEARCHES[query])),
                                     f"{len(SEARCHES[query])} program{'s' * (len(SEARCHES[query]) != 1)}"]


def test_the_search_misses_of_before_now_find_their_programs(filtering):
    # "MIRI" found nothing, "wavelength" missed the Wavecal programs, "flat field" found one.
    assert len(SEARCHES["MIRI"]) == 8 and {96430, 96440} <= set(ids(SEARCHES["wavelength"]))
    assert len(SEARCHES["flat field"]) >= 9


def unfold(tab, legend):
    """Opens a folded facet, as a reader does: by its summary."""
    tab.locator("details.facet-folded summary", has_text=legend).click()


def test_the_facets_with_many_options_start_folded_and_open_on_their_summary(filtering):
    assert filtering.locator("details.facet-folded:not([open])").count() == 2
    assert not filtering.get_by_role("checkbox", name="Flat field").is_visible()
    unfold(filtering, "Calibration topic")
    assert filtering.get_by_role("checkbox", name="Flat field").is_visible()


def test_a_folded_facet_opens_when_the_address_selects_one_of_its_options(served, tab):
    tab.goto(served.base + "?topics=flat")
    filters_ready(tab)
    assert tab.get_by_role("checkbox", name="Flat field").is_checked()
    assert tab.get_by_role("checkbox", name="Flat field").is_visible()
    assert tab.locator("details.facet-folded[open]").count() == 1


def test_options_of_a_facet_add_and_facets_narrow(filtering):
    unfold(filtering, "Calibration topic")
    filtering.get_by_role("checkbox", name="Flat field").check()
    flats = [p for p in SOURCE if "flat" in topics_of(p)]
    assert visible_ids(filtering) == ids(flats)
    filtering.get_by_role("checkbox", name="Dark current and read noise").check()
    either = [p for p in SOURCE if {"flat", "dark"} & set(topics_of(p))]
    assert visible_ids(filtering) == ids(either)
    filtering.get_by_role("checkbox", name="MIRI").check()
    assert visible_ids(filtering) == ids(p for p in either if p.instrument == "MIRI")
    assert filtering.evaluate("location.search") == "?instrument=miri&topics=dark%2Cflat"  # in the facet's order


def count_of(tab, name):
    return tab.get_by_role("checkbox", name=name).locator("xpath=..").locator(".count").inner_text()


def test_each_option_counts_the_rows_it_would_give_with_the_other_filters(filtering):
    assert count_of(filtering, "MIRI") == f"({sum(p.instrument == 'MIRI' for p in SOURCE)})"
    unfold(filtering, "Calibration topic")
    filtering.get_by_role("checkbox", name="Flat field").check()
    for instrument in ("NIRCam", "NIRSpec", "NIRISS", "MIRI"):
        expected = sum(p.instrument == instrument and "flat" in topics_of(p) for p in SOURCE)
        assert count_of(filtering, instrument) == f"({expected})"
    filtering.get_by_role("checkbox", name="MIRI").check()
    # A facet's own options count as if it had none chosen: the other topics among MIRI's programs.
    expected = sum(p.instrument == "MIRI" and "flux" in topics_of(p) for p in SOURCE)
    assert count_of(filtering, "Flux calibration") == f"({expected})"


def test_the_caption_status_and_totals_follow_the_filters(filtering):
    filtering.get_by_role("checkbox", name="MIRI").check()
    miri = [p for p in SOURCE if p.instrument == "MIRI"]
    assert filtering.locator("table.programs caption .caption-text").inner_text() == \
        f"{len(miri)} of {len(SOURCE)} calibration programs: instrument MIRI"
    assert filtering.locator(".filter-status").inner_text() == \
        f"Showing {len(miri)} of {len(SOURCE)} programs, {source_hours(miri)} hours."
    assert footer(filtering) == ["Total", str(source_hours(miri)), f"{len(miri)} programs"]


def test_nothing_found_says_what_matched_nothing_and_offers_the_reset(filtering):
    filtering.get_by_label("Search programs").fill("zzzz")
    assert not filtering.locator("table.programs").is_visible()
    assert filtering.locator("#empty").inner_text().startswith("No program matches “zzzz”.")
    filtering.locator("#empty").get_by_role("button", name="Reset the filters").click()
    assert visible_ids(filtering) == ids(SOURCE) and filtering.evaluate("location.search") == ""


def test_reset_clears_every_filter(filtering):
    filtering.get_by_role("checkbox", name="NIRISS").check()
    filtering.get_by_label("Search programs").fill("flux")
    filtering.get_by_role("button", name="Reset", exact=True).click()
    assert visible_ids(filtering) == ids(SOURCE)
    assert footer(filtering)[1:] == [str(source_hours(SOURCE)), f"{len(SOURCE)} programs"]
    assert filtering.evaluate("location.search") == ""


def test_a_filtered_sorted_view_survives_a_reload(filtering):
    filtering.get_by_role("checkbox", name="NIRSpec").check()
    filtering.get_by_label("Search programs").fill("flat")
    filtering.get_by_role("button", name="Hours", exact=True).click()
    assert filtering.evaluate("location.search") == "?q=flat&instrument=nirspec&sort=hours&order=descending"
    before = visible_ids(filtering)
    filtering.reload()
    filters_ready(filtering)
    assert visible_ids(filtering) == before
    assert before == ids(sorted((p for p in SEARCHES["flatfield"] if p.instrument == "NIRSpec"),
                                key=lambda p: -float(p.hours)))
    assert filtering.get_by_role("checkbox", name="NIRSpec").is_checked()


def test_a_shared_address_opens_the_same_view_names_in_any_case(served, tab):
    tab.goto(served.base + "?instrument=MIRI&q=absolute%20flux&sort=hours&order=ascending")
    filters_ready(tab)
    expected = sorted((p for p in SOURCE if p.instrument == "MIRI" and "absolute flux" in p.title.lower()),
                      key=lambda p: (float(p.hours), p.id))
    assert visible_ids(tab) == ids(expected)
    assert not tab.locator(".filter-problem").is_visible()


def test_a_value_in_the_address_that_matches_nothing_is_said_on_the_page(served, tab):
    tab.goto(served.base + "?instrument=WFC3&topics=flat")
    filters_ready(tab)
    problem = tab.locator(".filter-problem")
    assert problem.is_visible() and "instrument “WFC3”" in problem.inner_text()
    assert visible_ids(tab) == ids(p for p in SOURCE if "flat" in topics_of(p))


@pytest.mark.parametrize("sort", ["id", "program", "Program"])
def test_the_sort_in_the_address_is_the_column_key_and_old_label_links_still_work(served, tab, sort):
    tab.goto(served.base + f"?sort={sort}&order=descending")
    assert visible_ids(tab) == sorted((p.id for p in SOURCE), reverse=True)
    tab.get_by_role("button", name="Title", exact=True).click()
    assert tab.evaluate("location.search") == "?sort=title&order=ascending"


def test_the_view_downloads_as_the_sites_own_csv_rows(served, tab):
    tab.goto(served.base + "?instrument=miri&sort=hours&order=descending")
    filters_ready(tab)
    with tab.expect_download() as download:
        tab.get_by_role("button", name="CSV", exact=True).click()
    made = download.value.path().read_bytes().decode("utf-8")
    full = list(csv.reader(io.StringIO((served.folder / "programs.csv").read_text(encoding="utf-8"), newline="")))
    by_id = {row[0]: row for row in full[1:]}
    assert list(csv.reader(io.StringIO(made, newline=""))) == [full[0]] + [by_id[str(i)] for i in visible_ids(tab)]
    assert download.value.suggested_filename == "programs-instrumentmiri.csv"


def test_the_view_downloads_as_ecsv_that_astropy_reads(served, tab):
    from astropy.table import Table

    tab.goto(served.base + "?topics=dark")
    filters_ready(tab)
    with tab.expect_download() as download:
        tab.get_by_role("button", name="ECSV", exact=True).click()
    table = Table.read(download.value.path(), format="ascii.ecsv")
    assert [int(i) for i in table["id"]] == visible_ids(tab) and str(table["hours"].unit) == "h"


def copied(tab, name):
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.get_by_role("button", name=name, exact=True).click()
    tab.locator(".view-tools-status").filter(has_text=f"rows as {name}.").wait_for()  # this copy's, not the last
    return tab.evaluate("navigator.clipboard.readText()")


def test_the_view_copies_as_aastex_that_astropy_reads_back(served, tab):
    from astropy.io import ascii

    tab.goto(served.base + "?instrument=nircam")
    filters_ready(tab)
    table = ascii.read(copied(tab, "AASTeX"), format="aastex")
    nircam = [p for p in SOURCE if p.instrument == "NIRCam"]
    assert [int(i) for i in table["Program"]] == ids(nircam)
    assert [str(t) for t in table["Title"]] == [p.title.replace("&", "\\&") for p in nircam]  # as LaTeX


def test_the_view_copies_as_tsv_and_markdown(served, tab):
    tab.goto(served.base + "?q=linearity")
    filters_ready(tab)
    tsv = copied(tab, "TSV").splitlines()
    assert tsv[0] == "Program\tHours\tTitle\tInstrument"
    assert [int(line.split("\t")[0]) for line in tsv[1:]] == visible_ids(tab)
    assert visible_ids(tab) == ids(p for p in SOURCE if "linearity" in p.title.lower() or "linearity" in topics_of(p))
    markdown = copied(tab, "Markdown").splitlines()
    assert markdown[1] == "| ---: | ---: | --- | --- |" and len(markdown) == 2 + len(visible_ids(tab))


def test_the_view_downloads_as_ecsv_whatever_quotes_its_metadata_holds(tmp_path, tab):
    """A quote in a metadata value (here the site's title) must not be read as a field's start."""
    from astropy.table import Table

    from sodrm.pipeline import build

    site = tmp_path / "site.toml"
    site.write_text(SITE_TOML.replace('title = "JWST SODRM', 'title = "The \\"JWST SODRM', 1))
    out = tmp_path / "out"
    build(PROJECT / "data" / "programs.toml", site, out, cache=tmp_path / "cache")
    with pages_server(out) as base:
        tab.goto(base + "?instrument=miri")
        filters_ready(tab)
        with tab.expect_download() as download:
            tab.get_by_role("button", name="ECSV", exact=True).click()
        table = Table.read(download.value.path(), format="ascii.ecsv")
        assert [int(i) for i in table["id"]] == visible_ids(tab) and table.meta["title"].startswith('The "JWST')
