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

import gc
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.query import Result
from rdflib.term import Node

from ..errors import StoreDamaged, StoreError, StoreFault, StoreVersionError
from ..index import INDEX_FILE, ResolutionIndex
from ..rdf.namespace import bind_prefixes
from .base import MERGE_ALL_UPDATE, Store, ntriples, retract_update
from .faults import damaged, store_fault

DEFAULT_STORE = "kg-store"


#: Files Oxigraph (RocksDB) writes into a store directory, besides the
#: resolution index: a directory holding only these is a store, or one
#: being created.
_ENGINE_FILES = re.compile(r"^(CURRENT|IDENTITY|LOCK|LOG(\.old\..*)?|MANIFEST-\d+|OPTIONS-\d+(\.dbtmp)?|\d+\.(log|sst|blob|dbtmp))$")
#: Paths this process has open for writing (it holds their lock; see :func:`_locked_by_another`).
_WRITING: set[str] = set()
#: RocksDB's info logs (LOG.old.*) kept beside the current one; each
#: writable open starts a new one, and RocksDB itself keeps a thousand.
KEEP_INFO_LOGS = 2


@dataclass(frozen=True)
class _Retraction:
    """What dropping some article graphs takes: the SPARQL Update ("" for
    none), the quads of those graphs, the merged-graph triples only they
    state (pyoxigraph triple -> N-Triples line) and how many of the graphs
    the store holds; ``counted`` is False when the update is of a form whose
    effect was not counted."""

    update: str
    quads: int
    only: dict
    graphs: int
    counted: bool = True


