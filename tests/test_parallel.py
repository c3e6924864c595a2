"""Several cores (sodrm/parallel.py): the same bytes as one core or none of the module, and a
worker that dies or hangs is one clear message, the site left as it was."""
import sys
import threading

import pytest
from conftest import PROGRAMS, command, run_build, snapshot
from test_incremental import catalog_of

from sodrm import parallel

ON_TWO_CORES = "import sodrm.parallel as parallel; parallel.MIN_PAGES = 1; parallel.MAX_PROCESSES = 2"
# In a forked worker (not the build's own process), rendering a page does `fault` instead.
IN_A_WORKER = ON_TWO_CORES + """
import os, signal, time, sodrm.render as render
build_process, render_page = os.getpid(), render.Renderer.__call__
def faulty(self, page):
    if os.getpid() != build_process:
        {fault}
    return render_page(self, page)
render.Renderer.__call__ = faulty
"""


@pytest.fixture(scope="module")
def large_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("large") / "programs.toml"
    data.write_text(catalog_of(parallel.MIN_PAGES), encoding="utf-8")
    return data


def test_below_its_threshold_or_off_linux_or_with_threads_the_guard_says_one_process(monkeypatch):
    assert parallel.processes(parallel.MIN_PAGES - 1) == 1
    monkeypatch.setattr(sys, "platform", "win32")
    assert parallel.processes(10 * parallel.MIN_PAGES) == 1


def test_with_a_second_thread_the_guard_says_one_process(monkeypatch):
    """The live preview serves from threads: a fork there could copy a lock a thread holds."""
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)  # as on two cores
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert parallel.processes(10 * parallel.MIN_PAGES) == 2
    monkeypatch.undo()
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.processes(10 * parallel.MIN_PAGES) == 1
    finally:
        stop.set()
        thread.join()


@pytest.mark.slow
def test_several_cores_one_core_and_no_parallel_module_make_the_same_bytes(tmp_path, large_data):
    outs = {"two": ON_TWO_CORES, "one": "import sodrm.parallel as parallel; parallel.MIN_PAGES = 10**9",
            "none": "sys.modules['sodrm.parallel'] = None"}
    for name, code in outs.items():
        result = run_build("--data", large_data, "--out", tmp_path / name, "--cache", tmp_path / f"{name}-cache",
                           python_code=code)
        assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one") == snapshot(tmp_path / "none")


@pytest.mark.parametrize("fault, message", [
    ("os.kill(os.getpid(), signal.SIGKILL)", "ended before it finished"),
    ("time.sleep(3600)", "made no page for 1 s and was stopped"),
    ("raise ZeroDivisionError('a bug')", "a worker process failed: ZeroDivisionError: a bug"),
])
def test_a_worker_that_dies_hangs_or_fails_is_one_message_and_the_site_stays(tmp_path, fault, message):
    data, out = tmp_path / "programs.toml", tmp_path / "site"
    data.write_text(PROGRAMS, encoding="utf-8")
    assert command("--data", data, "--out", out).returncode == 0
    before = snapshot(out, times=True)
    data.write_text(PROGRAMS.replace("Readnoise", "Read noise"), encoding="utf-8")
    code = IN_A_WORKER.format(fault=fault) + "\nimport sodrm.parallel; sodrm.parallel.TIMEOUT = 1"
    result = run_build("--data", data, "--out", out, python_code=code, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr and "nothing was changed" in result.stderr
    assert snapshot(out, times=True) == before
    assert not (tmp_path / ".site.next").exists()
