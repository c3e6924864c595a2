"""Filtering the index table in Chromium: a search that finds what calibration staff type,
facets with live counts, totals, an empty state, the view in the address, and the view as
downloads and copies. Expected programs come from the data files."""
import csv
import io
import tomllib
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SITE_TOML, SOURCE, examples, pages_server, source_hours
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    # Plurals, and the words declared beside topics and modes in data/site.toml (search_words).
    "flats": [p for p in SOURCE if "flat" in topics_of(p) or "flat" in p.title.lower()],
    "darks": [p for p in SOURCE if "dark" in topics_of(p) or "dark" in p.title.lower()],
    "NIRSpec flats": [p for p in SOURCE if p.instrument == "NIRSpec" and "flat" in topics_of(p)],
    "TSO": [p for p in SOURCE if "soss" in modes_of(p)],
    "time series": [p for p in SOURCE if "soss" in modes_of(p)],
    "IFU": [p for p in SOURCE if {"ifu", "mrs"} & set(modes_of(p))],
    "integral field": [p for p in SOURCE if {"ifu", "mrs"} & set(modes_of(p))],
    "wavecal": [p for p in SOURCE if "wavelength" in topics_of(p)],
    "Wavecals": [p for p in SOURCE if "wavelength" in topics_of(p)],
    "latent": [p for p in SOURCE if "persistence" in topics_of(p)],
    "nonlinearity": [p for p in SOURCE if "linearity" in topics_of(p)],
    "zeropoints": [p for p in SOURCE if "flux" in topics_of(p)],
    "point spread function": [p for p in SOURCE if "psf" in topics_of(p)],
    "MOS": [p for p in SOURCE if "msa" in modes_of(p)],
    "coronagraph": [p for p in SOURCE if "coronagraphy" in modes_of(p) or "coronagraph" in p.title.lower()],
    "grisms": [p for p in SOURCE if "grism" in topics_of(p) or {"wfss", "soss"} & set(modes_of(p))],
}


@pytest.mark.parametrize("query", SEARCHES)
def test_the_search_finds_what_staff_type(filtering, query):
    filtering.get_by_label("Search programs").fill(query)
    assert visible_ids(filtering) == ids(SEARCHES[query])
    if SEARCHES[query]:
        assert footer(filtering)[1:] == [str(source_hours(SEARCHES[query])),
                                     f"{len(SEARCHES[query])} program{'s' * (len(SEARCHES[query]) != 1)}"]


def test_the_search_misses_of_before_now_find_their_programs(filtering):
    # "MIRI" found nothing, "wavelength" missed the Wavecal programs, "flat field" found one;
    # later "flats" found 0, "darks" 1 of 4, "TSO" and "time series" 0, "IFU" missed MIRI's MRS
    # and "wavecal" NIRSpec's Wavelength Calibration Monitor.
    assert len(SEARCHES) >= 25
    assert len(SEARCHES["MIRI"]) == 8 and {96430, 96440} <= set(ids(SEARCHES["wavelength"]))
    assert len(SEARCHES["flat field"]) >= 9 and len(SEARCHES["flats"]) >= 9 and len(SEARCHES["darks"]) >= 4
    assert SEARCHES["TSO"] and SEARCHES["time series"]
    assert {"MIRI", "NIRSpec"} <= {p.instrument for p in SEARCHES["IFU"]}
    assert any(p.instrument == "NIRSpec" for p in SEARCHES["wavecal"])


def test_a_search_that_finds_nothing_offers_the_nearest_words_that_would(filtering):
    filtering.get_by_label("Search programs").fill("miri flst")
    offered = filtering.locator("#empty button:not([type=reset])")
    assert "flat" in offered.all_inner_texts()
    offered.filter(has_text="flat").click()
    assert filtering.get_by_label("Search programs").input_value() == "miri flat"
    assert visible_ids(filtering) == ids(p for p in SOURCE if p.instrument == "MIRI" and
                                         ("flat" in topics_of(p) or "flat" in p.title.lower()))


def test_a_search_with_no_near_word_offers_none(filtering):
    filtering.get_by_label("Search programs").fill("zzzz")
    assert filtering.locator("#empty").is_visible() and not filtering.locator("#empty button:not([type=reset])").count()


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
    for instrument in (declared["name"] for declared in tomllib.loads(SITE_TOML)["instruments"]):
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


def view_download(tab, address, button):
    """The file a button of the view's tools downloads, the index open at `address`."""
    tab.goto(address)
    filters_ready(tab)
    with tab.expect_download() as download:
        tab.get_by_role("button", name=button, exact=True).click()
    return download.value


