"""One page per program, with every field, its shares, its rank, its kin and its neighbours."""
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import FULL_NAMES, SOURCE, heading, source_hours, target, text

from sodrm import urls
from sodrm.paths import PROJECT


def fact(parsed, term):
    """The value given for a term of the page's list of facts."""
    for row in parsed.select("dl.facts > div"):
        if text(row.dt) == term:
            return text(row.dd)
    raise AssertionError(f"no fact {term!r}")


def share(part, whole):
    return f"{(Decimal(part) * 100 / whole).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@pytest.mark.parametrize("program", SOURCE, ids=lambda p: str(p.id))
def test_each_program_page_shows_every_field_exactly(parsed, program):
    html = parsed(urls.program(program.id))
    assert text(html.h1) == f"{heading(program.id, program.instrument)} {program.title}"
    assert fact(html, "Instrument") == f"{program.instrument}, {FULL_NAMES[program.instrument]}"
    assert fact(html, "Estimated total time") == f"{program.hours} hours, exposure plus direct overheads"
    assert program.title in html.title.string


def test_no_fact_repeats_the_heading(parsed):
    terms = [text(term) for term in parsed(urls.program(96000)).select("dl.facts dt")]
    assert not {"Program number", "Title"} & set(terms)


def test_the_program_number_is_said_to_be_the_sodrms_not_a_flight_programs(parsed):
    note = text(parsed(urls.program(96000)).select_one(".id-note"))
    assert note.startswith("96000 is the program's number in the SODRM") and "not the ID of a JWST flight program" in note


def kin(parsed, program_id, table):
    """The programs a program page's table (related or siblings) lists: (id, hours, marked)."""
    rows = parsed(urls.program(program_id)).select(f"table#{table} tbody tr")
    return [(int(text(row.th).split()[0]), text(row.td), "current" in row.get("class", [])) for row in rows]


@pytest.mark.parametrize("program", SOURCE, ids=lambda p: str(p.id))
def test_same_calibration_on_the_other_instruments_lists_the_programs_sharing_the_primary_topic(catalog, parsed, program):
    record = next(p for p in catalog.programs if p.id == program.id)
    if not record.topics:
        assert parsed(urls.program(program.id)).select_one("table#related") is None
        return
    others = [p for p in catalog.programs if record.topics[0] in p.topics and p.instrument != record.instrument]
    expected = sorted([record, *others], key=lambda p: p.id) if others else []
    assert kin(parsed, program.id, "related") == [(p.id, str(p.hours), p.id == program.id) for p in expected]


def test_the_dark_current_of_96000_sits_beside_the_other_instruments_darks(parsed):
    # The example of the issue that asked for this section.
    assert [row[0] for row in kin(parsed, 96000, "related")] == [96000, 96200, 96400, 96610]


@pytest.mark.parametrize("program", SOURCE, ids=lambda p: str(p.id))
def test_each_program_page_charts_its_instruments_programs_by_hours_with_itself_marked(parsed, program):
    siblings = sorted((p for p in SOURCE if p.instrument == program.instrument),
                      key=lambda p: (-Decimal(p.hours), p.id))
    assert kin(parsed, program.id, "siblings") == [(p.id, p.hours, p.id == program.id) for p in siblings]


@pytest.mark.parametrize("program", SOURCE, ids=lambda p: str(p.id))
def test_each_program_page_gives_its_share_of_its_instrument_and_of_all_hours(parsed, program):
    html = parsed(urls.program(program.id))
    instrument_hours = source_hours([p for p in SOURCE if p.instrument == program.instrument])
    all_hours = source_hours(SOURCE)
    assert fact(html, f"Share of {program.instrument} hours") == f"{share(program.hours, instrument_hours)} of {instrument_hours} hours"
    assert fact(html, "Share of all hours") == f"{share(program.hours, all_hours)} of 2023.3 hours"


