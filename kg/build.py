"""`kg build` as a library function: articles in, article graphs in the store.

    >>> from kg.build import build                         # doctest: +SKIP
    >>> report = build(["seeds/"], store="kg-store")       # doctest: +SKIP

The stream is: ingest -> spaCy ``nlp.pipe`` (with metadata) -> extractors ->
resolver -> one named graph per article, written atomically. Articles whose
content hash is already in the store are skipped (incremental, idempotent).
"""

from __future__ import annotations

import itertools
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildStopped, InputError, KgError, StoreError, StoreFault, StoreUnwritable
from .gazetteer import load_gazetteer
from .index import ResolutionIndex
from .ingest import iter_articles
from .rdf.build import article_triples
from .rdf.iris import article_graph_iri
from .resolve import Resolved, Resolver
from .store import SPARQL_PROLOGUE, Store, open_store
from .types import Article, ArticleRecord
from .vocab import load_vocabulary


@dataclass
class BuildReport:
    """What a build did, and what the store holds afterwards."""

    store: str
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    #: Earlier articles whose graphs were written again because an article
    #: of this build changed how they resolve.
    rewritten: int = 0

    @property
    def exit_code(self) -> int:
        """The `kg build` exit code: 0 every article built (or already in the
        store, unchanged) and no warnings; 3 built, but with warnings or
        skipped articles; 1 failed: not one article of the input is in the
        store (none could be read, or all failed to build)."""
        if not self.built and not self.unchanged:
            return 1
        return 3 if (self.warnings or self.failed) else 0


class BuildInterrupted(KeyboardInterrupt):
    """A build stopped by Ctrl-C (a ``KeyboardInterrupt``, so callers that
    catch that still do). ``report.built`` lists every article committed
    before the interrupt, read back from the store; the rest is missing and
    the next build adds it."""

    def __init__(self, report: BuildReport):
        super().__init__(f"interrupted after building {len(report.built)} article(s)")
        self.report = report


def stored_hashes(store: Store) -> dict[str, str]:
    """Article id -> content hash of the articles already in the store."""
    q = SPARQL_PROLOGUE + "SELECT ?id ?h WHERE { GRAPH ?g { ?a a schema:NewsArticle ; dcterms:identifier ?id ; dkg:contentHash ?h } }"
    return {str(r[0]): str(r[1]) for r in store.query(q)}


def store_totals(store: Store, index: ResolutionIndex) -> dict[str, int]:
    """Counts for the build summary (see :func:`kg.stats.counts`: ``triples``
    is the merged graph, ``quads`` the article graphs). The quads and
    triples are the size the index keeps up to date when the store counts
    its writes; else, or when the index does not know it yet, they are
    counted (a full scan of the store: 40 s at a million articles), and
    kept for the next build. The size kept is trusted only while its count
    of article graphs is the store's: a write that did not count itself (a
    version of kg before this one, a tool of its own) makes it counted again."""
    from .stats import counts

    size = index.store_size() if store.counts_writes else None
    out = counts(store, size=size[:2] if size else None)
    if size is not None and size[2] != out["articles"]:
        out, size = counts(store), None
    if store.counts_writes and size is None:
        try:
            index.set_store_size(out["quads"], out["triples"], out["articles"])
        except sqlite3.Error:  # only kept to spare a count: the next build counts again
            pass
    return out


