"""Read meetings and people back from the store, in the JSON contract of
DESIGN.md (``kg meetings --format json``, ``kg people --format json``).

Each article graph states what that article says; here the reports are
merged per node: participants and topics are united, the place is the one
most reports give, the date the most precise compatible one, and the status
that of the latest-published report that knows it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rdflib import URIRef

from .rdf.iris import key_from_iri
from .rdf.namespace import MODE_NAMES, STATUS_NAMES
from .store import SPARQL_PROLOGUE, Store


def _code(iri) -> str:
    return key_from_iri(iri, "country")


def _rows(store: Store, query: str, bindings=None):
    return store.query(SPARQL_PROLOGUE + query, bindings)


def _country_names(store: Store) -> dict[str, str]:
    names: dict[str, str] = {}
    for c, n in _rows(store, "SELECT ?c ?n WHERE { ?c a schema:Country ; schema:name ?n }"):
        names.setdefault(_code(c), str(n))
    return names


def _sources(store: Store, predicate_subjects: str) -> dict[str, list[dict]]:
    q = f"""
    SELECT ?x ?aid ?text ?start ?end WHERE {{
      {predicate_subjects}
      ?x prov:wasDerivedFrom ?s .
      ?s dkg:text ?text ; dkg:start ?start ; dkg:end ?end ; dkg:article ?a .
      ?a dcterms:identifier ?aid .
    }}"""
    out: dict[str, dict[tuple, dict]] = defaultdict(dict)
    for x, aid, text, start, end in _rows(store, q):
        key = (str(aid), int(start), int(end))
        out[str(x)][key] = {"article": str(aid), "sentence": str(text), "start": int(start), "end": int(end)}
    return {k: [v[s] for s in sorted(v)] for k, v in out.items()}


def person_countries(store: Store) -> dict[str, str | None]:
    """Person IRI -> ISO code of the country most articles say they act for."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for p, c, _g in _rows(store, "SELECT ?p ?c ?g WHERE { GRAPH ?g { ?p a schema:Person ; dkg:represents ?c } }"):
        votes[str(p)][_code(c)] += 1
    return {p: sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for p, v in votes.items()}


def people(store: Store) -> list[dict]:
    """All people, merged across articles, sorted by name."""
    names: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, dict[str, None]] = defaultdict(dict)
    for p, n, _g in _rows(store, "SELECT ?p ?n ?g WHERE { GRAPH ?g { ?p a schema:Person ; schema:name ?n } }"):
        names[str(p)][str(n)] += 1
    for p, a in _rows(store, "SELECT DISTINCT ?p ?a WHERE { ?p a schema:Person ; skos:altLabel ?a }"):
        aliases[str(p)].add(str(a))
    for p, t in _rows(store, "SELECT DISTINCT ?p ?t WHERE { ?p a schema:Person ; schema:jobTitle ?t } ORDER BY ?p ?t"):
        titles[str(p)].setdefault(str(t), None)
    countries = person_countries(store)
    cnames = _country_names(store)
    sources = _sources(store, "?x a schema:Person .")
    out = []
    for p, counter in names.items():
        name = sorted(counter.items(), key=lambda kv: (-len(kv[0].split()), -kv[1], kv[0]))[0][0]
        code = countries.get(p)
        out.append(
            {
                "id": p,
                "name": name,
                "aliases": sorted((aliases[p] | set(counter)) - {name}),
                "country": cnames.get(code, code) if code else None,
                "titles": _dedupe_titles(titles[p]),
                "sources": sources.get(p, []),
            }
        )
    out.sort(key=lambda d: (d["name"].casefold(), d["id"]))
    return out


def _dedupe_titles(titles: dict[str, None]) -> list[str]:
    seen: dict[str, str] = {}
    for t in titles:
        seen.setdefault(t.casefold(), t)
    return sorted(seen.values(), key=str.casefold)


