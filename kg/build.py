"""`kg build` as a library function: articles in, article graphs in the store.

    >>> from kg.build import build                         # doctest: +SKIP
    >>> report = build(["seeds/"], store="kg-store")       # doctest: +SKIP

The stream is: ingest -> spaCy ``nlp.pipe`` (with metadata) -> extractors ->
resolver -> one named graph per article, written atomically. Articles whose
content hash is already in the store are skipped (incremental, idempotent).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, KgError
from .gazetteer import load_gazetteer
from .ingest import iter_articles
from .rdf.build import article_triples
from .rdf.iris import article_graph_iri
from .resolve import Resolver
from .store import SPARQL_PROLOGUE, Store, open_store
from .types import Article
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

    @property
    def exit_code(self) -> int:
        """The `kg build` exit code: 0 every article built (or already in the
        store, unchanged) and no warnings; 3 built, but with warnings or
        skipped articles; 1 failed: not one article of the input is in the
        store (none could be read, or all failed to build)."""
        if not self.built and not self.unchanged:
            return 1
        return 3 if (self.warnings or self.failed) else 0


def stored_hashes(store: Store) -> dict[str, str]:
    """Article id -> content hash of the articles already in the store."""
    q = SPARQL_PROLOGUE + "SELECT ?id ?h WHERE { GRAPH ?g { ?a a schema:NewsArticle ; dcterms:identifier ?id ; dkg:contentHash ?h } }"
    return {str(r[0]): str(r[1]) for r in store.query(q)}


def store_totals(store: Store) -> dict[str, int]:
    """Counts for the build summary."""
    q = SPARQL_PROLOGUE + """
    SELECT
      (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?p) AS ?people) (COUNT(DISTINCT ?c) AS ?countries)
      (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?i) AS ?issues) (COUNT(DISTINCT ?o) AS ?organisations)
    WHERE {
      { ?a a schema:NewsArticle } UNION { ?p a schema:Person } UNION { ?c a schema:Country }
      UNION { ?m a dkg:Meeting } UNION { ?x dkg:discussed ?i } UNION { ?o a org:Organization }
    }"""
    row = next(iter(store.query(q)))
    names = ["articles", "people", "countries", "meetings", "issues", "organisations"]
    totals = {n: int(v) for n, v in zip(names, row)}
    tq = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    totals["triples"] = int(next(iter(store.query(tq)))[0])
    return totals


def build(
    inputs: Iterable[str | Path],
    *,
    store: str | Store | None = None,
    model: str | None = None,
    jobs: int = 1,
    force: bool = False,
    on_article: Callable[[Article], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    nlp=None,
) -> BuildReport:
    """Build ``inputs`` into ``store`` and return a :class:`BuildReport`.

    Problems with single articles become warnings; the rest of the batch
    builds. ``force`` rebuilds articles whose content is unchanged.
    """
    st = open_store(store) if store is None or isinstance(store, (str, Path)) else store
    report = BuildReport(store=st.location)

    def warn(message: str) -> None:
        report.warnings.append(message)
        if on_warning:
            on_warning(message)

    def input_error(exc: InputError) -> None:
        warn(str(exc))

    known = {} if force else stored_hashes(st)
    fresh = _fresh(iter_articles(inputs, on_error=input_error), known, report)
    first = next(fresh, None)  # load spaCy only when there is something to parse
    if first is not None:
        from .extract import Extractor
        from .nlp import load_pipeline, parse

        gazetteer = load_gazetteer()
        vocabulary = load_vocabulary()
        if nlp is None:
            nlp = load_pipeline(model, gazetteer=gazetteer)
        extractor = Extractor(nlp, gazetteer=gazetteer, vocabulary=vocabulary)
        resolver = Resolver.from_store(st, gazetteer)
        stream = itertools.chain((first,), fresh)
        for doc, article in parse(nlp, stream, n_process=max(1, jobs)):
            try:
                record = extractor(doc, article)
                record, meeting_iris = resolver.resolve(record)
                triples = article_triples(record, meeting_iris=meeting_iris, country_name=gazetteer.country_name)
                st.replace_graph(article_graph_iri(article.id), triples)
            except KgError as exc:
                report.failed.append(f"{article.path or article.id}: {exc}")
                warn(f"{article.path or article.id}: not built: {exc}")
                continue
            except Exception as exc:  # one article must never stop the batch
                report.failed.append(f"{article.path or article.id}: {exc!r}")
                warn(
                    f"{article.path or article.id}: not built: internal error ({exc.__class__.__name__}: {exc}); "
                    "the rest of the batch is built; please report this with the article"
                )
                continue
            report.built.append(article.id)
            if on_article:
                on_article(article)
    if hasattr(st, "flush"):
        st.flush()
    report.totals = store_totals(st)
    return report


def _fresh(articles: Iterable[Article], known: dict[str, str], report: BuildReport) -> Iterator[Article]:
    """The articles whose content hash is not already in the store, lazily."""
    for a in articles:
        if known.get(a.id) == a.content_hash:
            report.unchanged.append(a.id)
            continue
        yield a
