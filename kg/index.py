"""The resolution index: what cross-article resolution needs to know about
the articles already built, kept in SQLite beside the store and read by key.

Per article: its content hash, the record the extractors made of it (before
resolution, so it can be resolved again when a later article changes the
answer) and a digest of the graph last written for it. Aggregates, with
counts so that an article can be taken out again:

- ``variant``: every full name seen for a person key, with the country it
  was given (surname resolution);
- ``surname_key`` / ``surname_ref``: surname -> person keys bearing it, and
  surname -> articles that name someone by that surname alone;
- ``report``: one row per meeting report: what :mod:`kg.grouping` compares
  (participants, sides, date, mode, status, place, publication), the report
  that leads its meeting and the meeting IRI it got;
- ``report_key``: one row per key of a report (each participant pair from
  different countries, or the participant set, or the sides) and date
  bucket (the year of its date, or "undated"), with its date and
  publication date: the reports that may be one meeting with a given one
  are found by key, in its date bucket or publication window.

Every lookup is by key: nothing scans all articles or all
meetings, and opening a large store reads nothing up front. The ``meta``
table also keeps the store's size (quads of the article graphs, triples of
the merged graph, article graphs), kept up to date by each write from the
changes the store reports, so that a build's summary does not count a
large store again. A write is one
SQLite transaction, committed by the build only after the store holds the
graphs it decided; a journal file names the article graphs in flight, so a
build killed in between is repaired when the index is next opened (see
:meth:`ResolutionIndex.pending`).
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .errors import StoreError
from .types import ArticleRecord

#: File name of the index inside a local store directory.
INDEX_FILE = "kg-index.sqlite3"
#: Bumped when the schema or the meaning of a column changes.
SCHEMA_VERSION = "3"
#: Earlier schemas that differ only in the meeting and surname-reference
#: tables (and in how a surname alone resolves): upgraded in place, every
#: indexed article resolved and its meetings grouped again from its record.
_REGROUP_FROM = ("1", "2")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS article(id TEXT PRIMARY KEY, hash TEXT NOT NULL, record BLOB NOT NULL, state TEXT);
CREATE TABLE IF NOT EXISTS variant(key TEXT, name TEXT, country TEXT, n INTEGER, PRIMARY KEY(key, name, country))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS surname_key(surname TEXT, key TEXT, n INTEGER, PRIMARY KEY(surname, key)) WITHOUT ROWID;
DROP INDEX IF EXISTS surname_key_key;
CREATE TABLE IF NOT EXISTS surname_ref(surname TEXT, article TEXT, PRIMARY KEY(surname, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS surname_ref_article ON surname_ref(article);
CREATE TABLE IF NOT EXISTS report(
    article TEXT, idx INTEGER, parts TEXT, keys TEXT, sides TEXT, date TEXT, mode TEXT, status TEXT,
    place TEXT, place_country TEXT, published TEXT, lead_article TEXT, lead_idx INTEGER, iri TEXT,
    PRIMARY KEY(article, idx));
CREATE INDEX IF NOT EXISTS report_lead ON report(lead_article, lead_idx);
CREATE INDEX IF NOT EXISTS report_name ON report(parts, date);
CREATE TABLE IF NOT EXISTS report_key(key TEXT, bucket TEXT, date TEXT, published TEXT, article TEXT, idx INTEGER,
    PRIMARY KEY(key, bucket, date, article, idx)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS report_key_published ON report_key(key, published);
DROP INDEX IF EXISTS report_key_article;
"""


#: A meeting report's place in the index: (article id, position in the article).
Ref = tuple[str, int]


@dataclass(frozen=True)
class Report:
    """One meeting as one article reports it, as :mod:`kg.grouping` compares
    it. ``parts`` is the participant set (or sides) the meeting IRI is made
    from; ``keys`` what the report is found by (see
    :func:`kg.grouping.report_keys`); ``leader`` the report that leads its
    meeting (itself when it leads one) and ``iri`` that meeting's IRI."""

    article: str
    index: int
    parts: str
    keys: tuple[str, ...]
    sides: tuple[str, ...]
    date: str | None
    mode: str
    status: str
    place: str | None
    place_country: str | None
    published: str | None
    leader: Ref | None = None
    iri: str | None = None


def _enc(value: str | None) -> str:
    return value or ""


def _dec(value: str | None) -> str | None:
    return value or None


#: Date bucket of undated reports.
UNDATED = "undated"


def _bucket(when: str | None) -> str:
    return when[:4] if when else UNDATED


