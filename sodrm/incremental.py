"""Rebuild-skipping: what a build remembers of the last one, so that it makes only the pages and
files whose inputs changed. The build would make the same site without this module, only doing more
work: the pipeline talks to one object of it, a `Memory`, and write.py knows nothing of it.

- The stamp: a digest of every input byte (sources.py), the code, the library versions and the
  options. When the stamp is the last build's and the folder holds exactly the files that build
  left, as it left them, there is nothing to do.
- The manifest, kept in the cache (outside the output, which stays the same bytes from build to
  build): each file's key (a digest of what it was made from), size and modification time. A page
  whose key is unchanged and whose file is as it was left is kept, not rendered again.
- A page's key digests its template salt and its context, with dictionaries in key order, so it
  never depends on the order in which anything was inserted. Another file's (a download, a static
  file) digests the function that makes it and that function's arguments, which are all it is
  made from: a group's downloads stay when an edit touches none of its programs, and the
  downloads stay when only a template or a stylesheet changes.
- The Markdown of the data and content, converted once and kept.

A cache file that cannot be read is discarded with a note: the build then renders every page and
still writes only the files whose bytes changed.
"""
from __future__ import annotations

import json
import os
import stat
import sys
from decimal import Decimal
from functools import cache, partial
from hashlib import blake2b
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Callable, NamedTuple

from markupsafe import Markup

from .sources import Sources

# The libraries whose versions can change the output.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "toml_rs")
_CODE = Path(__file__).resolve().parent


