"""Write: bring the output folder to exactly the build's files, old site or new site, never a mix.

Design: the new site is made whole in a sibling folder (`.NAME.next`), then takes the output's
place in one rename. A file whose bytes are unchanged is hard-linked from the old site (same
bytes, same modification time: nothing rewritten); only changed files are written. Where the
system can exchange two folders atomically (Linux: renameat2 RENAME_EXCHANGE), the output is
never missing; elsewhere it is renamed aside first (`.NAME.old`), and a build that finds the
output missing beside such a folder puts it back. An interrupted or failed build (Ctrl-C,
SIGKILL, a full disk) leaves only its sibling folder, which the next build removes: the output
itself is the previous site until the rename, the new one after it. Why this and not a journal
of moves inside the output: a journal leaves a mixed folder on disk until the next build rolls
it forward; a rename never does.

Only one build writes into a folder at a time: each holds a lock (`.NAME.lock`, beside the
output) from before it reads anything until its site is in place.

A marker file says the folder is the build's; the build refuses to replace a folder without
one unless it is empty, so that `--out .` cannot clear a working tree.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import stat
import sys
import time
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from .errors import Busy, OutputError, os_problem, printable

MARKER = ".sodrm-build"
_MARKER_TEXT = b"This folder is made by build.py, which may replace or remove any file in it.\n"
LOCK_WAIT = 10.0  # seconds a build waits for another one into the same folder


class Written(NamedTuple):
    """A file of the new site: its size and modification time, and whether it was written (or
    linked, unchanged, from the old site)."""
    size: int
    mtime_ns: int
    written: bool


class Output:
    """The output folder and its siblings: the lock, and the new site while it is made."""

    def __init__(self, out: Path) -> None:
        # A link to a folder is followed once, here: the build then works beside the folder it
        # leads to, and a link swapped in later is refused (`_check_out`).
        self.out = Path(os.path.realpath(out) if os.path.islink(out) else os.path.abspath(out))
        if self.out == self.out.parent:
            raise OutputError(f"{printable(str(self.out))}: the root of the file system cannot be the output; "
                              "choose a folder of its own for --out")
        name = self.out.name
        self.next = self.out.with_name(f".{name}.next")
        self.aside = self.out.with_name(f".{name}.old")
        self.lock_file = self.out.with_name(f".{name}.lock")

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Holds the folder's lock; raises Busy if another build holds it for LOCK_WAIT seconds.
        An output that the build would refuse is refused first, leaving no lock file behind; the
        lock file is never a link (a planted one is not followed)."""
        for folder in self.out.parents:  # the nearest that exists must be a folder
            if folder.exists() or folder.is_symlink():
                if not folder.is_dir():
                    raise OutputError(f"{printable(str(folder))}: is a file, not a folder; choose another --out")
                break
        self._check_out()
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as error:
            raise OutputError(os_problem(error, "make the lock file for")) from None
        try:
            deadline = time.monotonic() + LOCK_WAIT
            while not _try_lock(descriptor):
                if time.monotonic() >= deadline:
                    holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "another process"
                    raise Busy(f"{printable(str(self.out))}: another build (process {holder}) is writing into "
                               "this folder; wait for it to finish, or stop it, and build again")
                time.sleep(0.05)
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(descriptor)  # which releases the lock

    def check(self) -> None:
        """Refuses an output that is not the build's; finishes what a killed build left."""
        if not self.out.exists() and not self.out.is_symlink() and _is_ours(self.aside):
            os.replace(self.aside, self.out)  # renamed aside by a build killed before its new site took its place
        for leftover in (self.next, self.aside):
            if leftover.exists() or leftover.is_symlink():
                if not _is_ours(leftover) and not _is_empty_folder(leftover):
                    raise OutputError(f"{printable(str(leftover))}: the build keeps its new site here while it "
                                      "makes it, but this folder is not the build's; move it away")
                shutil.rmtree(leftover)
        self._check_out()

    def _check_out(self) -> None:
        out = printable(str(self.out))
        if self.out.is_symlink():
            raise OutputError(f"{out}: is a symbolic link; choose a real folder for --out")
        if self.out.exists() and not self.out.is_dir():
            raise OutputError(f"{out}: is a file, not a folder; choose another --out")
        if os.path.ismount(self.out):  # the new site is made beside it, on another file system
            raise OutputError(f"{out}: is a mount point, which the build cannot replace in one step; build into a "
                              f"folder inside it (--out {printable(str(self.out / 'site'))}) and publish that")
        if self.out.is_dir() and not _is_ours(self.out) and not _is_empty_folder(self.out):
            raise OutputError(f"{out}: this folder has files that the build did not make (it has no {MARKER}), "
                              "so the build will not write into it; choose an empty or new folder for --out")

    def new_site(self) -> NewSite:
        return NewSite(self)


