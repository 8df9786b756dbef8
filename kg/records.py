"""The read model: people, countries, places, organisations, issues and
meetings read back from the store, once, with one rule for each choice that
more than one output needs.

Each article graph states what that article says; here the reports are
merged per node, by the rules below, and every output (``kg meetings``,
``kg people``, ``kg view``, ``kg centrality``, the GraphML and CSV exports)
reads them from a :class:`ReadModel`, so a person has the same name and
country everywhere:

- a node's display name: :func:`display_name` (the fullest name, then the
  one most articles use);
- a person's country: :func:`person_country` (the one most articles say
  they act for);
- a meeting: participants and topics united, the place most reports give,
  the most precise date (of equally precise ones, the earliest-published
  report's), the most common known mode, and the status of the
  latest-published report that knows one;
- a place that is a country ("talks in Switzerland") is that country.

The filters (``--since/--until``, ``--country``, ``--person``) are
:class:`kg.filters.Filters`, applied by :meth:`ReadModel.select`. The JSON
contract of DESIGN.md (``kg meetings --format json``, ``kg people --format
json``) is :func:`meetings` and :func:`people`.

Reading is sized for stores of many thousand articles: each part is read on
first use, in a few single-pattern queries over the merged graph; the
per-article reports (``GRAPH ?g``) are read only for the nodes whose
articles disagree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from .filters import Filters, check_date, find_country, find_person, in_window
from .rdf.iris import key_from_iri, source_parts
from .rdf.namespace import MODE_NAMES, STATUS_NAMES
from .store import SPARQL_PROLOGUE, Store

_MODES = {str(k): v for k, v in MODE_NAMES.items()}
_STATUSES = {str(k): v for k, v in STATUS_NAMES.items()}
#: The kinds of node whose sources the read model gives, and their class.
_CITING = {"person": "schema:Person", "meeting": "dkg:Meeting"}
#: IRIs per VALUES block of the per-article queries.
_CHUNK = 500


# -- the rules ---------------------------------------------------------------------
def display_name(names: Counter | dict[str, int]) -> str:
    """The name to show for a node that articles name in several ways: the
    one with the most words, then the one most articles use, then the first
    in alphabetical order.

    >>> display_name(Counter({"Blinken": 5, "Antony Blinken": 2, "Tony Blinken": 2}))
    'Antony Blinken'
    """
    return sorted(names.items(), key=lambda kv: (-len(kv[0].split()), -kv[1], kv[0]))[0][0]


def person_country(votes: Counter | dict[str, int]) -> str | None:
    """The ISO code of the country most articles say a person acts for (ties:
    the first code in alphabetical order); None without a vote.

    >>> person_country(Counter({"US": 1, "CN": 3})), person_country({"US": 1, "CN": 1}), person_country({})
    ('CN', 'CN', None)
    """
    if not votes:
        return None
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


# -- value objects -----------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """A sentence that states a fact: article id, text and character offsets."""

    article: str
    sentence: str
    start: int
    end: int

    def as_json(self) -> dict:
        return {"article": self.article, "sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class ArticleInfo:
    """An article's metadata (from the manifest or the .jsonl line)."""

    id: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Country:
    iri: str
    code: str
    name: str


@dataclass(frozen=True)
class Person:
    iri: str
    name: str
    aliases: tuple[str, ...]
    country: str | None  # ISO code
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    """A place; ``country`` is the country it lies in, and ``is_country`` says
    the place *is* that country (then it is shown as the country)."""

    iri: str
    name: str
    country: str | None
    is_country: bool = False


@dataclass(frozen=True)
class Organisation:
    iri: str
    name: str
    country: str | None


@dataclass(frozen=True)
class Meeting:
    """One meeting, merged across the articles that report it. ``countries``
    are ISO codes: the sides and the participants' countries."""

    iri: str
    date: str | None
    mode: str
    status: str
    participants: tuple[str, ...]  # person IRIs, by display name
    countries: tuple[str, ...]  # ISO codes, by name
    place: str | None  # place IRI
    topics: tuple[str, ...]  # issue IRIs
    confidence: float | None = None
    rules: tuple[str, ...] = ()


# -- reading the store ------------------------------------------------------------------------
def _rows(store: Store, query: str) -> Iterator[tuple[str | None, ...]]:
    """The rows of a SELECT as plain strings (IRIs, literals' lexical forms;
    None when unbound). A local store answers through Oxigraph directly,
    without building rdflib terms (the read model reads every node)."""
    engine = store.oxigraph
    if engine is None:
        for row in store.query(SPARQL_PROLOGUE + query):
            yield tuple(None if v is None else str(v) for v in row)
        return
    from .sparql import run_oxigraph

    for row in run_oxigraph(engine, SPARQL_PROLOGUE + query, union=store.union_default):
        yield tuple(None if v is None else v.value for v in row)


