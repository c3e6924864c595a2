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
def renamed(catalog):
    """The slug of the first group of each kind, and the slug `switched` renames it to."""
    return {kind: (getattr(catalog, kind.key)[0].slug, getattr(catalog, kind.key)[0].slug + "-renamed")
            for kind in GROUP_KINDS}


@pytest.fixture(scope="module")
def switched(tmp_path_factory, renamed):
    """The real data built with program pages as folders, and one group of each kind renamed."""
    folder = tmp_path_factory.mktemp("switched")
    site_toml, programs = SITE_TOML, PROGRAMS
    for kind, (old, new) in renamed.items():
        at = site_toml.index(f"[[{kind.key}]]")
        site_toml = site_toml[:at] + site_toml[at:].replace(f'slug = "{old}"\n', f'slug = "{new}"\nformer_slugs = '
                                                            f'["{old}"]\n', 1)
        programs = programs.replace(f'"{old}"', f'"{new}"')  # as programs name topics and modes
    site = folder / "site.toml"
    site.write_text(site_toml)
    data = folder / "programs.toml"
    data.write_text(programs)
    with pytest.MonkeyPatch.context() as patch:  # the one line a maintainer switches, for this build
        patch.setattr(urls, "PROGRAM_PAGES_AS_FOLDERS", True)
        build(data, site, folder / "out", site_url=SITE, cache=folder / "cache")
    return folder / "out"


def test_every_old_program_address_sends_the_reader_to_the_page_now(switched, catalog):
    for program in catalog.programs:
        old, new = f"programs/{program.id}.html", f"programs/{program.id}/index.html"
        assert (switched / new).is_file()
        assert moved_to(switched, old) == (new, SITE + f"programs/{program.id}/")


@pytest.mark.parametrize("kind", GROUP_KINDS, ids=lambda kind: kind.key)
def test_a_renamed_group_slug_sends_the_reader_to_the_page_now(switched, renamed, kind):
    old, new = renamed[kind]
    now = urls.group(kind.key, new)
    assert (switched / now).is_file()
    assert moved_to(switched, urls.group(kind.key, old)) == (now, SITE + urls.public(now))


def test_the_sitemap_lists_the_new_addresses_only(switched, catalog, renamed):
    listed = [loc.text for loc in ElementTree.parse(switched / urls.SITEMAP).getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert SITE + f"programs/{catalog.programs[0].id}/" in listed
    assert not [address for address in listed if address.endswith(".html")]
    for kind, (old, new) in renamed.items():
        assert SITE + urls.public(urls.group(kind.key, new)) in listed
        assert SITE + urls.public(urls.group(kind.key, old)) not in listed


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