def build(
    inputs: Iterable[str | Path],
    *,
    store: str | Store | None = None,
    model: str | None = None,
    jobs: int = 1,
    force: bool = False,
    on_article: Callable[[Article], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_skip: Callable[[str], None] | None = None,
    nlp=None,
    dask=None,
) -> BuildReport:
    """Build ``inputs`` into ``store`` and return a :class:`BuildReport`.

    Problems with single articles become warnings; the rest of the batch
    builds. ``force`` rebuilds articles whose content is unchanged.
    ``on_article`` is called with each article built, ``on_skip`` with the
    id of each article read but not built (unchanged, or failed).
    ``dask`` (a scheduler address or a ``distributed.Client``) runs parsing
    and extraction on a Dask cluster (see :mod:`kg.dask_map`); resolution
    and the store write stay here.
    """
    if store is None or isinstance(store, (str, Path)):
        with open_store(store) as st:  # a store this call opened, it closes
            return build(inputs, store=st, model=model, jobs=jobs, force=force, on_article=on_article,
                         on_warning=on_warning, on_skip=on_skip, nlp=nlp, dask=dask)
    st = store
    report = BuildReport(store=st.location)

    def warn(message: str) -> None:
        report.warnings.append(message)
        if on_warning:
            on_warning(message)

    def input_error(exc: InputError) -> None:
        warn(str(exc))

    index = st.resolution_index()
    try:
        known = (lambda _id: None) if force else index.article_hash
        fresh = _fresh(iter_articles(inputs, on_error=input_error), known, report, on_skip)
        first = next(fresh, None)  # load spaCy only when there is something to parse
        interrupted = index.pending()
        regroup = index.needs_regroup()
        if first is not None or interrupted or regroup:
            gazetteer = load_gazetteer()
            writer = GraphWriter(st, Resolver(gazetteer, index), country_name=gazetteer.country_name)
            if interrupted:
                writer.recover(interrupted)
            if regroup:
                writer.regroup()
        if first is not None:
            stream = itertools.chain((first,), fresh)
            if dask is not None:
                from .dask_map import connect, map_extract

                client = connect(dask) if isinstance(dask, str) else dask
                extracted = map_extract(client, stream, model=model)
            else:
                extracted = _extract_here(stream, gazetteer, nlp=nlp, model=model, jobs=jobs)
            pending = _Pending(st, report, warn, on_article, writer, on_skip=on_skip)
            try:
                try:
                    for article, record, exc in extracted:
                        if exc is not None:  # one article must never stop the batch
                            pending.not_built(article, exc)
                            continue
                        pending.add(article, record)
                finally:
                    # articles extracted before an interrupt are committed, not lost
                    if not pending.stopped:
                        pending.flush()
            except KeyboardInterrupt:
                # The interrupt may have landed between a commit and its count:
                # what counts as built is what the store holds.
                pending.settle()
                raise BuildInterrupted(report) from None
            finally:
                extracted.close()  # stops worker processes still parsing ahead
            report.rewritten = writer.rewritten
        st.flush()
        report.totals = store_totals(st, index)
    except StoreFault as fault:
        raise _stopped(st, report, fault) from None
    finally:
        index.close()
    return report


def _stopped(store: Store, report: BuildReport, fault: StoreFault) -> BuildStopped:
    """The error that stops a build at a store fault: the cause (what to do
    about it) and the articles safely stored."""
    try:
        total = f" ({len(stored_hashes(store))} in the store)"
    except (KgError, OSError, RuntimeError):
        total = ""
    n = len(report.built)
    return BuildStopped(
        f"{fault}. The build stopped there: {n} article(s) of this run are safely stored{total}, "
        "and the next run skips them.",
        report=report, fault=fault,
    )


def _extract_here(articles: Iterable[Article], gazetteer, *, nlp, model: str | None, jobs: int):
    """``(article, record, error)`` for each article, in input order, parsed
    and extracted in this process, or with ``jobs`` > 1 in that many worker
    processes (:func:`_extract_in_processes`)."""
    import multiprocessing

    from .extract import Extractor
    from .nlp import load_pipeline, parse

    if nlp is None:
        nlp = load_pipeline(model, gazetteer=gazetteer)
    extractor = Extractor(nlp, gazetteer=gazetteer, vocabulary=load_vocabulary())
    # fork on macOS is unsafe with the system's threaded libraries
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin":
        yield from _extract_in_processes(articles, nlp, extractor, jobs)
        return
    # Without fork (Windows, macOS), spaCy's own worker processes parse.
    for doc, article in parse(nlp, articles, n_process=max(1, jobs)):
        yield _extract_one(extractor, doc, article)


def _extract_one(extractor, doc, article: Article) -> tuple[Article, ArticleRecord | None, Exception | None]:
    try:
        return article, extractor(doc, article), None
    except Exception as exc:  # one article must never stop the batch
        return article, None, exc


#: Articles a worker process parses and extracts per task (``--jobs`` > 1),
#: and tasks in flight per worker (bounds the articles read ahead).
CHUNK_ARTICLES = 8
TASKS_PER_WORKER = 3
#: The pipeline and extractor of a forked worker process (set in the worker).
_WORKER: tuple | None = None


def _extract_in_processes(articles: Iterable[Article], nlp, extractor, jobs: int):
    """The map step in ``jobs`` forked worker processes: each parses and
    extracts whole chunks of articles and sends back their records (small),
    not the parsed Docs (large, and slow to rebuild here), so this process
    is left only resolution and the store. Results come in input order.

    An article that fails gets its error and the rest is built; a worker
    process that dies (killed, out of memory) is replaced, and the chunks it
    may have held are parsed again one article per task, so that only an
    article that kills a worker on its own is reported, not built. When the
    build stops (Ctrl-C, an error), the workers are stopped with it."""
    from collections import deque

    pool = _Workers(nlp, extractor, jobs)
    it = iter(articles)
    chunks = iter(lambda: list(itertools.islice(it, CHUNK_ARTICLES)), [])
    try:
        inflight = deque((c, pool.submit(c)) for c in itertools.islice(chunks, jobs * TASKS_PER_WORKER))
        while inflight:
            chunk, future = inflight.popleft()
            results = pool.results(chunk, future)
            if pool.renewed:  # a worker died: the other chunks in flight went with the pool
                pool.renewed = False
                inflight = deque((c, pool.submit(c)) for c, _ in inflight)
            nxt = next(chunks, None)
            if nxt is not None:
                inflight.append((nxt, pool.submit(nxt)))
            for article, (record, exc) in zip(chunk, results):
                yield article, record, exc
    finally:
        pool.stop()


class _Workers:
    """A pool of forked worker processes that inherit the loaded pipeline
    (nothing is loaded or pickled again), made anew when one dies."""

    def __init__(self, nlp, extractor, jobs: int):
        self.nlp, self.extractor, self.jobs = nlp, extractor, jobs
        self.pool = self._new()
        #: Set when the pool was made anew (tasks submitted before are lost).
        self.renewed = False

    def _new(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_worker, initargs=(self.nlp, self.extractor))

    def submit(self, chunk: list[Article]):
        return self.pool.submit(_map_chunk, chunk)

    def results(self, chunk: list[Article], future) -> list[tuple[ArticleRecord | None, Exception | None]]:
        """The chunk's ``(record, error)`` pairs. When a worker died (or
        the chunk's results could not be sent back), each article of the
        chunk is parsed again in a task of its own; after a death the pool
        is made anew and :attr:`renewed` set (the other tasks are lost)."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            self._renew()
        except Exception:  # noqa: S110 - the articles are tried one by one below
            pass
        return [self._alone(a) for a in chunk]

    def _alone(self, article: Article) -> tuple[ArticleRecord | None, Exception | None]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self.submit([article])
            return future.result()[0]
        except BrokenProcessPool:
            self._renew()
            return None, KgError(
                "the worker process parsing it stopped (killed, or out of memory); "
                "build it without --jobs to see why"
            )
        except Exception as exc:
            return None, exc

    def _renew(self) -> None:
        self.stop()
        self.pool = self._new()
        self.renewed = True

    def stop(self) -> None:
        """Stop the workers now, parsing or not, and wait for them."""
        pool = self.pool
        pool.shutdown(wait=False, cancel_futures=True)
        if hasattr(pool, "terminate_workers"):  # Python 3.14+
            pool.terminate_workers()
        else:
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
        pool.shutdown(wait=True)


def _init_worker(nlp, extractor) -> None:
    """In a new worker: keep the pipeline it inherited, and leave Ctrl-C to
    the build (which stops the workers)."""
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = (nlp, extractor)


def _map_chunk(articles: list[Article]) -> list[tuple[ArticleRecord | None, Exception | None]]:
    """In a worker: parse and extract ``articles``; per article its record,
    or None and the error (sent as it is when it pickles, else as its text).
    When the parse of the chunk fails, each article is parsed alone, so
    that only the one that fails is not built."""
    nlp, extractor = _WORKER
    try:
        return [_sendable(_extract_one(extractor, doc, article)[1:]) for doc, article in _parse(nlp, articles)]
    except Exception as exc:
        if len(articles) == 1:
            return [_sendable((None, exc))]
    return [pair for article in articles for pair in _map_chunk([article])]


def _parse(nlp, articles: list[Article]):
    from .nlp import parse

    return parse(nlp, articles, batch_size=len(articles))


def _sendable(pair: tuple[ArticleRecord | None, Exception | None]) -> tuple[ArticleRecord | None, Exception | None]:
    import pickle

    record, exc = pair
    if exc is not None:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            exc = RuntimeError(f"{exc.__class__.__name__}: {exc}")
    return record, exc


#: Articles committed to the store in one transaction (at most), and the
#: longest an extracted article waits for its commit.
BATCH_ARTICLES = 16
BATCH_SECONDS = 2.0
#: Articles in a row whose write the store refused (for reasons it did not
#: name as lasting) after which the build stops: the store refuses writes.
STOP_AFTER_REFUSED = 5


def _not_built(report: BuildReport, warn, article: Article, exc: Exception) -> None:
    where = article.path or article.id
    if isinstance(exc, KgError):
        report.failed.append(f"{where}: {exc}")
        warn(f"{where}: not built: {exc}")
    else:
        report.failed.append(f"{where}: {exc!r}")
        warn(
            f"{where}: not built: internal error ({exc.__class__.__name__}: {exc}); "
            "the rest of the batch is built; please report this with the article"
        )


class _Pending:
    """Extracted articles waiting for their commit. A local store commits
    several in one transaction (each transaction has a fixed cost); a store
    without batched writes (a remote one) gets one write per article.
    An article counts as built only once committed; after an interrupt,
    :meth:`settle` counts the commits the interrupt kept from being counted."""

    def __init__(self, store: Store, report: BuildReport, warn, on_article, writer: GraphWriter, *, on_skip=None):
        self.store, self.report, self.warn, self.on_article = store, report, warn, on_article
        self.on_skip = on_skip
        self.writer = writer
        self.items: list[tuple[Article, ArticleRecord]] = []
        #: The articles of the batch being committed (until all are counted).
        self.writing: list[Article] = []
        self.since = 0.0
        self.batched = store.batch_writes
        #: Set when a store fault stopped the writes: nothing more is written.
        self.stopped = False
        self.refused: list[str] = []  # store errors of the articles refused in a row

    def add(self, article: Article, record: ArticleRecord) -> None:
        if not self.items:
            self.since = time.monotonic()
        self.items.append((article, record))
        if not self.batched or len(self.items) >= BATCH_ARTICLES or time.monotonic() - self.since >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self.items:
            return
        self.writing = [a for a, _ in self.items]
        items, self.items = self.items, []
        self._write(items)
        self.writing = []

    def _write(self, items: list[tuple[Article, ArticleRecord]]) -> None:
        if self.batched and len(items) > 1:
            try:
                self.writer.write([r for _, r in items])
            except Exception as exc:
                self._stop_at_fault(exc)  # else find the article that fails: write them one by one
            else:
                for a, _ in items:
                    self._built(a)
                return
        for a, r in items:
            try:
                self.writer.write([r])
            except Exception as exc:
                self._stop_at_fault(exc)
                self.not_built(a, exc)
                self._refused(exc)
                continue
            self.refused = []
            self._built(a)

    def _stop_at_fault(self, exc: Exception) -> None:
        """Raise the store fault ``exc`` reports (a full disk, a server gone,
        ...): no later write could succeed, so the build stops."""
        from .store.faults import store_fault

        fault = store_fault(exc, self.store.location)
        if fault is not None:
            self.stopped = True
            raise fault from None

    def _refused(self, exc: Exception) -> None:
        if not isinstance(exc, StoreError):
            self.refused = []
            return
        self.refused.append(str(exc))
        if len(self.refused) >= STOP_AFTER_REFUSED:
            self.stopped = True
            raise StoreUnwritable(
                f"the store {self.store.location!r} refused the last {len(self.refused)} articles in a row "
                f"(the last: {self.refused[-1]}); check the store, then run again"
            )

    def not_built(self, article: Article, exc: Exception) -> None:
        _not_built(self.report, self.warn, article, exc)
        if self.on_skip:
            self.on_skip(article.id)

    def settle(self) -> None:
        """Count as built the articles of the interrupted batch whose graph
        (with this content) the store holds but that were not counted yet."""
        batch = {a.id: a for a in [*self.writing, *(a for a, _ in self.items)]}
        counted = set(self.report.built[-len(batch):]) if batch else set()
        todo = [a for i, a in batch.items() if i not in counted]
        self.writing = []
        if not todo:
            return
        graphs = " ".join(article_graph_iri(a.id).n3() for a in todo)
        q = SPARQL_PROLOGUE + (
            f"SELECT ?id ?h WHERE {{ VALUES ?g {{ {graphs} }} "
            "GRAPH ?g { ?a a schema:NewsArticle ; dcterms:identifier ?id ; dkg:contentHash ?h } }"
        )
        try:
            held = {str(r[0]): str(r[1]) for r in self.store.query(q)}
        except KgError:  # the store cannot say (a remote one gone): keep the count as it is
            return
        for a in todo:
            if held.get(a.id) == a.content_hash:
                self._built(a)

    def _built(self, article: Article) -> None:
        self.report.built.append(article.id)
        if self.on_article:
            self.on_article(article)


def _fresh(
    articles: Iterable[Article], known: Callable[[str], str | None], report: BuildReport, on_skip=None
) -> Iterator[Article]:
    """The articles whose content hash is not already in the store, lazily
    (``known`` gives the stored hash of an article id, or None)."""
    for a in articles:
        if known(a.id) == a.content_hash:
            report.unchanged.append(a.id)
            if on_skip:
                on_skip(a.id)
            continue
        yield a


class GraphWriter:
    """Resolves batches of extracted articles and writes every article graph
    the batch changes (its own and earlier ones that now resolve
    differently), then commits the resolution index.

    The store is written first, the index committed after; a journal names
    the graphs in flight, so an interrupted write is repaired by
    :meth:`recover` (the next build does it before anything else)."""

    def __init__(self, store: Store, resolver: Resolver, *, country_name: Callable[[str], str | None]):
        self.store, self.resolver, self.country_name = store, resolver, country_name
        self.rewritten = 0  # earlier articles rewritten because of later ones

    def _triples(self, res: Resolved) -> list:
        return list(article_triples(res.record, meeting_iris=res.meeting_iris, country_name=self.country_name))

    def write(self, records: list[ArticleRecord]) -> None:
        """Resolve ``records`` and write what changes; all or nothing."""
        index = self.resolver.index
        journal = False
        try:
            writes = []
            for res in self.resolver.apply(records):
                aid = res.record.article.id
                state = _state(res)
                if res.new or index.state(aid) != state:
                    writes.append((aid, self._triples(res)))
                    index.set_state(aid, state)
                    self.rewritten += not res.new
            index.write_journal(aid for aid, _ in writes)
            journal = True
            self.store.replace_graphs([(article_graph_iri(aid), t) for aid, t in writes])
            index.add_to_store_size(self.store.take_changes())
            self.resolver.commit()
        except BaseException:
            self.resolver.rollback()
            if journal:
                try:  # put the graphs back as the index still has them
                    self.recover(index.pending())
                except Exception:  # noqa: S110 - the next build repairs it from the journal
                    pass
            raise

    def regroup(self, *, batch: int = 256) -> None:
        """Group the meetings of every indexed article again and write the
        graphs (after an upgrade of the index from an earlier schema: see
        :meth:`~kg.index.ResolutionIndex.needs_regroup`), ``batch`` articles
        per transaction, from the records the index holds: nothing is
        parsed again. An interrupted run starts over at the next build."""
        index, last = self.resolver.index, ""
        while ids := index.article_ids(after=last, limit=batch):
            self.write([index.record(aid) for aid in ids])
            last = ids[-1]
        index.regrouped()

    def recover(self, article_ids: list[str]) -> None:
        """Write ``article_ids`` again as the index has them (dropping those
        it does not hold) and clear the journal."""
        # the interrupted write changed the store by an amount no one counted:
        # the next summary counts the store again
        self.resolver.index.forget_store_size()
        writes = []
        for aid in article_ids:
            res = self.resolver.resolved(aid)
            if res is None:
                self.store.drop_graph(article_graph_iri(aid))
            else:
                writes.append((article_graph_iri(aid), self._triples(res)))
        self.store.replace_graphs(writes)
        self.store.take_changes()  # (see above)
        self.resolver.commit()


def _state(res: Resolved) -> str:
    """Digest of what an article graph is made from (its resolved record
    and meeting IRIs): equal digests, equal graphs."""
    import hashlib
    import pickle

    return hashlib.sha1(pickle.dumps((res.record, [str(i) for i in res.meeting_iris]), protocol=4)).hexdigest()
