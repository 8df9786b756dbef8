"""The triple store: one named graph per article.

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

Modules: :mod:`kg.store.base` (the :class:`Store` interface every store
implements completely, the one N-Triples writer, the SPARQL Update text),
:mod:`kg.store.local` (embedded Oxigraph) and :mod:`kg.store.remote` (any
SPARQL 1.1 endpoint). :func:`open_store` picks one from a location.
"""

from __future__ import annotations

from .base import (
    MERGE_ALL_UPDATE,
    SPARQL_PROLOGUE,
    Store,
    from_ox,
    ntriples,
    replace_update,
    retract_update,
    term_value,
)
from .local import DEFAULT_STORE, LocalStore, open_store

__all__ = [
    "DEFAULT_STORE", "MERGE_ALL_UPDATE", "SPARQL_PROLOGUE", "LocalStore", "Store", "from_ox", "ntriples",
    "open_store", "replace_update", "retract_update", "term_value",
]
