"""The knowledge graph as a networkx graph with scalar attributes only (for
GraphML, CSV and the HTML view): people, countries, organisations, places,
meetings and issues as nodes; participation, sides, topics, places and the
plain met/represents relations as edges."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .rdf.namespace import MODE_NAMES, STATUS_NAMES
from .store import SPARQL_PROLOGUE, Store

NODE_TYPES = ("person", "country", "organisation", "place", "meeting", "issue")

_NODES = """
SELECT ?x ?type ?label WHERE {
  { ?x a schema:Person ; schema:name ?label . BIND("person" AS ?type) }
  UNION { ?x a schema:Country ; schema:name ?label . BIND("country" AS ?type) }
  UNION { ?x a org:Organization ; schema:name ?label . BIND("organisation" AS ?type) }
  UNION { ?x a schema:Place ; schema:name ?label . BIND("place" AS ?type) }
  UNION { ?x a dkg:Meeting . BIND("meeting" AS ?type) BIND("" AS ?label) }
  UNION { ?m dkg:discussed ?x . ?x skos:prefLabel ?label . BIND("issue" AS ?type) }
}"""

_EDGES = """
SELECT DISTINCT ?a ?rel ?b WHERE {
  { ?a sem:hasActor ?b . ?a a dkg:Meeting . ?b a schema:Person . BIND("participant" AS ?rel) }
  UNION { ?a dkg:side ?b . BIND("side" AS ?rel) }
  UNION { ?a dkg:discussed ?b . BIND("discussed" AS ?rel) }
  UNION { ?a dkg:heldIn ?b . BIND("heldIn" AS ?rel) }
  UNION { ?a dkg:met ?b . FILTER (STR(?a) < STR(?b)) BIND("met" AS ?rel) }
  UNION { ?a dkg:represents ?b . BIND("represents" AS ?rel) }
}"""


def knowledge_graph(store: Store) -> nx.MultiDiGraph:
    """The whole graph with flat (string/number) node and edge attributes."""
    g = nx.MultiDiGraph()
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    for x, t, label in store.query(SPARQL_PROLOGUE + _NODES):
        x = str(x)
        types.setdefault(x, str(t))
        if len(str(label)) > len(labels.get(x, "")):
            labels[x] = str(label)
    details: dict[str, dict] = defaultdict(dict)
    q = """SELECT ?m ?date ?mode ?status WHERE { ?m a dkg:Meeting ; dkg:mode ?mode ; dkg:status ?status .
           OPTIONAL { ?m sem:hasTimeStamp ?date } }"""
    for m, date, mode, status in store.query(SPARQL_PROLOGUE + q):
        d = details[str(m)]
        if date is not None and len(str(date)) > len(d.get("date", "")):
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
    for x, t in types.items():
        attrs = {"label": labels.get(x, ""), "type": t}
        if t == "person" and titles.get(x):
            attrs["titles"] = "; ".join(sorted(titles[x], key=str.casefold))
        if t == "meeting":
            attrs.update({k: v for k, v in details.get(x, {}).items()})
        g.add_node(x, **attrs)
    parts: dict[str, list[str]] = defaultdict(list)
    for a, rel, b in store.query(SPARQL_PROLOGUE + _EDGES):
        a, b, rel = str(a), str(b), str(rel)
        if a not in g or b not in g:
            continue
        g.add_edge(a, b, key=rel, type=rel, weight=1)
        if rel == "participant":
            parts[a].append(labels.get(b, b))
    for m, names in parts.items():
        d = details.get(m, {})
        g.nodes[m]["label"] = " – ".join(sorted(names)[:3]) + (f" ({d['date']})" if d.get("date") else "")
    for m in g.nodes:
        if g.nodes[m]["type"] == "meeting" and not g.nodes[m]["label"]:
            g.nodes[m]["label"] = "meeting" + (f" ({details.get(m, {}).get('date')})" if details.get(m, {}).get("date") else "")
    return g
