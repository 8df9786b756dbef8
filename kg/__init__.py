"""diplomacy-kg: an offline knowledge-graph builder for diplomacy news.

Library entry points (the CLI is a thin layer over them)::

    from kg.build import build          # articles -> store
    from kg.store import open_store     # the triple store
    from kg.records import meetings, people
    from kg.query import run_query
"""

__version__ = "0.1.0"
