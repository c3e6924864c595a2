"""The project's own catalogue generator (bench/catalog.py), which the trials and `make bench`
build from, and two rules of conduct: the project stands alone (nothing in it reads the shared
folder beside a checkout), and a test session leaves no folder of its own behind."""
import os
import subprocess
import sys

import pytest

from bench import catalog as generator

from sodrm import urls
from sodrm.paths import PROJECT
from sodrm.pipeline import build


def test_a_catalogue_is_the_same_for_the_same_seed_and_differs_for_another():
    assert generator.programs(200) == generator.programs(200)
    assert generator.programs(200, seed=2) != generator.programs(200)


def test_a_catalogue_has_unique_ids_and_every_instrument_topic_and_mode_of_the_real_data(catalog):
    made = generator.programs(len(catalog.programs) * 3)
    assert len({program["id"] for program in made}) == len(made)
    assert {program["instrument"] for program in made} == {p.instrument.name for p in catalog.programs}
    for key in ("topics", "modes"):
        real = {item.slug for p in catalog.programs for item in getattr(p, key)}
        assert {slug for program in made for slug in program.get(key, ())} == real


def test_a_generated_catalogue_builds_a_page_a_program(tmp_path):
    data = tmp_path / "programs.toml"
    made = generator.programs(150)
    data.write_text(generator.toml(made))
    built = build(data, out=tmp_path / "site", cache=tmp_path / "cache")
    assert {urls.program(program["id"]) for program in made} <= set(built.files)


def test_no_file_of_the_project_reads_the_shared_folder_beside_it():
    needles = ("../" + "shared", 'parent / "' + 'shared"')  # spelled apart, so that this file is no match
    tracked = subprocess.run(["git", "-C", str(PROJECT), "ls-files", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, text=True, check=True).stdout.split()
    readers = [name for name in tracked if name.endswith((".py", ".yml", ".sh", ".toml")) or "/" not in name
               or name.startswith(".ci/")
               if (PROJECT / name).is_file() and any(n in (PROJECT / name).read_text(errors="replace") for n in needles)]
    assert readers == []


def test_a_test_session_removes_the_cache_folder_it_made(tmp_path):
    # Each session's builds share a cache folder that conftest makes in the temporary folder;
    # one left by every run would fill it, run after run.
    session = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                              f"{__file__}::test_a_catalogue_is_the_same_for_the_same_seed_and_differs_for_another"],
                             cwd=PROJECT, env={**os.environ, "TMPDIR": str(tmp_path)}, capture_output=True, text=True)
    assert session.returncode == 0, session.stdout + session.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_100000_program_catalogue_is_within_the_input_limit_and_loads(tmp_path):
    from sodrm.load import load
    from sodrm.sources import DATA_LIMIT, read_sources

    data = tmp_path / "programs.toml"
    data.write_text(generator.toml(generator.programs(100_000)))
    assert data.stat().st_size <= DATA_LIMIT
    sources = read_sources(data, PROJECT / "data" / "site.toml", PROJECT / "content", PROJECT / "templates",
                           PROJECT / "static")
    assert len(load(sources).catalog.programs) == 100_000


# The reference Hugo site of `make bench` (bench/hugo-site) must render the pages ours does, so
# that the bench compares like for like: each page of ours of these kinds, as Hugo addresses it.
def hugo_address(address: str) -> str:
    return address.removesuffix(".html") + "/" if address.startswith("programs/") else address


def shown(page_file):
    """What a page shows of the data: the programs (their numbers, in order) of each table, the
    total of its programs table and its bars' scale."""
    import re

    from bs4 import BeautifulSoup

    page = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
    tables = {}
    for name in ("table.programs", "table#related", "table#siblings"):
        numbers = [re.match(r"\d+", row.th.get_text().strip()) for row in page.select(f"{name} tbody tr")]
        tables[name] = [found.group() for found in numbers if found]
    total = page.select_one("table.programs tfoot td")
    scale = re.search(r"the longest on this page is ([0-9.]+) hours", page.get_text(" "))
    return tables, total and float(total.get_text()), scale and float(scale[1])


@pytest.mark.validators
def test_the_benchs_hugo_site_renders_the_pages_ours_does_showing_the_same(tmp_path):
    import shutil

    from conftest import require, site_pages

    require(shutil.which("hugo") is not None, "install Debian's Hugo: apt-get install hugo")
    made = generator.programs(200)
    (tmp_path / "programs.toml").write_text(generator.toml(made))
    shutil.copytree(PROJECT / "bench" / "hugo-site", tmp_path / "hugo")
    generator.write_hugo(made, tmp_path / "hugo")
    subprocess.run(["hugo", "--quiet", "-s", str(tmp_path / "hugo"), "-d", str(tmp_path / "hugo-out")], check=True)
    build(tmp_path / "programs.toml", out=tmp_path / "ours", cache=tmp_path / "cache")
    compared = [address for address in site_pages(tmp_path / "ours")
                if address == "" or address.split("/")[0] in ("programs", "instruments", "topics", "modes")]
    assert len(compared) == 1 + 200 + 4 + 10 + 1 + 8
    for address in compared:
        ours = tmp_path / "ours" / (address if address.endswith(".html") else address + "index.html")
        hugo = tmp_path / "hugo-out" / hugo_address(address) / ("index.html" if address.endswith(".html") else "")
        hugo = hugo if hugo.suffix == ".html" else hugo / "index.html"
        (our_tables, our_total, our_scale), (hugo_tables, hugo_total, hugo_scale) = shown(ours), shown(hugo)
        assert our_tables == hugo_tables, address
        assert our_total == hugo_total and our_scale == hugo_scale, address
