"""`python build.py --serve`: a local preview that rebuilds on change and reloads the open page."""
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from sodrm.paths import PROJECT

PROGRAMS = (PROJECT / "data" / "programs.toml").read_text(encoding="utf-8")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def eventually(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def preview(tmp_path):
    data = tmp_path / "data" / "programs.toml"
    data.parent.mkdir()
    data.write_text(PROGRAMS, encoding="utf-8")
    errors = tmp_path / "stderr.txt"
    command = [sys.executable, "-u", str(PROJECT / "build.py"), "--serve", "--port", "0",
               "--data", str(data), "--out", str(tmp_path / "site")]
    with errors.open("w") as stderr, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr,
                                                      text=True) as process:
        try:
            url = None
            for line in process.stdout:
                found = re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line)
                if found:
                    url = found[1]
                    break
            assert url, "the preview never said where it serves"
            yield type("Preview", (), {"url": url, "data": data, "errors": errors})
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_the_preview_serves_the_built_site_with_a_reload_script(preview):
    status, html = fetch(preview.url)
    assert status == 200
    assert "Dark Current &amp; Readnoise" in html
    assert '<script src="/__live-reload.js" defer></script>' in html
    assert fetch(preview.url + "no/such/page/")[0] == 404


def test_a_change_to_the_data_file_shows_up_in_the_served_page(preview):
    preview.data.write_text(PROGRAMS.replace("Dark Current & Readnoise", "Dark Current and Read Noise"),
                            encoding="utf-8")
    assert eventually(lambda: "Dark Current and Read Noise" in fetch(preview.url + "programs/96000.html")[1])


def test_bad_data_while_serving_prints_the_error_and_keeps_the_last_good_site(preview):
    preview.data.write_text(PROGRAMS.replace("hours = 372.0", "hours = -1"), encoding="utf-8")
    assert eventually(lambda: "program 96000: hours: found -1" in preview.errors.read_text())
    status, html = fetch(preview.url + "programs/96000.html")
    assert status == 200 and "372.0" in html
    preview.data.write_text(PROGRAMS.replace("hours = 372.0", "hours = 372.5"), encoding="utf-8")
    assert eventually(lambda: "372.5" in fetch(preview.url + "programs/96000.html")[1])


def test_an_open_page_reloads_itself_after_a_rebuild(preview, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(preview.url + "programs/96000.html")
    page.wait_for_load_state("networkidle")
    preview.data.write_text(PROGRAMS.replace("Dark Current & Readnoise", "Darks Reloaded"), encoding="utf-8")
    # No wait_for_function: the site's Content-Security-Policy rightly forbids its eval.
    assert eventually(lambda: page.title().startswith("96000 Darks Reloaded"))
    context.close()
