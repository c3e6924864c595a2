"""One kind of group page (sodrm/groups.py): every instrument, calibration topic and observing mode
has a page of its programs, made by one planner function and one template; a new group, even one
without programs, is a declaration in data/site.toml."""
import pytest
from bs4 import BeautifulSoup
from conftest import PROGRAMS, SITE_TOML, command, site_toml_without, target, text

from sodrm import urls
from sodrm.groups import GROUP_KINDS


def members(catalog, kind, group):
    """The programs of a group, from the records: a program names its groups in the kind's field."""
    return [p for p in catalog.programs
            if group in (value if type(value := getattr(p, kind.field)) is tuple else (value,))]


def every_group(catalog):
    return [(kind, group) for kind in GROUP_KINDS for group in getattr(catalog, kind.key)]


def test_every_group_of_every_kind_has_a_page_of_exactly_its_programs(parsed, catalog):
    for kind, group in every_group(catalog):
        path = urls.group(kind.key, group.slug)
        page = parsed(path)
        assert text(page.h1).startswith(group.name)
        linked = [target(path, a["href"]) for a in page.select("table.programs tbody th a")]
        assert linked == [urls.program(p.id) for p in members(catalog, kind, group)], path


def test_every_program_page_links_the_page_of_each_of_its_groups(parsed, catalog):
    for program in catalog.programs:
        path = urls.program(program.id)
        links = {target(path, a["href"]) for a in parsed(path).select("main a[href]")}
        for kind, group in every_group(catalog):
            if program in members(catalog, kind, group):
                assert urls.group(kind.key, group.slug) in links, (path, group.slug)


def test_the_fields_page_links_every_mode_and_topic_page(parsed, catalog):
    links = {target(urls.FIELDS, a["href"]) for a in parsed(urls.FIELDS).select("main a[href]")}
    for kind, group in every_group(catalog):
        if kind.key != "instruments":  # instruments are listed by name, and linked from every page's navigation
            assert urls.group(kind.key, group.slug) in links


# An instrument the real data does not declare, whichever it declares.
SPARE = '\n[[instruments]]\nname = "Spare"\nslug = "spare"\nfull_name = "Spare Instrument"\ncolour = "#5c5c5c"\ndark_colour = "#b3b3b3"\n'


@pytest.fixture(scope="module")
def with_spare(tmp_path_factory):
    """The real data, and one more instrument declared in data/site.toml, without programs."""
    folder = tmp_path_factory.mktemp("spare")
    site = folder / "site.toml"
    site.write_text(SITE_TOML.replace("\n[[topics]]", SPARE + "\n[[topics]]", 1))
    (folder / "programs.toml").write_text(PROGRAMS)
    result = command("--data", folder / "programs.toml", "--site-data", site, "--out", folder / "out")
    assert result.returncode == 0, result.stderr
    return folder / "out"


def parse(out, path):
    return BeautifulSoup((out / path).read_text(), "html.parser")


def test_a_declared_instrument_without_programs_has_a_page_that_says_so_in_words(with_spare):
    page = parse(with_spare, urls.instrument("spare"))
    assert text(page.h1) == "Spare Spare Instrument"
    assert text(page.select_one(".totals")) == "No calibration program of the SODRM is of this instrument."
    assert page.select_one("table") is None


def test_a_declared_instrument_is_in_the_navigation_the_filters_the_matrix_and_the_colours(with_spare):
    index = parse(with_spare, urls.INDEX)
    assert "Spare" in [text(a) for a in index.select(".site-header nav a")]
    assert index.select_one('.filters input[name="instrument"][value="spare"]') is not None
    assert "Spare" in [text(th) for th in parse(with_spare, urls.TOPICS).select("table.matrix thead th")]
    assert '[data-instrument="spare"]{--colour:#5c5c5c}' in (with_spare / urls.INSTRUMENT_COLOURS).read_text()
    row = index.select_one("table.summary tbody tr#spare")  # the index's summary by instrument: no program
    assert [text(td) for td in row.select("td")][:2] == ["0", "0"]


