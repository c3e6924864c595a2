"""Hostile text in the data stays text everywhere: HTML, SVG, CSV and JSON; and a strict
Content-Security-Policy lets only the site's own scripts and styles run."""
import csv
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from conftest import heading, site_pages

from sodrm import urls
from sodrm.paths import PROJECT
from sodrm.pipeline import build

HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "</text></svg><script>alert(1)</script>",
    "' onmouseover='alert(1)' x='",
    'Total =HYPERLINK("http://example.com/","x")',  # a formula inside a title is text to any spreadsheet
    "&amp; &lt;b&gt; -->",
]
HOSTILE_NOTES = """Raw HTML: <script>alert(1)</script> and <img src=x onerror=alert(1)>.

A [link](javascript:alert(1)) and <a href="javascript:alert(1)">another</a>, {{ 7*7 }}.

A [real link](https://www.stsci.edu/) and *emphasis*.

#  a line that starts as a comment does in ECSV, "and a lone quote."""
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          "connect-src 'self'; base-uri 'none'; form-action 'none'")


def toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "programs.toml"
    tables = [
        f"[[programs]]\nid = {100 + n}\nhours = {500.5 - n}\ntitle = {toml_string(title)}\ninstrument = \"MIRI\"\n"
        + (f"notes = {toml_string(HOSTILE_NOTES)}\n" if n == 0 else "")
        for n, title in enumerate(HOSTILE_TITLES)
    ]
    data.write_text("\n".join(tables), encoding="utf-8")
    out = folder / "site"
    build(data, PROJECT / "data" / "site.toml", out)
    return out


def page_file(site, address):
    return site / address if address.endswith(".html") else site / address / "index.html"


def parse(site, address):
    return BeautifulSoup(page_file(site, address).read_text(encoding="utf-8"), "html.parser")


def test_hostile_titles_are_shown_as_the_exact_text_in_the_tables(hostile_site):
    for address in ["", "instruments/miri/"]:
        cells = parse(hostile_site, address).select("table.programs tbody td:nth-of-type(2)")
        titles = [" ".join(cell.get_text().split()) for cell in cells]
        assert titles == [" ".join(title.split()) for title in HOSTILE_TITLES]


def test_hostile_titles_are_the_exact_text_of_their_pages_headings_and_titles(hostile_site):
    for n, title in enumerate(HOSTILE_TITLES):
        page = parse(hostile_site, urls.program(100 + n))
        assert page.h1.get_text() == f"{heading(100 + n, 'MIRI')} {title}"
        assert page.title.string.startswith(f"{100 + n} {title} · MIRI")


def test_no_page_gains_a_script_an_event_handler_or_a_javascript_link(hostile_site):
    for address in site_pages(hostile_site):
        page = parse(hostile_site, address)
        root = "/" if address == "404.html" else "../" * address.count("/") or "./"
        scripts = page.find_all("script", type=lambda kind: kind != "application/ld+json")
        ours = [root + "static/table.js"] + ([root + "static/copy.js"] if address == urls.public(urls.ABOUT) else [])
        assert [script.get("src", "") for script in scripts] == ours
        assert [a for a in page.find_all(True) if any(name.startswith("on") for name in a.attrs)] == []
        assert not page.select('[href^="javascript:" i], [src="x"]')


def test_template_syntax_in_the_data_is_not_evaluated(hostile_site):
    html = (hostile_site / urls.program(103)).read_text()
    assert "{{ 7*7 }} {% raw %} ${7*7}" in html and ">49<" not in html


def test_markdown_notes_show_raw_html_as_text_and_keep_only_safe_links(hostile_site):
    notes = parse(hostile_site, urls.program(100)).select_one(".notes")
    assert "<script>alert(1)</script>" in notes.get_text()
    assert "javascript:alert(1)" in notes.get_text() and "another</a>" in notes.get_text()
    assert [a.get("href") for a in notes.find_all("a")] == [None, "https://www.stsci.edu/"]
    assert notes.find("em").get_text() == "emphasis"
    assert not notes.find_all(["script", "img"])


def test_the_downloads_carry_hostile_text_exactly(hostile_site):
    rows = list(csv.DictReader(io.StringIO((hostile_site / "programs.csv").read_text(encoding="utf-8"), newline="")))
    assert [row["title"] for row in rows] == HOSTILE_TITLES
    assert rows[0]["notes"] == HOSTILE_NOTES
    document = json.loads((hostile_site / "programs.json").read_text(encoding="utf-8"))
    assert [program["title"] for program in document["programs"]] == HOSTILE_TITLES
    assert document["programs"][0]["notes"] == HOSTILE_NOTES


