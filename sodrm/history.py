"""The data's history, from git: its version (the last commit that changed the data file), the
date of that commit, and what each commit changed (programs added or removed, fields from -> to).

Read once per build, like every other input (sources.py): the same commits give the footer, the
downloads' metadata, the changes page and the feed. Deterministic for a commit; without git or
outside a repository there is no history, which the site says plainly.
"""
from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path
from typing import NamedTuple

MAX_COMMITS = 500  # the newest; older changes are left out of the list, not the version


class Change(NamedTuple):
    program: int
    what: str  # "added", "removed", or a field's name
    before: str
    after: str


class Commit(NamedTuple):
    id: str  # the full hash
    date: str  # ISO 8601, the committer's date
    changes: tuple[Change, ...]


class History(NamedTuple):
    version: str  # the short hash of the newest commit, "+" if the file differs from it
    date: str  # of that commit, YYYY-MM-DD
    commits: tuple[Commit, ...]  # newest first, those that changed the programs


def read_history(data: Path, current: bytes) -> History | None:
    """The history of the data file, whose bytes as read are `current`; None when it has none."""
    folder = data.resolve().parent
    try:
        log = _git(folder, "log", f"--max-count={MAX_COMMITS}", "--format=%H %cI", "--", data.name)
        if not log.strip():
            return None
        top = _git(folder, "rev-parse", "--show-toplevel").strip()
        path = data.resolve().relative_to(Path(top).resolve()).as_posix()
        commits = [line.split(" ", 1) for line in log.splitlines()]
        blobs = _git(folder, "cat-file", "--batch", stdin="".join(f"{commit}:{path}\n" for commit, _ in commits),
                     binary=True)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    versions = _split_batch(blobs, len(commits))
    changed = []
    for index, (commit, date) in enumerate(commits):
        older = versions[index + 1] if index + 1 < len(versions) else None
        changes = _changes(older, versions[index])
        if changes or older is None:
            changed.append(Commit(commit, date, changes))
    version = commits[0][0][:12] + ("+" if versions and versions[0] != current else "")
    return History(version, commits[0][1][:10], tuple(changed))


def _git(folder: Path, *arguments: str, stdin: str | None = None, binary: bool = False):
    result = subprocess.run(["git", "-C", str(folder), *arguments], input=stdin.encode() if stdin else None,
                            capture_output=True, timeout=60, check=True)
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


def _split_batch(output: bytes, count: int) -> list[bytes | None]:
    """The contents of `git cat-file --batch` answers, None for a name it did not find."""
    contents, at = [], 0
    for _ in range(count):
        end = output.index(b"\n", at)
        header = output[at:end].split()
        if header[-1] == b"missing":
            contents.append(None)
            at = end + 1
            continue
        size = int(header[2])
        contents.append(output[end + 1:end + 1 + size])
        at = end + 1 + size + 1
    return contents


def _programs(content: bytes | None) -> dict[int, dict]:
    if content is None:
        return {}
    try:
        tables = tomllib.loads(content.decode("utf-8")).get("programs", [])
        return {table["id"]: table for table in tables if isinstance(table, dict) and isinstance(table.get("id"), int)}
    except (ValueError, tomllib.TOMLDecodeError, AttributeError):
        return {}  # a version that did not build: its changes show against the next good one


def _shown(value) -> str:
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def _changes(older: bytes | None, newer: bytes | None) -> tuple[Change, ...]:
    before, after = _programs(older), _programs(newer)
    changes = []
    for program in sorted(before.keys() | after.keys()):
        if program not in before:
            changes.append(Change(program, "added", "", _shown(after[program].get("title", ""))))
        elif program not in after:
            changes.append(Change(program, "removed", _shown(before[program].get("title", "")), ""))
        else:
            for field in ("hours", "title", "instrument", "topics", "notes"):
                old, new = before[program].get(field, ""), after[program].get(field, "")
                if old != new:
                    changes.append(Change(program, field, _shown(old), _shown(new)))
    return tuple(changes)
