"""Read articles from .txt files, directories of .txt files and .jsonl files.

A directory may hold a ``manifest.csv`` or ``manifest.jsonl`` beside its .txt
files, with one row per article: ``id`` (the file name), ``published``,
``source``, ``url``, ``title``. A single .txt file picks up the manifest of its
directory too. ``.html``/``.htm`` files are read as articles too (their
visible text). The input ``-`` is standard input: JSON Lines, or the text
of one article (see :func:`_iter_stdin`).

Problems never stop the batch. They are reported through the ``on_error``
callback, naming the file (and line, for .jsonl and manifests) and what to do:

- :class:`~kg.errors.InputError`: the article (or input) is not read at all
  (empty, binary, not UTF-8, too large, malformed JSON line, no "text",
  duplicate id, ...);
- :class:`~kg.errors.InputWarning`: the article is read, but not exactly as
  given: a publication date that is not a real ISO date is dropped, a .txt or
  JSON text holding a whole HTML page is reduced to its visible text, control
  characters are replaced by spaces (see :mod:`kg.textin`); also manifest
  rows that name no file, and inputs given twice.

The default ``on_error`` raises errors and turns warnings into Python
warnings.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, InputWarning
from .textin import SNIFF_BYTES, clean_chars, decode_text, first_bad_char, html_to_text, is_html_document, sniff_binary
from .types import Article

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
ARTICLE_FIELDS = ("id", "text", "published", "source", "url", "title")
#: Suffixes of files read as one article each.
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
#: A .txt file or a .jsonl line larger than this is refused without being read
#: (a scraped site dump, a log file, a database export).
MAX_ARTICLE_BYTES = 5_000_000
#: An article text longer than this is refused: it is spaCy's default
#: ``nlp.max_length`` (beyond it the parse fails), and parsing that much takes
#: about a minute and 3 GB of memory.
MAX_ARTICLE_CHARS = 1_000_000
#: A .jsonl file whose first this-many non-blank lines are all unreadable is
#: given up (it is not JSON Lines), instead of one warning per line.
MAX_BAD_LEADING_LINES = 20

ErrorHandler = Callable[[InputError], None]


def _raise(error: InputError) -> None:
    if isinstance(error, InputWarning):
        warnings.warn(str(error), UserWarning, stacklevel=2)
        return
    raise error


def normalise_date(value: object, *, path: str | None = None, line: int | None = None) -> str | None:
    """Return an ISO date string (YYYY-MM-DD) for a manifest/JSON value, or None.

    Accepts "2022-03-15", "2022-03-15T10:00:00Z" and "2022/03/15"; raises
    :class:`InputError` for anything else, including dates that do not exist.

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
    m = re.match(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$", text, re.DOTALL)
    if not m:
        raise InputError(
            f"publication date {_short(text)!r} is not an ISO date; write it as YYYY-MM-DD",
            path=path,
            line=line,
        )
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise InputError(
            f"publication date {_short(text)!r} is not a real calendar date; fix it or leave it empty",
            path=path,
            line=line,
        ) from None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _date(value: object, on_error: ErrorHandler, *, path: str, line: int | None) -> str | None:
    """normalise_date, but a bad date is a warning and the article keeps no date."""
    try:
        return normalise_date(value, path=path, line=line)
    except InputError as exc:
        on_error(InputWarning(exc.message + "; the article is built without a publication date", path=path, line=line))
        return None


def _meta(value: object) -> str | None:
    """A metadata value (source, url, title) as clean text, or None."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = clean_chars(str(value))[0].strip()
    return text or None


def prepare_text(
    text: str, on_error: ErrorHandler, *, path: str, line: int | None = None, html: bool = False
) -> tuple[str, str | None]:
    """Article text as the pipeline gets it, and the HTML page title if any.

    Newlines are normalised; a whole HTML page (or any text with
    ``html=True``) becomes its visible text; control characters are replaced
    (a warning). Raises :class:`InputError` for empty and over-long text.
    """
    title = None
    if html or is_html_document(text):
        text, title = html_to_text(text)
        if not html:
            on_error(
                InputWarning(
                    "is a whole HTML page, not plain text; its tags were removed and only its visible text is "
                    "built (script and style dropped); save the article text instead to silence this",
                    path=path,
                    line=line,
                )
            )
        if not text.strip():
            raise InputError("HTML page has no visible text; nothing to extract", path=path, line=line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("article text is empty (or only whitespace); nothing to extract", path=path, line=line)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"article text is {len(text):,} characters, over the limit of {MAX_ARTICLE_CHARS:,} for one article; "
            "split it into several articles",
            path=path,
            line=line,
        )
    bad = first_bad_char(text)
    if bad:
        text, n = clean_chars(text)
        on_error(
            InputWarning(
                f"{n} control character(s) (first: {bad}) replaced by spaces; "
                "XML and RDF tools cannot carry them (offsets are unchanged)",
                path=path,
                line=line,
            )
        )
    return text, title


# -- manifests --------------------------------------------------------------
def _read_manifest(directory: Path, on_error: ErrorHandler) -> tuple[dict[str, dict[str, str | None]], Path | None]:
    """The manifest of a directory keyed by article id (file name), and its path."""
    for name in MANIFEST_NAMES:
        path = directory / name
        if not path.is_file():
            continue
        spath = str(path)
        try:
            text = decode_text(_read_limited(path), path=spath)
        except InputError as exc:
            on_error(InputWarning(exc.message + "; the articles are built without its metadata", path=spath))
            return {}, path
        rows: dict[str, dict[str, str | None]] = {}
        for lineno, row in (_csv_rows if name.endswith(".csv") else _jsonl_rows)(text, spath, on_error):
            key = clean_chars(row.get("id") or row.get("file") or "")[0].strip()
            if not key:
                on_error(InputWarning("manifest row has no id (the article's file name); it is ignored", path=spath, line=lineno))
                continue
            if key in rows:
                on_error(
                    InputWarning(
                        f"manifest lists {key!r} again (first on line {rows[key]['_line']}); this row is used, remove the other",
                        path=spath,
                        line=lineno,
                    )
                )
            row["_line"] = str(lineno)
            rows[key] = row
        return rows, path
    return {}, None


def _csv_rows(text: str, spath: str, on_error: ErrorHandler) -> Iterator[tuple[int, dict[str, str | None]]]:
    reader = csv.DictReader(text.splitlines())
    try:
        for row in reader:
            lineno = reader.line_num
            yield lineno, {k.strip(): (v.strip() if isinstance(v, str) else None) for k, v in row.items() if isinstance(k, str)}
    except csv.Error as exc:
        on_error(InputWarning(f"manifest is not valid CSV ({exc}); the rows after this are ignored", path=spath, line=reader.line_num))


def _jsonl_rows(text: str, spath: str, on_error: ErrorHandler) -> Iterator[tuple[int, dict[str, str | None]]]:
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            on_error(InputWarning(f"manifest line is not JSON ({msg}); it is ignored", path=spath, line=lineno))
            continue
        if not isinstance(row, dict):
            on_error(InputWarning('manifest line is not a JSON object with an "id"; it is ignored', path=spath, line=lineno))
            continue
        yield lineno, {str(k): (str(v) if v is not None and not isinstance(v, (dict, list)) else None) for k, v in row.items()}


# -- files --------------------------------------------------------------------
def _read_limited(path: Path) -> bytes:
    """The bytes of ``path``, refusing (without reading it all) a file over
    :data:`MAX_ARTICLE_BYTES`."""
    spath = str(path)
    try:
        size = path.stat().st_size
        if size <= MAX_ARTICLE_BYTES:
            with path.open("rb") as fh:
                data = fh.read(size + 1)
                if len(data) > size:  # it grew since stat(): read on, up to the limit
                    data += fh.read(MAX_ARTICLE_BYTES + 1 - len(data))
            size = len(data)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror}); check that it exists and is readable", path=spath) from None
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"is {size / 1e6:.1f} MB, over the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article; "
            "it was not read; split it into articles (or a .jsonl file, one article per line)",
            path=spath,
        )
    return data


Item = tuple[Article, int | None]


def _article_from_file(
    path: Path, meta: dict[str, str | None] | None, manifest: Path | None, on_error: ErrorHandler
) -> Article:
    spath = str(path)
    raw = decode_text(_read_limited(path), path=spath)
    text, html_title = prepare_text(raw, on_error, path=spath, html=path.suffix.lower() in HTML_SUFFIXES)
    meta = meta or {}
    line = int(meta["_line"]) if meta.get("_line") else None
    published = _date(meta.get("published") or meta.get("date"), on_error, path=str(manifest) if manifest else spath, line=line)
    return Article(
        id=path.name,
        text=text,
        published=published,
        source=_meta(meta.get("source")),
        url=_meta(meta.get("url")),
        title=_meta(meta.get("title")) or html_title,
        path=spath,
    )


def _is_article_file(p: Path) -> bool:
    return p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES and p.is_file()


def _iter_directory(directory: Path, on_error: ErrorHandler) -> Iterator[Item]:
    sdir = str(directory)
    try:
        entries = sorted(directory.iterdir())
    except OSError as exc:
        on_error(InputError(f"cannot list directory ({exc.strerror}); check its permissions", path=sdir))
        return
    files = [p for p in entries if _is_article_file(p)]
    jsonl = [p for p in entries if p.suffix.lower() == ".jsonl" and p.is_file() and p.name not in MANIFEST_NAMES]
    if not files and not jsonl:
        others = Counter(p.suffix.lower() or "(no suffix)" for p in entries if p.is_file() and p.name not in MANIFEST_NAMES)
        subdirs = sum(1 for p in entries if p.is_dir())
        found = ", ".join(f"{n} {s}" for s, n in sorted(others.items())) or "no files"
        hint = "; subdirectories are not searched, pass them as inputs" if subdirs else ""
        on_error(
            InputError(
                f"directory holds no .txt, .html or .jsonl articles (found {found}){hint}; "
                "save articles as UTF-8 .txt files",
                path=sdir,
            )
        )
        return
    manifest, manifest_path = _read_manifest(directory, on_error)
    names = {p.name for p in files}
    for key, row in manifest.items():
        if key not in names:
            on_error(
                InputWarning(
                    f"manifest lists {key!r} but there is no such article file; remove the row or add the file",
                    path=str(manifest_path),
                    line=int(row["_line"]) if row.get("_line") else None,
                )
            )
    for path in files:
        try:
            yield _article_from_file(path, manifest.get(path.name), manifest_path, on_error), None
        except InputError as exc:
            on_error(exc)
    for path in jsonl:
        yield from _iter_jsonl(path, on_error)


def _iter_single(path: Path, on_error: ErrorHandler) -> Iterator[Item]:
    manifest, manifest_path = _read_manifest(path.parent, on_error)
    try:
        yield _article_from_file(path, manifest.get(path.name), manifest_path, on_error), None
    except InputError as exc:
        on_error(exc)


# -- JSON Lines -------------------------------------------------------------
def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` of a binary file; a line over ``limit`` bytes
    is skipped without being held in memory and comes as ``None``."""
    lineno = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, raw


def _iter_jsonl(path: Path, on_error: ErrorHandler) -> Iterator[Item]:
    spath = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        on_error(InputError(f"cannot be read ({exc.strerror}); check that it exists and is readable", path=spath))
        return
    with fh:
        head = fh.read(SNIFF_BYTES)
        fh.seek(0)
        why = sniff_binary(head)
        if why is None and head.startswith((b"\xff\xfe", b"\xfe\xff")):
            why = "is UTF-16 (it starts with a UTF-16 byte-order mark); JSON Lines must be UTF-8: convert it first"
        if why:
            on_error(InputError(why, path=spath))
            return
        yield from _jsonl_items(_lines(fh, MAX_ARTICLE_BYTES), spath, on_error)


def _jsonl_items(lines: Iterable[tuple[int, bytes | None]], spath: str, on_error: ErrorHandler) -> Iterator[Item]:
    """The articles of JSON Lines ``(line number, bytes)``."""
    good = bad = 0
    for lineno, raw in lines:
        if raw is not None and not raw.strip():
            continue
        try:
            article = _jsonl_article(raw, spath, lineno, on_error)
        except InputError as exc:
            on_error(exc)
            bad += 1
            if not good and bad >= MAX_BAD_LEADING_LINES:
                on_error(
                    InputError(
                        f"the first {bad} lines are all unreadable; is this a JSON Lines file "
                        '(one {"id": ..., "text": ...} object per line)? The rest of it is skipped',
                        path=spath,
                    )
                )
                return
            continue
        good += 1
        yield article, lineno
    if not good and not bad:
        on_error(InputError("holds no articles (it is empty); write one JSON object per line", path=spath))


# -- standard input -----------------------------------------------------------
#: How standard input is named in messages, and the input path that reads it.
STDIN_NAME = "<stdin>"
STDIN_PATH = "-"


def _iter_stdin(on_error: ErrorHandler, stream: BinaryIO | None = None) -> Iterator[Item]:
    """Articles from standard input: JSON Lines when its first non-blank
    line starts with ``{``, else one text article whose id is
    ``stdin-<hash>.txt`` (the first 12 hex digits of the text's SHA-256, so
    the same text piped twice is the same article)."""
    import hashlib
    import sys

    fh = stream if stream is not None else sys.stdin.buffer
    read = _lines(fh, MAX_ARTICLE_BYTES)
    first: list[tuple[int, bytes | None]] = []
    for lineno, raw in read:
        first.append((lineno, raw))
        if raw is None or raw.strip():
            break
    head = first[-1][1] if first else b""
    if head is not None and head.lstrip(b"\xef\xbb\xbf \t").startswith(b"{"):
        yield from _jsonl_items(itertools.chain(first, read), STDIN_NAME, on_error)
        return
    if head is None:
        on_error(InputError(f"is over the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article; it was not read", path=STDIN_NAME))
        return
    data = b"".join(raw for _, raw in first if raw is not None)
    rest = fh.read(MAX_ARTICLE_BYTES + 1 - len(data))
    data += rest
    if len(data) > MAX_ARTICLE_BYTES:
        on_error(
            InputError(
                f"is over the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article; it was not read; "
                "pipe JSON Lines (one article per line) instead",
                path=STDIN_NAME,
            )
        )
        return
    try:
        text, html_title = prepare_text(decode_text(data, path=STDIN_NAME), on_error, path=STDIN_NAME)
    except InputError as exc:
        on_error(exc)
        return
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    yield Article(id=f"stdin-{digest}.txt", text=text, title=html_title, path=STDIN_NAME), None


def count_articles(inputs: Iterable[str | Path]) -> int | None:
    """How many articles ``inputs`` hold, counted without reading them (for
    a progress bar): article files, and non-blank lines of .jsonl files, as
    :func:`iter_articles` finds them. None when standard input is among
    them (it cannot be read twice). Unreadable inputs count nothing.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Biden met Xi.", encoding="utf-8")
    >>> _ = (d / "b.jsonl").write_text('{"id": "1", "text": "x"}\\n\\n{"id": "2", "text": "y"}\\n', encoding="utf-8")
    >>> count_articles([d]), count_articles([d / "b.jsonl", d / "a.txt"]), count_articles(["-"])
    (3, 3, None)
    """
    total = 0
    for raw in inputs:
        path = Path(raw)
        if str(raw) == STDIN_PATH:
            return None
        try:
            if path.is_dir():
                entries = sorted(path.iterdir())
                total += sum(1 for p in entries if _is_article_file(p))
                files = [p for p in entries if p.suffix.lower() == ".jsonl" and p.is_file() and p.name not in MANIFEST_NAMES]
            elif path.suffix.lower() == ".jsonl" and path.is_file():
                files = [path]
            elif _is_article_file(path) and path.name not in MANIFEST_NAMES:
                total += 1
                files = []
            else:
                files = []
            for f in files:
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
        except OSError:
            continue
    return total


def _jsonl_article(raw: bytes | None, spath: str, lineno: int, on_error: ErrorHandler) -> Article:
    if raw is None:
        raise InputError(
            f"line is over the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article; it was not read; split the article",
            path=spath,
            line=lineno,
        )
    if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"line is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
            "convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`",
            path=spath,
            line=lineno,
        ) from None
    try:
        obj = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"line is not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno}); fix or remove it",
            path=spath,
            line=lineno,
        ) from None
    except RecursionError:
        raise InputError("line is JSON nested too deeply to be an article; fix or remove it", path=spath, line=lineno) from None
    if not isinstance(obj, dict):
        raise InputError('line must be a JSON object like {"id": "...", "text": "..."}', path=spath, line=lineno)
    aid, text = obj.get("id"), obj.get("text")
    if isinstance(aid, bool) or not isinstance(aid, (str, int)) or not clean_chars(str(aid))[0].strip():
        raise InputError('line has no "id" (a string); give every article a unique id', path=spath, line=lineno)
    raw_id = str(aid)
    aid = clean_chars(raw_id)[0].strip()
    if aid != raw_id:
        on_error(InputWarning(f"article id {raw_id!r} had control characters or surrounding spaces; it is stored as {aid!r}", path=spath, line=lineno))
    if not isinstance(text, str):
        kind = type(text).__name__
        what = "no" if text is None else f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} instead of a"
        raise InputError(f'article {aid!r} has {what} "text" string; add the article text', path=spath, line=lineno)
    text, html_title = prepare_text(text, on_error, path=spath, line=lineno)
    return Article(
        id=aid,
        text=text,
        published=_date(obj.get("published"), on_error, path=spath, line=lineno),
        source=_meta(obj.get("source")),
        url=_meta(obj.get("url")),
        title=_meta(obj.get("title")) or html_title,
        path=spath,
    )


