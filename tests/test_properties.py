"""Property-based tests (hypothesis): random bytes never crash ingest, any
text mints valid IRIs, and any name or sentence survives the store,
Turtle, GraphML and JSON unchanged (after the documented cleaning of
control characters). Example counts are modest; only one test runs spaCy,
on a handful of examples."""

from __future__ import annotations

import io
import itertools
import json
import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.errors import InputError
from kg.ingest import iter_articles, normalise_date
from kg.rdf import iris
from kg.rdf.build import _clean, article_triples
from kg.rdf.namespace import PREFIXES as _PREFIXES
from kg.store import LocalStore, ntriples
from kg.textin import clean_chars, first_bad_char, html_to_text
from kg.types import Article, ArticleRecord, MeetingRecord, PersonRecord, Place, Source, Topic

PREFIXES = {p: str(ns) for p, ns in _PREFIXES.items()}
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Characters that break things: controls, lone surrogates, non-characters,
#: bidi and zero-width marks, markup, Turtle/SPARQL/JSON syntax, dots.
SPECIALS = list("\x00\x01\x0b\x0c\x1b\x1f\r\n\t \ud800\udfff\ufffe\uffff\ufeff\u202e\u200d\u2028\x85<>\"'\\{}#;.%/:?&=@_~-^`|")
#: Any text, with those characters frequent.
#: (a list joined, since st.text() never yields surrogates)
any_text = st.lists(st.one_of(st.characters(codec=None, exclude_categories=()), st.sampled_from(SPECIALS)), max_size=200).map("".join)
#: Text as ingest hands it on: no control characters (but tab/newline), no
#: surrogates, no U+FFFE/U+FFFF, no carriage returns.
clean_text = any_text.map(lambda t: _clean(t))


# -- ingest ------------------------------------------------------------------------------
@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_ingest_of_random_bytes_raises_nothing_but_input_error(data, suffix):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"x{suffix}"
        path.write_bytes(data)
        problems: list[InputError] = []
        articles = list(iter_articles([path], on_error=problems.append))
        for a in articles:
            assert a.text.strip()
            assert first_bad_char(a.text) is None and "\r" not in a.text
        assert articles or problems
        try:  # the default handler raises InputError or nothing
            list(iter_articles([path]))
        except InputError:
            pass


def _as_ingested(text: str) -> str:
    return clean_chars(text.replace("\r\n", "\n").replace("\r", "\n"))[0]


def _utf32_reading(data: bytes) -> str | None:
    """What bytes that start FF FE 00 00 say as UTF-32 (that is its
    byte-order mark, and also UTF-16's before a U+0000), when that reading
    is text: it decodes, and has no unassigned or private-use code point."""
    import unicodedata

    if not data.startswith(b"\xff\xfe\x00\x00"):
        return None
    try:
        text = data.decode("utf-32")
    except UnicodeDecodeError:
        return None
    return None if any(unicodedata.category(c) in ("Cn", "Co") for c in text) else text


@FAST
@given(text=any_text, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
# UTF-16 text that starts with U+0000 starts with the UTF-32 byte-order mark:
# read as UTF-32 these bytes are U+100030, a private-use character
@example(text="\x000\x10", codec="utf-16")
# ... while these are UTF-32 text, "A": that reading is taken
@example(text="\x00A\x00", codec="utf-16")
# UTF-32 of an unassigned code point that also reads as UTF-16
@example(text="\U0003134b", codec="utf-32")
# UTF-8 text that starts with U+FEFF starts with the UTF-8 byte-order mark
@example(text="\ufeff0", codec="utf-8")
def test_ingest_of_any_text_file_keeps_its_text_after_cleaning(text, codec):
    data = text.encode(codec, "surrogatepass")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.txt"
        path.write_bytes(data)
        problems: list[InputError] = []
        articles = list(iter_articles([path], on_error=problems.append))
    if articles:
        if codec == "utf-8" and text.startswith("\ufeff"):
            text = text[1:]  # those bytes are a byte-order mark, dropped as documented
        expected = {_as_ingested(text)}
        if codec == "utf-16" and _utf32_reading(data) is not None:
            expected = {_as_ingested(_utf32_reading(data))}
        assert articles[0].text in expected or articles[0].text.lstrip("\ufeff") in expected
    else:
        assert problems and all(isinstance(p, InputError) for p in problems)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(any_text, c, max_size=3),
    max_leaves=6,
)


