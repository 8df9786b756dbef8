"""Deterministic IRIs minted from canonical keys (no blank nodes anywhere).

Any text may end up in a key (article ids come from file names and JSON), so
every path segment is percent-encoded: the IRI is always valid and the mapping
is reversible.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import quote, unquote

from rdflib import URIRef

from .namespace import ID, ISSUE

_SAFE = "-_.~"
#: IRIs of people, countries, places, organisations, posts and issues are
#: made once and kept (a build mints the same ones article after article).
_CACHED = 1 << 16


def _seg(text: str) -> str:
    """Percent-encode one path segment.

    A trailing "." is encoded too: "." and ".." segments would be removed by
    IRI normalisation, and a Turtle local name ending in an escaped dot trips
    up parsers (rdflib). surrogatepass: even a lone surrogate (possible in
    JSON input) gives a valid IRI instead of an encoding error.

    >>> _seg("a b/c"), _seg(".."), _seg("x.txt")
    ('a%20b%2Fc', '.%2E', 'x.txt')
    """
    seg = quote(text.encode("utf-8", "surrogatepass"), safe=_SAFE)
    return seg[:-1] + "%2E" if seg.endswith(".") else seg


@lru_cache(maxsize=_CACHED)
def person_iri(key: str) -> URIRef:
    return ID["person/" + _seg(key)]


@lru_cache(maxsize=_CACHED)
def country_iri(code: str) -> URIRef:
    return ID["country/" + _seg(code)]


@lru_cache(maxsize=_CACHED)
def org_iri(key: str) -> URIRef:
    return ID["org/" + _seg(key)]


@lru_cache(maxsize=_CACHED)
def place_iri(key: str) -> URIRef:
    return ID["place/" + _seg(key)]


@lru_cache(maxsize=_CACHED)
def post_iri(country: str | None, title_slug: str) -> URIRef:
    return ID[f"post/{_seg(country or 'none')}/{_seg(title_slug)}"]


def article_iri(article_id: str) -> URIRef:
    return ID["article/" + _seg(article_id)]


def article_graph_iri(article_id: str) -> URIRef:
    """The named graph that holds everything one article states."""
    return ID["graph/article/" + _seg(article_id)]


def key_from_iri(iri: str, kind: str) -> str | None:
    """The key an IRI of ``kind`` ("person", "country", "place",
    "graph/article", ...) was minted from; None for any other IRI.

    >>> key_from_iri(person_iri("xi-jinping"), "person"), key_from_iri(country_iri("CN"), "person")
    ('xi-jinping', None)
    """
    prefix = _prefix(kind)
    iri = str(iri)
    return unquote(iri[len(prefix):]) if iri.startswith(prefix) else None


@lru_cache(maxsize=64)
def _prefix(kind: str) -> str:
    return str(ID[kind + "/"])


def article_id_from_graph(graph: str) -> str | None:
    return key_from_iri(graph, "graph/article")


def source_iri(article_id: str, start: int, end: int) -> URIRef:
    return ID[f"source/{_article_seg(article_id)}/{start}-{end}"]


@lru_cache(maxsize=256)
def _article_seg(article_id: str) -> str:
    """:func:`_seg` of an article id (an article has many sources)."""
    return _seg(article_id)


def source_parts(iri: str) -> tuple[str, int, int] | None:
    """(article id, start, end) of a source IRI; None for any other IRI.

    >>> source_parts(source_iri("a/b c.txt", 3, 40)), source_parts(person_iri("x"))
    (('a/b c.txt', 3, 40), None)
    """
    prefix = _prefix("source")
    iri = str(iri)
    if not iri.startswith(prefix):
        return None
    seg, _, span = iri[len(prefix):].rpartition("/")
    start, _, end = span.partition("-")
    if not seg or not start.isdigit() or not end.isdigit():
        return None
    return unquote(seg), int(start), int(end)


@lru_cache(maxsize=_CACHED)
def issue_iri(key: str, *, new: bool = False) -> URIRef:
    return ISSUE[("new/" if new else "") + _seg(key)]


def new_issue_iri(label: str) -> URIRef | None:
    """The IRI of an issue outside the vocabulary, minted from its label:
    one IRI per label and one label per IRI (words joined by "-", a "-" of
    the label itself encoded). None for a label without a letter: markup
    or punctuation ("=", "+") is not an issue.

    >>> new_issue_iri("fishing rights").split("/")[-1], new_issue_iri("e-commerce").split("/")[-1], new_issue_iri("+ =")
    ('new-fishing-rights', 'new-e%2Dcommerce', None)
    """
    if not any(c.isalpha() for c in label):
        return None
    words = [quote(w.encode("utf-8", "surrogatepass"), safe="_.~").replace("-", "%2D") for w in label.split(" ")]
    seg = "new-" + "-".join(words)
    return ISSUE["new/" + (seg[:-1] + "%2E" if seg.endswith(".") else seg)]


def meeting_iri(key: str) -> URIRef:
    """A meeting IRI from its canonical key (a string built by the resolver)."""
    return ID["meeting/" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]]
