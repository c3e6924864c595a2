"""Several cores: a list of pages and files made in forked processes, each every n-th of them
(the costly ones, the long tables and the downloads, are spread among all).

Optional: the build imports this module if it can, and without it makes every page in its own
process, byte for byte the same. Python runs one thread of Python code at a time, so a second
core needs a second process; a forked one shares the build's memory (the plan, the templates)
and sends back only its results, through a pipe.

Forking is only safe in a process that runs one thread (the live preview serves from threads),
and only done on Linux; `processes` is the one guard that decides, on every platform.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from typing import Any, Callable, Sequence

from .errors import BuildError, OutputError, os_problem

MIN_PAGES = 500  # fewer pages than this are made sooner in one process than by starting others
MAX_PROCESSES = 4
TIMEOUT = 600.0  # seconds a worker may take before the build gives up on it

_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # inherited by forked workers


def processes(pages: int) -> int:
    """How many processes should make this many pages."""
    if pages < MIN_PAGES or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_PROCESSES))


def map_pages(function: Callable[[Any], Any], pages: Sequence[Any], count: int) -> list[Any]:
    """[function(page) for page in pages], shared among `count` processes (this one included)."""
    global _work
    import multiprocessing  # only for a build that uses it

    _work = (function, pages)
    context = multiprocessing.get_context("fork")
    workers = []
    try:
        for first in range(1, count):
            receive, send = context.Pipe(duplex=False)
            worker = context.Process(target=_worker, args=(send, receive, first, count), daemon=True)
            worker.start()
            send.close()
            workers.append((worker, receive))
        results: list[Any] = [None] * len(pages)
        results[::count] = [function(page) for page in pages[::count]]
        deadline = time.monotonic() + TIMEOUT
        for first, (worker, receive) in enumerate(workers, start=1):
            if not receive.poll(max(0.0, deadline - time.monotonic())):
                raise BuildError(f"a worker process ({worker.pid}) made no page for {TIMEOUT:.0f} s and was "
                                 "stopped; nothing was changed; build again")
            try:
                done, value = receive.recv()
            except (EOFError, OSError):
                worker.join(1)
                raise BuildError(f"a worker process ({worker.pid}) ended before it finished (exit code "
                                 f"{worker.exitcode}); nothing was changed; build again") from None
            if not done:
                raise value
            results[first::count] = value
        return results
    finally:
        _work = None
        for worker, receive in workers:
            if worker.is_alive():
                worker.kill()
            worker.join()
            receive.close()


def _worker(send, receive, first: int, step: int) -> None:
    # Ctrl-C reaches every process of the terminal: the parent alone answers it, and stops this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker ends with the build: killed with it, and never holding its own pipe open to itself.
    _die_with_parent()
    receive.close()
    function, pages = _work
    try:
        outcome = (True, [function(page) for page in pages[first::step]])
    except BuildError as error:
        outcome = (False, error)
    except OSError as error:
        outcome = (False, OutputError(os_problem(error, "write")))
    except Exception as error:  # a bug: said in one line, as the parent would
        outcome = (False, BuildError(f"a worker process failed: {type(error).__name__}: {error}; "
                                     "nothing was changed; this is a fault of the build: please report it"))
    try:
        send.send(outcome)
        send.close()
    except OSError:
        pass  # the build is gone, and wants nothing more


def _die_with_parent() -> None:
    import ctypes

    set_parent_death_signal = 1  # prctl's PR_SET_PDEATHSIG
    ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the signal was asked for
        os._exit(1)
