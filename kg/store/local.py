"""The triple store: one named graph per article, opened through rdflib.

The default engine is the embedded, persistent Oxigraph store that oxrdflib
plugs into rdflib (``Dataset(store="Oxigraph")``); the store lives in a
directory (default ``./kg-store``). A write retracts an article's old graph,
then loads the new one in one transaction, so a graph is never half-written
and re-building an article replaces it instead of duplicating it.

Two views of the same facts live in the store:

- one named graph per article: what that article states (provenance);
- the default graph: the merged graph, each triple once, however many
  articles state it. The writes that replace an article's graph keep it in
  step, so it is never out of date.

Queries run against the merged default graph (``GRAPH ?g { ... }`` reaches
the article graphs). Reading the union of the article graphs instead would
repeat a fact once per article that states it, and joins over such repeated
facts grow with the product of their counts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.query import Result
from rdflib.term import Node

from ..errors import StoreError
from ..index import INDEX_FILE, ResolutionIndex
from ..rdf.namespace import bind_prefixes
from .base import MERGE_ALL_UPDATE, Store, ntriples, retract_update

DEFAULT_STORE = "kg-store"


class LocalStore:
    """An embedded Oxigraph store in a directory, opened through rdflib.
    The resolution index (:mod:`kg.index`) is a SQLite file in the same
    directory."""

    batch_writes = True
    #: Quads written between two flushes of the store's in-memory write
    #: buffers to disk: Oxigraph keeps every write in memory until a flush,
    #: so without one a long build's memory grows with the store.
    FLUSH_QUADS = 400_000

    def __init__(self, path: str | os.PathLike = DEFAULT_STORE, *, read_only: bool = False, create: bool = True):
        self.location = str(path)
        p = Path(path)
        if p.exists() and not p.is_dir():
            raise StoreError(
                f"store path {self.location!r} is a file, not a store directory; "
                "pass --store with a directory path"
            )
        if not p.exists():
            if read_only or not create:
                raise StoreError(
                    f"no store at {self.location!r}; build one first with `kg build INPUT --store {self.location}`"
                )
            try:
                p.mkdir(parents=True)
            except OSError as exc:
                raise StoreError(f"cannot create store directory {self.location!r}: {exc.strerror}; choose another --store") from None
        elif not os.access(p, os.W_OK) and not read_only:
            raise StoreError(f"store directory {self.location!r} is not writable; fix its permissions or choose another --store")
        elif not (p / "CURRENT").exists() and any(p.iterdir()):
            # Oxigraph would write its files among someone else's.
            raise StoreError(
                f"{self.location!r} is a directory with other files in it, not a kg store; "
                "pass --store with a new (or empty) directory or an existing store"
            )
        self.read_only = read_only
        self._unflushed = 0
        try:
            import pyoxigraph as ox
            from oxrdflib.store import OxigraphStore

            inner = ox.Store.read_only(self.location) if read_only else ox.Store(self.location)
        except OSError as exc:
            reason = str(exc)
            if "lock" in reason.lower():
                hint = "another kg process is using it; wait for it to finish, or use another --store"
            elif "permission denied" in reason.lower() or "read-only file system" in reason.lower():
                hint = "the directory is not writable; fix its permissions or choose another --store"
            else:
                hint = "another kg process may be using it, or the directory is not an Oxigraph store"
            raise StoreError(f"cannot open store {self.location!r} ({reason}); {hint}") from None
        self._ox = inner
        # Stores written before the merged default graph existed: merge now
        # (or, read-only, read the union of the article graphs instead).
        union = False
        if self._needs_merge():
            if read_only:
                union = True
            else:
                self._ox.update(MERGE_ALL_UPDATE)
        self._dataset = Dataset(store=OxigraphStore(store=inner), default_union=union)
        bind_prefixes(self._dataset)

    def _needs_merge(self) -> bool:
        import pyoxigraph as ox

        has_default = next(iter(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
        return not has_default and next(iter(self._ox.named_graphs()), None) is not None

    # -- writing ------------------------------------------------------------
    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the content of named graph ``graph`` (and the merged
        graph's share of it); returns the number of triples written."""
        return self.replace_graphs([(graph, triples)])

    def replace_graphs(self, items: list[tuple[URIRef, Iterable[tuple[Node, Node, Node]]]]) -> int:
        """Replace several article graphs; returns the number of triples written.

        One update retracts the old graphs (and the merged-graph triples only
        they stated), then one transactional load writes every new graph and
        its triples into the merged graph. An interruption between the two
        leaves those articles absent, never half-written: their content
        hashes go with them, so the next build writes them again.
        """
        import pyoxigraph as ox

        texts = [(g, ntriples(triples)) for g, triples in items]
        if not texts:
            return 0
        nquads = "".join(text.replace(" .\n", f" {g.n3()} .\n") + text for g, text in texts)
        try:
            retraction = self._retraction([g for g, _ in texts])
            if retraction:
                self._ox.update(retraction)
            self._ox.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"writing {len(texts)} article graph(s) failed: {exc}") from None
        written = sum(t.count("\n") for _, t in texts)
        self._unflushed += 2 * written
        if self._unflushed >= self.FLUSH_QUADS:
            self.flush()
        return written

    def drop_graph(self, graph: URIRef) -> None:
        """Remove an article graph and the facts only it stated."""
        retraction = self._retraction([graph])
        if retraction:
            self._ox.update(retraction)

    def _retraction(self, graphs: list[URIRef]) -> str:
        """SPARQL Update that drops those of ``graphs`` the store holds and
        removes from the merged default graph every triple they state that
        no other article graph states ("" when the store holds none of them).

        The triples to remove are found by key: for each triple of a dropped
        graph, the graphs stating it are read only until one outside
        ``graphs``. (A ``FILTER NOT EXISTS`` over ``GRAPH ?other`` reads
        every graph that shares the triple, and a country's name is shared
        by a share of all articles: that retraction grew with the store.)"""
        import pyoxigraph as ox

        gone = {ox.NamedNode(str(g)) for g in graphs}
        held = sorted((g for g in gone if self._ox.contains_named_graph(g)), key=str)
        if not held:
            return ""
        default = ox.DefaultGraph()
        only: dict[str, None] = {}
        for g in held:
            for q in self._ox.quads_for_pattern(None, None, None, g):
                if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                    # DELETE DATA cannot name blank nodes (kg writes none): the query form
                    return " ;\n".join(retract_update(URIRef(h.value)) for h in held)
                for other in self._ox.quads_for_pattern(q.subject, q.predicate, q.object, None):
                    if other.graph_name != default and other.graph_name not in gone:
                        break
                else:
                    only[f"{q.subject} {q.predicate} {q.object} ."] = None
        drops = [f"DROP SILENT GRAPH {g}" for g in held]
        return " ;\n".join(([f"DELETE DATA {{\n{chr(10).join(only)}\n}}"] if only else []) + drops)

    def flush(self) -> None:
        """Write the store's in-memory buffers to disk."""
        self._ox.flush()
        self._unflushed = 0

    def resolution_index(self) -> ResolutionIndex:
        """The store's resolution index (opened for writing; close it after use)."""
        if self.read_only:
            raise StoreError(f"store {self.location!r} is open read-only; open it writable to build into it")
        return ResolutionIndex(Path(self.location) / INDEX_FILE)

    # -- reading ------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a SPARQL query over the merged graph (``GRAPH ?g`` reaches
        the article graphs). ``bindings`` are bound as RDF terms (never
        pasted into the query text)."""
        try:
            return self._dataset.query(sparql, initBindings=dict(bindings or {}))
        except SyntaxError as exc:
            from ..errors import QueryError

            raise QueryError(f"SPARQL syntax error: {exc}") from None

    def graphs(self) -> list[URIRef]:
        return [URIRef(g.value) for g in self._ox.named_graphs()]

    def quads(self):
        """The quads of the article graphs (pyoxigraph Quads), without the
        merged default graph: one named graph per article."""
        return (q for g in self._ox.named_graphs() for q in self._ox.quads_for_pattern(None, None, None, g))

    def union_triples(self):
        """The triples of the merged graph, each once (pyoxigraph Triples)."""
        import pyoxigraph as ox

        if self._dataset is not None and self._dataset.default_union:
            seen = set()
            for q in self.quads():
                t = ox.Triple(q.subject, q.predicate, q.object)
                if t not in seen:
                    seen.add(t)
                    yield t
            return
        for q in self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield q.triple

    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def oxigraph(self):
        """The pyoxigraph Store underneath, for queries that must reach the
        engine directly (kg.query: FROM / FROM NAMED, the SERVICE policy)."""
        return self._ox

    def __len__(self) -> int:
        """Number of quads in the article graphs (the merged graph not counted)."""
        rows = self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))[0].value)

    def close(self) -> None:
        """Flush and release the store (its directory lock goes with it)."""
        ox = getattr(self, "_ox", None)
        if ox is None:
            return
        try:
            if not self.read_only:
                ox.flush()
        except OSError:
            pass
        self._dataset = None
        self._ox = None
        # rdflib's Dataset keeps reference cycles; collect them so the
        # store's directory lock is released now, not at some later GC.
        import gc

        gc.collect()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(location: str | os.PathLike | None = None, *, read_only: bool = False, create: bool = True) -> Store:
    """Open the store at ``location`` (a directory; default ``./kg-store``)."""
    loc = str(location or DEFAULT_STORE)
    if loc.startswith(("http://", "https://")):
        try:
            from .remote import RemoteStore
        except ImportError:  # pragma: no cover - remote support not built in
            raise StoreError("remote stores are not supported by this build; use a local --store directory") from None
        return RemoteStore(loc)
    return LocalStore(loc, read_only=read_only, create=create)


