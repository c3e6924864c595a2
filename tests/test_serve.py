"""`python build.py --serve`: a local preview that rebuilds on change and reloads the open page."""
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from sodrm import urls
from sodrm.paths import PROJECT

PROGRAMS = (PROJECT / "data" / "programs.toml").read_text(encoding="utf-8")
PROGRAM_PAGE = urls.public(urls.program(96000))  # the first program, whose title the tests edit


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


def start_preview(tmp_path, python_code=""):
    data = tmp_path / "data" / "programs.toml"
    data.parent.mkdir()
    data.write_text(PROGRAMS, encoding="utf-8")
    errors = tmp_path / "stderr.txt"
    command = [sys.executable, "-u", "-c", f"import sys; sys.path.insert(0, {str(PROJECT)!r})\n{python_code}\n"
               "from sodrm.cli import main; sys.exit(main(sys.argv[1:]))",
               "--serve", "--port", "0", "--data", str(data), "--out", str(tmp_path / "site")]
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
            said = []  # what it prints from then on, a line each: one "Built ..." a rebuild
            threading.Thread(target=lambda: said.extend(process.stdout), daemon=True).start()
            yield type("Preview", (), {"url": url, "data": data, "errors": errors, "out": tmp_path / "site",
                                       "said": said})
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def preview(tmp_path):
    """A preview of its own, for a test that edits its data."""
    yield from start_preview(tmp_path)


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    """One preview for the tests that only ask it for pages."""
    yield from start_preview(tmp_path_factory.mktemp("serving"))


def test_the_preview_serves_the_built_site_with_a_reload_script(serving):
    status, html = fetch(serving.url)
    assert status == 200
    assert "Dark Current &amp; Readnoise" in html
    assert '<script src="/__live-reload.js" defer></script>' in html
    assert fetch(serving.url + "no/such/page/")[0] == 404


def test_a_change_to_the_data_file_shows_up_in_the_served_page(preview):
    preview.data.write_text(PROGRAMS.replace("Dark Current & Readnoise", "Dark Current and Read Noise"),
                            encoding="utf-8")
    assert eventually(lambda: "Dark Current and Read Noise" in fetch(preview.url + PROGRAM_PAGE)[1])


def test_an_editors_save_in_several_steps_rebuilds_once(preview):
    # As editors save: the new text into a file beside the old, then renamed over it. (The
    # watcher runs from before the preview says where it serves.)
    before = len(preview.said)
    beside = preview.data.with_name(".programs.toml.new")
    beside.write_text(PROGRAMS.replace("Dark Current & Readnoise", "Dark Current, Saved Twice"), encoding="utf-8")
    os.replace(beside, preview.data)
    assert eventually(lambda: "Dark Current, Saved Twice" in fetch(preview.url + PROGRAM_PAGE)[1])
    time.sleep(0.6)  # any second rebuild would have started by now: the watcher waits at most 0.2 s
    assert len([line for line in preview.said[before:] if line.startswith("Built")]) == 1


def test_bad_data_while_serving_prints_the_error_and_keeps_the_last_good_site(preview):
    preview.data.write_text(PROGRAMS.replace("hours = 372.0", "hours = -1"), encoding="utf-8")
    assert eventually(lambda: "program 96000: hours: found -1" in preview.errors.read_text())
    status, html = fetch(preview.url + PROGRAM_PAGE)
    assert status == 200 and "372.0" in html
    preview.data.write_text(PROGRAMS.replace("hours = 372.0", "hours = 372.5"), encoding="utf-8")
    assert eventually(lambda: "372.5" in fetch(preview.url + PROGRAM_PAGE)[1])


