"""sodrm/forks.py: work done in a forked child comes back, and so do its failures."""
import os
import time

import pytest

from sodrm.errors import DataError, RenderError
from sodrm.forks import Forked, reap


def pages_of(count):
    return {f"programs/{n}.html": (os.getpid(), n) for n in range(count)}


def fails_with(error):
    raise error


def dies():
    os._exit(3)


def test_a_forked_function_returns_its_result_from_another_process():
    result = Forked(pages_of, 3).result()
    assert {path: n for path, (_, n) in result.items()} == {f"programs/{n}.html": n for n in range(3)}
    assert all(pid != os.getpid() for pid, _ in result.values())


def test_a_render_error_in_the_child_is_raised_again_in_the_parent():
    with pytest.raises(RenderError, match="program.html: cannot render programs/96000.html"):
        Forked(fails_with, RenderError("program.html: cannot render programs/96000.html")).result()


def test_a_data_error_keeps_its_list_of_problems_across_the_fork():
    with pytest.raises(DataError) as raised:
        Forked(fails_with, DataError(["programs.toml: program 96000: hours: missing", "second"])).result()
    assert raised.value.problems == ["programs.toml: program 96000: hours: missing", "second"]


def test_a_child_that_dies_is_reported_rather_than_waited_for():
    with pytest.raises(RuntimeError, match="failed"):
        Forked(dies).result()


def test_stop_ends_a_child_still_at_work_and_reaps_it():
    worker = Forked(time.sleep, 30)
    started = time.perf_counter()
    worker.stop()
    assert time.perf_counter() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(worker._pid, os.WNOHANG)


def test_reap_waits_for_every_child_that_sent_its_result():
    workers = [Forked(pages_of, 1), Forked(dies)]
    workers[0].result()
    with pytest.raises(RuntimeError):
        workers[1].result()
    reap()
    for worker in workers:
        with pytest.raises(ChildProcessError):
            os.waitpid(worker._pid, os.WNOHANG)
