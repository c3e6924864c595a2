"""The ways a build can fail, each reported by the command as a clear message, never a traceback."""
from __future__ import annotations


class BuildError(Exception):
    """A build that cannot be made; the message says what and where, and what to do."""


class DataError(BuildError):
    """The input files cannot be built; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class RenderError(BuildError):
    """A template cannot be compiled or rendered."""


class OutputError(BuildError):
    """The output folder or the cache cannot be used or written."""


class Busy(BuildError):
    """Another build is writing into the same output folder."""


def printable(text: str) -> str:
    """The text with every control and format character shown escaped (\\x1b, \\u202e, ...):
    data must not reach a terminal as escape sequences, or fake a line of its own."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def os_problem(error: OSError, what: str) -> str:
    """An operating system error as one line: the path, what went wrong, what to do."""
    path = error.filename if error.filename is not None else "?"
    reason = error.strerror or str(error)
    advice = {
        13: "check its permissions",  # EACCES
        1: "check its permissions",  # EPERM
        30: "the file system is read-only; choose another place",  # EROFS
        28: "the disk is full; free some space and build again",  # ENOSPC
        122: "the disk quota is used up; free some space and build again",  # EDQUOT
        20: "a part of the path is a file, not a folder; choose another path",  # ENOTDIR
        21: "a folder stands where a file should be; remove it or choose another path",  # EISDIR
        36: "the name is too long",  # ENAMETOOLONG
        40: "it is a symbolic link, which the build does not follow; remove it",  # ELOOP
    }.get(error.errno or 0, "check the path and build again")
    return printable(f"{path}: cannot {what} ({reason}); {advice}")
