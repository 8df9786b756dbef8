"""Read articles from .txt files, directories of .txt files and .jsonl files.

A directory may hold a ``manifest.csv`` or ``manifest.jsonl`` beside its .txt
files, with one row per article: ``id`` (the file name), ``published``,
``source``, ``url``, ``title``. A single .txt file picks up the manifest of its
directory too.

Problems with one article never stop the batch: they are reported through the
``on_error`` callback as :class:`~kg.errors.InputError` (default: raise).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from .errors import InputError
from .types import Article

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
ARTICLE_FIELDS = ("id", "text", "published", "source", "url", "title")
#: Articles larger than this are refused (a scraped page, a log file, a dump).
MAX_ARTICLE_BYTES = 5_000_000

ErrorHandler = Callable[[InputError], None]


def _raise(error: InputError) -> None:
    raise error


def normalise_date(value: object, *, path: str | None = None, line: int | None = None) -> str | None:
    """Return an ISO date string (YYYY-MM-DD) for a manifest/JSON value, or None.

    Accepts "2022-03-15", "2022-03-15T10:00:00Z" and "2022/03/15".

    >>> normalise_date("2022-03-15T08:00:00Z")
    '2022-03-15'
    >>> normalise_date("") is None
    True
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text or text.lower() in {"none", "null", "unknown", "n/a"}:
        return None
    m = re.match(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$", text)
    if not m:
        raise InputError(
            f"publication date {text!r} is not an ISO date; write it as YYYY-MM-DD",
            path=path,
            line=line,
        )
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise InputError(
            f"publication date {text!r} is not a real calendar date; fix it or leave it empty",
            path=path,
            line=line,
        ) from None


def decode_text(data: bytes, *, path: str) -> str:
    """Decode article bytes as UTF-8 (a UTF-8 BOM is dropped).

    UTF-16/32 with a byte-order mark are decoded too, since the mark makes the
    encoding certain; anything else that is not UTF-8 is an :class:`InputError`.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    if b"\x00" in data[:4096] and encoding == "utf-8-sig":
        raise InputError(
            "looks like a binary file (it contains NUL bytes), not article text; "
            "remove it from the input",
            path=path,
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`",
            path=path,
        ) from None


def _check_text(text: str, *, path: str, line: int | None = None) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("article text is empty; nothing to extract", path=path, line=line)
    return text


def _read_manifest(directory: Path) -> dict[str, dict[str, str | None]]:
    """Read the manifest of a directory, keyed by article id (file name)."""
    for name in MANIFEST_NAMES:
        path = directory / name
        if not path.is_file():
            continue
        rows: dict[str, dict[str, str | None]] = {}
        text = decode_text(path.read_bytes(), path=str(path))
        if name.endswith(".csv"):
            reader = csv.DictReader(text.splitlines())
            for lineno, row in enumerate(reader, start=2):
                key = (row.get("id") or row.get("file") or "").strip()
                if not key:
                    raise InputError("manifest row has no id (file name) column value", path=str(path), line=lineno)
                row = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
                row["_line"] = str(lineno)
                rows[key] = row
        else:
            for lineno, raw in enumerate(text.splitlines(), start=1):
                if not raw.strip():
                    continue
                try:
                    row = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise InputError(f"manifest line is not JSON ({exc.msg})", path=str(path), line=lineno) from None
                if not isinstance(row, dict) or not (row.get("id") or row.get("file")):
                    raise InputError('manifest line needs an "id" (file name)', path=str(path), line=lineno)
                row = {k: (str(v) if v is not None else None) for k, v in row.items()}
                row["_line"] = str(lineno)
                rows[str(row.get("id") or row.get("file"))] = row
        return rows
    return {}


def _article_from_file(path: Path, meta: dict[str, str | None] | None, manifest: Path | None) -> Article:
    spath = str(path)
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"is {size / 1e6:.1f} MB, over the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article; "
            "split it into articles",
            path=spath,
        )
    text = _check_text(decode_text(path.read_bytes(), path=spath), path=spath)
    meta = meta or {}
    line = int(meta["_line"]) if meta.get("_line") else None
    published = normalise_date(meta.get("published") or meta.get("date"), path=str(manifest) if manifest else spath, line=line)
    return Article(
        id=path.name,
        text=text,
        published=published,
        source=(meta.get("source") or None),
        url=(meta.get("url") or None),
        title=(meta.get("title") or None),
        path=spath,
    )


def _iter_directory(directory: Path, on_error: ErrorHandler) -> Iterator[Article]:
    try:
        manifest = _read_manifest(directory)
    except InputError as exc:
        on_error(exc)
        manifest = {}
    manifest_path = next((directory / n for n in MANIFEST_NAMES if (directory / n).is_file()), None)
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    jsonl = sorted(p for p in directory.iterdir() if p.suffix.lower() == ".jsonl" and p.is_file() and p.name not in MANIFEST_NAMES)
    if not files and not jsonl:
        on_error(InputError("directory holds no .txt or .jsonl articles", path=str(directory)))
        return
    names = {p.name for p in files}
    for key, row in manifest.items():
        if key not in names:
            on_error(
                InputError(
                    f"manifest lists {key!r} but there is no such file; remove the row or add the file",
                    path=str(manifest_path),
                    line=int(row["_line"]) if row.get("_line") else None,
                )
            )
    for path in files:
        try:
            yield _article_from_file(path, manifest.get(path.name), manifest_path)
        except InputError as exc:
            on_error(exc)
    for path in jsonl:
        yield from _iter_jsonl(path, on_error)


def _iter_jsonl(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    spath = str(path)
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                line = decode_text(raw, path=spath)
            except InputError as exc:
                on_error(InputError(str(exc).split(": ", 1)[-1], path=spath, line=lineno))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                on_error(InputError(f"line is not valid JSON ({exc.msg}); fix or remove it", path=spath, line=lineno))
                continue
            if not isinstance(obj, dict):
                on_error(InputError('line must be a JSON object with "id" and "text"', path=spath, line=lineno))
                continue
            aid, text = obj.get("id"), obj.get("text")
            if aid is None or str(aid).strip() == "":
                on_error(InputError('line has no "id"; give every article a unique id', path=spath, line=lineno))
                continue
            if not isinstance(text, str):
                on_error(InputError(f'article {aid!r} has no "text" string', path=spath, line=lineno))
                continue
            try:
                if len(text.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
                    raise InputError(
                        f"article {aid!r} is over the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article; split it",
                        path=spath,
                        line=lineno,
                    )
                yield Article(
                    id=str(aid),
                    text=_check_text(text, path=spath, line=lineno),
                    published=normalise_date(obj.get("published"), path=spath, line=lineno),
                    source=_opt(obj.get("source")),
                    url=_opt(obj.get("url")),
                    title=_opt(obj.get("title")),
                    path=spath,
                )
            except InputError as exc:
                on_error(exc)


def _opt(value: object) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value)


def iter_articles(inputs: Iterable[str | Path], *, on_error: ErrorHandler = _raise) -> Iterator[Article]:
    """Yield every article found in ``inputs`` (files or directories), in a
    stable order, reading lazily. Duplicate article ids are reported and skipped.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Biden met Xi.", encoding="utf-8")
    >>> [a.id for a in iter_articles([d])]
    ['a.txt']
    """
    seen: set[str] = set()
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            on_error(InputError("no such file or directory", path=str(path)))
            continue
        if path.is_dir():
            stream = _iter_directory(path, on_error)
        elif path.suffix.lower() == ".jsonl":
            stream = _iter_jsonl(path, on_error)
        elif path.suffix.lower() == ".txt":
            stream = _iter_single(path, on_error)
        else:
            on_error(InputError("is not a .txt file, .jsonl file or directory; rename or convert it", path=str(path)))
            continue
        for article in stream:
            if article.id in seen:
                on_error(
                    InputError(
                        f"duplicate article id {article.id!r}; the first one is kept, give this one another id",
                        path=article.path,
                    )
                )
                continue
            seen.add(article.id)
            yield article


def _iter_single(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    try:
        manifest = _read_manifest(path.parent)
    except InputError as exc:
        on_error(exc)
        manifest = {}
    manifest_path = next((path.parent / n for n in MANIFEST_NAMES if (path.parent / n).is_file()), None)
    try:
        yield _article_from_file(path, manifest.get(path.name), manifest_path)
    except InputError as exc:
        on_error(exc)
