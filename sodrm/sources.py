"""Every file a build reads, read once: the stamp of a build and every page it makes come from
the same bytes, so a file edited while a build runs is in both or in neither.

Each file is opened without blocking and must be a regular file no larger than its limit: a
FIFO, a device or a huge file is a problem to report, never a hang.
"""
from __future__ import annotations

import os
import stat
from hashlib import blake2b
from pathlib import Path
from typing import NamedTuple

from .errors import DataError, os_problem, printable

DATA_LIMIT = 32 * 1024 * 1024  # a programs or site file; 100,000 programs take about 13 MiB
CONTENT_LIMIT = 64 * 1024  # a Markdown page of content/
PROJECT_FILE_LIMIT = 4 * 1024 * 1024  # a template or static file


class Source(NamedTuple):
    shown: str  # the path as messages name it
    data: bytes


class Sources(NamedTuple):
    programs: Source
    site: Source
    content: dict[str, Source]  # content/NAME.md by NAME
    templates: dict[str, str]  # by file name
    static: dict[str, bytes]  # by path under static/

    def digest(self, extra: str) -> str:
        """A digest of every byte read, and of `extra` (the code, the options)."""
        digest = blake2b(extra.encode(), digest_size=16)
        files = [("programs", self.programs.data), ("site", self.site.data)]
        files += [(f"content/{name}", source.data) for name, source in sorted(self.content.items())]
        files += [(f"templates/{name}", text.encode()) for name, text in sorted(self.templates.items())]
        files += [(f"static/{name}", data) for name, data in sorted(self.static.items())]
        for name, data in files:
            digest.update(f"\0{name}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()


def shown(path: Path) -> str:
    try:
        return printable(str(path.resolve().relative_to(Path.cwd())))
    except (ValueError, OSError):
        return printable(str(path))


def read_sources(data: Path, site_data: Path, content: Path, templates: Path, static: Path) -> Sources:
    """Reads every input; raises DataError listing every file that cannot be read."""
    problems: list[str] = []
    programs = Source(shown(data), _read(data, DATA_LIMIT, problems) or b"")
    site = Source(shown(site_data), _read(site_data, DATA_LIMIT, problems) or b"")
    pages = {}
    for path in _entries(content, problems):
        if path.suffix == ".md":
            pages[path.stem] = Source(shown(path), _read(path, CONTENT_LIMIT, problems) or b"")
    template_texts = {}
    for path in _entries(templates, problems):
        raw = _read(path, PROJECT_FILE_LIMIT, problems)
        if raw is not None:
            try:
                template_texts[path.name] = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                problems.append(f"{shown(path)}: not UTF-8 text (byte {error.start}); save the file as UTF-8")
    static_files = {}
    for path in _entries(static, problems, recursive=True):
        name = path.relative_to(static).as_posix()
        if not _is_utf8(name):  # it becomes an address of the site, and a name in the cache
            problems.append(f"{shown(path)}: a file name that is not UTF-8; rename the file")
            continue
        raw = _read(path, PROJECT_FILE_LIMIT, problems)
        if raw is not None and path.suffix in (".css", ".js") and not _is_utf8(raw):  # minified as text
            problems.append(f"{shown(path)}: not UTF-8 text; save the file as UTF-8")
        elif raw is not None:
            static_files[name] = raw
    if problems:
        raise DataError(problems)
    return Sources(programs, site, pages, template_texts, static_files)


def _is_utf8(text: str | bytes) -> bool:
    try:
        text.encode("utf-8") if isinstance(text, str) else text.decode("utf-8")
        return True
    except UnicodeError:
        return False


def _entries(folder: Path, problems: list[str], recursive: bool = False) -> list[Path]:
    """The files of a folder (and, `recursive`, of its folders), in name order, hidden ones
    (editors' swap files) left out. A folder that cannot be read is a problem, never an omission."""
    def unreadable(error: OSError) -> None:
        problems.append(os_problem(error, "be read as a folder"))

    if not recursive:
        try:
            found = sorted(path for path in folder.iterdir() if not path.name.startswith("."))
        except OSError as error:
            unreadable(error)
            return []
    else:
        found = []
        for directory, folders, names in os.walk(folder, onerror=unreadable):
            folders[:] = [name for name in folders if not name.startswith(".")]
            # A link to a folder is not followed, but checked below as every entry is.
            links = [name for name in folders if os.path.islink(os.path.join(directory, name))]
            found += [Path(directory, name) for name in [*names, *links] if not name.startswith(".")]
        found.sort()
    files = []
    inside = folder.resolve()
    for path in found:
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            problems.append(f"{shown(path)}: a link to {printable(str(path.resolve()))}, outside {shown(folder)}; "
                            "only the project's own files are published: copy the file in, or remove the link")
            continue
        if path.is_dir():
            if not recursive:
                problems.append(f"{shown(path)}: is a folder; expected a file here (remove or rename it)")
        else:
            files.append(path)
    return files


def _read(path: Path, limit: int, problems: list[str]) -> bytes | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        problems.append(f"{shown(path)}: file not found")
        return None
    except OSError as error:
        problems.append(os_problem(error, "be read"))
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            problems.append(f"{shown(path)}: not a regular file (a folder, device or pipe); expected a file")
            return None
        if status.st_size > limit:
            problems.append(f"{shown(path)}: {status.st_size:,} bytes; expected at most {limit:,}")
            return None
        with os.fdopen(os.dup(descriptor), "rb") as file:
            data = file.read(limit + 1)
        if len(data) > limit:
            problems.append(f"{shown(path)}: more than {limit:,} bytes; expected at most {limit:,}")
            return None
        return data
    except OSError as error:
        problems.append(os_problem(error, "be read"))
        return None
    finally:
        os.close(descriptor)
