"""The Python API: a store opened once, read as typed objects, pandas
DataFrames and networkx graphs (``import kg; g = kg.open("kg-store")``).

Every method calls the library function the CLI calls (:mod:`kg.records`
for meetings and people, :mod:`kg.query`, :mod:`kg.analysis`,
:mod:`kg.graphview`, :mod:`kg.stats`, :mod:`kg.build`), so Python and `kg`
give the same answers. pandas is optional (``pip install
'diplomacy-kg[pandas]'``); nothing heavy is imported before it is used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import KgError, StoreError
from .types import Source

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from .build import BuildReport
    from .query import QueryResult
    from .stats import StoreStats
    from .store import Store


@dataclass(frozen=True)
class Participant:
    """A person taking part in a meeting, with the country they act for."""

    id: str
    name: str
    country: str | None


@dataclass(frozen=True)
class Meeting:
    """A meeting as ``kg meetings --format json`` gives it (merged across
    the articles that report it); ``confidence`` and ``rules`` only with
    ``details``."""

    id: str
    participants: tuple[Participant, ...]
    countries: tuple[str, ...]
    place: str | None
    date: str | None
    mode: str
    status: str
    topics: tuple[str, ...]
    sources: tuple[Source, ...]
    confidence: float | None = None
    rules: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Meeting:
        """From an element of the JSON contract (:func:`kg.records.meetings`)."""
        return cls(
            id=d["id"],
            participants=tuple(Participant(p["id"], p["name"], p.get("country")) for p in d["participants"]),
            countries=tuple(d["countries"]),
            place=d["place"],
            date=d["date"],
            mode=d["mode"],
            status=d["status"],
            topics=tuple(d["topics"]),
            sources=tuple(Source(**s) for s in d["sources"]),
            confidence=d.get("confidence"),
            rules=tuple(d.get("rules") or ()),
        )

    def to_dict(self) -> dict:
        """The JSON contract element (without confidence and rules)."""
        d = asdict(self)
        del d["confidence"], d["rules"]
        for key in ("participants", "countries", "topics", "sources"):
            d[key] = list(d[key])
        return d


@dataclass(frozen=True)
class Person:
    """A person as ``kg people --format json`` gives them."""

    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    titles: tuple[str, ...]
    sources: tuple[Source, ...]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Person:
        """From an element of the JSON contract (:func:`kg.records.people`)."""
        return cls(
            id=d["id"], name=d["name"], aliases=tuple(d["aliases"]), country=d["country"], titles=tuple(d["titles"]),
            sources=tuple(Source(**s) for s in d["sources"]),
        )

    def to_dict(self) -> dict:
        d = asdict(self)
        for key in ("aliases", "titles", "sources"):
            d[key] = list(d[key])
        return d


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise KgError("DataFrames need pandas: pip install 'diplomacy-kg[pandas]' (or pip install pandas)") from None
    return pd


def meetings_frame(meetings: Iterable[Meeting]) -> pd.DataFrame:
    """One row per meeting: id, date, participants (names), participant_ids,
    countries, place, mode, status, topics (lists as Python lists) and
    articles (the ids of the source articles). The columns of ``kg
    meetings --format csv``; ``id`` joins with ``kg export -f csv``'s nodes."""
    pd = _pandas()
    rows = [
        {
            "id": m.id, "date": m.date, "participants": [p.name for p in m.participants],
            "participant_ids": [p.id for p in m.participants], "countries": list(m.countries), "place": m.place,
            "mode": m.mode, "status": m.status, "topics": list(m.topics),
            "articles": sorted({s.article for s in m.sources}),
        }
        for m in meetings
    ]
    columns = ["id", "date", "participants", "participant_ids", "countries", "place", "mode", "status", "topics", "articles"]
    return pd.DataFrame(rows, columns=columns)


def people_frame(people: Iterable[Person]) -> pd.DataFrame:
    """One row per person: id, name, country, titles, aliases, articles."""
    pd = _pandas()
    rows = [
        {"id": p.id, "name": p.name, "country": p.country, "titles": list(p.titles), "aliases": list(p.aliases),
         "articles": sorted({s.article for s in p.sources})}
        for p in people
    ]
    return pd.DataFrame(rows, columns=["id", "name", "country", "titles", "aliases", "articles"])


