"""Write: bring the output folder to exactly the rendered files, touching only what changed.

A file whose bytes are already right is left alone (no write, no new modification time), files
that earlier builds made and this one does not are removed, and nothing else is deleted. The
manifest records what the build made; a folder without one is not the build's, and the build
refuses to write into it unless it is empty, so `--out .` cannot clear a working tree.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".sodrm-build"
_MANIFEST_HEADER = "# Files made by build.py; it may remove or overwrite them. One path a line.\n"


class OutputError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def write(out: Path, files: dict[str, bytes]) -> WriteReport:
    previous = _previous_files(out)
    written = unchanged = 0
    made_folders: set[Path] = set()
    for relative, data in files.items():
        target = out / relative
        try:
            if target.read_bytes() == data:
                unchanged += 1
                continue
        except FileNotFoundError:
            if target.parent not in made_folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_folders.add(target.parent)
        _replace(target, data)
        written += 1
    stale = sorted(previous - files.keys())
    for relative in stale:
        (out / relative).unlink(missing_ok=True)
        _remove_empty_folders((out / relative).parent, out)
    manifest = _MANIFEST_HEADER + "".join(f"{relative}\n" for relative in sorted(files))
    if _read(out / MANIFEST) != manifest:
        _replace(out / MANIFEST, manifest.encode("utf-8"))
    return WriteReport(written, unchanged, len(stale))


def _previous_files(out: Path) -> set[str]:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; choose another --out")
    manifest = _read(out / MANIFEST)
    if manifest is None:
        if out.exists() and any(out.iterdir()):
            raise OutputError(
                f"{out}: this folder has files that the build did not make (it has no {MANIFEST}), "
                "so the build will not write into it; choose an empty or new folder for --out"
            )
        return set()
    # Only plain relative paths: an edited manifest must not make the build delete outside `out`.
    return {
        line
        for line in manifest.splitlines()
        if line and not line.startswith(("#", "/")) and ".." not in Path(line).parts
    }


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _replace(target: Path, data: bytes) -> None:
    # Write beside the target, then rename over it: a reader (or a live preview) never sees half a file.
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _remove_empty_folders(folder: Path, out: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
