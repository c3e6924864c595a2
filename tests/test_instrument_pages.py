"""One page per instrument: its full name, count, hours, its table of programs and its hours by topic."""
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import FULL_NAMES, SOURCE, SOURCE_INSTRUMENTS, source_hours, text, target

from sodrm import urls


@pytest.mark.parametrize("name", SOURCE_INSTRUMENTS)
def test_each_instrument_page_gives_full_name_count_and_total_hours(parsed, name):
    html = parsed(f"instruments/{name.lower()}/")
    programs = [p for p in SOURCE if p.instrument == name]
    assert text(html.h1) == f"{name} {FULL_NAMES[name]}"
    assert text(html.select_one(".totals")).startswith(
        f"{len(programs)} calibration programs, {source_hours(programs)} hours:")


@pytest.mark.parametrize("name", SOURCE_INSTRUMENTS)
def test_each_instrument_table_lists_exactly_its_programs(parsed, name):
    page = urls.instrument(name.lower())
    html = parsed(page)
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in html.select("table.programs tbody tr")]
    programs = [p for p in SOURCE if p.instrument == name]
    assert rows == [[str(p.id), p.hours, p.title] for p in programs]
    assert [target(page, row.th.a["href"]) for row in html.select("table.programs tbody tr")] == [
        urls.program(p.id) for p in programs]


def test_instrument_pages_share_the_index_table_markup(parsed):
    index_table = parsed("").select_one("table.programs")
    miri_table = parsed("instruments/miri/").select_one("table.programs")
    assert index_table.attrs == miri_table.attrs
    assert [th.attrs for th in index_table.thead.find_all("th")][:3] == [th.attrs for th in miri_table.thead.find_all("th")]


@pytest.mark.parametrize("name", SOURCE_INSTRUMENTS)
def test_the_navigation_marks_the_current_instrument(parsed, name):
    current = parsed(f"instruments/{name.lower()}/").select('.site-header nav [aria-current="page"]')
    assert [text(a) for a in current] == [name]


@pytest.mark.parametrize("name", SOURCE_INSTRUMENTS)
def test_each_instrument_page_gives_its_hours_by_primary_topic_most_first(parsed, catalog, name):
    rows = [[text(cell) for cell in row.find_all(["th", "td"])]
            for row in parsed(urls.instrument(name.lower())).select("table.summary tbody tr")]
    programs = [p for p in catalog.programs if p.instrument.name == name]
    groups = {}
    for program in programs:
        groups.setdefault(program.topics[0].name if program.topics else "No topic", []).append(program)
    hours = {topic: sum(p.hours for p in group) for topic, group in groups.items()}
    assert sorted(rows, key=lambda row: row[0]) == sorted(
        [[topic, str(len(group)), str(hours[topic]), rows_share(hours[topic], sum(hours.values()))]
         for topic, group in groups.items()])
    shown = [Decimal(row[2]) for row in rows if row[0] != "No topic"]
    assert shown == sorted(shown, reverse=True)


def rows_share(part, whole):
    return f"{(part * 100 / whole).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
