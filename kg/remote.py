"""The remote store, now :mod:`kg.store.remote` (kept so that
``from kg.remote import RemoteStore`` still works)."""

from __future__ import annotations

from .store.remote import (  # noqa: F401
    INDEX_ENV,
    QUERY_URL_ENV,
    UPDATE_URL_ENV,
    RemoteStore,
    bind_values,
    endpoints,
    sparql_term,
    where_brace,
)

__all__ = ["INDEX_ENV", "QUERY_URL_ENV", "UPDATE_URL_ENV", "RemoteStore", "bind_values", "endpoints", "sparql_term",
           "where_brace"]
