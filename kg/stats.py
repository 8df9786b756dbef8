"""What a store holds: counts for the build summary and `kg stats`.

One triple count everywhere: ``triples`` is the size of the merged graph
(each fact once, what a Turtle export holds), ``quads`` the size of the
article graphs (a fact stated by three articles is three quads: what a TriG
or N-Quads export holds).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .store import SPARQL_PROLOGUE, Store

_COUNTS = """
SELECT
  (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?p) AS ?people) (COUNT(DISTINCT ?c) AS ?countries)
  (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?i) AS ?issues) (COUNT(DISTINCT ?o) AS ?organisations)
WHERE {
  { ?a a schema:NewsArticle } UNION { ?p a schema:Person } UNION { ?c a schema:Country }
  UNION { ?m a dkg:Meeting } UNION { ?x dkg:discussed ?i } UNION { ?o a org:Organization }
}"""
COUNT_NAMES = ("articles", "people", "countries", "meetings", "issues", "organisations")


def triple_count(store: Store) -> int:
    """Triples of the merged graph (each fact once)."""
    if store.union_default:
        return sum(1 for _ in store.union_triples())
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0])


def quad_count(store: Store) -> int:
    """Quads of the article graphs (a fact once per article that states it)."""
    return len(store)


def counts(store: Store, *, size: tuple[int, int] | None = None) -> dict[str, int]:
    """Articles, people, countries, meetings, issues, organisations, triples
    and quads: what the build summary prints. ``size``: the quads and
    triples when already known (else they are counted)."""
    row = next(iter(store.query(SPARQL_PROLOGUE + _COUNTS)))
    out = {n: int(v) for n, v in zip(COUNT_NAMES, row)}
    out["quads"], out["triples"] = size if size is not None else (quad_count(store), triple_count(store))
    return out


def store_size(store: Store) -> int | None:
    """Bytes on disk of a local store's directory (None for a remote one)."""
    if store.oxigraph is not None and Path(store.location).is_dir():
        total = 0
        for root, _dirs, files in os.walk(store.location):
            for f in files:
                try:
                    total += os.path.getsize(os.path.join(root, f))
                except OSError:
                    pass
        return total
    return None


@dataclass(frozen=True)
class StoreStats:
    """What a store holds (``kg stats``). Meetings are counted as ``kg
    meetings`` lists them (merged across the articles that report them), by
    the mode and status it gives them."""

    location: str
    articles: int
    people: int
    countries: int
    organisations: int
    meetings: int
    issues: int
    triples: int
    quads: int
    graphs: int
    size_bytes: int | None
    published: tuple[str | None, str | None] = (None, None)
    meeting_dates: tuple[str | None, str | None] = (None, None)
    meetings_by_mode: dict[str, int] = field(default_factory=dict)
    meetings_by_status: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["published"] = {"first": self.published[0], "last": self.published[1]}
        d["meeting_dates"] = {"first": self.meeting_dates[0], "last": self.meeting_dates[1]}
        return d


def _range(values) -> tuple[str | None, str | None]:
    values = sorted(v for v in values if v)
    return (values[0], values[-1]) if values else (None, None)


def _by(items, key: str) -> dict[str, int]:
    return dict(sorted(Counter(m[key] for m in items).items(), key=lambda kv: (-kv[1], kv[0])))


def store_stats(store: Store) -> StoreStats:
    """Counts, date ranges and the meetings by mode and status."""
    from .records import meetings

    c = counts(store)
    q = SPARQL_PROLOGUE + "SELECT DISTINCT ?d WHERE { ?a a schema:NewsArticle ; dcterms:issued ?d }"
    published = _range(str(r[0]) for r in store.query(q))
    items = meetings(store)
    return StoreStats(
        location=store.location,
        articles=c["articles"], people=c["people"], countries=c["countries"], organisations=c["organisations"],
        meetings=len(items), issues=c["issues"], triples=c["triples"], quads=c["quads"], graphs=len(store.graphs()),
        size_bytes=store_size(store),
        published=published,
        meeting_dates=_range(m["date"] for m in items),
        meetings_by_mode=_by(items, "mode"),
        meetings_by_status=_by(items, "status"),
    )


def human_size(n: int) -> str:
    """Bytes as a short size.

    >>> human_size(1536), human_size(5_000_000)
    ('1.5 KiB', '4.8 MiB')
    """
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"  # pragma: no cover


def stats_rows(s: StoreStats) -> list[tuple[str, str]]:
    """``kg stats`` as (field, value) lines."""

    def span(r: tuple[str | None, str | None]) -> str:
        return f"{r[0]} to {r[1]}" if r[0] else "none dated"

    def parts(d: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "-"

    size = f" ({human_size(s.size_bytes)})" if s.size_bytes is not None else ""
    return [
        ("store", s.location + size),
        ("articles", f"{s.articles} (published {span(s.published)})" if s.articles else "0"),
        ("people", str(s.people)),
        ("countries", str(s.countries)),
        ("organisations", str(s.organisations)),
        ("meetings", f"{s.meetings} ({span(s.meeting_dates)})" if s.meetings else "0"),
        ("  by mode", parts(s.meetings_by_mode)),
        ("  by status", parts(s.meetings_by_status)),
        ("issues", str(s.issues)),
        ("triples", f"{s.triples} (merged graph: each fact once)"),
        ("quads", f"{s.quads} (in {s.graphs} article graphs: a fact once per article)"),
    ]