def _pairs(store: Store, predicate: str) -> dict[str, list[str]]:
    """Subject -> objects of ``predicate`` in the merged graph."""
    out: dict[str, list[str]] = defaultdict(list)
    for s, o in _rows(store, f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"):
        out[s].append(o)
    return out


def _per_article(store: Store, predicate: str, subjects: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """(subject, article graph, object) of ``predicate`` as each article
    graph states it, for ``subjects`` only."""
    subjects = sorted(subjects)
    for i in range(0, len(subjects), _CHUNK):
        values = " ".join(f"<{s}>" for s in subjects[i:i + _CHUNK])
        yield from _rows(store, f"SELECT ?s ?g ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s {predicate} ?o }} }}")


def _votes(store: Store, predicate: str, merged: dict[str, list[str]]) -> dict[str, Counter]:
    """Subject -> Counter of objects by the number of articles that state
    them; read per article only where the merged graph holds several."""
    out = {s: Counter({o: 1}) for s, objs in merged.items() for o in objs if len(objs) == 1}
    graphs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s, g, o in _per_article(store, predicate, (s for s, objs in merged.items() if len(objs) > 1)):
        graphs[(s, o)].add(g)
    for (s, o), gs in graphs.items():
        out.setdefault(s, Counter())[o] = len(gs)
    return out


def _dedupe_titles(titles: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for t in titles:
        seen.setdefault(t.casefold(), t)
    return tuple(sorted(seen.values(), key=str.casefold))


@dataclass
class ReadModel:
    """Everything the outputs show, read from ``store`` on first use of each
    part (``kg people`` never reads meetings; ``kg meetings`` never reads
    people's sources)."""

    store: Store
    _cites: dict[str, dict[str, list[Source]]] = field(default_factory=dict, repr=False)

    # -- nodes ------------------------------------------------------------------------
    @cached_property
    def countries(self) -> dict[str, Country]:
        """ISO code -> Country, for every country in the store."""
        names: dict[str, Counter] = defaultdict(Counter)
        iris: dict[str, str] = {}
        for c, n in _rows(self.store, "SELECT ?c ?n WHERE { ?c a schema:Country ; schema:name ?n }"):
            code = key_from_iri(c, "country") or c
            names[code][n] += 1
            iris[code] = c
        return {code: Country(iris[code], code, display_name(n)) for code, n in sorted(names.items())}

    def country_name(self, code: str | None) -> str | None:
        if code is None:
            return None
        c = self.countries.get(code)
        return c.name if c else code

    @cached_property
    def people(self) -> dict[str, Person]:
        """Person IRI -> Person, by display name."""
        merged: dict[str, list[str]] = defaultdict(list)
        for p, n in _rows(self.store, "SELECT ?p ?n WHERE { ?p a schema:Person ; schema:name ?n }"):
            merged[p].append(n)
        names = _votes(self.store, "schema:name", merged)
        represents: dict[str, list[str]] = defaultdict(list)
        for p, c in _rows(self.store, "SELECT ?p ?c WHERE { ?p a schema:Person ; dkg:represents ?c }"):
            represents[p].append(c)
        votes = {p: Counter({key_from_iri(c, "country") or c: k for c, k in v.items()})
                 for p, v in _votes(self.store, "dkg:represents", represents).items()}
        aliases = _pairs(self.store, "skos:altLabel")
        titles = _pairs(self.store, "schema:jobTitle")
        out = []
        for p in merged:
            name = display_name(names[p])
            out.append(Person(p, name, tuple(sorted((set(aliases.get(p, ())) | set(names[p])) - {name})),
                              person_country(votes.get(p, {})), _dedupe_titles(sorted(titles.get(p, ())))))
        out.sort(key=lambda x: (x.name.casefold(), x.iri))
        return {x.iri: x for x in out}

    def person_name(self, iri: str) -> str:
        p = self.people.get(iri)
        return p.name if p else (key_from_iri(iri, "person") or iri)

    @cached_property
    def places(self) -> dict[str, Place]:
        """Place IRI -> Place. A place whose key is a country's, or whose name
        is the name of the country it lies in, is that country."""
        names: dict[str, Counter] = defaultdict(Counter)
        within: dict[str, str] = {}
        q = "SELECT ?pl ?n ?c WHERE { ?pl a schema:Place ; schema:name ?n . OPTIONAL { ?pl schema:containedInPlace ?c } }"
        for pl, n, c in _rows(self.store, q):
            names[pl][n] += 1
            if c:
                within[pl] = key_from_iri(c, "country") or c
        out = {}
        for pl, counter in sorted(names.items()):
            name, code = display_name(counter), within.get(pl)
            key = key_from_iri(pl, "place") or ""
            is_country = code is not None and (key == f"country:{code}" or name.casefold() == (self.country_name(code) or "").casefold())
            out[pl] = Place(pl, self.country_name(code) if is_country else name, code, is_country)
        return out

    def place_name(self, iri: str | None) -> str | None:
        if iri is None:
            return None
        p = self.places.get(iri)
        return p.name if p else (key_from_iri(iri, "place") or iri)

    @cached_property
    def issues(self) -> dict[str, str]:
        """Issue IRI -> label, for every issue a meeting discussed."""
        labels = _pairs(self.store, "skos:prefLabel")
        out = {}
        for i in sorted({i for objs in self._meeting_facts["dkg:discussed"].values() for i in objs}):
            out[i] = display_name(Counter(labels.get(i) or [i.rsplit("/", 1)[-1].replace("-", " ")]))
        return out

    @cached_property
    def organisations(self) -> dict[str, Organisation]:
        names: dict[str, Counter] = defaultdict(Counter)
        countries: dict[str, Counter] = defaultdict(Counter)
        q = "SELECT ?o ?n ?c WHERE { ?o a org:Organization ; schema:name ?n . OPTIONAL { ?o dkg:represents ?c } }"
        for o, n, c in _rows(self.store, q):
            names[o][n] += 1
            if c:
                countries[o][key_from_iri(c, "country") or c] += 1
        return {o: Organisation(o, display_name(n), person_country(countries[o])) for o, n in sorted(names.items())}

    @cached_property
    def articles(self) -> dict[str, ArticleInfo]:
        """Article id -> its metadata."""
        return {info.id: info for info in self._articles.values()}

    @cached_property
    def _articles(self) -> dict[str, ArticleInfo]:
        """The key an article's IRIs are minted from -> its metadata. The key
        is the id as given; ``dcterms:identifier`` is the id as stored (the
        same, but for characters a literal cannot carry)."""
        q = """SELECT ?a ?id ?pub ?title ?url ?publisher WHERE { ?a a schema:NewsArticle ; dcterms:identifier ?id .
               OPTIONAL { ?a dcterms:issued ?pub } OPTIONAL { ?a dcterms:title ?title }
               OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a dcterms:publisher ?publisher } }"""
        out: dict[str, ArticleInfo] = {}
        for a, aid, pub, title, url, publisher in _rows(self.store, q):
            key = key_from_iri(a, "article")
            if key is not None and key not in out:
                out[key] = ArticleInfo(aid, pub, title, url, publisher)
        return out

    # -- meetings ----------------------------------------------------------------------------
    @cached_property
    def _meeting_facts(self) -> dict[str, dict[str, list[str]]]:
        """Predicate -> meeting -> objects in the merged graph."""
        one = ("dkg:mode", "dkg:status", "sem:hasTimeStamp", "dkg:heldIn")  # one each, unless articles disagree
        facts: dict[str, dict[str, dict[str, None]]] = {p: defaultdict(dict) for p in one}
        q = """SELECT ?m ?mode ?status ?date ?place WHERE { ?m dkg:mode ?mode ; dkg:status ?status .
               OPTIONAL { ?m sem:hasTimeStamp ?date } OPTIONAL { ?m dkg:heldIn ?place } }"""
        for m, *values in _rows(self.store, q):
            for p, v in zip(one, values):
                if v is not None:
                    facts[p][m][v] = None
        out = {p: {m: list(vs) for m, vs in d.items()} for p, d in facts.items()}
        for p in ("sem:hasActor", "dkg:side", "dkg:discussed"):
            out[p] = _pairs(self.store, p)
        return out

    @cached_property
    def meetings(self) -> list[Meeting]:
        """All meetings, sorted by date (undated last), then IRI."""
        return self._meetings(details=False)

    def _reports(self, predicate: str, meetings: Iterable[str]) -> dict[str, list[tuple[str, str, str]]]:
        """Meeting -> [(published, graph, object)] of ``predicate`` as each
        article states it, earliest-published first."""
        out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for m, g, o in _per_article(self.store, predicate, meetings):
            info = self._articles.get(key_from_iri(g, "graph/article") or "")
            out[m].append((info.published or "" if info else "", g, o))
        for reps in out.values():
            reps.sort()
        return out

    def _meetings(self, *, details: bool) -> list[Meeting]:
        facts = self._meeting_facts
        modes = {m: {_MODES.get(v, "unknown") for v in vs} - {"unknown"} for m, vs in facts["dkg:mode"].items()}
        statuses = {m: {_STATUSES.get(v, "unknown") for v in vs} - {"unknown"} for m, vs in facts["dkg:status"].items()}
        dates = facts["sem:hasTimeStamp"]
        # where articles disagree, the reports of each article decide
        mode_reports = self._reports("dkg:mode", [m for m, v in modes.items() if len(v) > 1])
        status_reports = self._reports("dkg:status", [m for m, v in statuses.items() if len(v) > 1])
        date_reports = self._reports("sem:hasTimeStamp", [m for m, v in dates.items() if len(v) > 1])
        places = _votes(self.store, "dkg:heldIn", facts["dkg:heldIn"])
        confidence: dict[str, float] = {}
        rules: dict[str, list[str]] = {}
        if details:
            for m, vs in _pairs(self.store, "dkg:confidence").items():
                confidence[m] = max(float(v) for v in vs)
            rules = _pairs(self.store, "dkg:rule")
        people, issues = self.people, self.issues
        out = []
        for m in sorted(set(facts["dkg:mode"]) | set(facts["dkg:status"])):
            if m in mode_reports:
                count = Counter(_MODES.get(o, "unknown") for _, _, o in mode_reports[m])
                count.pop("unknown", None)
                mode = count.most_common(1)[0][0]
            else:
                mode = next(iter(modes.get(m) or {"unknown"}))
            if m in status_reports:
                status = [s for s in (_STATUSES.get(o, "unknown") for _, _, o in status_reports[m]) if s != "unknown"][-1]
            else:
                status = next(iter(statuses.get(m) or {"unknown"}))
            if m in date_reports:
                date = max((o for _, _, o in date_reports[m]), key=len)
            else:
                date = (dates.get(m) or [None])[0]
            participants = sorted(set(facts["sem:hasActor"].get(m, ())), key=lambda p: (self.person_name(p).casefold(), p))
            codes = {key_from_iri(c, "country") or c for c in facts["dkg:side"].get(m, ())}
            codes |= {people[p].country for p in participants if p in people and people[p].country}
            votes = places.get(m)
            place = sorted(votes.items(), key=lambda kv: (-kv[1], self.place_name(kv[0]), kv[0]))[0][0] if votes else None
            out.append(
                Meeting(
                    iri=m,
                    date=date,
                    mode=mode,
                    status=status,
                    participants=tuple(participants),
                    countries=tuple(sorted(codes, key=lambda c: (self.country_name(c), c))),
                    place=place,
                    topics=tuple(sorted(set(facts["dkg:discussed"].get(m, ())), key=lambda i: (issues.get(i, i), i))),
                    confidence=confidence.get(m),
                    rules=tuple(sorted(set(rules.get(m, ())))),
                )
            )
        out.sort(key=lambda x: (x.date is None, x.date or "", x.iri))
        return out

    @cached_property
    def met(self) -> set[frozenset[str]]:
        """Pairs of people who met (the store's person ``dkg:met`` person:
        participants of one meeting acting for different sides)."""
        rows = _rows(self.store, "SELECT ?a ?b WHERE { ?a dkg:met ?b FILTER (STR(?a) < STR(?b)) }")
        return {frozenset((a, b)) for a, b in rows}

    def sources(self, iris: Iterable[str]) -> dict[str, list[Source]]:
        """Person or meeting IRI -> its source sentences, in article and
        offset order (other IRIs: none)."""
        out = {}
        for i in iris:
            kind = next((k for k in _CITING if key_from_iri(i, k) is not None), None)
            out[i] = self._citations(kind).get(i, []) if kind else []
        return out

    def _citations(self, kind: str) -> dict[str, list[Source]]:
        """Node IRI -> its sources, for every node of ``kind`` (read once).
        The article and offsets come from the source IRI, which is minted
        from them (:func:`kg.rdf.iris.source_iri`; the article's stored id
        is looked up by its key); the triples are read for a source whose
        IRI is not."""
        if kind in self._cites:
            return self._cites[kind]
        q = f"SELECT ?x ?s ?t WHERE {{ ?x a {_CITING[kind]} ; prov:wasDerivedFrom ?s . ?s dkg:text ?t }}"
        articles = self._articles
        found: dict[str, set[Source]] = defaultdict(set)
        odd: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for x, s, text in _rows(self.store, q):
            parts = source_parts(s)
            if parts is None:
                odd[s].append((x, text))
            else:
                info = articles.get(parts[0])
                found[x].add(Source(info.id if info else parts[0], text, parts[1], parts[2]))
        if odd:
            values = " ".join(f"<{s}>" for s in sorted(odd))
            q = (f"SELECT ?s ?a ?start ?end WHERE {{ VALUES ?s {{ {values} }} ?s dkg:start ?start ; dkg:end ?end ; "
                 "dkg:article ?art . ?art dcterms:identifier ?a }")
            for s, a, start, end in _rows(self.store, q):
                for x, text in odd[s]:
                    found[x].add(Source(a, text, int(start), int(end)))
        self._cites[kind] = {x: sorted(v, key=lambda s: (s.article, s.start, s.end)) for x, v in found.items()}
        return self._cites[kind]

    # -- filters ----------------------------------------------------------------------------------
    def find_country(self, value: str) -> str:
        """:func:`kg.filters.find_country`, answering from the store's countries first."""
        return find_country(value, {c.code: c.name for c in self.countries.values()})

    def select(self, filters: Filters | None = None, meetings: list[Meeting] | None = None) -> list[Meeting]:
        """The meetings (all, or ``meetings``) that pass ``filters``."""
        items = self.meetings if meetings is None else meetings
        if not filters:
            return list(items)
        code = self.find_country(filters.country) if filters.country else None
        person = find_person(self.store, filters.person) if filters.person else None
        return [
            m for m in items
            if in_window(m.date, filters.since, filters.until)
            and (code is None or code in m.countries)
            and (person is None or person in m.participants)
        ]

    def select_people(self, filters: Filters | None = None) -> list[Person]:
        """The people ``filters`` keep: without filters, everyone; with a date
        window or a person, the participants of the meetings that pass them;
        with a country, only the people who act for it."""
        keep = list(self.people.values())
        if not filters:
            return keep
        if filters.since or filters.until or filters.person:
            present = {p for m in self.select(filters) for p in m.participants}
            keep = [p for p in keep if p.iri in present]
        if filters.country:
            code = self.find_country(filters.country)
            keep = [p for p in keep if p.country == code]
        return keep

    # -- the JSON contract ---------------------------------------------------------------------------
    def meeting_json(self, m: Meeting, sources: list[Source], *, details: bool = False) -> dict:
        people = self.people
        item = {
            "id": m.iri,
            "participants": [
                {"id": p, "name": self.person_name(p), "country": self.country_name(people[p].country) if p in people else None}
                for p in m.participants
            ],
            "countries": sorted(self.country_name(c) for c in m.countries),
            "place": self.place_name(m.place),
            "date": m.date,
            "mode": m.mode,
            "status": m.status,
            "topics": [self.issues.get(i, i) for i in m.topics],
            "sources": [s.as_json() for s in sources],
        }
        if details:
            item["confidence"] = m.confidence
            item["rules"] = list(m.rules)
        return item

    def person_json(self, p: Person, sources: list[Source]) -> dict:
        return {
            "id": p.iri,
            "name": p.name,
            "aliases": list(p.aliases),
            "country": self.country_name(p.country),
            "titles": list(p.titles),
            "sources": [s.as_json() for s in sources],
        }


def _model(store: Store | ReadModel) -> ReadModel:
    return store if isinstance(store, ReadModel) else ReadModel(store)


def meetings(store: Store | ReadModel, *, details: bool = False, filters: Filters | None = None) -> list[dict]:
    """All meetings (or those that pass ``filters``), merged across the
    articles that report them, sorted by date (undated last) then id, in the
    JSON contract of DESIGN.md. ``details`` adds "confidence" and "rules"
    (the extraction rules that produced the meeting) to each element."""
    model = _model(store)
    items = model.select(filters, model._meetings(details=True) if details else None)
    sources = model.sources(m.iri for m in items)
    return [model.meeting_json(m, sources[m.iri], details=details) for m in items]


def people(store: Store | ReadModel, *, filters: Filters | None = None) -> list[dict]:
    """All people (or those ``filters`` keep: :meth:`ReadModel.select_people`),
    merged across articles, sorted by name, in the JSON contract of DESIGN.md."""
    model = _model(store)
    chosen = model.select_people(filters)
    sources = model.sources(p.iri for p in chosen)
    return [model.person_json(p, sources[p.iri]) for p in chosen]


def person_countries(store: Store | ReadModel) -> dict[str, str | None]:
    """Person IRI -> ISO code of the country most articles say they act for."""
    return {iri: p.country for iri, p in _model(store).people.items()}


__all__ = [
    "ArticleInfo", "Country", "Filters", "Meeting", "Organisation", "Person", "Place", "ReadModel", "Source",
    "check_date", "display_name", "find_country", "find_person", "in_window", "meetings", "people",
    "person_country", "person_countries",
]