@FAST
@given(obj=json_values, aid=json_values, text=json_values, published=json_values)
def test_ingest_of_random_json_lines_raises_nothing_but_input_error(obj, aid, text, published):
    lines = [json.dumps(obj), json.dumps({"id": aid, "text": text, "published": published, "title": obj})]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "feed.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        problems: list[InputError] = []
        for a in iter_articles([path], on_error=problems.append):
            assert isinstance(a.id, str) and a.id.strip() and a.text.strip()
            assert first_bad_char(a.text) is None and first_bad_char(a.id) is None
            assert a.title is None or first_bad_char(a.title) is None


@FAST
@given(value=st.one_of(any_text, st.integers(), st.floats(allow_nan=True), st.none()))
def test_normalise_date_returns_an_iso_date_or_raises_input_error(value):
    try:
        out = normalise_date(value)
    except InputError:
        return
    if out is not None:
        from datetime import date

        assert date.fromisoformat(out).isoformat() == out


@FAST
@given(text=any_text)
def test_clean_chars_keeps_offsets_and_is_idempotent(text):
    cleaned, n = clean_chars(text)
    assert len(cleaned) == len(text)
    assert first_bad_char(cleaned) is None
    assert clean_chars(cleaned) == (cleaned, 0)
    assert n == sum(1 for a, b in zip(text, cleaned) if a != b)


@FAST
@given(text=any_text)
def test_html_to_text_never_raises(text):
    out, title = html_to_text("<html><body>" + text + "</body></html>")
    assert isinstance(out, str) and (title is None or isinstance(title, str))


# -- IRIs --------------------------------------------------------------------------------------
MINTERS = [
    iris.person_iri,
    iris.country_iri,
    iris.org_iri,
    iris.place_iri,
    iris.article_iri,
    iris.article_graph_iri,
    iris.meeting_iri,
    lambda k: iris.post_iri(k, k),
    lambda k: iris.post_iri(None, k),
    lambda k: iris.source_iri(k, 0, len(k)),
    lambda k: iris.issue_iri(k, new=True),
]


@FAST
@given(key=any_text)
@example(key="ends with a dot.")
@example(key="..")
@example(key="lone \ud800 surrogate")
@example(key='<script>"} ; DROP ALL ; #\\')
def test_every_minted_iri_is_valid_and_round_trips_through_ntriples(key):
    minted = [m(key) for m in MINTERS]
    for iri in minted:
        assert ox.NamedNode(str(iri)).value == str(iri)
    nt = "".join(f"<{i}> <urn:p> <urn:o> .\n" for i in minted)
    assert {str(s) for s in Graph().parse(data=nt, format="nt").subjects()} == {str(i) for i in minted}
    assert {str(t.subject.value) for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)} == {str(i) for i in minted}
    # Turtle/TriG exports abbreviate them with the project's prefixes (id:, issue:)
    triples = [ox.Triple(ox.NamedNode(str(i)), ox.NamedNode("urn:p"), ox.NamedNode(str(i))) for i in minted]
    ttl = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    g = Graph().parse(data=ttl, format="turtle")
    assert {str(s) for s in g.subjects()} == {str(o) for o in g.objects()} == {str(i) for i in minted}


@FAST
@given(key=st.text(max_size=100))
def test_article_ids_are_recovered_from_their_graph_iri(key):
    assert iris.article_id_from_graph(str(iris.article_graph_iri(key))) == key


@FAST
@given(a=st.text(max_size=50), b=st.text(max_size=50))
def test_different_keys_mint_different_iris(a, b):
    assume(a != b)
    assert iris.person_iri(a) != iris.person_iri(b)
    assert iris.article_graph_iri(a) != iris.article_graph_iri(b)


# -- literals through store, Turtle, GraphML, JSON ------------------------------------------------
_ids = itertools.count()


def _record(name: str, sentence: str, article_id: str) -> tuple[ArticleRecord, str]:
    key = f"prop-{next(_ids)}"
    src = Source(article=article_id, sentence=sentence, start=0, end=len(sentence))
    person = PersonRecord(key=key, name=name, aliases=(name + "!",), country="FR", titles=(name,), sources=(src,))
    other = PersonRecord(key=key + "-b", name="Other Person", country="DE", sources=(src,))
    meeting = MeetingRecord(
        participants=(person.key, other.key),
        countries=("FR", "DE"),
        place=Place(key=key + "-place", name=name, country="FR"),
        topics=(Topic(key=key + "-topic", label=name, new=True),),
        sources=(src,),
        trigger=name,
    )
    art = Article(id=article_id, text=sentence or "x", title=name, source=name, url=name)
    return ArticleRecord(article=art, people=(person, other), meetings=(meeting,)), key


