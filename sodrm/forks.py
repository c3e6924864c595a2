"""Work on another core: a forked child process runs one function and sends back its result.

Python runs one thread of Python code at a time, so a build that wants a second core needs a
second process. Forking one is quick (it shares the parent's memory, copying only what it
changes) and needs no pickling of the work itself: only the result comes back, through a pipe.
"""
from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Any, Callable

from .errors import DataError, OutputError, RenderError

# At most this many processes: each one past the first copies some of the build's memory.
MOST_PROCESSES = 4
_ending: list[int] = []  # children that sent their results, not yet waited for


def usable_processes() -> int:
    """How many processes a build may use. Forking is only safe while the process runs a single
    thread (the live preview serves from threads), and only done on Linux, where a forked child
    needs nothing from system libraries that would not survive the fork."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return min(len(os.sched_getaffinity(0)), MOST_PROCESSES)


class Forked:
    """`function(*args)` in a forked child; `result()` waits for its return value. Our own errors
    (a template that cannot render, ...) come back and are raised again in the parent."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        read, write = os.pipe()
        try:
            self._pid = os.fork()
        except OSError:  # no process to spare: do the work here, now
            os.close(read)
            os.close(write)
            self._pid, self._pipe, self._outcome = 0, None, _outcome(function, args)
            return
        if self._pid == 0:
            os.close(read)
            _child(write, function, args)
        os.close(write)
        self._pipe = os.fdopen(read, "rb")

    def result(self) -> Any:
        if self._pipe is not None:
            with self._pipe:
                try:
                    self._outcome = pickle.load(self._pipe)
                except (EOFError, pickle.UnpicklingError):
                    self._outcome = (False, RuntimeError(f"the forked process {self._pid} failed (see above)"))
            # Waited for later (reap): a child that held much memory takes milliseconds to end.
            _ending.append(self._pid)
            self._pipe = None
        done, value = self._outcome
        if not done:
            raise value
        return value

    def stop(self) -> None:
        """Ends the child, if it still runs: the parent failed and wants none of its work."""
        if self._pipe is not None:
            os.kill(self._pid, 9)  # SIGKILL
            os.waitpid(self._pid, 0)
            self._pipe.close()
            self._pipe = None


def reap() -> None:
    """Waits for the children that sent their results to end."""
    while _ending:
        os.waitpid(_ending.pop(), 0)


def _outcome(function: Callable[..., Any], args: tuple) -> tuple[bool, Any]:
    try:
        return True, function(*args)
    except (DataError, RenderError, OutputError) as error:
        return False, error


def _child(write: int, function: Callable[..., Any], args: tuple) -> None:
    status = 1
    try:
        outcome = _outcome(function, args)
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except KeyboardInterrupt:
        pass  # the parent was interrupted too, and says so
    except BaseException:
        import traceback  # only now: it takes longer to import than a small build's rendering

        traceback.print_exc()
    finally:
        # Straight out: the parent's buffers, exit handlers and clean-ups are not the child's.
        sys.stderr.flush()
        os._exit(status)
