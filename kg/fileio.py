"""Atomic file output: write to a temporary file beside the target, flush it
to disk, then rename, so a reader never sees a half-written export or view
(even if the process is killed or the machine loses power mid-write: the
target is then the old file, or absent).

The temporary file is removed on every exit the process sees (an error,
Ctrl-C, SIGTERM: `kg` turns it into Ctrl-C); one left by a kill (SIGKILL,
power loss) names the process that wrote it, and the next write of the same
target removes it once that process is gone."""

from __future__ import annotations

import os
import re
import tempfile
import time
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


#: Marks the temporary files of :func:`atomic_path`: ``.NAME.kgtmp-PID-XXXX.tmp``.
TMP_TAG = "kgtmp-"
#: A temporary file of an older release (no process id in its name) is
#: taken as left behind when it is older than this many seconds.
STALE_SECONDS = 3600


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_stale(target: str | os.PathLike) -> list[Path]:
    """Remove the temporary files a killed writer of ``target`` left beside
    it (their process is gone); the paths removed."""
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    pattern = re.compile(re.escape(f".{target.name}.") + r"(?:" + re.escape(TMP_TAG) + r"(\d+)-)?[A-Za-z0-9_]+\.tmp$")
    removed = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(f".{target.name}.") and p.name.endswith(".tmp")]
    except OSError:
        return removed
    for p in candidates:
        m = pattern.match(p.name)
        if m is None:
            continue
        try:
            stale = not _alive(int(m.group(1))) if m.group(1) else time.time() - p.stat().st_mtime > STALE_SECONDS
            if stale:
                p.unlink()
                removed.append(p)
        except (OSError, ValueError):
            continue
    return removed


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
        remove_stale(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{TMP_TAG}{os.getpid()}-", suffix=".tmp", dir=parent)
        os.close(fd)
    except OSError as exc:
        raise ExportError(f"cannot write into {str(parent)!r}: {exc.strerror}; choose another output path") from None
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
        except OSError as exc:
            if exc.errno is None:
                raise
            raise ExportError(f"cannot write {str(target)!r}: {exc.strerror}; free some space or choose another output path") from None
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
