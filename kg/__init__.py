"""diplomacy-kg: an offline knowledge-graph builder for diplomacy news.

The Python API (:mod:`kg.api`)::

    import kg
    with kg.open("kg-store") as g:          # read-only by default
        meetings = g.meetings()             # typed objects (kg.Meeting)
        frame = g.meetings_frame()          # a pandas DataFrame
        network = g.network("people")       # a networkx graph

``import kg`` loads nothing else: each name below is imported on first use.
Library entry points (the CLI is a thin layer over them): :func:`kg.build.build`,
:func:`kg.store.open_store`, :mod:`kg.records`, :func:`kg.query.run_query`.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: Public names and the modules they live in, imported when first used.
_LAZY = {
    "open": "kg.api",
    "KnowledgeGraph": "kg.api",
    "Meeting": "kg.api",
    "Participant": "kg.api",
    "Person": "kg.api",
    "Source": "kg.types",
    "QueryResult": "kg.query",
    "BuildReport": "kg.build",
    "StoreStats": "kg.stats",
    "KgError": "kg.errors",
}

# "open" is left out on purpose: `from kg import *` must not hide the built-in open().
__all__ = [name for name in _LAZY if name != "open"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
