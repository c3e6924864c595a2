"""The data as astronomers' tools read it: ECSV and VOTable with types, units and descriptions
from the field declarations, a page that explains every field, and prose that states only
what the data or the quoted sources say."""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from decimal import Decimal

import pytest
from conftest import SITE_URL, SOURCE, site_pages, target, text

from sodrm import urls
from sodrm.fields import PROGRAM_FIELDS
from sodrm.paths import PROJECT

from astropy.table import Table  # noqa: E402  (a test dependency: make test installs it)
SITE = tomllib.loads((PROJECT / "data" / "site.toml").read_text(encoding="utf-8"))


def source_rows():
    return [(p.id, Decimal(p.hours), p.title, p.instrument) for p in SOURCE]


@pytest.mark.parametrize("path, format", [(urls.ECSV, "ascii.ecsv"), (urls.VOTABLE, "votable")])
def test_astropy_reads_every_row_of_the_source_with_types(site, path, format):
    table = Table.read(site / path, format=format)
    assert table.colnames == [field.name for field in PROGRAM_FIELDS]
    rows = [(int(row["id"]), Decimal(repr(float(row["hours"]))), str(row["title"]), str(row["instrument"]))
            for row in table]
    assert rows == source_rows()
    assert table["id"].dtype.kind == "i" and table["hours"].dtype.kind == "f"


@pytest.mark.parametrize("path, format", [(urls.ECSV, "ascii.ecsv"), (urls.VOTABLE, "votable")])
def test_every_column_carries_its_declared_unit_and_description(site, path, format):
    table = Table.read(site / path, format=format)
    assert str(table["hours"].unit) == "h"
    for field in PROGRAM_FIELDS:
        assert table[field.name].description == field.description


def test_the_ecsv_names_its_source_and_what_the_programs_are_not(site):
    meta = Table.read(site / urls.ECSV, format="ascii.ecsv").meta
    assert meta["source_url"] == SITE["site"]["source_url"]
    assert meta["publisher"] == SITE["site"]["source_publisher"]
    assert "do not represent actual allocations" in meta["caveat"]