@cache  # the code a process runs is the code it imported: one digest for the process's life
def code_version() -> str:
    """A digest of the build's own code and of the Python and library versions (by their files'
    modification times: no import needed)."""
    digest = blake2b(sys.version.encode(), digest_size=16)
    for name in LIBRARIES:
        spec = find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        digest.update(f"{name}:{origin}:{os.stat(origin).st_mtime_ns if origin else ''}".encode())
    for path in sorted(_CODE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def stamp(sources: Sources, code: str, options: str) -> str:
    """The digest of everything a build depends on: its inputs, the code, the options."""
    return sources.digest(f"{code} {options}")


class FileState(NamedTuple):
    key: str  # what the file was made from ("" for a file that is always written: it is compared by its bytes)
    size: int
    mtime_ns: int


class Manifest(NamedTuple):
    stamp: str
    files: dict[str, FileState]

    def kept(self, out: str, path: str, key: str) -> FileState | None:
        """The file's state if the last build made it from the same key and it is as it was left."""
        state = self.files.get(path)
        if state is None or state.key != key:
            return None
        return state if _is_as_left(out, path, state) else None

    def intact(self, out: str, found: set[str]) -> bool:
        """Every file as the last build left it, and no other (`found`: what the folder holds)."""
        return bool(self.files) and found == self.files.keys() and all(
            _is_as_left(out, path, state) for path, state in self.files.items())


NO_MANIFEST = Manifest("", {})


class Memory:
    """What a build remembers of the last one into the same folder, and learns for the next.

    The pipeline asks it whether there is anything to do (`unchanged`), which pages may stay as
    they are (`kept`), and tells it each file it made (`made`); `save` keeps what it learnt.
    """

    def __init__(self, cache: Path, out: Path, sources: Sources, options: str, notes: list[str]) -> None:
        self._code = code_version()
        self._cache = cache
        self._out = str(out)
        self._stamp = stamp(sources, self._code, options)
        self._file = manifest_path(cache, out)
        self._notes = notes
        self._last = read_manifest(self._file, notes)
        self._now: dict[str, FileState] = {}
        self._keys: Keys | None = None
        self._stores: list[_Store] = []

    def unchanged(self, found: set[str]) -> list[str] | None:
        """The last build's files, if its inputs were these and the folder (holding `found`) is
        as it left it: then there is nothing to do."""
        if self._last.stamp == self._stamp and self._last.intact(self._out, found):
            return sorted(self._last.files)
        return None

    def store(self, name: str) -> _Store:
        """A dictionary of values (JSON's) that the next build finds again, if the code is the same."""
        self._stores.append(_Store(self._cache / f"{name}.json", self._code, self._notes))
        return self._stores[-1]

    def markdown(self, convert: Callable[[str], Markup]) -> Callable[[str], Markup]:
        """`convert`, remembering its results between builds."""
        store = self.store("markdown")

        def converted(text: str) -> Markup:
            html = store.get(text)
            if html is None:
                html = str(convert(text))
                store.put(text, html)
            return Markup(html)
        return converted

    def plan(self, templates: dict[str, str], shared: dict[str, Any]) -> None:
        """Pages are keyed by these templates and what every page shows, and their context."""
        self._keys = Keys(self._code, templates, shared)

    def kept(self, page: Any) -> bool:
        """Whether the page's file in the last site may stay: made from the same key, and as left."""
        return self._kept(page.path, self._keys.of(page))

    def kept_file(self, path: str, make: Callable) -> bool:
        """The same for one of the other files (a download, a static file), by what makes it."""
        return self._kept(path, self._keys.of_file(path, make))

    def _kept(self, path: str, key: str) -> bool:
        state = self._last.kept(self._out, path, key) if key else None
        self._now[path] = state or FileState(key, -1, -1)  # -1: to be told by `made`
        return state is not None

    def made(self, path: str, size: int, mtime_ns: int) -> None:
        known = self._now.get(path)
        self._now[path] = FileState(known.key if known else "", size, mtime_ns)

    def save(self, put: Callable[[Path, bytes], None]) -> None:
        put(self._file, manifest_bytes(self._stamp, self._now))
        for store in self._stores:
            store.save(put)


def _is_as_left(out: str, path: str, state: FileState) -> bool:
    try:
        status = os.lstat(os.path.join(out, path))
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size == state.size and status.st_mtime_ns == state.mtime_ns


def manifest_path(cache: Path, out: Path) -> Path:
    return cache / "builds" / f"{blake2b(str(out).encode(), digest_size=16).hexdigest()}.json"


def read_manifest(path: Path, notes: list[str]) -> Manifest:
    try:
        saved = json.loads(path.read_bytes())
        files = {name: FileState(*entry) for name, entry in saved["files"].items()}
        if not (isinstance(saved["stamp"], str) and all(
                type(state.key) is str and type(state.size) is int and type(state.mtime_ns) is int
                and _is_plain(name) for name, state in files.items())):
            raise TypeError
        return Manifest(saved["stamp"], files)
    except FileNotFoundError:
        return NO_MANIFEST
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        notes.append(f"{path}: a damaged cache file; discarded (every page is checked again)")
        return NO_MANIFEST


def manifest_bytes(stamp_: str, files: dict[str, FileState]) -> bytes:
    return json.dumps({"stamp": stamp_, "files": {path: list(state) for path, state in sorted(files.items())}},
                      separators=(",", ":")).encode("utf-8")


def _is_plain(path: str) -> bool:
    """A relative path inside the output: an edited manifest must not name a file outside it."""
    return not path.startswith("/") and "\\" not in path and all(part not in ("", ".", "..") for part in path.split("/"))


class _Store:
    """A dictionary kept in a file of the cache between builds, under a salt (the code, the
    libraries): what a build used of it, and only that, is kept for the next one, so the file
    never grows stale. A file that cannot be read is discarded with a note."""

    def __init__(self, path: Path, salt: str, notes: list[str]) -> None:
        self._path = path
        self._salt = salt
        self._saved: dict[str, Any] = {}
        try:
            saved = json.loads(path.read_bytes())
            if saved.get("salt") == salt and isinstance(saved["values"], dict):
                self._saved = saved["values"]
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            notes.append(f"{path}: a damaged cache file; discarded (it is made again)")
        self._used: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        value = self._used.get(key, self._saved.get(key))
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._used[key] = value

    def save(self, put: Callable[[Path, bytes], None]) -> None:
        if self._used != self._saved:
            put(self._path, json.dumps({"salt": self._salt, "values": self._used}).encode("utf-8"))


_SCALARS = frozenset((str, int, float, bool, Decimal, Markup, type(None)))


class Keys:
    """The keys of pages (digests of each page's template and context) and of the other files
    (digests of the function that makes each and its arguments). Records and long lists
    are shared by many pages, so each one's digest is computed once per build, remembered by
    identity; the memo holds on to them, so that no identity is reused while it lasts. A page's
    own context and short lists are digested where they are met, not remembered: the memo would
    otherwise hold every page's context until the build ends."""

    def __init__(self, code: str, templates: dict[str, str], shared: dict[str, Any]) -> None:
        """Every key also digests the code, the templates and what every page shows (`shared`)."""
        self._by_id: dict[int, tuple[Any, str]] = {}
        texts = "".join(f"\0{name}\0{text}" for name, text in sorted(templates.items()))
        self._code = code
        self._salt = _digest(f"{code}{texts}") + self._text(shared)

    def of(self, page: Any) -> str:
        """A page's key: its path, its template and its context."""
        return _digest(f"{self._salt}\0{page.path}\0{page.template}\0{self._text(page.context)}")

    def of_file(self, path: str, make: Callable) -> str:
        """A file's key: its path and what makes it, a function with its arguments (a partial),
        which are all it is made from; the templates play no part. "" (made every time) for a
        function whose arguments cannot be seen."""
        if type(make) is not partial:
            return ""
        function = f"{make.func.__module__}.{make.func.__qualname__}"
        return _digest(f"{self._code}\0{path}\0{function}\0{self._text(make.args)}\0{self._text(make.keywords)}")

    def _text(self, value: Any) -> str:
        kind = type(value)
        if kind in _SCALARS:
            return repr(value)  # distinct across these types: '1', '1.0', "'1'", "Decimal('1')"
        if kind is bytes:
            return "b#" + blake2b(value, digest_size=16).hexdigest()
        known = self._by_id.get(id(value))
        if known is not None:
            return known[1]
        if kind is dict:
            text = "{" + ",".join(f"{key!r}:{self._text(value[key])}" for key in sorted(value)) + "}"
        elif kind is tuple or kind is list:
            text = "(" + ",".join(map(self._text, value)) + ")"
        elif isinstance(value, tuple):  # a record (NamedTuple): its type and its fields
            text = kind.__name__ + "(" + ",".join(map(self._text, value)) + ")"
        else:
            raise TypeError(f"a page shows a {kind.__name__}, which cannot be digested")
        digest = "#" + _digest(text)
        if kind is not dict and (kind is not tuple and kind is not list or len(value) > _SHORT):
            self._by_id[id(value)] = (value, digest)
        return digest


_SHORT = 32  # items of a list that a page makes for itself (its kin), not worth remembering


def _digest(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
