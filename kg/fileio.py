"""Atomic file output: write to a temporary file beside the target, flush it
to disk, then rename, so a reader never sees a half-written export or view
(even if the process is killed or the machine loses power mid-write: the
target is then the old file, or absent)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ExportError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target`` atomically.

    The new file gets the old target's permissions, or the usual ones for a
    new file (0666 less the umask), not the private 0600 of a temporary file.
    If the block raises, the target is untouched and the temporary file goes.
    """
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(f"{str(target)!r} is a directory; give a file name to write")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
        os.close(fd)
    except OSError as exc:
        raise ExportError(f"cannot write into {str(parent)!r}: {exc.strerror}; choose another output path") from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
            os.chmod(tmp_path, mode)
            _fsync(tmp_path)
            os.replace(tmp_path, target)
        except OSError as exc:
            raise ExportError(f"cannot write {str(target)!r}: {exc.strerror}; choose another output path") from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_text(target: str | os.PathLike, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
