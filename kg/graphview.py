"""The knowledge graph as a networkx graph with scalar attributes only (for
GraphML, CSV and the HTML view).

Nodes: people, countries, organisations, places, meetings and issues, each
with a ``label`` and a ``type``; people add ``titles`` and ``country``,
meetings ``date``, ``mode``, ``status``. Edges (keyed by their ``type``):
participant (meeting -> person), side (meeting -> country), discussed
(meeting -> issue), heldIn (meeting -> place), met (person -> person,
``weight`` = meetings shared), represents (person/organisation -> country).
Every attribute is a string or a number: GraphML has no lists or nulls.
Nodes and edges are added in sorted order, so exports diff cleanly.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .rdf.namespace import MODE_NAMES, STATUS_NAMES
from .store import SPARQL_PROLOGUE, Store

NODE_TYPES = ("person", "country", "organisation", "place", "meeting", "issue")

_NODES = """
SELECT DISTINCT ?x ?type ?label WHERE {
  { ?x a schema:Person ; schema:name ?label . BIND("person" AS ?type) }
  UNION { ?x a schema:Country ; schema:name ?label . BIND("country" AS ?type) }
  UNION { ?x a org:Organization ; schema:name ?label . BIND("organisation" AS ?type) }
  UNION { ?x a schema:Place ; schema:name ?label . BIND("place" AS ?type) }
  UNION { ?x a dkg:Meeting . BIND("meeting" AS ?type) BIND("" AS ?label) }
  UNION { ?m dkg:discussed ?x . OPTIONAL { ?x skos:prefLabel ?l } BIND(COALESCE(?l, "") AS ?label) BIND("issue" AS ?type) }
}"""

_EDGES = """
SELECT DISTINCT ?a ?rel ?b WHERE {
  { ?a a dkg:Meeting ; sem:hasActor ?b . BIND("participant" AS ?rel) }
  UNION { ?a dkg:side ?b . BIND("side" AS ?rel) }
  UNION { ?a dkg:discussed ?b . BIND("discussed" AS ?rel) }
  UNION { ?a dkg:heldIn ?b . BIND("heldIn" AS ?rel) }
  UNION { ?a dkg:met ?b . FILTER (STR(?a) < STR(?b)) BIND("met" AS ?rel) }
  UNION { ?a dkg:met ?b . FILTER NOT EXISTS { ?b dkg:met ?a } BIND("met" AS ?rel) }
  UNION { ?a dkg:represents ?b . BIND("represents" AS ?rel) }
}"""

#: Type precedence when a node has several (a person who is also a place...).
_PRECEDENCE = {t: i for i, t in enumerate(("meeting", "person", "country", "organisation", "issue", "place"))}


def _better_label(current: str | None, new: str) -> bool:
    return current is None or len(new) > len(current) or (len(new) == len(current) and new < current)


def knowledge_graph(store: Store) -> nx.MultiDiGraph:
    """The whole graph with flat (string/number) node and edge attributes."""
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    for x, t, label in store.query(SPARQL_PROLOGUE + _NODES):
        x, t, label = str(x), str(t), str(label)
        if x not in types or _PRECEDENCE[t] < _PRECEDENCE[types[x]]:
            types[x] = t
        if _better_label(labels.get(x), label):
            labels[x] = label
    details: dict[str, dict] = defaultdict(dict)
    q = """SELECT DISTINCT ?m ?date ?mode ?status WHERE { ?m a dkg:Meeting .
           OPTIONAL { ?m dkg:mode ?mode } OPTIONAL { ?m dkg:status ?status } OPTIONAL { ?m sem:hasTimeStamp ?date } }"""
    for m, date, mode, status in store.query(SPARQL_PROLOGUE + q):
        d = details[str(m)]
        if date is not None and _better_label(d.get("date"), str(date)):
            d["date"] = str(date)
        if MODE_NAMES.get(mode, "unknown") != "unknown":
            d["mode"] = MODE_NAMES[mode]
        d.setdefault("mode", "unknown")
        if STATUS_NAMES.get(status, "unknown") != "unknown":
            d["status"] = STATUS_NAMES[status]
        d.setdefault("status", "unknown")
    titles: dict[str, set[str]] = defaultdict(set)
    for p, t in store.query(SPARQL_PROLOGUE + "SELECT DISTINCT ?p ?t WHERE { ?p schema:jobTitle ?t }"):
        titles[str(p)].add(str(t))
    countries: dict[str, set[str]] = defaultdict(set)
    q = "SELECT DISTINCT ?p ?n WHERE { ?p dkg:represents ?c . ?c schema:name ?n }"
    for p, n in store.query(SPARQL_PROLOGUE + q):
        countries[str(p)].add(str(n))

    edges: set[tuple[str, str, str]] = set()
    for a, rel, b in store.query(SPARQL_PROLOGUE + _EDGES):
        a, b, rel = str(a), str(b), str(rel)
        if a in types and b in types:
            edges.add((a, rel, b))
    participants: dict[str, list[str]] = defaultdict(list)
    for a, rel, b in edges:
        if rel == "participant" and types[a] == "meeting" and types[b] == "person":
            participants[a].append(b)
    shared: dict[frozenset, int] = defaultdict(int)
    for people in participants.values():
        for i, p in enumerate(sorted(people)):
            for q2 in sorted(people)[i + 1 :]:
                shared[frozenset((p, q2))] += 1

    g = nx.MultiDiGraph()
    for x in sorted(types):
        t = types[x]
        attrs: dict[str, str | int] = {"label": labels.get(x, ""), "type": t}
        if t == "person":
            if titles.get(x):
                attrs["titles"] = "; ".join(sorted(titles[x], key=str.casefold))
            if countries.get(x):
                attrs["country"] = "; ".join(sorted(countries[x]))
        if t == "meeting":
            d = details.get(x, {})
            attrs.update(d)
            names = sorted(labels.get(p, p) for p in participants.get(x, []))
            label = " – ".join(names[:3]) + (" …" if len(names) > 3 else "")
            attrs["label"] = (label or "meeting") + (f" ({d['date']})" if d.get("date") else "")
        if t == "issue" and not attrs["label"]:
            attrs["label"] = x.rsplit("/", 1)[-1].replace("-", " ")
        g.add_node(x, **attrs)
    for a, rel, b in sorted(edges):
        if rel == "participant" and types[b] != "person":
            continue
        weight = max(1, shared.get(frozenset((a, b)), 0)) if rel == "met" else 1
        g.add_edge(a, b, key=rel, type=rel, weight=weight)
    return g


def node_sources(store: Store, *, limit: int = 3) -> dict[str, list[tuple[str, str]]]:
    """Up to ``limit`` source sentences per node: node id -> [(article id,
    sentence)], in article and offset order."""
    q = """SELECT DISTINCT ?x ?article ?start ?text WHERE {
        ?x prov:wasDerivedFrom ?s . ?s dkg:text ?text ; dkg:start ?start ; dkg:article ?a .
        ?a dcterms:identifier ?article }"""
    rows = sorted(
        ((str(x), str(a), int(start), str(text)) for x, a, start, text in store.query(SPARQL_PROLOGUE + q)),
    )
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for x, a, _start, text in rows:
        if len(out[x]) < limit:
            out[x].append((a, text))
    return dict(out)