@pytest.mark.parametrize("path, format", [("programs.ecsv", "ascii.ecsv"), ("programs.vot", "votable")])
def test_astropy_reads_hostile_text_back_exactly(hostile_site, path, format):
    from astropy.table import Table

    table = Table.read(hostile_site / path, format=format)
    assert [str(title) for title in table["title"]] == HOSTILE_TITLES
    assert str(table["notes"][0]) == HOSTILE_NOTES  # blank lines and a line starting with "#" too


def test_every_page_has_a_policy_that_allows_only_the_sites_own_scripts_and_styles(site, parsed):
    for address in site_pages(site):
        page = parsed(address)
        policies = page.select('meta[http-equiv="Content-Security-Policy"]')
        assert [meta["content"] for meta in policies] == [POLICY], address
        # JSON-LD is data that no browser runs; any other script comes from the site's own file.
        assert not page.find_all("script", src=False, type=lambda kind: kind != "application/ld+json"), "inline script"
        assert not page.find_all(style=True), "inline style attributes"
        assert not page.find_all("style"), "inline style elements"
        for element in page.find_all(["script", "link"], src=True) + page.find_all("link", href=True):
            reference = element.get("src") or element.get("href")
            if element.name == "link" and element.get("rel") == ["canonical"]:
                continue
            assert not re.match(r"(https?:)?//", reference), reference


def test_no_hostile_page_runs_a_script_or_opens_a_dialog_in_chromium(hostile_site, browser):
    context = browser.new_context()
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for address in ["", "instruments/miri/"] + [urls.public(urls.program(100 + n)) for n in range(len(HOSTILE_TITLES))]:
        page.goto(page_file(hostile_site, address).as_uri())
        page.mouse.move(200, 300)
        page.mouse.move(400, 600)
    context.close()
    assert dialogs == [] and errors == []


def test_no_template_switches_autoescaping_off_or_escapes_by_hand():
    for template in (PROJECT / "templates").iterdir():
        source = template.read_text(encoding="utf-8")
        assert "autoescape" not in source and not re.search(r"\|\s*e\b|\|\s*escape\b|\|\s*safe\b", source), template.name


def test_the_program_tables_and_bar_tables_escape_every_text_by_the_environment():
    # The instrument's name and slug and the links' root are hostile here too, which the data
    # files cannot make (slugs are checked), so that any value written unescaped shows.
    from decimal import Decimal

    from sodrm.fields import PROGRAM_FIELDS
    from sodrm.model import Instrument, Program
    from sodrm.render import Renderer
    from sodrm.sources import read_sources

    hostile = '"><script>alert(1)</script>'
    instrument = Instrument(hostile, hostile, hostile, "#000000", "#ffffff")
    program = Program(**{field.name: field.default for field in PROGRAM_FIELDS}
                      | {"id": 1, "hours": Decimal("2.5"), "title": HOSTILE_TITLES[0], "instrument": instrument})
    templates = read_sources(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml",
                             PROJECT / "content", PROJECT / "templates", PROJECT / "static").templates
    environment = Renderer(templates, {}).environment
    macros = environment.from_string('{% from "macros.html" import bar_table with context %}'
                                     '{% with caption="Caption", with_instrument=true, topic=none %}'
                                     '{% include "program-table.html" %}{% endwith %}'
                                     '{{ bar_table(programs + others, "Caption", "kin", current=programs[0]) }}')
    other = program._replace(id=2)
    html = macros.render(programs=(program,), others=(other,), hours=Decimal("2.5"), root=hostile, scale=Decimal("2.5"))
    page = BeautifulSoup(html, "html.parser")
    assert page.find("script") is None
    programs, kin = page.select("table")
    assert [cell.get_text() for cell in programs.select("tbody tr > *")] == ["1", "2.5", HOSTILE_TITLES[0], hostile]
    assert [link["href"] for link in programs.select("tbody a")] == [
        hostile + urls.public(urls.program(1)), hostile + urls.public(urls.instrument(hostile))]
    assert [row["data-instrument"] for row in page.select("tbody tr")] == [hostile] * 3
    assert [link["href"] for link in kin.select("tbody a")] == [hostile + urls.public(urls.program(2))]
    assert HOSTILE_TITLES[0] in kin.select("tbody th")[1].get_text()
