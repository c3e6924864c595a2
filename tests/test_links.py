"""Every page of the output: links and assets resolve, and the site works under any subpath."""
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import posixpath
import re

import pytest
from bs4 import BeautifulSoup
from conftest import SOURCE, SOURCE_INSTRUMENTS, command, run_build, site_pages, target, text

from sodrm import urls
from sodrm.paths import PROJECT


def pages_of(site):
    """The file of every page, relative to the site root: site_pages' addresses as files."""
    return [address if address.endswith(".html") else address + "index.html" for address in site_pages(site)]


def internal_references(html):
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in html.find_all(tag, attrs={attribute: True}):
            reference = element[attribute]
            if not urlsplit(reference).scheme and not reference.startswith("#"):
                yield reference


def resolves(site, page_path: str, reference: str) -> bool:
    path = urlsplit(reference).path
    if path.startswith("/"):
        target = PurePosixPath(path.lstrip("/"))
    else:
        target = PurePosixPath(page_path).parent / path
    parts = []
    for part in target.parts:
        if part == "..":
            if not parts:
                return False  # above the site root: broken under a subpath
            parts.pop()
        elif part != ".":
            parts.append(part)
    file = site.joinpath(*parts)
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file.is_file()


def test_the_site_has_the_index_a_page_per_program_and_instrument_and_a_404(site):
    expected = {urls.INDEX, urls.NOT_FOUND}
    expected |= {urls.program(p.id) for p in SOURCE}
    expected |= {urls.instrument(name.lower()) for name in SOURCE_INSTRUMENTS}
    assert set(pages_of(site)) >= expected
    assert len(expected) == 2 + len(SOURCE) + len(SOURCE_INSTRUMENTS)


def test_every_internal_link_and_asset_resolves_to_a_file(site, parsed):
    broken = [
        (page_path, reference)
        for page_path in pages_of(site)
        for reference in internal_references(parsed(page_path))
        if not resolves(site, page_path, reference)
    ]
    assert broken == []


def test_pages_other_than_404_link_only_relatively(site, parsed):
    absolute = [
        (page_path, reference)
        for page_path in pages_of(site)
        if page_path != "404.html"
        for reference in internal_references(parsed(page_path))
        if reference.startswith("/")
    ]
    assert absolute == []


def test_the_404_page_links_from_the_site_root_so_it_works_at_any_depth(parsed):
    references = list(internal_references(parsed("404.html")))
    assert references and all(reference.startswith("/") for reference in references)


def test_the_404_page_shows_the_address_of_a_program_as_its_example(parsed, catalog):
    assert text(parsed("404.html").select_one("main code")) == urls.public(urls.program(catalog.programs[0].id))


def test_every_page_declares_the_favicon_and_the_stylesheet(site, parsed):
    for page_path in pages_of(site):
        html = parsed(page_path)
        assert html.select_one('link[rel="icon"][type="image/svg+xml"]'), page_path
        assert html.select_one('link[rel="stylesheet"]'), page_path


def test_the_favicon_is_copied_as_it_is(site):
    assert (site / "static/favicon.svg").read_bytes() == (PROJECT / "static/favicon.svg").read_bytes()


@pytest.mark.parametrize("asset", ["static/style.css", "static/table.js", "static/filters.js"])
def test_the_stylesheet_and_script_are_served_without_comments_or_indentation(site, asset):
    served, source = (site / asset).read_text(), (PROJECT / asset).read_text()
    assert "/*" not in served and "\n " not in served
    assert len(served) < 0.8 * len(source)
    # Every rule and statement is still there: the same words, in the same order.
    words = re.compile(r"[A-Za-z_][\w-]*")
    source_without_comments = re.sub(r"^\s*//.*$|(?<=[;{,)])[ \t]+//.*$", "",
                                     re.sub(r"/\*.*?\*/", "", source, flags=re.S), flags=re.M)
    assert words.findall(served) == words.findall(source_without_comments)


def test_every_page_has_a_language_a_title_and_a_description(site, parsed):
    for page_path in pages_of(site):
        html = parsed(page_path)
        assert html.html["lang"] == "en"
        assert html.title.string.strip(), page_path
        assert html.select_one('meta[name="description"]')["content"].strip(), page_path