def meetings(store: Store, *, details: bool = False) -> list[dict]:
    """All meetings, merged across the articles that report them, sorted by
    date (undated last) then id. ``details`` adds "confidence" and "rules"
    (the extraction rules that produced the meeting) to each element."""
    reports: dict[str, list[dict]] = defaultdict(list)
    q = """
    SELECT ?m ?g ?mode ?status ?date ?pub ?conf ?rule WHERE {
      GRAPH ?g { ?m a dkg:Meeting ; dkg:mode ?mode ; dkg:status ?status .
        OPTIONAL { ?m sem:hasTimeStamp ?date } OPTIONAL { ?m dkg:confidence ?conf } OPTIONAL { ?m dkg:rule ?rule }
        OPTIONAL { ?a a schema:NewsArticle ; dcterms:issued ?pub } } }"""
    for m, g, mode, status, date, pub, conf, rule in _rows(store, q):
        reports[str(m)].append(
            {
                "graph": str(g),
                "mode": MODE_NAMES.get(mode, "unknown"),
                "status": STATUS_NAMES.get(status, "unknown"),
                "date": str(date) if date is not None else None,
                "published": str(pub) if pub is not None else "",
                "confidence": float(conf) if conf is not None else None,
                "rule": str(rule) if rule is not None else None,
            }
        )
    participants: dict[str, set[str]] = defaultdict(set)
    for m, p in _rows(store, "SELECT DISTINCT ?m ?p WHERE { ?m a dkg:Meeting ; sem:hasActor ?p }"):
        participants[str(m)].add(str(p))
    sides: dict[str, set[str]] = defaultdict(set)
    for m, c in _rows(store, "SELECT DISTINCT ?m ?c WHERE { ?m a dkg:Meeting ; dkg:side ?c }"):
        sides[str(m)].add(_code(c))
    places: dict[str, Counter] = defaultdict(Counter)
    for m, name, _g in _rows(store, "SELECT ?m ?n ?g WHERE { GRAPH ?g { ?m dkg:heldIn ?pl } ?pl schema:name ?n }"):
        places[str(m)][str(name)] += 1
    topics: dict[str, dict[str, None]] = defaultdict(dict)
    for m, label in _rows(store, "SELECT DISTINCT ?m ?l WHERE { ?m dkg:discussed ?i . ?i skos:prefLabel ?l }"):
        topics[str(m)].setdefault(str(label), None)
    pnames = {d["id"]: d for d in people(store)}
    cnames = _country_names(store)
    sources = _sources(store, "?x a dkg:Meeting .")

    out = []
    for m, reps in reports.items():
        reps.sort(key=lambda r: (r["published"], r["graph"]))
        known_status = [r["status"] for r in reps if r["status"] != "unknown"]
        modes = Counter(r["mode"] for r in reps if r["mode"] != "unknown")
        dates = [r["date"] for r in reps if r["date"]]
        date = max(dates, key=len) if dates else None
        plist = []
        for pid in sorted(participants[m], key=lambda i: pnames.get(i, {}).get("name", i)):
            info = pnames.get(pid, {})
            plist.append({"id": pid, "name": info.get("name", key_from_iri(pid, "person")), "country": info.get("country")})
        countries = set(sides[m])
        names = sorted({cnames.get(c, c) for c in countries} | {p["country"] for p in plist if p["country"]})
        place = sorted(places[m].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if places[m] else None
        confs = [r["confidence"] for r in reps if r["confidence"] is not None]
        item = {
                "id": m,
                "participants": plist,
                "countries": names,
                "place": place,
                "date": date,
                "mode": modes.most_common(1)[0][0] if modes else "unknown",
                "status": known_status[-1] if known_status else "unknown",
                "topics": list(topics[m]),
                "sources": sources.get(m, []),
            }
        if details:
            item["confidence"] = max(confs) if confs else None
            item["rules"] = sorted({r["rule"] for r in reps if r["rule"]})
        out.append(item)
    out.sort(key=lambda d: (d["date"] is None, d["date"] or "", d["id"]))
    return out


__all__ = ["meetings", "people", "person_countries", "URIRef"]