def _python(term) -> Any:
    """A result term as a plain Python value: IRIs as strings, literals as
    their Python value (int, float, date, ...; a partial date stays a string)."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def result_rows(result: QueryResult) -> list[dict[str, Any]]:
    """SELECT rows as dicts of plain Python values (unbound: None)."""
    if result.type != "SELECT":
        raise KgError(f"a {result.type} result has no rows; run a SELECT query")
    return [{v: _python(t) for v, t in zip(result.variables, row)} for row in result.rows]


def result_frame(result: QueryResult) -> pd.DataFrame:
    """SELECT rows as a DataFrame, one column per variable."""
    pd = _pandas()
    return pd.DataFrame(result_rows(result), columns=list(result.variables))


class KnowledgeGraph:
    """A store opened for reading (the default) or for building.

    Read-only, it never blocks a `kg build` of the same store. Close it (or
    use ``with``) to release the store."""

    def __init__(self, store: str | os.PathLike | None = None, *, read_only: bool = True):
        from .store import open_store

        location = str(store or os.environ.get("KG_STORE") or "kg-store")
        self.read_only = read_only
        self.store: Store = open_store(location, read_only=read_only, create=not read_only)

    @property
    def location(self) -> str:
        return self.store.location

    # -- building ---------------------------------------------------------------
    def build(
        self,
        inputs: Iterable[str | os.PathLike],
        *,
        force: bool = False,
        jobs: int = 1,
        model: str | None = None,
        on_article: Callable | None = None,
        on_warning: Callable[[str], None] | None = None,
    ) -> BuildReport:
        """Build articles (.txt files, directories, .jsonl) into the store, as
        ``kg build`` does; returns the :class:`~kg.build.BuildReport`."""
        if self.read_only:
            raise StoreError(f"{self.location!r} is open read-only; open it with kg.open(..., read_only=False) to build")
        from .build import build

        return build([Path(p) for p in inputs], store=self.store, force=force, jobs=jobs, model=model,
                     on_article=on_article, on_warning=on_warning)

    # -- reading ----------------------------------------------------------------
    def meetings(self, *, details: bool = False) -> list[Meeting]:
        """Every meeting, as ``kg meetings`` lists them."""
        from .records import meetings

        return [Meeting.from_dict(d) for d in meetings(self.store, details=details)]

    def people(self) -> list[Person]:
        """Every person, as ``kg people`` lists them."""
        from .records import people

        return [Person.from_dict(d) for d in people(self.store)]

    def meetings_frame(self) -> pd.DataFrame:
        """:meth:`meetings` as a pandas DataFrame (see :func:`meetings_frame`)."""
        return meetings_frame(self.meetings())

    def people_frame(self) -> pd.DataFrame:
        """:meth:`people` as a pandas DataFrame (see :func:`people_frame`)."""
        return people_frame(self.people())

    def query(
        self, query: str, params: Mapping[str, str] | None = None, *, timeout: float | None = None,
        allow_service: bool = False,
    ) -> QueryResult:
        """Run a bundled query by name, a .rq file or SPARQL text, with
        ``params`` bound as RDF terms (as ``kg query``)."""
        from .query import run_query

        return run_query(self.store, query, dict(params or {}), timeout=timeout, allow_service=allow_service)

    def query_rows(self, query: str, params: Mapping[str, str] | None = None, **options) -> list[dict[str, Any]]:
        """A SELECT query's rows as dicts of plain Python values."""
        return result_rows(self.query(query, params, **options))

    def query_frame(self, query: str, params: Mapping[str, str] | None = None, **options) -> pd.DataFrame:
        """A SELECT query's rows as a pandas DataFrame."""
        return result_frame(self.query(query, params, **options))

    def network(self, kind: str = "people") -> nx.Graph:
        """The ``people``, ``countries`` or ``issues`` network as a networkx
        graph (``kg centrality --network``)."""
        from .analysis import project

        return project(self.store, kind)

    def graph(self) -> nx.MultiDiGraph:
        """The property graph of people, countries, organisations, places,
        meetings and issues (what ``kg export -f graphml`` writes)."""
        from .export import flat_graph

        return flat_graph(self.store)

    def stats(self) -> StoreStats:
        """What the store holds (``kg stats``)."""
        from .stats import store_stats

        return store_stats(self.store)

    def export(self, fmt: str, target) -> list[Path]:
        """Write the store in ``fmt`` to ``target`` (``kg export``)."""
        from .export import export

        return export(self.store, fmt, target)

    # -- lifetime ---------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.location!r}, read_only={self.read_only})"


def open(store: str | os.PathLike | None = None, *, read_only: bool = True) -> KnowledgeGraph:  # noqa: A001
    """Open the store at ``store`` (a directory or an http(s):// endpoint;
    default ``$KG_STORE``, else ``./kg-store``), read-only unless
    ``read_only=False`` (to build; it is then created if missing)."""
    return KnowledgeGraph(store, read_only=read_only)
