"""Pages own their addresses, and addresses can move: when the program pages' URL scheme switches
(urls.PROGRAM_PAGES_AS_FOLDERS), or a group's slug is renamed (former_slugs in data/site.toml),
every old address is a page that sends the reader on, and the sitemap lists only the new ones."""
import re
import xml.etree.ElementTree as ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import PROGRAMS, SITE_TOML, pages_server, redirect_pages, target

from sodrm import urls
from sodrm.groups import GROUP_KINDS
from sodrm.pipeline import build

SITE = "https://example.org/s/"


def parse(out, path):
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def moved_to(out, old):
    """Where the page at `old` sends its reader: a site path, and its canonical address."""
    page = parse(out, old)
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    return target(old, re.fullmatch(r"0; url=(.+)", refresh)[1]), page.select_one('link[rel="canonical"]')["href"]


@pytest.fixture(scope="module")
def switched(tmp_path_factory, catalog):
    """The real data built with program pages as folders, and the topic "flat" renamed "flat-field"."""
    folder = tmp_path_factory.mktemp("switched")
    site = folder / "site.toml"
    site.write_text(SITE_TOML.replace('slug = "flat"\n', 'slug = "flat-field"\nformer_slugs = ["flat"]\n', 1))
    data = folder / "programs.toml"
    data.write_text(PROGRAMS.replace('"flat"', '"flat-field"'))
    with pytest.MonkeyPatch.context() as patch:  # the one line a maintainer switches, for this build
        patch.setattr(urls, "PROGRAM_PAGES_AS_FOLDERS", True)
        build(data, site, folder / "out", site_url=SITE, cache=folder / "cache")
    return folder / "out"


def test_every_old_program_address_sends_the_reader_to_the_page_now(switched, catalog):
    for program in catalog.programs:
        old, new = f"programs/{program.id}.html", f"programs/{program.id}/index.html"
        assert (switched / new).is_file()
        assert moved_to(switched, old) == (new, SITE + f"programs/{program.id}/")


def test_a_renamed_group_slug_sends_the_reader_to_the_page_now(switched):
    assert moved_to(switched, urls.topic("flat")) == (urls.topic("flat-field"), SITE + "topics/flat-field/")


def test_the_sitemap_lists_the_new_addresses_only(switched, catalog):
    listed = [loc.text for loc in ElementTree.parse(switched / urls.SITEMAP).getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert SITE + f"programs/{catalog.programs[0].id}/" in listed
    assert not [address for address in listed if address.endswith(".html") or "/topics/flat/" in address]


def test_only_addresses_that_were_published_and_moved_have_redirects(site, catalog):
    moved = {urls.public(old) for p in catalog.programs for old in urls.former_programs(p.id)}
    moved |= {urls.public(urls.group(kind.key, slug)) for kind in GROUP_KINDS for group in getattr(catalog, kind.key)
              for slug in group.former_slugs}
    assert set(redirect_pages(site)) == moved


def test_an_old_address_opens_the_new_page_in_a_browser(switched, tab, catalog):
    with pages_server(switched) as base:
        tab.goto(base + f"programs/{catalog.programs[0].id}.html")
        tab.wait_for_url(base + f"programs/{catalog.programs[0].id}/")
        assert catalog.programs[0].title in tab.title()


def test_a_groups_download_is_named_for_the_group_and_keeps_the_whole_extension():
    assert urls.group_download("instruments", "miri", urls.CSV) == "instruments/miri/programs-miri.csv"
    assert urls.group_download("modes", "lrs", "programs.csv.gz") == "modes/lrs/programs-lrs.csv.gz"
