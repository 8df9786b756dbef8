"""What went wrong with a store, in one line that says what to do.

The engines report faults in their own words: pyoxigraph raises
``RuntimeError("Corruption: ...")`` for a damaged store and ``OSError("IO
error: No space left on device: ...")`` for a full disk, SQLite (the
resolution index) raises ``sqlite3.OperationalError`` with an error code.
:func:`store_fault` reads them all and returns the
:class:`~kg.errors.StoreFault` to raise, or None for anything else (a
query's own error, one article the store refuses): callers keep their own
handling for those.

Faults are lasting: a full disk, a permission, a read-only file system, a
damaged file, a store written by another version of Oxigraph. A build stops
at the first one (:class:`~kg.errors.BuildStopped`) instead of failing
every remaining article the same way.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from ..errors import StoreDamaged, StoreFault, StoreUnwritable, StoreVersionError

#: errno -> (what it means for the store, what to do).
_OS_FAULTS = {
    errno.ENOSPC: ("the disk holding it is full", "free some space (or move the store and pass its new --store), then run again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or raise the quota, then run again"),
    errno.EACCES: ("permission denied", "fix the permissions of the store directory and its files, or choose another --store"),
    errno.EPERM: ("operation not permitted", "fix the permissions of the store directory and its files, or choose another --store"),
    errno.EROFS: ("its file system is read-only", "mount it writable, or copy the store elsewhere and pass --store"),
    errno.EIO: ("the disk reports input/output errors", "check the disk; restore the store from a backup if files were lost"),
}
#: The strerror texts of those errno values, as the engines embed them in messages.
_OS_TEXTS = {
    "no space left on device": errno.ENOSPC,
    "disk quota exceeded": errno.EDQUOT,
    "permission denied": errno.EACCES,
    "operation not permitted": errno.EPERM,
    "read-only file system": errno.EROFS,
    "input/output error": errno.EIO,
}
_SQLITE_OS = {
    "SQLITE_FULL": errno.ENOSPC,
    "SQLITE_READONLY": errno.EROFS,
    "SQLITE_PERM": errno.EACCES,
    "SQLITE_CANTOPEN": errno.EACCES,
}


def _short(text: str, limit: int = 200) -> str:
    """An engine's message on one line, file paths cut to their names."""
    text = re.sub(r"(?:(?<=\s)|^)[^\s:]*/([^\s/:]+)", r"\1", " ".join(str(text).split()))
    text = re.sub(r"^(Corruption: )+", "Corruption: ", text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _os_errno(exc: BaseException) -> int | None:
    if isinstance(exc, OSError) and exc.errno in _OS_FAULTS:
        return exc.errno
    text = str(exc).lower()
    for words, code in _OS_TEXTS.items():
        if words in text:
            return code
    return None


def os_fault(code: int, location: str, detail: str) -> StoreUnwritable:
    if code == errno.EIO and disk_full(location):
        code = errno.ENOSPC  # SQLite reports a full disk met mid-write as an I/O error
    what, todo = _OS_FAULTS[code]
    return StoreUnwritable(f"cannot write to the store {location!r}: {what} ({detail}); {todo}")


def disk_full(location: str) -> bool:
    """Whether the file system holding ``location`` has no space left."""
    import os

    path = Path(location)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        st = os.statvfs(path)
    except OSError:
        return False
    return (st.f_bfree if os.geteuid() == 0 else st.f_bavail) == 0


def damaged(location: str, detail: str) -> StoreDamaged:
    return StoreDamaged(
        f"the store {location!r} is damaged ({_short(detail)}); restore it from a backup, or rebuild it: "
        f"move it aside and run `kg build INPUT --store {location}`"
    )


def written_with(location: str) -> str | None:
    """The RocksDB version named in a store's newest OPTIONS file (the files
    Oxigraph writes keep no Oxigraph version of their own)."""
    try:
        options = sorted(Path(location).glob("OPTIONS-*"), key=lambda p: p.name)
        if options:
            m = re.search(r"rocksdb_version=([\d.]+)", options[-1].read_text(encoding="utf-8", errors="replace"))
            if m:
                return m.group(1)
    except OSError:
        pass
    return None


def _pyoxigraph_version() -> str:
    try:
        import pyoxigraph

        return pyoxigraph.__version__
    except Exception:  # pragma: no cover - pyoxigraph is a dependency
        return "?"


def _older_than(version: str) -> str:
    """``"0.5.13"`` -> ``"0.4 or earlier"``."""
    m = re.match(r"(\d+)\.(\d+)", version)
    if not m or m.group(2) == "0":
        return f"a release before {version}"
    return f"{m.group(1)}.{int(m.group(2)) - 1} or earlier"


def version_fault(location: str, text: str) -> StoreVersionError | None:
    """The fault of a store written by another version of Oxigraph, from
    the message pyoxigraph gives when it opens it; None for other messages."""
    ours = _pyoxigraph_version()
    rocks = written_with(location)
    files = f"; its files name RocksDB {rocks}" if rocks else ""
    low = text.lower()
    if "upgrade read-only" in low or "to newer oxigraph versions" in low:
        return StoreVersionError(
            f"the store {location!r} was written by an older Oxigraph (pyoxigraph {_older_than(ours)}{files}); "
            f"this kg (pyoxigraph {ours}) would have to upgrade it in place, after which the old version cannot open it: "
            f"run `kg build --upgrade-store --store {location}` to upgrade it (a copy of the old store is kept), "
            "or read it with the pyoxigraph that wrote it",
            older=True,
        )
    m = re.search(r"too recent version (\d+)", text)
    if m:
        return StoreVersionError(
            f"the store {location!r} was written by a newer Oxigraph (storage version {m.group(1)}{files}) than "
            f"the pyoxigraph {ours} of this kg; upgrade it (pip install -U pyoxigraph), or use the kg that wrote the store"
        )
    m = re.search(r"outdated encoding version (\d+)", text)
    if m:
        return StoreVersionError(
            f"the store {location!r} was written by an old Oxigraph (storage version {m.group(1)}{files}) that "
            f"pyoxigraph {ours} cannot upgrade; rebuild it: move it aside and run `kg build INPUT --store {location}`"
        )
    return None


def store_fault(exc: BaseException, location: str) -> StoreFault | None:
    """The lasting fault ``exc`` reports about the store at ``location``
    (a StoreFault as it is), or None when ``exc`` is not one."""
    import sqlite3

    if isinstance(exc, StoreFault):
        return exc
    if isinstance(exc, sqlite3.Error):
        return index_fault(exc, location)
    if not isinstance(exc, (OSError, RuntimeError)):
        return None
    text = str(exc)
    version = version_fault(location, text)
    if version is not None:
        return version
    if "corruption" in text.lower() or "may be corrupted" in text.lower() or "checksum mismatch" in text.lower():
        return damaged(location, text)
    code = _os_errno(exc)
    if code is not None:
        return os_fault(code, location, _short(exc.strerror if isinstance(exc, OSError) and exc.strerror else text))
    return None


def index_fault(exc: BaseException, location: str) -> StoreFault | None:
    """The fault a SQLite error of the resolution index reports."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    base = name.split("_", 2)
    base = "_".join(base[:2]) if len(base) > 1 else name
    if base in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in str(exc) or "not a database" in str(exc):
        return StoreDamaged(
            f"the resolution index of the store {location!r} (kg-index.sqlite3) is damaged ({_short(str(exc))}); "
            f"restore the store from a backup, or delete that file and rebuild: `kg build INPUT --force --store {location}`"
        )
    if base in _SQLITE_OS:
        return os_fault(_SQLITE_OS[base], location, f"resolution index: {_short(str(exc))}")
    if base == "SQLITE_IOERR":
        code = _os_errno(exc)
        return os_fault(code or errno.EIO, location, f"resolution index: {_short(str(exc))}")
    return None