class NewSite:
    """The new site, made file by file beside the output, then put in its place by `commit`.
    Used as a context: whatever stops the build before `commit` removes the new site, and the
    output stays as it was."""

    def __init__(self, output: Output) -> None:
        self.output = output
        self.root = str(output.next)
        self._old = str(output.out)
        self._folders: set[str] = set()
        try:
            os.mkdir(self.root)
            self.put(MARKER, _MARKER_TEXT)  # first: any leftover says it is ours
        except OSError as error:
            self.abandon()
            raise OutputError(os_problem(error, "make the new site in")) from None

    def __enter__(self) -> NewSite:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if error is not None:
            self.abandon()
            if isinstance(error, OSError):
                raise OutputError(os_problem(error, "be written")) from None

    def keep(self, path: str) -> None:
        """The old site's file, which is already right: linked, not written again."""
        target = os.path.join(self.root, path)
        self._folder(os.path.dirname(target))
        os.link(os.path.join(self._old, path), target, follow_symlinks=False)

    def put(self, path: str, data: bytes | Iterable[bytes]) -> Written:
        """Writes the file, or links the old one if it holds these bytes. `data`: the file's
        bytes, or its parts in order (a long page, never held whole), which are written first and
        then compared with the old file."""
        target = os.path.join(self.root, path)
        self._folder(os.path.dirname(target))
        old = os.path.join(self._old, path)
        data = _whole_if_short(data)
        if isinstance(data, bytes):
            status = _holding(old, data)
            if status is not None:
                os.link(old, target, follow_symlinks=False)
                return Written(status.st_size, status.st_mtime_ns, False)
        status = _write(target, data)
        if not isinstance(data, bytes):
            same = _holding_file(old, target, status.st_size)
            if same is not None:
                os.unlink(target)
                os.link(old, target, follow_symlinks=False)
                return Written(same.st_size, same.st_mtime_ns, False)
        return Written(status.st_size, status.st_mtime_ns, True)

    def commit(self, paths: set[str]) -> int:
        """Puts the new site, whose files are `paths`, in the output's place, removes the old
        one, and returns how many of the old one's files the new one does not have. (The files
        are named by the caller: on several cores, other processes put some of them.)"""
        output = self.output
        output._check_out()  # again: the folder may have been swapped since the build began
        removed = len(files_in(output.out) - paths)
        if output.out.exists():
            if not _exchange(output.next, output.out):
                os.replace(output.out, output.aside)
                os.replace(output.next, output.out)
        else:
            os.replace(output.next, output.out)
        self._sync_folder(output.out.parent)
        self.abandon()  # the old site, now beside the output
        return removed

    def abandon(self) -> None:
        """Removes what this build made beside the output (after a commit: the old site)."""
        for leftover in (self.output.next, self.output.aside):
            if _is_ours(leftover) or _is_empty_folder(leftover):
                shutil.rmtree(leftover, ignore_errors=True)

    def _folder(self, folder: str) -> None:
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    @staticmethod
    def _sync_folder(folder: Path) -> None:
        # The rename reaches the disk before the build reports success.
        if hasattr(os, "O_DIRECTORY"):
            descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(descriptor)
            except OSError:
                pass
            finally:
                os.close(descriptor)


def put_file(path: Path, data: bytes) -> None:
    """Writes a file of the cache whole: beside it first, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _write(str(temporary), data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _write(target: str, data: bytes | Iterable[bytes]) -> os.stat_result:
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        for part in (data,) if isinstance(data, bytes) else data:
            view = memoryview(part)
            while view:
                view = view[os.write(descriptor, view):]
        return os.fstat(descriptor)
    finally:
        os.close(descriptor)


def _holding(path: str, data: bytes) -> os.stat_result | None:
    """The old file's status if it is a regular file holding exactly these bytes."""
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return None
        with open(path, "rb") as file:
            return status if file.read() == data else None
    except OSError:
        return None


SHORT = 1 << 20  # bytes: a file given in parts but no longer is compared before it is written, as one


def _whole_if_short(data: bytes | Iterable[bytes]) -> bytes | Iterable[bytes]:
    """The file's bytes if it is short, else its parts in order (those read to tell held again)."""
    if isinstance(data, bytes):
        return data
    parts, held, size = iter(data), [], 0
    for part in parts:
        held.append(part)
        size += len(part)
        if size > SHORT:
            return chain(held, parts)
    return b"".join(held)


def _holding_file(path: str, other: str, size: int) -> os.stat_result | None:
    """The old file's status if it is a regular file holding the same `size` bytes as `other`."""
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != size:
            return None
        return status if filecmp.cmp(path, other, shallow=False) else None
    except OSError:
        return None


def files_in(folder: Path) -> set[str]:
    """The paths of what a folder holds but its folders and the build's marker: files, and links
    to anything (none if it is not a folder)."""
    found = set()
    for directory, folders, names in os.walk(folder):
        relative = os.path.relpath(directory, folder).replace(os.sep, "/")
        links = [name for name in folders if os.path.islink(os.path.join(directory, name))]
        found.update(name if relative == "." else f"{relative}/{name}" for name in [*names, *links])
    found.discard(MARKER)
    return found


def _is_ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def _is_empty_folder(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir())


if sys.platform == "linux":
    import ctypes

    _libc = ctypes.CDLL(None, use_errno=True)
    _renameat2 = getattr(_libc, "renameat2", None)

    def _exchange(a: Path, b: Path) -> bool:
        """Swaps two folders in one step; False where the system cannot."""
        if _renameat2 is None:
            return False
        at_cwd, rename_exchange = -100, 2
        if _renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), rename_exchange) == 0:
            return True
        error = ctypes.get_errno()
        if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot
            return False
        raise OSError(error, os.strerror(error), str(b))
else:
    def _exchange(a: Path, b: Path) -> bool:
        return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