def _window(published: str | None, days: int) -> tuple[str, str] | None:
    """ISO dates ``days`` before and after ``published`` (None if it is not a date)."""
    try:
        d = date.fromisoformat(published) if published else None
    except ValueError:
        return None
    return None if d is None else ((d - timedelta(days=days)).isoformat(), (d + timedelta(days=days)).isoformat())


class ResolutionIndex:
    """SQLite tables of :mod:`kg.index` at ``path`` (None: in memory, for a
    resolver that lives as long as one Python object)."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = None if path is None else Path(path)
        try:
            self._db = sqlite3.connect(":memory:" if self.path is None else str(self.path), isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL" if self.path is not None else "PRAGMA journal_mode=MEMORY")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT)")
            row = self._db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
            if row is not None and row[0] in _REGROUP_FROM:
                self._upgrade()
                row = (SCHEMA_VERSION,)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the resolution index {self.path}: {exc}; "
                "if the file is damaged, delete it and rebuild the store with `kg build --force`"
            ) from None
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif row[0] != SCHEMA_VERSION:
            raise StoreError(
                f"the resolution index {self.path} has schema {row[0]}, this version needs {SCHEMA_VERSION}; "
                "delete it and rebuild the store with `kg build --force`"
            )
        self._in_tx = False

    def _upgrade(self) -> None:
        """From an earlier schema whose articles and people tables this one
        keeps: drop its meeting and surname-reference tables and note that
        every article must be resolved and its meetings grouped again
        (:meth:`needs_regroup`)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        for table in ("report", "cluster", "report_key", "surname_ref"):
            db.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608 - fixed table names
        db.execute("UPDATE meta SET v=? WHERE k='schema'", (SCHEMA_VERSION,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('regroup', '1')")
        db.execute("COMMIT")

    def needs_regroup(self) -> bool:
        """Whether the meetings of the articles already indexed must be
        grouped again (the index was upgraded from an earlier schema)."""
        return self._db.execute("SELECT 1 FROM meta WHERE k='regroup'").fetchone() is not None

    def regrouped(self) -> None:
        """Every indexed article's meetings have been grouped again."""
        self._db.execute("DELETE FROM meta WHERE k='regroup'")

    # -- transactions -------------------------------------------------------------
    def begin(self) -> None:
        if not self._in_tx:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self._db.execute("COMMIT")
            self._in_tx = False
        self._clear_journal()

    def rollback(self) -> None:
        if self._in_tx:
            if self._db.in_transaction:  # SQLite ends it itself on some errors (a full disk)
                self._db.execute("ROLLBACK")
            self._in_tx = False

    def close(self) -> None:
        if self._db is not None:
            self.rollback()
            self._db.close()
            self._db = None

    def reset(self) -> None:
        """Forget everything (the store it described is empty)."""
        self.begin()
        for table in ("article", "variant", "surname_key", "surname_ref", "report", "report_key"):
            self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        self._db.execute("DELETE FROM meta WHERE k='size'")
        self.commit()

    # -- the store's size ------------------------------------------------------------------
    def store_size(self) -> tuple[int, int, int] | None:
        """(quads of the article graphs, triples of the merged graph, article
        graphs) of the store, as last counted and kept up to date; None
        when not known."""
        row = self._db.execute("SELECT v FROM meta WHERE k='size'").fetchone()
        try:
            size = None if row is None else json.loads(row[0])
        except (TypeError, ValueError):
            size = None
        if not (isinstance(size, list) and len(size) == 3 and all(isinstance(n, int) for n in size)):
            return None  # not known, or kept in another form (or damaged): counted again
        return tuple(size)

    def set_store_size(self, quads: int, triples: int, graphs: int) -> None:
        """The store's size, just counted (committed at once unless a
        transaction is open)."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('size', ?)", (json.dumps([quads, triples, graphs]),))

    def add_to_store_size(self, change: tuple[int, int, int] | None) -> None:
        """Add a write's change (see :meth:`kg.store.LocalStore.take_changes`)
        to the size kept, in the transaction of the write; None (a change
        the store could not count) forgets the size, so that the next
        summary counts it again."""
        if change is None:
            self.forget_store_size()
            return
        size = self.store_size()
        if size is not None and any(change):
            self.set_store_size(*(a + b for a, b in zip(size, change)))

    def forget_store_size(self) -> None:
        self._db.execute("DELETE FROM meta WHERE k='size'")

    # -- the journal of graphs in flight -----------------------------------------------
    @property
    def _journal(self) -> Path | None:
        return None if self.path is None else self.path.with_name(self.path.name + ".journal")

    def write_journal(self, article_ids: Iterable[str]) -> None:
        """Name the article graphs about to be written (before writing them)."""
        if self._journal is None:
            return
        tmp = self._journal.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(sorted(set(article_ids)), fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._journal)

    def pending(self) -> list[str]:
        """Article graphs a build was writing when it stopped: the store may
        hold them in a state the index does not know; write them again from
        the index (or drop those the index does not hold)."""
        if self._journal is None or not self._journal.exists():
            return []
        try:
            return list(json.loads(self._journal.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return []

    def _clear_journal(self) -> None:
        if self._journal is not None:
            try:
                self._journal.unlink()
            except FileNotFoundError:
                pass

    # -- articles -----------------------------------------------------------------------
    def article_hash(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT hash FROM article WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def article_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM article").fetchone()[0]

    def record(self, article_id: str) -> ArticleRecord | None:
        row = self._db.execute("SELECT record FROM article WHERE id=?", (article_id,)).fetchone()
        return pickle.loads(zlib.decompress(row[0])) if row else None  # noqa: S301 - our own file

    def state(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT state FROM article WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def set_state(self, article_id: str, state: str) -> None:
        self._db.execute("UPDATE article SET state=? WHERE id=?", (state, article_id))

    def put_article(self, record: ArticleRecord) -> None:
        blob = zlib.compress(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL), 1)
        art = record.article
        self._db.execute("INSERT OR REPLACE INTO article(id, hash, record, state) VALUES (?, ?, ?, NULL)",
                         (art.id, art.content_hash, blob))

    def delete_article(self, article_id: str) -> None:
        self._db.execute("DELETE FROM article WHERE id=?", (article_id,))

    # -- people ---------------------------------------------------------------------------
    def add_variant(self, key: str, name: str, country: str | None, surnames: Iterable[str], delta: int) -> None:
        """Count one full name of ``key`` (``delta`` +1, or -1 to take it out)."""
        db, row = self._db, (key, name, _enc(country))
        add = "ON CONFLICT({}) DO UPDATE SET n = n + excluded.n"
        db.execute("INSERT INTO variant VALUES (?, ?, ?, ?) " + add.format("key, name, country"), (*row, delta))
        db.executemany("INSERT INTO surname_key VALUES (?, ?, ?) " + add.format("surname, key"),
                       ((s, key, delta) for s in surnames))
        if delta < 0:
            db.execute("DELETE FROM variant WHERE key=? AND name=? AND country=? AND n <= 0", row)
            db.executemany("DELETE FROM surname_key WHERE surname=? AND key=? AND n <= 0", ((s, key) for s in surnames))

    def variant_count(self, key: str, name: str, country: str | None) -> int:
        row = self._db.execute("SELECT n FROM variant WHERE key=? AND name=? AND country=?", (key, name, _enc(country))).fetchone()
        return row[0] if row else 0

    def keys_with_surname(self, surname: str) -> list[str]:
        rows = self._db.execute("SELECT key FROM surname_key WHERE surname=? AND n > 0 ORDER BY key", (surname,))
        return [r[0] for r in rows]

    def variants(self, key: str) -> list[tuple[str, str | None]]:
        """(name, country) of every full name counted for ``key``."""
        rows = self._db.execute("SELECT name, country FROM variant WHERE key=? AND n > 0 ORDER BY name, country", (key,))
        return [(r[0], _dec(r[1])) for r in rows]

    def set_surname_refs(self, article_id: str, surnames: Iterable[str]) -> None:
        self._db.execute("DELETE FROM surname_ref WHERE article=?", (article_id,))
        self._db.executemany("INSERT OR IGNORE INTO surname_ref VALUES (?, ?)", ((s, article_id) for s in surnames))

    def surname_refs(self, surname: str) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT article FROM surname_ref WHERE surname=? ORDER BY article", (surname,))]

    # -- meeting reports ------------------------------------------------------------------
    _REPORT = "SELECT " + ", ".join(
        "report." + c for c in ("article", "idx", "parts", "keys", "sides", "date", "mode", "status", "place",
                                "place_country", "published", "lead_article", "lead_idx", "iri")) + " FROM report"

    def reports_of(self, article_id: str) -> list[Report]:
        rows = self._db.execute(self._REPORT + " WHERE article=? ORDER BY idx", (article_id,))
        return [self._report(r) for r in rows]

    def report(self, article_id: str, index: int) -> Report | None:
        row = self._db.execute(self._REPORT + " WHERE article=? AND idx=?", (article_id, index)).fetchone()
        return self._report(row) if row else None

    def insert_reports(self, reports: Iterable[Report]) -> None:
        """Add reports (their article's earlier ones deleted first: :meth:`delete_reports`)."""
        reports = list(reports)
        self._db.executemany(
            "INSERT INTO report VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((r.article, r.index, r.parts, json.dumps(r.keys), json.dumps(r.sides), _enc(r.date), r.mode, r.status,
              _enc(r.place), _enc(r.place_country), _enc(r.published), r.leader[0] if r.leader else None,
              r.leader[1] if r.leader else None, r.iri) for r in reports),
        )
        self._db.executemany(
            "INSERT INTO report_key VALUES (?, ?, ?, ?, ?, ?)",
            ((k, _bucket(r.date), _enc(r.date), _enc(r.published), r.article, r.index) for r in reports for k in r.keys),
        )

    def delete_reports(self, article_id: str) -> None:
        """Take out an article's reports (and their keys, each found by its own key)."""
        rows = self._db.execute("SELECT idx, keys, date FROM report WHERE article=?", (article_id,)).fetchall()
        self._db.executemany(
            "DELETE FROM report_key WHERE key=? AND bucket=? AND date=? AND article=? AND idx=?",
            ((k, _bucket(_dec(when)), when, article_id, idx) for idx, keys, when in rows for k in json.loads(keys)),
        )
        self._db.execute("DELETE FROM report WHERE article=?", (article_id,))

    def related(self, report: Report, *, window_days: int) -> list[Report]:
        """The other reports that share a key with ``report`` and could be
        the same meeting by date: dated ones in its year whose date can be
        the same day, undated ones (for a dated report) or dated ones (for
        an undated one) published within ``window_days`` of it."""
        keys = list(report.keys)
        if not keys:
            return []
        select = self._REPORT.replace("FROM report", "FROM report_key k JOIN report USING(article, idx)")
        qs = ",".join("?" * len(keys))
        rows = []
        if report.date:
            d = report.date
            prefixes = [d[:n] for n in (4, 7, 10) if n <= len(d)]
            rows += self._db.execute(
                f"{select} WHERE k.key IN ({qs}) AND k.bucket=? "  # noqa: S608 - placeholders only
                f"AND (k.date IN ({','.join('?' * len(prefixes))}) OR (k.date > ? AND k.date < ?))",
                (*keys, _bucket(d), *prefixes, d + "-", d + "."),
            ).fetchall()
        span = _window(report.published, window_days)
        if span:
            rows += self._db.execute(
                f"{select} WHERE k.key IN ({qs}) AND k.published BETWEEN ? AND ? "  # noqa: S608 - placeholders only
                f"AND k.bucket {'=' if report.date else '<>'} ?", (*keys, *span, UNDATED),
            ).fetchall()
        out = {(r[0], r[1]): r for r in rows}
        out.pop((report.article, report.index), None)
        return [self._report(out[k]) for k in sorted(out)]

    def members(self, leader: Report) -> list[Report]:
        """The reports of the meeting ``leader`` leads (itself included)."""
        rows = self._db.execute(self._REPORT + " WHERE lead_article=? AND lead_idx=?", (leader.article, leader.index))
        return [self._report(r) for r in rows]

    def leaders_named(self, parts: str, when: str | None) -> list[Report]:
        """The reports that lead a meeting of participants ``parts`` on ``when``."""
        rows = self._db.execute(self._REPORT + " WHERE parts=? AND date=? AND lead_article=article AND lead_idx=idx",
                                (parts, _enc(when)))
        return [self._report(r) for r in rows]

    def set_leader(self, ref: Ref, leader: Ref) -> None:
        self._db.execute("UPDATE report SET lead_article=?, lead_idx=? WHERE article=? AND idx=?", (*leader, *ref))

    def set_meeting_iri(self, leader: Ref, iri: str) -> set[str]:
        """Give the meeting ``leader`` leads the IRI ``iri``; the articles whose reports changed IRI."""
        where = "WHERE lead_article=? AND lead_idx=? AND iri IS NOT ?"
        changed = {r[0] for r in self._db.execute(f"SELECT article FROM report {where}", (*leader, iri))}  # noqa: S608
        if changed:
            self._db.execute(f"UPDATE report SET iri=? {where}", (iri, *leader, iri))  # noqa: S608
        return changed

    @staticmethod
    def _report(row) -> Report:
        article, idx, parts, keys, sides, date, mode, status, place, pc, pub, la, li, iri = row
        return Report(article, idx, parts, tuple(json.loads(keys)), tuple(json.loads(sides)), _dec(date), mode, status,
                      _dec(place), _dec(pc), _dec(pub), None if la is None else (la, li), iri)

    def article_ids(self, *, after: str = "", limit: int = -1) -> list[str]:
        """Ids of the indexed articles in order, from the first after ``after`` (at most ``limit``)."""
        rows = self._db.execute("SELECT id FROM article WHERE id > ? ORDER BY id LIMIT ?", (after, limit))
        return [r[0] for r in rows]