def test_an_open_page_reloads_itself_after_a_rebuild(preview, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(preview.url + PROGRAM_PAGE)
    page.wait_for_load_state("networkidle")
    preview.data.write_text(PROGRAMS.replace("Dark Current & Readnoise", "Darks Reloaded"), encoding="utf-8")
    # No wait_for_function: the site's Content-Security-Policy rightly forbids its eval.
    assert eventually(lambda: page.title().startswith("96000 Darks Reloaded"))
    context.close()


def request(url, method="GET", path="/", host=None):
    """status, headers and body of one request, with the Host header of our choice."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.putrequest(method, path, skip_host=True)
    connection.putheader("Host", parts.netloc if host is None else host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders() if k.lower() != "date"}, body


def test_the_preview_answers_only_for_its_own_address(serving):
    port = urllib.parse.urlsplit(serving.url).port
    assert request(serving.url, host=f"localhost:{port}")[0] == 200
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}", ""):
        assert request(serving.url, host=host)[0] == 421


@pytest.mark.parametrize("path", ["/static/", "/.sodrm-build", "/programs/.x", "/%2e%2e/%2e%2e/etc/passwd",
                                  "/../../etc/passwd", "/" + "a" * 1000, "/%00", "/static/..%5c..%5cetc"])
def test_the_preview_lists_no_folder_shows_no_hidden_file_and_answers_404_to_impossible_paths(serving, path):
    status, _, body = request(serving.url, path=path)
    assert status == 404 and b"Page not found" in body
    assert request(serving.url)[0] == 200  # and it still answers


def test_head_answers_as_get_does_without_a_body(serving):
    for path in ("/", "/" + PROGRAM_PAGE, "/static/style.css", "/no/such/page"):
        got, head = request(serving.url, path=path), request(serving.url, "HEAD", path)
        assert (head[0], head[1]) == (got[0], got[1]) and head[2] == b""


def test_the_preview_refuses_a_folder_the_build_did_not_make_and_serves_nothing(tmp_path):
    out = tmp_path / "home"
    (out / ".ssh").mkdir(parents=True)
    (out / ".ssh" / "id_rsa").write_text("secret")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--serve", "--port", "0", "--out", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "Serving" not in result.stdout
    assert "did not make" in result.stderr and "Cannot serve" in result.stderr


@pytest.mark.parametrize("port", ["abc", "70000", "-1"])
def test_a_bad_port_is_refused_before_building(tmp_path, port):
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--serve", "--port", port,
                             "--out", str(tmp_path / "site")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "expected a port number" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_port_in_use_is_one_line_and_nothing_is_built(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--serve", "--port", str(port),
                                 "--out", str(tmp_path / "site")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and f"Cannot serve on 127.0.0.1:{port}" in result.stderr
    assert not (tmp_path / "site").exists()


def test_whatever_a_rebuild_raises_the_last_good_site_stays_served(tmp_path):
    broken = """
import sodrm.pipeline as pipeline
real, calls = pipeline.build, [0]
def build(*args, **kwargs):
    calls[0] += 1
    if calls[0] == 2:
        raise RuntimeError("an unforeseen fault")
    return real(*args, **kwargs)
pipeline.build = build
"""
    for preview in start_preview(tmp_path, broken):
        preview.data.write_text(PROGRAMS.replace("Readnoise", "Read noise"), encoding="utf-8")
        assert eventually(lambda: "RuntimeError: an unforeseen fault" in preview.errors.read_text())
        assert "Traceback" not in preview.errors.read_text()
        assert "Readnoise" in fetch(preview.url + PROGRAM_PAGE)[1]
        preview.data.write_text(PROGRAMS.replace("Readnoise", "Read Noise"), encoding="utf-8")
        assert eventually(lambda: "Read Noise" in fetch(preview.url + PROGRAM_PAGE)[1])


def test_an_output_the_build_refuses_is_one_line_when_serving(tmp_path):
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--serve", "--port", "0", "--out", "/"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == "Cannot serve: /: the root of the file system cannot be the output; choose a folder of its own for --out\n"


def test_a_folder_that_cannot_be_watched_is_one_line_and_the_preview_stops(tmp_path):
    refusing = ("import watchfiles\n"
                "def watch(*paths, **options):\n"
                "    raise PermissionError(13, 'Permission denied', str(paths[0]))\n"
                "watchfiles.watch = watch")
    data = tmp_path / "programs.toml"
    data.write_text(PROGRAMS, encoding="utf-8")
    command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(PROJECT)!r})\n{refusing}\n"
               "from sodrm.cli import main; sys.exit(main(sys.argv[1:]))",
               "--serve", "--port", "0", "--data", str(data), "--out", str(tmp_path / "site")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Cannot watch for changes: " in result.stderr and "(Permission denied); check its permissions" in result.stderr
