"""data/programs.toml holds the source table, exactly."""
import tomllib

from conftest import SOURCE, source_hours

from sodrm.paths import PROJECT


def programs_in_data_file():
    return tomllib.loads((PROJECT / "data" / "programs.toml").read_text(encoding="utf-8"))["programs"]


def test_the_source_table_has_37_programs_adding_up_to_2023_3_hours():
    assert len(SOURCE) == 37
    assert str(source_hours(SOURCE)) == "2023.3"


def test_the_data_file_lists_the_programs_of_the_source_table_exactly():
    in_data = [(p["id"], repr(p["hours"]), p["title"], p["instrument"]) for p in programs_in_data_file()]
    assert in_data == [(p.id, p.hours, p.title, p.instrument) for p in SOURCE]


def test_every_program_number_matches_its_instrument_series():
    series = {"NIRCam": "960", "NIRSpec": "962", "NIRISS": "964", "MIRI": "966"}
    assert all(str(p["id"]).startswith(series[p["instrument"]]) for p in programs_in_data_file())


def test_every_topic_and_mode_a_program_names_is_known():
    site = tomllib.loads((PROJECT / "data" / "site.toml").read_text())
    topics, modes = {t["slug"] for t in site["topics"]}, {m["slug"] for m in site["modes"]}
    for program in programs_in_data_file():
        assert set(program.get("topics", [])) <= topics and set(program.get("modes", [])) <= modes, program["id"]