class LocalStore:
    """An embedded Oxigraph store in a directory, opened through rdflib.
    The resolution index (:mod:`kg.index`) is a SQLite file in the same
    directory.

    Opening checks the store before anything is written to it: an existing
    store is first opened read-only, so that a damaged one
    (:class:`~kg.errors.StoreDamaged`) or one written by another version of
    Oxigraph (:class:`~kg.errors.StoreVersionError`) is reported as it is.
    A store of an older Oxigraph is upgraded in place only with
    ``upgrade=True``, after a copy of it is kept beside it
    (:attr:`upgraded_from` names the copy)."""

    batch_writes = True
    #: :meth:`take_changes` counts what every write adds and removes.
    counts_writes = True
    #: Quads written between two flushes of the store's in-memory write
    #: buffers to disk: Oxigraph keeps every write in memory until a flush,
    #: so without one a long build's memory grows with the store.
    FLUSH_QUADS = 400_000

    def __init__(
        self, path: str | os.PathLike = DEFAULT_STORE, *, read_only: bool = False, create: bool = True, upgrade: bool = False
    ):
        self.location = str(path)
        self.read_only = read_only
        self._unflushed = 0
        self._written = False
        #: (quads, merged-graph triples, article graphs) added minus removed
        #: since the last :meth:`take_changes`; None once a write could not be counted.
        self._changes: tuple[int, int, int] | None = (0, 0, 0)
        #: Where the old store was copied before an upgrade (None: no upgrade).
        self.upgraded_from: Path | None = None
        self._check_directory(Path(path), create=create)
        self._ox = self._open_engine(upgrade=upgrade)
        if not read_only:
            _WRITING.add(os.path.realpath(self.location))
            _prune_info_logs(Path(self.location))
        # Stores written before the merged default graph existed: merge now
        # (or, read-only, read the union of the article graphs instead).
        union = False
        if self._guard(self._needs_merge):
            if read_only:
                union = True
            else:
                self._changes = None
                self._guard(self._ox.update, MERGE_ALL_UPDATE)
        from oxrdflib.store import OxigraphStore

        self._dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=union)
        bind_prefixes(self._dataset)

    # -- opening ------------------------------------------------------------
    def _check_directory(self, p: Path, *, create: bool) -> None:
        if p.exists() and not p.is_dir():
            raise StoreError(
                f"store path {self.location!r} is a file, not a store directory; "
                "pass --store with a directory path"
            )
        if not p.exists():
            if self.read_only or not create:
                raise StoreError(
                    f"no store at {self.location!r}; build one first with `kg build INPUT --store {self.location}`"
                )
            try:
                p.mkdir(parents=True, exist_ok=True)  # another build may be creating it at this moment
            except OSError as exc:
                fault = store_fault(exc, self.location)
                if fault is not None:
                    raise fault from None
                raise StoreError(f"cannot create store directory {self.location!r}: {exc.strerror}; choose another --store") from None
            return
        if not os.access(p, os.W_OK) and not self.read_only:
            raise StoreError(f"store directory {self.location!r} is not writable; fix its permissions or choose another --store")
        if (p / "CURRENT").exists():
            return
        names = [q.name for q in p.iterdir()]
        if not names:
            return
        ours = [n for n in names if _ENGINE_FILES.match(n) or n.startswith(INDEX_FILE)]
        if len(ours) < len(names):
            # Oxigraph would write its files among someone else's.
            raise StoreError(
                f"{self.location!r} is a directory with other files in it, not a kg store; "
                "pass --store with a new (or empty) directory or an existing store"
            )
        if _locked_by_another(self.location):
            raise _busy(self.location)
        if any(n.endswith(".sst") or n.startswith(INDEX_FILE) for n in names):
            raise damaged(self.location, "its CURRENT file is missing")
        if self.read_only:  # files of a creation that stopped before it wrote anything
            raise StoreError(f"no store at {self.location!r} yet (its creation did not finish); build into it with `kg build INPUT --store {self.location}`")

    def _open_engine(self, *, upgrade: bool):
        import pyoxigraph as ox

        older = None
        if not self.read_only and _locked_by_another(self.location):
            raise _busy(self.location)  # and no read-only look at a store another process writes
        if (Path(self.location) / "CURRENT").exists():
            # Read-only first: nothing is written to a damaged store, nor to
            # one of another Oxigraph version (a writable open would upgrade
            # an older one in place, and the old version could not open it).
            try:
                probe = ox.Store.read_only(self.location)
            except (OSError, RuntimeError) as exc:
                fault = store_fault(exc, self.location)
                if isinstance(fault, StoreVersionError) and fault.older and upgrade and not self.read_only:
                    older = fault
                elif isinstance(fault, StoreDamaged) and _locked_by_another(self.location):
                    raise _busy(self.location) from None
                else:
                    raise self._open_error(exc, fault) from None
            else:
                if self.read_only:
                    return probe
                del probe
                gc.collect()  # release it before the writable open
        if older is not None:
            self.upgraded_from = _keep_copy(Path(self.location))
        try:
            return ox.Store.read_only(self.location) if self.read_only else ox.Store(self.location)
        except (OSError, RuntimeError) as exc:
            raise self._open_error(exc, store_fault(exc, self.location)) from None

    def _open_error(self, exc: BaseException, fault: StoreFault | None) -> StoreError:
        reason = " ".join(str(exc).split())
        if any(w in reason.lower() for w in ("while lock file", "lock hold by", "resource temporarily unavailable")):
            return _busy(self.location)
        if fault is not None:
            return fault
        return StoreError(
            f"cannot open store {self.location!r} ({reason}); it may not be an Oxigraph store: "
            "pass --store with a kg store, or a new directory"
        )

    def _guard(self, call, *args):
        """``call(*args)``, its store faults raised as :class:`StoreFault`
        (and, on a store another process writes, as a busy store). The
        error raised keeps no reference to the engine (through the frames
        of its traceback), so the store's lock goes when the store is closed."""
        try:
            return call(*args)
        except (OSError, RuntimeError) as exc:
            fault = store_fault(exc, self.location)
            if fault is None:
                raise
            if isinstance(fault, StoreDamaged) and self.read_only and _locked_by_another(self.location):
                fault = StoreError(
                    f"the store {self.location!r} changed while it was read: another kg process is writing it; "
                    "run again when it has finished"
                )
        del call, args
        raise fault

    def _needs_merge(self) -> bool:
        import pyoxigraph as ox

        has_default = next(iter(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
        return not has_default and next(iter(self._ox.named_graphs()), None) is not None

    def _guarded(self, items):
        """Iterate ``items`` (read lazily from the engine) with :meth:`_guard`."""
        it = [iter(items)]
        try:
            while True:
                item = self._guard(lambda: next(it[0], _END))
                if item is _END:
                    return
                yield item
        finally:
            it.clear()  # the engine's iterator goes with the generator, not with an error

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
        hashes go with them, so the next build writes them again. A write
        the store refuses for a lasting reason (a full disk, ...) raises
        :class:`~kg.errors.StoreFault`. What the write adds and removes is
        counted for :meth:`take_changes`.
        """
        import pyoxigraph as ox

        texts = [(g, ntriples(triples)) for g, triples in items]
        if not texts:
            return 0
        nquads = "".join(text.replace(" .\n", f" {g.n3()} .\n") + text for g, text in texts)
        self._written = True
        before, self._changes = self._changes, None  # counted again only once the write is done
        try:
            retraction = self._guard(self._retraction, [g for g, _ in texts])
            added = self._guard(self._added, [t for _, t in texts], retraction)
            if retraction.update:
                self._guard(self._ox.update, retraction.update)
            self._guard(lambda: self._ox.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"writing {len(texts)} article graph(s) failed: {exc}") from None
        self._count(before, retraction, added)
        written = sum(t.count("\n") for _, t in texts)
        self._unflushed += 2 * written
        if self._unflushed >= self.FLUSH_QUADS:
            self.flush()
        return written

    def take_changes(self) -> tuple[int, int, int] | None:
        """(quads of the article graphs, triples of the merged graph, article
        graphs) that the writes since the last call added minus those they
        removed; None when one of them could not be counted (see
        :meth:`kg.index.ResolutionIndex.add_to_store_size`)."""
        out, self._changes = self._changes, (0, 0, 0)
        return out

    def drop_graph(self, graph: URIRef) -> None:
        """Remove an article graph and the facts only it stated."""
        self._written = True
        before, self._changes = self._changes, None
        retraction = self._guard(self._retraction, [graph])
        if retraction.update:
            self._guard(self._ox.update, retraction.update)
        self._count(before, retraction)

    def _count(self, before: tuple[int, int, int] | None, retraction: _Retraction,
               added: tuple[int, int, int] = (0, 0, 0)) -> None:
        """The changes after a write: those ``before`` it, plus what it
        ``added``, less what its ``retraction`` took (None stays None)."""
        if before is not None and retraction.counted:
            took = (retraction.quads, len(retraction.only), retraction.graphs)
            self._changes = tuple(b + a - t for b, a, t in zip(before, added, took))

    def _retraction(self, graphs: list[URIRef]) -> _Retraction:
        """The SPARQL Update that drops those of ``graphs`` the store holds
        and removes from the merged default graph every triple they state
        that no other article graph states ("" when the store holds none of
        them), with the quads it drops and those triples.

        The triples to remove are found by key: for each triple of a dropped
        graph, the graphs stating it are read only until one outside
        ``graphs``. (A ``FILTER NOT EXISTS`` over ``GRAPH ?other`` reads
        every graph that shares the triple, and a country's name is shared
        by a share of all articles: that retraction grew with the store.)"""
        import pyoxigraph as ox

        gone = {ox.NamedNode(str(g)) for g in graphs}
        held = sorted((g for g in gone if self._ox.contains_named_graph(g)), key=str)
        if not held:
            return _Retraction("", 0, {}, 0)
        default = ox.DefaultGraph()
        only: dict[ox.Triple, str] = {}
        quads = 0
        for g in held:
            for q in self._ox.quads_for_pattern(None, None, None, g):
                quads += 1
                if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                    # DELETE DATA cannot name blank nodes (kg writes none): the query form, not counted
                    return _Retraction(" ;\n".join(retract_update(URIRef(h.value)) for h in held), 0, {}, 0,
                                       counted=False)
                for other in self._ox.quads_for_pattern(q.subject, q.predicate, q.object, None):
                    if other.graph_name != default and other.graph_name not in gone:
                        break
                else:
                    only[q.triple] = f"{q.subject} {q.predicate} {q.object} ."
        drops = [f"DROP SILENT GRAPH {g}" for g in held]
        return _Retraction(" ;\n".join(([f"DELETE DATA {{\n{chr(10).join(only.values())}\n}}"] if only else []) + drops),
                           quads, only, len(held))

    def _added(self, texts: list[str], retraction: _Retraction) -> tuple[int, int, int]:
        """Quads, merged-graph triples and article graphs that loading the
        N-Triples ``texts`` (one per article graph) adds once ``retraction``
        is done: each graph's distinct triples, the distinct triples of all
        of them that the merged graph will not hold then, and the graphs
        with any triple."""
        import pyoxigraph as ox

        lines = [set(t.split("\n")) - {""} for t in texts]  # not splitlines: a literal may hold U+2028
        quads = sum(len(s) for s in lines)
        union = set().union(*lines)
        triples = 0
        for q in ox.parse("\n".join(union).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):  # in the default graph
            if q.triple in retraction.only or q not in self._ox:
                triples += 1
        return quads, triples, sum(1 for t in texts if t)

    def flush(self) -> None:
        """Write the store's in-memory buffers to disk."""
        self._guard(self._ox.flush)
        self._unflushed = 0

    def resolution_index(self) -> ResolutionIndex:
        """The store's resolution index (opened for writing; close it after use)."""
        if self.read_only:
            raise StoreError(f"store {self.location!r} is open read-only; open it writable to build into it")
        try:
            return ResolutionIndex(Path(self.location) / INDEX_FILE)
        except StoreError as exc:
            fault = store_fault(exc.__context__, self.location) if exc.__context__ is not None else None
            if fault is not None:
                raise fault from None
            raise

    # -- reading ------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a SPARQL query over the merged graph (``GRAPH ?g`` reaches
        the article graphs). ``bindings`` are bound as RDF terms (never
        pasted into the query text). The rows are read here, so that a
        damaged store is reported here, as :class:`~kg.errors.StoreDamaged`."""
        try:
            result = self._guard(lambda: self._dataset.query(sparql, initBindings=dict(bindings or {})))
        except SyntaxError as exc:
            from ..errors import QueryError

            raise QueryError(f"SPARQL syntax error: {exc}") from None
        if result.type == "SELECT":
            result.bindings = list(self._guarded(result.bindings))
        return result

    def graphs(self) -> list[URIRef]:
        return [URIRef(g.value) for g in self._guarded(self._ox.named_graphs())]

    def quads(self):
        """The quads of the article graphs (pyoxigraph Quads), without the
        merged default graph: one named graph per article."""
        return self._guarded(q for g in self._ox.named_graphs() for q in self._ox.quads_for_pattern(None, None, None, g))

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
        for q in self._guarded(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())):
            yield q.triple

    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def oxigraph(self):
        """The pyoxigraph Store underneath, for queries that must reach the
        engine directly (kg.query: FROM / FROM NAMED, the SERVICE policy)."""
        return self._ox

    @property
    def union_default(self) -> bool:
        """True for a store written before the merged graph existed, opened
        read-only: its default graph is read as the union of the article graphs."""
        return bool(self._dataset.default_union)

    def __len__(self) -> int:
        """Number of quads in the article graphs (the merged graph not counted)."""
        rows = self._guard(self._ox.query, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(self._guard(lambda: next(iter(rows))[0].value))

    def close(self) -> None:
        """Flush and release the store (its directory lock goes with it).

        After writes, the engine is opened once more and closed: Oxigraph
        drops the write-ahead log of the writes already flushed only when it
        opens a store, so a long build would otherwise leave a log as large
        as the last stretch it wrote until the next open."""
        ox = getattr(self, "_ox", None)
        if ox is None:
            return
        flushed = False
        try:
            if not self.read_only:
                ox.flush()
                flushed = True
        except (OSError, RuntimeError):
            pass  # what was committed is in the write-ahead log; the next open replays it
        self._dataset = None
        self._ox = None
        del ox
        # rdflib's Dataset keeps reference cycles; collect them so the
        # store's directory lock is released now, not at some later GC.
        gc.collect()
        if flushed and self._written:
            try:
                import pyoxigraph

                pyoxigraph.Store(self.location)  # drops the flushed log, released at once
            except (OSError, RuntimeError):
                pass
            gc.collect()
        _WRITING.discard(os.path.realpath(self.location))

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_END = object()


def _locked_by_another(location: str) -> bool:
    """Whether another process holds the lock of the store at ``location``
    (a build writing it). Never asked of a store this process writes: closing
    any descriptor of the LOCK file would release this process's own lock."""
    import fcntl

    if os.path.realpath(location) in _WRITING:
        return False
    try:
        fd = os.open(Path(location) / "LOCK", os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        return False
    finally:
        os.close(fd)  # releases the lock just taken


def _busy(location: str) -> StoreError:
    return StoreError(
        f"store {location!r} is in use: another kg process is using it (building into it, or creating it); "
        "wait for it to finish, or use another --store"
    )


def _keep_copy(path: Path) -> Path:
    """Copy the store at ``path`` beside it (``NAME.before-upgrade``, then
    ``-2``, ...) before an in-place upgrade; the copy's path."""
    n = 1
    while True:
        copy = path.with_name(path.name + ".before-upgrade" + (f"-{n}" if n > 1 else ""))
        if not copy.exists():
            break
        n += 1
    try:
        shutil.copytree(path, copy, ignore=shutil.ignore_patterns("LOCK"))
    except OSError as exc:
        shutil.rmtree(copy, ignore_errors=True)
        fault = store_fault(exc, str(path))
        detail = str(fault) if fault is not None else getattr(exc, "strerror", None) or str(exc)
        raise StoreError(f"cannot keep a copy of the store before upgrading it, so it was not upgraded: {detail}") from None
    return copy


def _prune_info_logs(path: Path) -> None:
    """Remove all but the newest :data:`KEEP_INFO_LOGS` of RocksDB's old
    info logs (LOG.old.*, text about the engine, not data)."""
    try:
        old = sorted(path.glob("LOG.old.*"), key=lambda p: p.name)
    except OSError:
        return
    for p in old[:-KEEP_INFO_LOGS] if KEEP_INFO_LOGS else old:
        try:
            p.unlink()
        except OSError:
            pass


def open_store(
    location: str | os.PathLike | None = None, *, read_only: bool = False, create: bool = True, upgrade: bool = False
) -> Store:
    """Open the store at ``location`` (a directory, default ``./kg-store``;
    or the http(s) URL of a SPARQL endpoint). ``upgrade``: upgrade a local
    store written by an older Oxigraph in place, keeping a copy of it."""
    loc = str(location or DEFAULT_STORE)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", loc)
    if scheme:
        from .remote import redact

        if scheme.group(1).lower() not in ("http", "https"):
            raise StoreError(
                f"{redact(loc)!r} is not a store: give a local directory or the http(s):// URL of a SPARQL endpoint"
            )
        try:
            from .remote import RemoteStore
        except ImportError:  # pragma: no cover - remote support not built in
            raise StoreError("remote stores are not supported by this build; use a local --store directory") from None
        return RemoteStore(loc)
    return LocalStore(loc, read_only=read_only, create=create, upgrade=upgrade)