def test_the_view_downloads_as_the_sites_own_csv_rows(served, tab):
    download = view_download(tab, served.base + "?instrument=miri&sort=hours&order=descending", "CSV")
    made = download.path().read_bytes().decode("utf-8")
    full = list(csv.reader(io.StringIO((served.folder / "programs.csv").read_text(encoding="utf-8"), newline="")))
    by_id = {row[0]: row for row in full[1:]}
    assert list(csv.reader(io.StringIO(made, newline=""))) == [full[0]] + [by_id[str(i)] for i in visible_ids(tab)]
    assert download.suggested_filename == "programs-miri.csv"


def test_the_view_downloads_as_ecsv_that_astropy_reads(served, tab):
    from astropy.table import Table

    download = view_download(tab, served.base + "?topics=dark", "ECSV")
    table = Table.read(download.path(), format="ascii.ecsv")
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
        table = Table.read(view_download(tab, base + "?instrument=miri", "ECSV").path(), format="ascii.ecsv")
        assert [int(i) for i in table["id"]] == visible_ids(tab) and table.meta["title"].startswith('The "JWST')


def within(programs, low=None, high=None):
    return [p for p in programs if (low is None or float(p.hours) >= low) and (high is None or float(p.hours) <= high)]


def by_hours(programs, descending=False):
    """Sorted by hours, ties in program order either way (as the table sorts)."""
    return sorted(programs, key=lambda p: ((-1 if descending else 1) * float(p.hours), p.id))


def test_miri_programs_of_at_least_50_hours_sorted_by_hours_down_from_a_shared_address(served, tab):
    tab.goto(served.base + "?instrument=miri&hours_min=50&sort=hours&order=desc")
    filters_ready(tab)
    expected = by_hours(within([p for p in SOURCE if p.instrument == "MIRI"], low=50), descending=True)
    assert expected and visible_ids(tab) == ids(expected)
    assert tab.locator("table.programs caption .caption-text").inner_text() == \
        f"{len(expected)} of {len(SOURCE)} calibration programs: instrument MIRI, at least 50 hours"
    assert tab.locator(".filter-status").inner_text() == \
        f"Showing {len(expected)} of {len(SOURCE)} programs, {source_hours(expected)} hours."
    assert footer(tab)[1:] == [str(source_hours(expected)), f"{len(expected)} programs"]
    assert not tab.locator(".filter-problem").is_visible() and not tab.locator(".sort-problem").count()


def test_the_range_typed_in_the_form_narrows_rows_and_counts_and_lives_in_the_address(filtering):
    filtering.get_by_label("at least").fill("10")
    filtering.get_by_label("at most").fill("40.5")
    expected = within(SOURCE, 10, 40.5)
    assert visible_ids(filtering) == ids(expected)
    assert count_of(filtering, "MIRI") == f"({sum(p.instrument == 'MIRI' for p in expected)})"
    assert filtering.evaluate("location.search") == "?hours_min=10&hours_max=40.5"


def test_bounds_are_inclusive_at_a_programs_exact_hours(filtering):
    hours = SOURCE[0].hours
    filtering.get_by_label("at least").fill(hours)
    filtering.get_by_label("at most").fill(hours)
    assert visible_ids(filtering) == ids(p for p in SOURCE if p.hours == hours)


def test_reversed_bounds_are_said_on_the_page_and_match_nothing(served, tab):
    tab.goto(served.base + "?hours_min=100&hours_max=10")
    filters_ready(tab)
    assert "At least 100 hours is more than at most 10 hours" in tab.locator(".filter-problem").inner_text()
    assert tab.locator("#empty").is_visible() and visible_ids(tab) == []


def test_a_bound_in_the_address_that_is_not_a_number_is_said_and_left_out(served, tab):
    tab.goto(served.base + "?hours_max=lots&instrument=niriss")
    filters_ready(tab)
    assert "hours_max=“lots”, which is not a number of hours" in tab.locator(".filter-problem").inner_text()
    assert visible_ids(tab) == ids(p for p in SOURCE if p.instrument == "NIRISS")


@pytest.mark.parametrize("query, said", [("sort=colour", "(?sort=colour)"), ("sort=hours&order=up", "(?sort=hours&order=up)")])
def test_a_sort_or_order_the_table_lacks_is_said_on_the_page(served, tab, query, said):
    tab.goto(served.base + "?" + query)
    assert said in tab.locator(".sort-problem").inner_text()


@pytest.mark.parametrize("order, descending", [("asc", False), ("ascending", False), ("desc", True), ("DESC", True)])
def test_short_and_long_orders_sort_alike(served, tab, order, descending):
    tab.goto(served.base + f"?sort=hours&order={order}")
    assert visible_ids(tab) == ids(by_hours(SOURCE, descending))


