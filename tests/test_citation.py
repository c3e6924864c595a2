"""One citation (sodrm/citation.py): the about page's APA line and BibTeX, the site's and the
repository's CITATION.cff and the schema.org Dataset all say the same author, title, version,
date and source, and each is read by a tool that is not ours (pybtex, cffconvert, a YAML reader)."""
import json
import subprocess
import sys
import tomllib

import pytest
from bs4 import BeautifulSoup
from conftest import PROGRAMS, SITE_TOML, command, require
from ruamel.yaml import YAML
from test_history import DATES, commit

from sodrm import urls
from sodrm.paths import PROJECT

SITE_URL = "https://example.org/s/"
SITE = tomllib.loads(SITE_TOML)


@pytest.fixture(scope="module")
def cited(tmp_path_factory):
    """A site built from a data file with two versions in git: (the output, the last version's hash)."""
    repository = tmp_path_factory.mktemp("cited")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    commit(repository, PROGRAMS, DATES[0], "The data as published")
    last = commit(repository, PROGRAMS.replace("hours = 50.5", "hours = 52.0"), DATES[1], "An estimate revised")
    out = repository / "site"
    result = command("--data", repository / "programs.toml", "--out", out, "--site-url", SITE_URL)
    assert result.returncode == 0, result.stderr
    return out, last[:12]


def about(out):
    return BeautifulSoup((out / urls.ABOUT).read_text(encoding="utf-8"), "html.parser")


def bibliography(out):
    from pybtex.database import parse_string

    return parse_string(about(out).select_one("#cite-bibtex").get_text(), "bibtex")


def cff(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def dataset(out):
    return json.loads(BeautifulSoup((out / urls.FIELDS).read_text(encoding="utf-8"), "html.parser")
                      .select_one('script[type="application/ld+json"]').string)


def test_the_bibtex_is_one_entry_pybtex_reads_with_year_version_url_and_the_source(cited):
    out, version = cited
    [(key, entry)] = bibliography(out).entries.items()
    assert key == f"sodrm-calibration-{version}"
    assert entry.fields["year"] == DATES[1][:4] and entry.fields["version"] == version
    assert entry.fields["url"] == SITE_URL
    assert SITE["site"]["source_url"] in entry.fields["note"] and "2012 SODRM" in entry.fields["note"]


def test_the_bibtex_author_is_one_organisation_and_the_title_is_protected_from_lower_casing(cited):
    out, _ = cited
    entry = next(iter(bibliography(out).entries.values()))
    [author] = entry.persons["author"]
    assert str(author) == "{" + SITE["site"]["author"] + "}"  # one name, not a person with a surname
    assert entry.fields["title"] == "{" + SITE["site"]["title"] + "}"


def test_the_site_s_citation_cff_says_what_the_page_says(cited):
    out, version = cited
    made = cff(out / urls.CITATION)
    entry = next(iter(bibliography(out).entries.values()))
    assert made["authors"] == [{"name": SITE["site"]["author"]}] and made["title"] == SITE["site"]["title"]
    assert made["version"] == entry.fields["version"] == version and made["date-released"] == DATES[1][:10]
    assert made["url"] == entry.fields["url"] and made["references"][0]["url"] == SITE["site"]["source_url"]
    assert made["keywords"] == SITE["site"]["keywords"]


def test_the_apa_line_names_author_year_title_version_publisher_address_and_source(cited):
    out, version = cited
    line = about(out).select_one("#cite-apa").get_text()
    site = SITE["site"]
    assert line.startswith(f"{site['author']}. ({DATES[1][:4]}). {site['title']} (Version {version}, {DATES[1][:10]}) "
                           f"[Data set]. {site['publisher']}. {SITE_URL} ")
    assert site["source_url"] in line


def test_the_dataset_names_the_same_creator_keywords_and_time_and_the_datas_rights(cited):
    out, version = cited
    described, made = dataset(out), cff(out / urls.CITATION)
    assert described["creator"]["name"] == made["authors"][0]["name"]
    assert described["publisher"]["name"] == SITE["site"]["publisher"]
    assert described["keywords"] == made["keywords"] and described["version"] == version
    assert described["temporalCoverage"] == SITE["site"]["temporal_coverage"] == "2012"
    assert described["datePublished"] == DATES[0][:10] and described["dateModified"] == DATES[1][:10]
    assert described["isAccessibleForFree"] is True
    assert "STScI's" in described["conditionsOfAccess"] and "MIT" in described["conditionsOfAccess"]
    assert "license" not in described and "license" not in made  # MIT is the code's, not the data's


def test_the_repository_s_citation_cff_is_the_one_the_declarations_make():
    made = subprocess.run([sys.executable, "-m", "sodrm.citation"], cwd=PROJECT, capture_output=True, text=True,
                          check=True).stdout
    assert (PROJECT / "CITATION.cff").read_text(encoding="utf-8") == made, \
        "CITATION.cff differs from data/site.toml: run `python -m sodrm.citation > CITATION.cff`"


@pytest.mark.validators
@pytest.mark.parametrize("which", ["repository", "site"])
def test_cffconvert_validates_both_citation_files(cited, which):
    cffconvert = PROJECT / ".venv-tools" / "bin" / "cffconvert"
    require(cffconvert.exists(), "install cffconvert: make test (it has a virtual environment of its own, .venv-tools/)")
    path = PROJECT / "CITATION.cff" if which == "repository" else cited[0] / urls.CITATION
    result = subprocess.run([str(cffconvert), "--validate", "-i", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_citation_has_a_copy_button_that_copies_it(served, tab):
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.goto(served.base + urls.public(urls.ABOUT))
    for name, block in (("Copy the APA citation", "#cite-apa"), ("Copy the BibTeX entry", "#cite-bibtex")):
        tab.get_by_role("button", name=name).click()
        tab.locator(".copy-status", has_text="Copied.").first.wait_for()
        assert tab.evaluate("navigator.clipboard.readText()") == tab.locator(block).inner_text()


def test_without_script_the_copy_buttons_are_not_shown(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served.base + urls.public(urls.ABOUT))
    assert page.locator("button.copy").count() == 2 and not page.locator("button.copy").first.is_visible()
    context.close()

