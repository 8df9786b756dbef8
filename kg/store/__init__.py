"""The triple store: one named graph per article, and the merged default
graph beside them (what a write keeps in step, and why queries read the
merged graph, is told in :mod:`kg.store.local`).

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
