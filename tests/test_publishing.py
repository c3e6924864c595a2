"""What publishing needs: canonical links and a sitemap from --site-url, downloads, reproducible builds."""
import csv
import io
import json
import tomllib
from xml.etree import ElementTree

from conftest import SITE_URL, SOURCE, site_pages, target

from sodrm import urls
from sodrm.fields import PROGRAM_FIELDS

from sodrm.paths import PROJECT
from sodrm.pipeline import build



def data_file_programs():
    return tomllib.loads((PROJECT / "data" / "programs.toml").read_text(encoding="utf-8"))["programs"]


def test_every_page_but_the_404_has_its_absolute_canonical_address(published):
    from bs4 import BeautifulSoup
    for address in site_pages(published):
        html = BeautifulSoup((published / address / "index.html" if not address.endswith(".html")
                              else published / address).read_text(), "html.parser")
        canonical = html.select_one('link[rel="canonical"]')
        if address == "404.html":
            assert canonical is None
        else:
            assert canonical["href"] == SITE_URL + address


def test_the_sitemap_lists_every_page_but_the_404_with_absolute_addresses(published):
    tree = ElementTree.parse(published / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = [loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)]
    expected = [SITE_URL + address for address in site_pages(published) if address != "404.html"]
    assert sorted(listed) == sorted(expected)
    assert SITE_URL + urls.public(urls.program(SOURCE[0].id)) in listed


def test_robots_txt_points_to_the_sitemap(published):
    assert (published / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"


def test_without_a_site_url_there_is_no_sitemap_nor_canonical_link(site, parsed):
    assert not (site / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert parsed("").select_one('link[rel="canonical"]') is None


def test_the_404_page_links_from_the_site_path_of_the_site_url(published):
    text = (published / "404.html").read_text()
    assert 'href="/sodrm/static/style.css"' in text and 'href="/sodrm/instruments/miri/"' in text


def test_the_csv_download_carries_exactly_the_data(site):
    rows = list(csv.DictReader(io.StringIO((site / "programs.csv").read_text(encoding="utf-8"), newline="")))
    assert [(int(r["id"]), r["hours"], r["title"], r["instrument"]) for r in rows] == [
        (p.id, p.hours, p.title, p.instrument) for p in SOURCE]
    assert [r["topics"].split() for r in rows] == [p.get("topics", []) for p in data_file_programs()]
    assert [r["modes"].split() for r in rows] == [p.get("modes", []) for p in data_file_programs()]
    assert list(rows[0]) == [field.name for field in PROGRAM_FIELDS]


def test_the_json_download_carries_exactly_the_data(site):
    document = json.loads((site / "programs.json").read_text(encoding="utf-8"))
    programs = data_file_programs()
    assert [(p["id"], p["hours"], p["title"], p["instrument"], p["topics"], p["modes"], p["notes"])
            for p in document["programs"]] == [
        (p["id"], p["hours"], p["title"], p["instrument"], p.get("topics", []), p.get("modes", []), p.get("notes", ""))
        for p in programs]
    assert [repr(p["hours"]) for p in document["programs"]] == [p.hours for p in SOURCE]
    assert document["source"]["url"].startswith("https://www.stsci.edu/")


def test_the_index_links_both_downloads(parsed):
    links = [target(urls.INDEX, a["href"]) for a in parsed("").select(".downloads a")]
    assert links == [urls.CSV, urls.JSON, urls.ECSV, urls.VOTABLE, urls.FIELDS]


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path, published):
    again = tmp_path / "again"
    build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", again, site_url=SITE_URL)
    def files(folder):
        return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert files(again) == files(published)