def test_the_views_files_are_named_by_what_it_selects(served, tab):
    download = view_download(tab, served.base + "?instrument=miri&topics=flat", "CSV")
    assert download.suggested_filename == "programs-miri-flat.csv"


INSTRUMENTS = sorted({p.instrument for p in SOURCE})
TOPICS = sorted(TOPIC_NAMES)
HOURS = sorted({float(p.hours) for p in SOURCE})
SORTS = {"Program": "id", "Hours": "hours", "Title": "title", "Instrument": "instrument"}


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(instruments=st.sets(st.sampled_from(INSTRUMENTS), max_size=2),
       topics=st.sets(st.sampled_from(TOPICS), max_size=2),
       low=st.none() | st.sampled_from(HOURS) | st.floats(0, 200).map(lambda x: round(x, 1)),
       high=st.none() | st.sampled_from(HOURS) | st.floats(0, 1000).map(lambda x: round(x, 1)),
       prefix=st.sampled_from(["", "96", "962", "964"]),
       sort=st.sampled_from(sorted(SORTS)), clicks=st.integers(0, 2))
def test_any_filter_and_sort_state_is_read_back_from_its_address_to_the_same_rows(
        served, tab, instruments, topics, low, high, prefix, sort, clicks):
    tab.set_default_timeout(5000)  # a failing example is shrunk in many tries: each fails fast
    tab.goto(served.base)
    tab.locator("#search").focus()
    filters_ready(tab)
    tab.evaluate("""([instruments, topics, low, high, prefix]) => {
        for (const box of document.querySelectorAll("input[name=instrument]")) box.checked = instruments.includes(box.value);
        for (const box of document.querySelectorAll("input[name=topics]")) box.checked = topics.includes(box.value);
        const form = document.getElementById("filters");
        form.elements.hours_min.value = low === null ? "" : String(low);
        form.elements.hours_max.value = high === null ? "" : String(high);
        form.elements.q.value = prefix;
        form.dispatchEvent(new Event("input"));
    }""", [sorted(instrument.lower() for instrument in instruments), sorted(topics), low, high, prefix])
    if not tab.locator("table.programs").is_visible():
        clicks = 0  # no rows, no table to sort
    for _ in range(clicks):
        tab.get_by_role("button", name=sort, exact=True).click()
    shown = visible_ids(tab)
    address = tab.evaluate("location.href")
    tab.goto(address)
    if set(parse_qs(urlsplit(address).query)) - {"sort", "order"}:  # else the filters' code waits for a touch
        filters_ready(tab)
    assert visible_ids(tab) == shown
    # And they are the data's own answer to that state: the rows it selects, sorted as the header
    # was clicked (its first direction, then the other; Program's, the sort the page starts with,
    # the other first), ties in program order either way.
    chosen = [p for p in within(SOURCE, low, high) if (not instruments or p.instrument in instruments)
              and (not topics or set(topics) & set(topics_of(p))) and str(p.id).startswith(prefix)]
    key = SORTS[sort] if clicks else "id"
    descending = clicks and (key in ("hours", "id")) == (clicks == 1)
    value = {"id": lambda p: p.id, "hours": lambda p: float(p.hours), "title": lambda p: p.title.casefold(),
             "instrument": lambda p: p.instrument.casefold()}[key]
    expected = ids(sorted(chosen, key=value, reverse=bool(descending)))  # chosen is in program order
    if key == "title":  # the browser's collation of titles is not Python's: the same rows, then
        assert sorted(shown) == sorted(expected)
    else:
        assert shown == expected


def test_the_view_downloads_as_json_with_the_sites_metadata(served, tab):
    import json

    download = view_download(tab, served.base + "?instrument=niriss&sort=hours&order=desc", "JSON")
    made = json.loads(download.path().read_text(encoding="utf-8"))
    full = json.loads((served.folder / "programs.json").read_text(encoding="utf-8"))
    by_id = {program["id"]: program for program in full["programs"]}
    assert made == full | {"programs": [by_id[i] for i in visible_ids(tab)]}
    assert download.suggested_filename == "programs-niriss.json"


def test_the_view_downloads_as_a_votable_that_astropy_reads(served, tab):
    from astropy.io.votable import parse

    download = view_download(tab, served.base + "?topics=flat&hours_max=30", "VOTable")
    table = parse(download.path()).get_first_table().to_table()
    assert [int(i) for i in table["id"]] == visible_ids(tab) == ids(within(
        [p for p in SOURCE if "flat" in topics_of(p)], high=30))
    assert download.suggested_filename == "programs-flat-to30h.vot"
