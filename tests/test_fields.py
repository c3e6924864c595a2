"""Each program field is declared once, in sodrm/fields.py: a field added there, in one line,
reaches every output with no other edit (the downloads and their metadata, the fields page, the
Dataset's JSON-LD), and a change to its value reaches the change log and the feed."""
import csv
import io
import json
import os
import subprocess

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import PROGRAMS, run_build, text

from sodrm import urls

# The one line a maintainer adds to PROGRAM_FIELDS, run before the build imports anything else.
NEW_FIELD = ("import sodrm.fields as fields; fields.PROGRAM_FIELDS += (fields.Field('added_field', 'text', 'Added field', "
             "'a field added in one line', 'meta.note', required=False, default=''),)")


@pytest.fixture(scope="module")
def with_new_field(tmp_path_factory):
    repository = tmp_path_factory.mktemp("new-field")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    environment = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    data = repository / "programs.toml"
    for added_field in ("Ada", "Grace"):
        data.write_text(PROGRAMS.replace('title = "Darks"\n', f'title = "Darks"\nadded_field = "{added_field}"\n', 1))
        subprocess.run(["git", "-C", str(repository), "add", "programs.toml"], check=True, env=environment)
        subprocess.run(["git", "-C", str(repository), "commit", "-qm", added_field], check=True, env=environment)
    out = repository / "site"
    result = run_build("--data", data, "--out", out, "--site-url", "https://example.org/s/", python_code=NEW_FIELD)
    assert result.returncode == 0, result.stderr
    return out


def test_a_new_field_is_a_column_of_the_csv_and_json(with_new_field):
    rows = list(csv.DictReader(io.StringIO((with_new_field / urls.CSV).read_text())))
    assert {row["id"]: row["added_field"] for row in rows}["96400"] == "Grace"
    document = json.loads((with_new_field / urls.JSON).read_text())
    assert "added_field" in document["fields"]
    assert {p["id"]: p["added_field"] for p in document["programs"]}[96400] == "Grace"


def test_a_new_field_is_described_in_the_ecsv_and_votable(with_new_field):
    from astropy.table import Table

    for path in (urls.ECSV, urls.VOTABLE):
        table = Table.read(with_new_field / path, format="ascii.ecsv" if path == urls.ECSV else "votable")
        assert table["added_field"].description == "a field added in one line"
        assert dict(zip(table["id"], table["added_field"]))[96400] == "Grace"


def test_a_new_field_is_on_the_fields_page_and_in_the_dataset(with_new_field):
    page = BeautifulSoup((with_new_field / urls.FIELDS).read_text(), "html.parser")
    assert page.select_one("#field-added_field") is not None
    dataset = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert "added_field" in [variable["name"] for variable in dataset["variableMeasured"]]


def test_a_change_of_a_new_field_is_in_the_change_log_and_the_feed(with_new_field):
    page = BeautifulSoup((with_new_field / urls.CHANGES).read_text(), "html.parser")
    assert "Program 96400: added_field changed from “Ada” to “Grace”" in text(page.main)
    feed = feedparser.parse((with_new_field / urls.FEED).read_bytes())
    assert 'added_field changed from "Ada" to "Grace"' in feed.entries[0].content[0].value


def test_the_texts_the_change_log_compares_are_every_field_but_the_number_in_declared_order(catalog):
    # The number is what versions are matched by, never a value that changes.
    from sodrm.fields import PROGRAM_FIELDS, texts

    for program in catalog.programs:
        assert list(texts(program)) == [field.name for field in PROGRAM_FIELDS if field.kind != "id"]