@pytest.mark.parametrize("program", SOURCE, ids=lambda p: str(p.id))
def test_each_program_page_links_its_instrument_and_its_neighbours(parsed, program):
    page = urls.program(program.id)
    html = parsed(page)
    instrument_link = html.select_one("dl.facts a")
    assert target(page, instrument_link["href"]) == urls.instrument(program.slug)
    position = SOURCE.index(program)
    previous = html.select_one('a[rel="prev"]')
    following = html.select_one('a[rel="next"]')
    if position == 0:
        assert previous is None
    else:
        before = SOURCE[position - 1]
        assert target(page, previous["href"]) == urls.program(before.id) and f"{before.id} {before.title}" in text(previous)
    if position == len(SOURCE) - 1:
        assert following is None
    else:
        after = SOURCE[position + 1]
        assert target(page, following["href"]) == urls.program(after.id) and f"{after.id} {after.title}" in text(following)


def test_the_rank_counts_programs_with_more_hours(parsed):
    assert fact(parsed(urls.program(96610)), "Rank by hours") == "1st of 37"
    assert fact(parsed(urls.program(96000)), "Rank by hours") == "2nd of 37"
    assert fact(parsed(urls.program(96000)), "Rank among NIRCam programs") == "1st of 9"


def test_programs_with_equal_hours_share_a_rank_and_name_each_other(parsed):
    # 96440 and 96470 both take 2.0 hours, the least of all.
    assert fact(parsed(urls.program(96440)), "Rank by hours") == "36th of 37, tied with 96470"
    assert fact(parsed(urls.program(96470)), "Rank by hours") == "36th of 37, tied with 96440"


def test_the_breadcrumbs_lead_back_to_the_index_and_the_instrument(parsed):
    page = urls.program(96201)
    links = parsed(page).select("nav.breadcrumbs a")
    assert [(text(a), target(page, a["href"])) for a in links] == [
        ("All programs", urls.INDEX), ("NIRSpec", urls.instrument("nirspec")), ("96201", page)]


def test_the_instruments_programs_table_says_it_holds_them_all_when_it_does(parsed, catalog):
    for program in catalog.programs:
        count = sum(p.instrument == program.instrument for p in catalog.programs)
        caption = parsed(urls.program(program.id)).select_one("table#siblings caption")
        if count > 1:  # a program alone on its instrument has no such table
            assert text(caption).startswith(f"The {count} {program.instrument.name} programs by estimated hours")


def test_in_a_large_catalog_a_page_shows_the_nearest_programs_and_a_few_per_other_instrument(tmp_path):
    from sodrm.load import load
    from sodrm.pages import Kin, instrument_groups
    from sodrm.sources import read_sources

    data = tmp_path / "programs.toml"
    data.write_text("".join(
        f'[[programs]]\nid = {n}\nhours = {n % 17 + 1}.5\ntitle = "T{n}"\ninstrument = "{name}"\ntopics = ["dark"]\n'
        for n, name in [(n, "NIRCam") for n in range(1, 41)] + [(n, "MIRI") for n in range(41, 50)]))
    catalog = load(read_sources(data, PROJECT / "data" / "site.toml", PROJECT / "content",
                                PROJECT / "templates", PROJECT / "static")).catalog
    kin = Kin(catalog, instrument_groups(catalog.instruments, catalog.programs))
    nircam = [p for p in catalog.programs if p.instrument.name == "NIRCam"]
    by_hours = sorted(nircam, key=lambda p: (-p.hours, p.id))
    for program in nircam:
        window = kin.nearest_by_hours(program)
        start = by_hours.index(window[0])
        assert program in window and list(window) == by_hours[start:start + 2 * Kin.NEAREST + 1]
    related = kin.on_other_instruments(nircam[0])
    miri = sorted((p for p in catalog.programs if p.instrument.name == "MIRI"), key=lambda p: (-p.hours, p.id))
    assert [p.id for p in related] == sorted([nircam[0].id] + [p.id for p in miri[:Kin.PER_INSTRUMENT]])