def test_every_group_page_links_its_own_programs_as_each_download(site, parsed, catalog):
    import csv
    import io
    import json

    from astropy.io.votable import parse
    from astropy.table import Table

    for kind, group in every_group(catalog):
        expected = [p.id for p in members(catalog, kind, group)]
        if not expected:
            continue
        path = urls.group(kind.key, group.slug)
        files = {a.get_text(): site / target(path, a["href"]) for a in parsed(path).select("p.downloads a[download]")}
        assert set(files) == {"CSV", "JSON", "ECSV", "VOTable"} and files["CSV"].name == f"programs-{group.slug}.csv"
        rows = list(csv.DictReader(io.StringIO(files["CSV"].read_text(encoding="utf-8"), newline="")))
        assert [int(row["id"]) for row in rows] == expected, path
        made = json.loads(files["JSON"].read_text(encoding="utf-8"))
        assert [p["id"] for p in made["programs"]] == expected and group.name in made["rows"]
        ecsv = Table.read(files["ECSV"], format="ascii.ecsv")
        assert [int(i) for i in ecsv["id"]] == expected and str(ecsv["hours"].unit) == "h"
        assert [int(i) for i in parse(files["VOTable"]).get_first_table().to_table()["id"]] == expected


def test_the_navigation_marks_a_group_page_as_its_kind_declares(parsed, catalog):
    """An instrument's page marks itself; a topic's, the topics page; a mode's, nothing."""
    for kind, group in every_group(catalog):
        current = parsed(urls.group(kind.key, group.slug)).select('.site-header nav [aria-current="page"]')
        marked = {"own": group.name, "topics": "Topics"}.get(kind.nav)
        assert [text(a) for a in current] == ([marked] if marked else []), (kind.key, group.slug)


def test_a_catalog_without_topics_builds_without_topic_pages_or_tables(tmp_path):
    """Topics are optional as a whole: without them, no topics page, link, facet or table by topic,
    and each instrument's bars are on the scale of its longest program."""
    import re
    import tomllib

    from sodrm.errors import DataError
    from sodrm.paths import PROJECT
    from sodrm.pipeline import build

    site, data, out = tmp_path / "site.toml", tmp_path / "programs.toml", tmp_path / "out"
    site.write_text(site_toml_without("[[topics]]"), encoding="utf-8")
    data.write_text(re.sub(r"(?m)^topics = .*\n", "", PROGRAMS), encoding="utf-8")
    assert "topics" not in tomllib.loads(site.read_text()) and "topics = " not in data.read_text()
    content = tmp_path / "content"
    content.mkdir()
    for page in (PROJECT / "content").glob("*.md"):  # without the link to the topics page
        (content / page.name).write_text(re.sub(r"\[([^]]+)\]\(site:topics\)", r"\1", page.read_text()))
    with pytest.raises(DataError) as raised:  # the content as it is links to the topics page
        build(data, site, out, cache=tmp_path / "cache")
    assert "about.md: a link to site:topics, which names no page of this site" in str(raised.value)
    build(data, site, out, cache=tmp_path / "cache", content=content)
    assert not (out / urls.TOPICS).exists() and not (out / "topics").exists()
    index = BeautifulSoup((out / urls.INDEX).read_text(), "html.parser")
    assert "Topics" not in [text(a) for a in index.select(".site-header nav a")]
    assert not index.select('fieldset[data-facet="topics"] label')
    programs = tomllib.loads(data.read_text())["programs"]
    for instrument in tomllib.loads(SITE_TOML)["instruments"]:
        hours = [p["hours"] for p in programs if p["instrument"] == instrument["name"]]
        if not hours:  # a page without bars (another test reads what it says instead)
            continue
        page = BeautifulSoup((out / urls.instrument(instrument["slug"])).read_text(), "html.parser")
        longest = max(hours)
        assert not page.select("table.summary"), instrument["slug"]
        assert f"the longest on this page is {longest} hours" in text(page.select_one(".scale-note"))
