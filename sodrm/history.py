"""The data's history, from git: its version (the last commit that changed a program's value), the
date of that commit, and what each commit changed (programs added or removed, each declared field
from -> to).

Two steps. `read_log` asks git, once per build and before anything else, which commits changed the
data file and which blob each left (the log is part of the build's stamp). After loading,
`read_history` reads each past version through the same checks as the current data (`read_version`,
from load.py) and compares them field by field, as fields.py declares them: a comment or a change of
layout is no change of the data. What was read of a blob is remembered by its id (`store`), so a
build reads each past version once, ever. A version that fails the checks is listed as one that
could not be read; it never fails the build. The changes page and the feed are bounded (entries,
changes in each, characters of each value) and say what they leave out.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any, Callable, NamedTuple

from .errors import BuildError, printable
from .fields import texts

MAX_COMMITS = 500  # read from git, newest first; the version is always among them
MAX_ENTRIES = 100  # shown on the changes page and in the feed
MAX_CHANGES = 200  # shown in one entry
MAX_VALUE = 200  # characters of a value shown in a change
# Rows of all past versions' downloads together (versions/<version>/programs.*), the newest
# versions first: a catalogue of many thousands of programs keeps its few latest versions, not a
# hundred copies of itself.
MAX_KEPT_ROWS = 50_000
NONE = "none"  # how a change shows an empty value


class Log(NamedTuple):
    """What git says of the data file: each commit that changed it, newest first."""
    commits: tuple[tuple[str, str, str], ...]  # (commit id, ISO date, blob id; "" where the file was deleted)
    shallow: bool  # the repository is a shallow clone: the oldest commit here is not the first
    problem: str  # why git could not be asked, said in the build's output; "" when it could (or no repository)


NO_LOG = Log((), False, "")


class Change(NamedTuple):
    program: int
    what: str  # "added", "removed", or the name of a field (fields.py)
    before: str
    after: str


class Entry(NamedTuple):
    id: str  # the full hash
    date: str  # ISO 8601, the committer's date
    changes: tuple[Change, ...]
    left_out: int  # changes not shown (more than MAX_CHANGES)
    unreadable: str  # why this version could not be read ("" if it could); then it has no changes
    first: bool  # the first version of the data (not just the oldest one a shallow clone has)


class History(NamedTuple):
    version: str  # the short hash of the last commit that changed the data, "+" if the file differs from it
    date: str  # of that commit, YYYY-MM-DD; "" where git gives none (before 1970, or malformed)
    entries: tuple[Entry, ...]  # newest first, those that changed the programs (at most MAX_ENTRIES)
    left_out: int  # entries not shown
    shallow: bool
    # The programs of each version whose downloads the site keeps (see MAX_KEPT_ROWS), by entry id:
    # each program's fields as texts, by program id.
    kept: dict[str, dict[int, dict[str, str]]] = {}


_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")


def read_log(data: Path) -> Log:
    """The commits that changed the data file; NO_LOG outside a repository or without git."""
    folder = data.resolve().parent
    try:
        output = _git(folder, "log", f"--max-count={MAX_COMMITS}", "--raw", "--no-abbrev", "--no-renames",
                      "--format=%x01%H %cI %D", "--", data.name).decode("utf-8", "replace")
    except FileNotFoundError:  # no git
        return NO_LOG
    except subprocess.CalledProcessError as error:
        said = error.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in said:
            return NO_LOG
        return Log((), False, printable(said.splitlines()[0] if said else f"git exited with {error.returncode}"))
    except (OSError, subprocess.SubprocessError) as error:
        return Log((), False, printable(str(error)))
    commits, shallow = [], False
    for record in output.split("\x01")[1:]:
        head, *raw = record.strip("\n").split("\n")
        commit, date, decoration = (head.split(" ", 2) + [""])[:3]
        blobs = [line.split()[3] for line in raw if line.startswith(":")]
        if not blobs:
            continue  # a merge that took one side's file: no version of its own
        shallow = shallow or "grafted" in decoration
        commits.append((commit, date if _DATE.fullmatch(date) else "", "" if set(blobs[0]) == {"0"} else blobs[0]))
    return Log(tuple(commits), shallow, "")


def read_history(log: Log, data: Path, current: tuple,
                 read_version: Callable[[bytes], dict[int, dict[str, str]]], store: Any) -> History | None:
    """The history of the data, whose programs are now `current` (records of fields.py's
    fields). `read_version` reads a past version's bytes as the same dictionaries or raises
    a BuildError; `store` remembers what was read of each blob (get, put)."""
    if not log.commits:
        return None
    wanted = [blob for _, _, blob in log.commits if blob and store.get(blob) is None]
    contents = _contents(data.resolve().parent, wanted) if wanted else {}
    versions = []
    for _, _, blob in log.commits:
        if not blob:
            versions.append(({}, ""))
            continue
        known = store.get(blob)
        if known is None:
            try:
                known = {"programs": {str(k): v for k, v in read_version(contents[blob]).items()}}
            except KeyError:
                known = {"problem": "git could not give this version"}
            except BuildError as error:
                known = {"problem": printable(str(error).splitlines()[0])}
            store.put(blob, known)
        versions.append(({int(k): v for k, v in known.get("programs", {}).items()}, known.get("problem", "")))
    entries = []
    for index, ((commit, date, _), (programs, problem)) in enumerate(zip(log.commits, versions)):
        oldest = index + 1 == len(log.commits)
        # A version that could not be read shows no changes; the next readable one is compared
        # with the last readable one before it.
        older = next((v for v, p in versions[index + 1:] if not p), None)
        changes = () if problem else _changes(older or {}, programs)
        if changes or problem or oldest:
            entries.append(Entry(commit, date, changes[:MAX_CHANGES], max(0, len(changes) - MAX_CHANGES),
                                 problem, oldest and not log.shallow and not problem))
    newest = next((entry for entry in entries if not entry.unreadable), entries[0] if entries else None)
    if newest is None:
        return None
    last_read = next((v for v, p in versions if not p), {})
    version = newest.id[:12] + ("+" if {p.id: texts(p) for p in current} != last_read else "")
    read = {commit: programs for (commit, _, _), (programs, problem) in zip(log.commits, versions) if not problem}
    kept, rows = {}, 0
    for entry in entries[:MAX_ENTRIES]:
        if entry.id in read and entry.date:
            rows += len(read[entry.id])
            if rows > MAX_KEPT_ROWS:
                break
            kept[entry.id] = read[entry.id]
    return History(version, newest.date[:10], tuple(entries[:MAX_ENTRIES]),
                   max(0, len(entries) - MAX_ENTRIES), log.shallow, kept)


def _git(folder: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(folder), *arguments], input=stdin, capture_output=True, timeout=60,
                          check=True).stdout


def _contents(folder: Path, blobs: list[str]) -> dict[str, bytes]:
    """The bytes of each blob, by its id, from one `git cat-file --batch`."""
    try:
        output = _git(folder, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in blobs).encode())
    except (OSError, subprocess.SubprocessError):
        return {}
    contents, at = {}, 0
    for blob in blobs:
        end = output.index(b"\n", at)
        header = output[at:end].split()
        if header[-1] == b"missing":
            at = end + 1
            continue
        size = int(header[2])
        contents[blob] = output[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return contents


def _shown(value: str) -> str:
    if not value:
        return NONE
    return value if len(value) <= MAX_VALUE else value[:MAX_VALUE - 1] + "…"


def _changes(before: dict[int, dict[str, str]], after: dict[int, dict[str, str]]) -> tuple[Change, ...]:
    """Every difference between two versions: programs added or removed, then each field changed,
    in the order fields.py declares them (the dictionaries keep it)."""
    changes = []
    for program in sorted(before.keys() | after.keys()):
        if program not in before:
            changes.append(Change(program, "added", "", _shown(after[program].get("title", ""))))
        elif program not in after:
            changes.append(Change(program, "removed", _shown(before[program].get("title", "")), ""))
        else:
            old, new = before[program], after[program]
            for name in dict.fromkeys([*old, *new]):
                if old.get(name, "") != new.get(name, ""):
                    changes.append(Change(program, name, _shown(old.get(name, "")), _shown(new.get(name, ""))))
    return tuple(changes)