def test_every_pages_navigation_links_to_the_index_each_instrument_the_topics_and_the_about_page(site, parsed, catalog):
    expected = [urls.INDEX, *(urls.instrument(i.slug) for i in catalog.instruments), urls.TOPICS, urls.ABOUT]
    assert catalog.topics and (PROJECT / "content" / "about.md").exists()  # what makes the last two
    for page in set(pages_of(site)) - {urls.NOT_FOUND}:  # the 404 page links from the root: a test of its own
        links = parsed(page.removesuffix("index.html")).select(".site-header nav a")
        assert [target(page, a["href"]) for a in links] == expected, page


@pytest.mark.parametrize("page, marked", [(urls.INDEX, "All programs"), (urls.TOPICS, "Topics"), (urls.ABOUT, "About"),
                                          (urls.FIELDS, None), (urls.CHANGES, None)])
def test_the_navigation_marks_the_page_it_is_on_and_no_other(parsed, page, marked):
    current = parsed(page.removesuffix("index.html")).select('.site-header nav [aria-current="page"]')
    assert [text(a) for a in current] == ([marked] if marked else [])


@pytest.mark.parametrize("as_folders", [False, True], ids=["files", "folders"])
def test_program_pages_as_files_or_folders_is_one_line_and_every_link_resolves(tmp_path, as_folders):
    # The switch is the one line of urls.py; here it is set as that line would set it.
    out = tmp_path / "site"
    result = run_build("--out", out, "--site-url", "https://example.org/sodrm/",
                       python_code=f"import sodrm.urls as urls; urls.PROGRAM_PAGES_AS_FOLDERS = {as_folders}")
    assert result.returncode == 0, result.stderr
    program_page = out / (f"programs/{SOURCE[0].id}/index.html" if as_folders else f"programs/{SOURCE[0].id}.html")
    assert program_page.is_file()
    broken = []
    for page_path in pages_of(out):
        html = BeautifulSoup((out / page_path).read_text(encoding="utf-8"), "html.parser")
        references = list(internal_references(html)) if page_path != "404.html" else []
        broken += [(page_path, reference) for reference in references if not resolves(out, page_path, reference)]
    assert broken == []
    sitemap = (out / "sitemap.xml").read_text()
    suffix = f"programs/{SOURCE[0].id}/" if as_folders else f"programs/{SOURCE[0].id}.html"
    assert f"<loc>https://example.org/sodrm/{suffix}</loc>" in sitemap


def test_the_stylesheet_keeps_its_quoted_strings_as_they_are():
    from sodrm.render import _minified_css

    css = '.a::before { content: attr(data-label) ": "; } /* a note */ .b { margin: 0.5rem  1rem ; content: "0.5 ,  x" }'
    assert _minified_css(css) == '.a::before{content:attr(data-label) ": "}.b{margin:.5rem 1rem;content:"0.5 ,  x"}\n'


def test_authored_markdown_names_the_sites_pages_never_their_paths():
    # content/*.md links to the site's own pages as site:NAME, so urls.py alone spells their paths.
    for source in (PROJECT / "content").glob("*.md"):
        for destination in re.findall(r"\]\(\s*<?([^\s)>]*)", source.read_text(encoding="utf-8")):
            scheme, _, name = destination.partition(":")
            assert scheme in ("https", "http", "mailto") or (scheme == "site" and name in urls.LINKABLE), \
                (source.name, destination)


@pytest.mark.parametrize("page_path", [urls.INDEX, urls.ABOUT, urls.program(96000), urls.topic("dark")])
def test_a_site_link_leads_from_the_page_it_is_shown_on_to_that_page(page_path):
    from sodrm.text import with_site_links

    text = "See [the topics](site:topics) and [the data][csv].\n\n[csv]: site:csv\n"
    linked = with_site_links(text, urls.root_of(page_path))
    inline, reference = re.search(r"\]\(([^)]*)\)", linked)[1], re.search(r"^\[csv\]: (.*)$", linked, re.M)[1]
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page_path), inline)) == "topics"
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page_path), reference)) == "programs.csv"


def test_a_site_link_in_a_programs_notes_resolves_on_its_page(tmp_path):
    data = tmp_path / "programs.toml"
    data.write_text('[[programs]]\nid = 1\nhours = 2.5\ntitle = "T"\ninstrument = "MIRI"\n'
                    'notes = "Each field is described on [the fields page](site:fields)."\n')
    out = tmp_path / "site"
    assert command("--data", data, "--out", out).returncode == 0
    page = BeautifulSoup((out / urls.program(1)).read_text(), "html.parser")
    link = page.select_one(".notes a")
    assert link["href"] == urls.root_of(urls.program(1)) + urls.public(urls.FIELDS)
    assert resolves(out, urls.program(1), link["href"])