@pytest.fixture(scope="module")
def prop_store(tmp_path_factory):
    st_ = LocalStore(tmp_path_factory.mktemp("props") / "store")
    yield st_
    st_.close()


@SLOW
@given(name=any_text.filter(lambda t: t.strip()), sentence=any_text, article_id=any_text.filter(lambda t: t.strip()))
def test_names_and_sentences_round_trip_through_store_turtle_graphml_and_json(prop_store, name, sentence, article_id):
    from kg.export import export_graphml
    from kg.records import people

    article_id = f"{next(_ids)}:{article_id}"  # examples repeat values; graphs must not collide
    record, key = _record(name, sentence, article_id)
    meeting = iris.meeting_iri(key)
    graph = iris.article_graph_iri(article_id)
    triples = list(article_triples(record, meeting_iris=[meeting], country_name={"FR": "France", "DE": "Germany"}.get))
    prop_store.replace_graph(graph, triples)
    want_name, want_sentence, want_id = _clean(name), _clean(sentence), _clean(article_id)
    person = iris.person_iri(key)

    # the store
    q = "SELECT ?p ?n WHERE { ?p <https://schema.org/name> ?n }"
    assert [str(r[1]) for r in prop_store.query(q, {"p": person})] == [want_name]

    # Turtle (as the exports write it) parsed back by rdflib and by Oxigraph
    quads = list(prop_store._ox.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
    ttl = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.TURTLE)
    g = Graph().parse(data=ttl, format="turtle")
    assert len(g) == len(quads)
    assert set(g.objects(URIRef(str(person)), URIRef("https://schema.org/name"))) == {Literal(want_name)}
    texts = {str(o) for o in g.objects(None, URIRef("https://w3id.org/diplomacy-kg/ontology#text"))}
    assert texts == {want_sentence}
    back = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)}
    assert back == {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    # the INSERT DATA body the store is written with says the same
    assert Graph().parse(data=ntriples(triples), format="turtle").isomorphic(g)

    # JSON (kg people)
    p = next(p for p in json.loads(json.dumps(people(prop_store))) if p["id"] == str(person))
    assert p["name"] == want_name and p["titles"] == [want_name]
    assert p["sources"] == [{"article": want_id, "sentence": want_sentence, "start": 0, "end": len(sentence)}]

    # GraphML (the export, read back by networkx)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "g.graphml"
        export_graphml(prop_store, out)
        nxg = nx.read_graphml(out)
    assert nxg.nodes[str(person)]["label"] == want_name
    assert nxg.nodes[str(iris.place_iri(key + "-place"))]["label"] == want_name


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    name=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40),
    filler=clean_text,
)
def test_extraction_to_turtle_round_trip_keeps_sentences_exact(extract, gazetteer, name, filler):
    """A few examples through spaCy: whatever the text, every source sentence
    is the article's text at its offsets, and the article graph survives a
    Turtle round trip."""
    text = f"French President Emmanuel Macron met {name} in Paris on Monday. {filler}\nThey discussed trade."
    record = extract(text, article_id="prop.txt")
    assume(record.people or record.meetings)
    triples = list(
        article_triples(record, meeting_iris=[iris.meeting_iri(str(i)) for i, _ in enumerate(record.meetings)], country_name=gazetteer.country_name)
    )
    for m in record.meetings:
        for s in m.sources:
            assert text[s.start : s.end] == s.sentence
    for p in record.people:
        for s in p.sources:
            assert text[s.start : s.end] == s.sentence
    ttl = ox.serialize([ox.Triple(*(_ox(t) for t in tr)) for tr in triples], format=ox.RdfFormat.TURTLE)
    g = Graph().parse(data=ttl, format="turtle")
    assert g.isomorphic(Graph().parse(data=ntriples(triples), format="turtle"))
    buf = io.BytesIO()
    nx.write_graphml(nx.Graph([(str(s), str(o)) for s, _, o in triples if isinstance(o, URIRef)]), buf)
    assert nx.read_graphml(io.BytesIO(buf.getvalue())).number_of_nodes() > 0


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