def test_the_ecsv_reads_the_same_under_the_c_locale(site):
    script = ("import sys; from astropy.table import Table; t = Table.read(sys.argv[1], format='ascii.ecsv'); "
              "print(len(t), t['title'][0], t['hours'].unit)")
    result = subprocess.run([sys.executable, "-c", script, str(site / urls.ECSV)], capture_output=True, text=True,
                            env={**os.environ, "LC_ALL": "C", "LANG": "C"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == f"{len(SOURCE)} {SOURCE[0].title} h"
    assert (site / urls.ECSV).read_bytes().isascii()


def test_the_votable_passes_the_validator_without_a_warning_and_every_ucd_is_valid(site):
    from astropy.io.votable import parse, ucd, validate

    report = io.StringIO()
    assert validate(str(site / urls.VOTABLE), output=report), report.getvalue()
    assert "no violations" in report.getvalue()
    fields = parse(str(site / urls.VOTABLE)).get_first_table().fields
    assert [field.ucd for field in fields] == [field.ucd for field in PROGRAM_FIELDS]
    assert all(ucd.check_ucd(field.ucd, check_controlled_vocabulary=True) for field in fields)


def test_the_field_page_explains_every_field_with_its_type_unit_and_allowed_values(parsed):
    page = parsed(urls.FIELDS)
    names = [text(section.h2.code) for section in page.select("section.field")]
    assert names == [field.name for field in PROGRAM_FIELDS]
    hours = page.find(id="field-hours").find_parent("section")
    assert "Unit h (hours)" in text(hours)
    instrument = page.find(id="field-instrument").find_parent("section")
    assert all(f"{i['name']}, {i['full_name']}" in text(instrument) for i in SITE["instruments"])
    topics = page.find(id="field-topics").find_parent("section")
    assert all(f"{t['slug']}, {t['name']}" in text(topics) for t in SITE["topics"])


def test_the_table_and_the_downloads_link_to_the_field_page(parsed):
    index = parsed(urls.INDEX)
    links = [target(urls.INDEX, a["href"]) for a in index.select("table.programs caption a, .downloads a")]
    assert links.count(urls.FIELDS) == 2
    assert {target(urls.INDEX, a["href"]) for a in index.select(".downloads a[download]")} == {
        urls.CSV, urls.JSON, urls.ECSV, urls.VOTABLE}


def prose():
    """The site's own sentences: content/, the templates' text, the topic descriptions."""
    texts = [path.read_text(encoding="utf-8") for path in (PROJECT / "content").glob("*.md")]
    texts += [re.sub(r"\{[{%#].*?[}%#]\}|<[^>]+>", " ", path.read_text(encoding="utf-8"))
              for path in (PROJECT / "templates").glob("*.html")]
    texts += [topic["description"] for topic in SITE["topics"]] + [SITE["site"]["description"], SITE["site"]["caveat"]]
    return "\n".join(re.sub(r"\(https?://[^)]*\)|https?://\S+", " ", text) for text in texts)


def test_every_number_the_prose_states_is_the_datas_or_a_quoted_sources():
    # The source's words, and the leads that attribute them (the SODRM's "2012 edition" is STScI's).
    quoted = " ".join(f'{quote["lead"]} {quote["text"]}' for quote in SITE["quotes"])
    allowed = {str(len(SOURCE))} | set(re.findall(r"\d+", quoted))
    stated = set(re.findall(r"(?<![\w.#-])\d+(?:\.\d+)?(?![\w.%-]*\d|%)", prose())) - {"404"}
    assert stated <= allowed, f"numbers no source states: {sorted(stated - allowed)}"


def test_the_about_page_quotes_the_source_word_for_word_and_says_where(parsed):
    page = parsed(urls.ABOUT)
    quotes = page.select("q[cite]")
    assert [text(q) for q in quotes] == [quote["text"] for quote in SITE["quotes"]]
    assert all(q["cite"].startswith("https://www.stsci.edu/") for q in quotes)


def test_the_code_has_a_licence_that_claims_nothing_over_stscis_data():
    licence = (PROJECT / "LICENSE").read_text()
    assert licence.startswith("MIT License") and "claims no licence over it" in licence


# Discovery: schema.org Dataset for search engines, Open Graph for shared links.
SCHEMA_ORG = {  # the schema.org terms the site may use, by type (from schema.org's vocabulary)
    "Dataset": {"@context", "@type", "name", "description", "isBasedOn", "creator", "url", "version",
                "dateModified", "variableMeasured", "distribution", "license", "keywords", "publisher",
                "datePublished", "temporalCoverage", "isAccessibleForFree", "conditionsOfAccess"},
    "Organization": {"@type", "name", "url"},
    "PropertyValue": {"@type", "name", "description", "unitText", "unitCode"},
    "DataDownload": {"@type", "name", "encodingFormat", "contentUrl"},
}


def terms_are_schema_orgs(node) -> bool:
    if isinstance(node, list):
        return all(map(terms_are_schema_orgs, node))
    if not isinstance(node, dict):
        return True
    return node.keys() <= SCHEMA_ORG[node["@type"]] and all(map(terms_are_schema_orgs, node.values()))


def test_the_dataset_is_described_on_the_fields_page_alone_the_index_stays_light(published):
    described = [address for address in site_pages(published) if 'application/ld+json' in
                 (published / (address if address.endswith(".html") else address + "index.html")).read_text(encoding="utf-8")]
    assert described == [urls.public(urls.FIELDS)]


def test_the_dataset_is_described_in_json_ld_with_schema_org_terms_only(published):
    path = urls.FIELDS
    from bs4 import BeautifulSoup

    html = BeautifulSoup((published / path).read_text(encoding="utf-8"), "html.parser")
    [script] = html.select('script[type="application/ld+json"]')
    dataset = json.loads(script.string)
    assert dataset["@context"] == "https://schema.org" and dataset["@type"] == "Dataset"
    assert terms_are_schema_orgs(dataset)
    assert [variable["name"] for variable in dataset["variableMeasured"]] == [f.name for f in PROGRAM_FIELDS]
    assert [variable.get("unitText") for variable in dataset["variableMeasured"]] == [f.unit or None for f in PROGRAM_FIELDS]
    assert any(f.unit for f in PROGRAM_FIELDS)
    assert dataset["isBasedOn"] == SITE["site"]["source_url"] and dataset["url"] == SITE_URL
    for download in dataset["distribution"]:
        assert download["contentUrl"].startswith(SITE_URL)
        assert (published / download["contentUrl"].removeprefix(SITE_URL)).is_file()


def test_every_page_has_open_graph_and_twitter_meta_with_absolute_addresses(published):
    from bs4 import BeautifulSoup

    for address in site_pages(published):
        path = published / (address if address.endswith(".html") else address + "index.html")
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in html.select("meta[content]")}
        assert meta["og:title"] and meta["og:description"] and meta["twitter:card"] == "summary_large_image", path
        assert meta["og:image"] == SITE_URL + "static/card.png"
        if path.name != "404.html":
            assert meta["og:url"].startswith(SITE_URL)


def test_the_card_is_a_1200_by_630_png():
    import struct

    card = (PROJECT / "static" / "card.png").read_bytes()
    assert card.startswith(b"\x89PNG") and struct.unpack(">II", card[16:24]) == (1200, 630)


def test_with_an_edit_address_each_program_page_links_to_its_table_in_the_data_file(tmp_path):
    from bs4 import BeautifulSoup
    from conftest import command

    edit = "https://github.com/USER/REPO/blob/main/data/programs.toml"
    assert command("--out", tmp_path / "site", "--edit-url", edit).returncode == 0
    lines = (PROJECT / "data" / "programs.toml").read_text(encoding="utf-8").splitlines()
    for program in SOURCE:
        page = BeautifulSoup((tmp_path / "site" / urls.program(program.id)).read_text(), "html.parser")
        link = page.select_one(".edit-link a")["href"]
        line = int(link.removeprefix(edit + "#L"))
        assert lines[line - 1] == "[[programs]]" and lines[line] == f"id = {program.id}"


@pytest.mark.parametrize("start", [b"\xef\xbb\xbf", b"\n"], ids=["a byte order mark", "a blank line"])
def test_a_data_file_that_starts_with_more_gives_each_program_the_line_of_its_table(tmp_path, start):
    from sodrm.load import load
    from sodrm.sources import read_sources

    data = tmp_path / "programs.toml"
    data.write_bytes(start + (PROJECT / "data" / "programs.toml").read_bytes())
    lines = data.read_text(encoding="utf-8-sig").splitlines()
    loaded = load(read_sources(data, PROJECT / "data" / "site.toml", PROJECT / "content", PROJECT / "templates",
                               PROJECT / "static"))
    assert loaded.lines.keys() == {program.id for program in SOURCE}
    for program, line in loaded.lines.items():
        assert lines[line - 1] == "[[programs]]" and lines[line] == f"id = {program}"


def test_a_content_page_saved_with_a_byte_order_mark_is_read_without_it(tmp_path):
    from sodrm.load import load
    from sodrm.sources import read_sources

    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    intro = (content / "intro.md").read_bytes()
    (content / "intro.md").write_bytes(b"\xef\xbb\xbf" + intro)
    loaded = load(read_sources(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", content,
                               PROJECT / "templates", PROJECT / "static"))
    assert loaded.content["intro"] == intro.decode("utf-8")


def test_without_an_edit_address_no_page_has_an_edit_link(parsed):
    assert parsed(urls.program(SOURCE[0].id)).select_one(".edit-link") is None
