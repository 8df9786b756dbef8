"""The knowledge graph as a networkx graph with scalar attributes only (for
the GraphML and CSV exports), made from the read model (:mod:`kg.records`),
so names and countries are the ones every other output shows.

Nodes: people, countries, organisations, places, meetings and issues, each
with a ``label`` and a ``type``; people add ``titles`` and ``country``,
meetings ``date``, ``mode``, ``status``. A place that is a country, and an
organisation named as a country it stands for (the European Union), are
that country's node. Edges (keyed by their ``type``): participant
(meeting -> person), side (meeting -> country), discussed (meeting ->
issue), heldIn (meeting -> place or country), met (person -> person,
``weight`` = meetings shared), represents (person/organisation -> country).
Every attribute is a string or a number: GraphML has no lists or nulls.
Nodes and edges are added in sorted order, so exports diff cleanly.
"""

from __future__ import annotations

import networkx as nx

from .records import ReadModel
from .store import Store

NODE_TYPES = ("person", "country", "organisation", "place", "meeting", "issue")


def meeting_label(names: list[str], date: str | None) -> str:
    """A meeting's label: up to three participants and its date.

    >>> meeting_label(["Alice Adams", "Bo Chen"], "2024-01-10")
    'Alice Adams – Bo Chen (2024-01-10)'
    >>> meeting_label(["A", "B", "C", "D"], None), meeting_label([], "2024")
    ('A – B – C …', 'meeting (2024)')
    """
    label = " – ".join(names[:3]) + (" …" if len(names) > 3 else "")
    return (label or "meeting") + (f" ({date})" if date else "")


def knowledge_graph(source: Store | ReadModel) -> nx.MultiDiGraph:
    """The whole graph with flat (string/number) node and edge attributes."""
    from .analysis import met_weights

    model = source if isinstance(source, ReadModel) else ReadModel(source)
    nodes: dict[str, dict] = {}
    country_node = {code: c.iri for code, c in model.countries.items()}
    for code, c in model.countries.items():
        nodes[c.iri] = {"label": c.name, "type": "country"}
    for p in model.people.values():
        attrs: dict[str, str | int] = {"label": p.name, "type": "person"}
        if p.titles:
            attrs["titles"] = "; ".join(p.titles)
        if p.country:
            attrs["country"] = model.country_name(p.country)
        nodes[p.iri] = attrs
    names = {c.name.casefold(): c.iri for c in model.countries.values()}
    same: dict[str, str] = {}  # node -> the country node it is
    for o in model.organisations.values():
        if o.name.casefold() in names:
            same[o.iri] = names[o.name.casefold()]
        else:
            nodes[o.iri] = {"label": o.name, "type": "organisation"}
    for pl in model.places.values():
        if pl.is_country and pl.country in country_node:
            same[pl.iri] = country_node[pl.country]
        else:
            nodes[pl.iri] = {"label": pl.name, "type": "place"}
    for i, label in model.issues.items():
        nodes.setdefault(i, {"label": label, "type": "issue"})

    edges: set[tuple[str, str, str, int]] = set()
    for m in model.meetings:
        people = [p for p in m.participants if p in model.people]
        nodes[m.iri] = {"label": meeting_label([model.person_name(p) for p in people], m.date), "type": "meeting",
                        **({"date": m.date} if m.date else {}), "mode": m.mode, "status": m.status}
        edges.update((m.iri, "participant", p, 1) for p in people)
        edges.update((m.iri, "side", country_node[c], 1) for c in m.countries if c in country_node)
        edges.update((m.iri, "discussed", i, 1) for i in m.topics if i in nodes)
        if m.place:
            place = same.get(m.place, m.place)
            if place in nodes:
                edges.add((m.iri, "heldIn", place, 1))
    for (a, b), w in met_weights(model, model.meetings).items():
        edges.add((a, "met", b, w))
    for p in model.people.values():
        if p.country in country_node:
            edges.add((p.iri, "represents", country_node[p.country], 1))
    for o in model.organisations.values():
        if o.country in country_node and o.iri not in same:
            edges.add((o.iri, "represents", country_node[o.country], 1))

    g = nx.MultiDiGraph()
    for x in sorted(nodes):
        g.add_node(x, **nodes[x])
    for a, rel, b, w in sorted(edges):
        g.add_edge(a, b, key=rel, type=rel, weight=w)
    return g
