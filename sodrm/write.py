"""Write: bring the output folder to exactly the build's files, touching only what changed.

A file whose bytes are already right is left alone (no write, no new modification time), and
files the build no longer makes are removed. A marker file says the folder is the build's; the
build refuses to write into a folder without one unless it is empty, so that `--out .` cannot
clear a working tree.

The manifest, kept in the build's cache outside the output (so that the output stays the same
bytes from build to build), records each file's key (a digest of what it was made from), size
and modification time: the next build tells from a stat which files are still intact and need
not be made again. Without it (a cleared cache, or one that cannot be read), files are compared
byte for byte instead.

A new or empty folder is filled through a hidden staging folder inside it (NewFolder): pages
can then be written as they are rendered, by several processes, and still appear only once all
of them are made; an error leaves the folder as it was.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import NamedTuple

from .errors import OutputError

MARKER = ".sodrm-build"
STAGING = ".sodrm-staging"
_MARKER_TEXT = b"This folder is made by build.py, which may overwrite or remove any file in it.\n"


# A file's entry in the manifest: [key, size, modification time in ns]. A plain list, as JSON
# reads it: 10,000 of them pass between processes and through the manifest much faster than records.
Entry = list


class PreviousBuild(NamedTuple):
    folder: str  # the output folder, ending in a separator
    stamp: str  # digest of every input of the build that made the folder
    entries: dict[str, Entry]
    listed: bool  # False: the folder is the build's, but its manifest is gone: its files are unknown

    def kept(self, path: str, key: str) -> Entry | None:
        """The file's entry, if that build made it from the same key and it is as it was left
        (same size and modification time): then it need not be made again."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != key:
            return None
        try:
            status = os.stat(self.folder + path)  # 10,000 of them: no Path, no os.path.join
        except OSError:
            return None
        return entry if status.st_size == entry[1] and status.st_mtime_ns == entry[2] else None

    def all_intact(self) -> bool:
        return all(self.kept(path, entry[0]) is not None for path, entry in self.entries.items())


class WriteReport(NamedTuple):
    written: int
    unchanged: int
    removed: int


def previous_build(out: Path, manifest: Path) -> PreviousBuild:
    folder = os.path.join(out, "")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; choose another --out")
    if not (out / MARKER).is_file():
        # A staging folder alone is what a killed first build left: the folder is still empty.
        if out.exists() and any(path.name != STAGING for path in out.iterdir()):
            raise OutputError(
                f"{out}: this folder has files that the build did not make (it has no {MARKER}), "
                "so the build will not write into it; choose an empty or new folder for --out"
            )
        return PreviousBuild(folder, "", {}, listed=True)  # new or empty: nothing in it to compare
    try:
        saved = json.loads(manifest.read_bytes())
        stamp, entries = saved["stamp"], saved["files"]
    except (OSError, ValueError, KeyError, TypeError):  # none, damaged, or of another kind
        return PreviousBuild(folder, "", {}, listed=False)
    # Every entry a list of three (checked in C: 10,000 of them); wrong values inside one only
    # make its file look changed.
    if type(entries) is not dict or not (set(map(type, entries.values())) <= {list}
                                         and set(map(len, entries.values())) <= {3}):
        return PreviousBuild(folder, "", {}, listed=False)
    return PreviousBuild(folder, stamp, entries, listed=True)


def write(out: Path, to_write: dict[str, tuple[str, bytes]], kept: list[str], previous: PreviousBuild,
          stamp: str, manifest: Path) -> WriteReport:
    """Brings a folder the build made before to the build's files: `to_write` maps the paths of
    the files made again to their keys and bytes; `kept` lists those found intact."""
    os.makedirs(out, exist_ok=True)
    if not (out / MARKER).is_file():
        _put(os.path.join(out, MARKER), _MARKER_TEXT)
    entries = {path: previous.entries[path] for path in kept}
    written = 0
    folders: set[str] = set()
    for path, (key, data) in to_write.items():
        target = os.path.join(out, path)
        status = _holding(target, data)
        if status is not None:
            entries[path] = [key, status.st_size, status.st_mtime_ns]
        else:
            _make_folder(os.path.dirname(target), folders)
            entries[path] = _put(target, data, key)
            written += 1
    made = previous.entries.keys() if previous.listed else _all_files(out) - {MARKER}
    # Only plain relative paths: an edited manifest must not make the build delete outside `out`.
    stale = sorted(path for path in made - entries.keys() if _is_plain(path))
    for path in stale:
        (out / path).unlink(missing_ok=True)
        _remove_empty_folders((out / path).parent, out)
    _save_manifest(manifest, stamp, entries)
    return WriteReport(written, len(entries) - written, len(stale))


def _is_plain(path: str) -> bool:
    return not path.startswith("/") and all(part not in ("", ".", "..") for part in path.split("/"))


class NewFolder:
    """A new or empty output folder, filled through a staging folder inside it. `put` may be
    called from forked processes (each returns the entry that `finish` records); `finish` moves
    the files into place, `abandon` leaves the folder as it was found."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._made_out = not out.exists()
        self._staging = os.path.join(out, STAGING)
        shutil.rmtree(self._staging, ignore_errors=True)  # left by a killed build
        os.makedirs(self._staging)
        self._folders: set[str] = set()

    def put(self, path: str, key: str, data: bytes) -> Entry:
        target = os.path.join(self._staging, path)
        _make_folder(os.path.dirname(target), self._folders)
        return _put(target, data, key, atomically=False)  # nobody reads the staging folder

    def finish(self, entries: dict[str, Entry], stamp: str, manifest: Path) -> WriteReport:
        # The marker first: a folder with any of the build's files in it must say it is the build's.
        _put(os.path.join(self.out, MARKER), _MARKER_TEXT)
        for name in sorted(os.listdir(self._staging)):
            os.replace(os.path.join(self._staging, name), os.path.join(self.out, name))
        os.rmdir(self._staging)
        _save_manifest(manifest, stamp, entries)
        return WriteReport(len(entries), 0, 0)

    def abandon(self) -> None:
        shutil.rmtree(self._staging, ignore_errors=True)
        if self._made_out:
            shutil.rmtree(self.out, ignore_errors=True)


def _save_manifest(manifest: Path, stamp: str, entries: dict[str, Entry]) -> None:
    manifest.parent.mkdir(parents=True, exist_ok=True)
    _put(str(manifest), json.dumps({"stamp": stamp, "files": entries}, separators=(",", ":")).encode("utf-8"))


def _make_folder(folder: str, made: set[str]) -> None:
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _all_files(out: Path) -> set[str]:
    return {path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()}


def _holding(target: str, data: bytes) -> os.stat_result | None:
    """The file's status if it holds exactly these bytes (read only if the size is the same)."""
    try:
        with open(target, "rb") as file:
            status = os.fstat(file.fileno())
            return status if status.st_size == len(data) and file.read() == data else None
    except FileNotFoundError:
        return None


def _put(target: str, data: bytes, key: str = "", atomically: bool = True) -> Entry:
    """Writes the file and returns its entry. Plain os calls: no buffered file object, and the
    size and modification time come from the open file, not another look-up of its path."""
    # Atomically: beside the target, then renamed over it, so that a reader (or the live
    # preview) never sees half a file.
    written = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.tmp") if atomically else target
    descriptor = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
        status = os.fstat(descriptor)
    finally:
        os.close(descriptor)
    if atomically:
        os.replace(written, target)
    return [key, status.st_size, status.st_mtime_ns]


def _remove_empty_folders(folder: Path, out: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
