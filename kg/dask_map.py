"""Extraction as a map step on a Dask cluster (``kg build --dask ADDRESS``).

Parsing and extraction of an article depend only on that article (and the
gazetteers), so they can run anywhere: chunks of articles go to the
workers of a ``dask.distributed`` scheduler, each worker loads the spaCy
pipeline once and returns :class:`~kg.types.ArticleRecord` objects;
resolution and the store write stay in the calling process. Records are
consumed as they complete, in any order: resolution gives the same graph
whatever the order (see :mod:`kg.resolve`).

Workers need diplomacy-kg installed (``pip install diplomacy-kg[dask]``)
and the same spaCy model. Start a cluster with ``dask scheduler`` and
``dask worker tcp://HOST:8786``, then::

    kg build articles/ --store kg-store --dask tcp://HOST:8786
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from .errors import KgError
from .types import Article, ArticleRecord

#: Articles sent to a worker in one task.
CHUNK_ARTICLES = 16
#: Tasks in flight per worker (bounds the memory of a long input).
TASKS_PER_WORKER = 4
#: Seconds to wait for the scheduler.
CONNECT_TIMEOUT = 30


@lru_cache(maxsize=2)
def _worker_extractor(model: str | None):
    """The pipeline and extractor of one worker process, loaded on first use."""
    from .extract import Extractor
    from .gazetteer import load_gazetteer
    from .nlp import load_pipeline
    from .vocab import load_vocabulary

    gazetteer = load_gazetteer()
    nlp = load_pipeline(model, gazetteer=gazetteer)
    return nlp, Extractor(nlp, gazetteer=gazetteer, vocabulary=load_vocabulary())


def extract_chunk(articles: list[Article], model: str | None = None) -> list[tuple[Article, ArticleRecord | None, str | None]]:
    """The map step: parse and extract ``articles``; per article its record,
    or None and the error that stopped it (one article never stops a chunk)."""
    from .nlp import parse

    nlp, extractor = _worker_extractor(model)
    out = []
    for doc, article in parse(nlp, articles):
        try:
            out.append((article, extractor(doc, article), None))
        except Exception as exc:  # reported by the caller as "not built"
            out.append((article, None, f"{exc.__class__.__name__}: {exc}"))
    return out


class ExtractionError(KgError):
    """Extraction of one article failed on a worker."""


def connect(address: str):
    """A ``distributed.Client`` for the scheduler at ``address``."""
    try:
        from distributed import Client
    except ImportError:
        raise KgError("--dask needs dask.distributed; install it with `pip install 'diplomacy-kg[dask]'`") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise KgError(
            f"cannot reach the Dask scheduler at {address} ({exc}); start one with `dask scheduler` "
            "and workers with `dask worker ADDRESS`, or build without --dask"
        ) from None


def map_extract(client, articles: Iterable[Article], *, model: str | None = None,
                chunk: int | None = None) -> Iterator[tuple[Article, ArticleRecord | None, Exception | None]]:
    """``(article, record, error)`` for every article, extracted on the
    cluster of ``client``, in completion order."""
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    chunk = chunk or CHUNK_ARTICLES
    it = iter(articles)

    def chunks():
        while True:
            part = list(islice(it, chunk))
            if not part:
                return
            yield part

    source = chunks()
    pending = as_completed()
    for part in islice(source, workers * TASKS_PER_WORKER):
        pending.add(client.submit(extract_chunk, part, model, pure=False))
    for future in pending:
        results = future.result()
        future.release()
        nxt = next(source, None)
        if nxt is not None:
            pending.add(client.submit(extract_chunk, nxt, model, pure=False))
        for article, record, error in results:
            yield article, record, (ExtractionError(error) if error else None)