# -- entry point --------------------------------------------------------------
def _where(path: str | None, line: int | None) -> str:
    return f"{path}:{line}" if line is not None else str(path)


def _input_stream(path: Path, read: set[Path], on_error: ErrorHandler) -> Iterator[Item] | None:
    """The articles of one input path (None, after telling ``on_error``,
    when it cannot be read or was read already)."""
    spath = str(path)
    try:
        exists, resolved = path.exists(), path.resolve()
    except (OSError, RuntimeError) as exc:
        on_error(InputError(f"cannot be read ({exc}); check the path", path=spath))
        return None
    if not exists:
        on_error(InputError("no such file or directory; check the path", path=spath))
        return None
    if resolved in read:
        on_error(InputWarning("is given more than once; it is read once", path=spath))
        return None
    read.add(resolved)
    suffix = path.suffix.lower()
    if path.is_dir():
        stream = _iter_directory(path, on_error)
    elif not path.is_file():
        on_error(InputError("is not a regular file or directory (a pipe or device?); pass files or directories", path=spath))
        return None
    elif path.name in MANIFEST_NAMES:
        on_error(InputError("is a manifest (article metadata), not articles; pass its directory instead", path=spath))
        return None
    elif suffix == ".jsonl":
        stream = _iter_jsonl(path, on_error)
    elif suffix in TEXT_SUFFIXES + HTML_SUFFIXES:
        stream = _iter_single(path, on_error)
    else:
        on_error(
            InputError(
                "is not a .txt, .html or .jsonl file or a directory; save the article as UTF-8 text (.txt)",
                path=spath,
            )
        )
        return None
    return stream


def iter_articles(inputs: Iterable[str | Path], *, on_error: ErrorHandler = _raise) -> Iterator[Article]:
    """Yield every article found in ``inputs`` (files or directories), in a
    stable order, reading lazily. Duplicate article ids are reported and skipped.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Biden met Xi.", encoding="utf-8")
    >>> [a.id for a in iter_articles([d])]
    ['a.txt']
    """
    seen: dict[str, str] = {}
    read: set[Path] = set()
    for raw in inputs:
        path = Path(raw)
        if str(raw) == STDIN_PATH:
            resolved = Path(STDIN_PATH)
            if resolved in read:
                on_error(InputWarning("is given more than once; it is read once", path=STDIN_NAME))
                continue
            read.add(resolved)
            stream = _iter_stdin(on_error)
        else:
            stream = _input_stream(path, read, on_error)
            if stream is None:
                continue
        for article, line in stream:
            if article.id in seen:
                on_error(
                    InputError(
                        f"duplicate article id {article.id!r} (first read from {seen[article.id]}); "
                        "this one is skipped: give it another id",
                        path=article.path,
                        line=line,
                    )
                )
                continue
            seen[article.id] = _where(article.path, line)
            yield article
