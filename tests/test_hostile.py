"""Hostile text: names and sentences holding HTML/JS, SPARQL, Turtle-breaking
characters, right-to-left marks, zero-width joiners and 10,000-character
tokens go through the graph, `kg meetings/people`, every export and the
HTML view unchanged as text, and never become markup or query syntax.

Control characters (C0 except tab and newline) cannot be carried by XML,
hence GraphML: ingest and the RDF layer replace them, one for one, by a
space; that is checked too.

Two ways in: a .jsonl feed built through the real pipeline (hostile ids,
titles, sources and sentences), and an article record built by hand
(hostile person, organisation, place, title and issue names, which no
named-entity recogniser would produce).
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import cli
from kg.rdf.iris import article_graph_iri, meeting_iri
from kg.store import LocalStore
from kg.types import Article, ArticleRecord, MeetingRecord, OrgRecord, PersonRecord, Place, Source, Topic

HOSTILE = {
    "script": "<script>alert('xss')</script>",
    "img": '<img src=x onerror="alert(1)">',
    "close-script": "</script><script>alert(2)</script>",
    "sparql": '"} ; DROP ALL ; #',
    "sparql-insert": "' } ; INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    "turtle": 'quote " backslash \\ angle >"< end',
    "triple-quotes": "\"\"\" ''' @prefix x: <urn:y> . _:b0 a <urn:z> .",
    "newlines": "line one\nline two\n\nline four",
    "rtl": "\u202eexe.txt\u202c (reversed)",
    "zero-width": "Wang\u200dYi\u200b\ufeff",
    "emoji": "\U0001f469\u200d\U0001f469\u200d\U0001f467 talks",
    "cdata": "]]> <![CDATA[ x ]]> <!-- c -->",
    "template": "{{ 7*7 }} {% if x %} ${jndi:ldap://x}",
    "escapes": "\\u003cscript\\u003e \\n \\t \\\\ %00 %3C",
    "long-token": "A" * 10_000,
}
#: What C0 controls become (replaced one for one by a space).
CONTROL = "Wang\x00Yi\x01\x07\x08\x0b\x0c\x1b\x1f end"
CONTROL_CLEAN = "Wang Yi        end"

MEETING = "Chinese Foreign Minister Wang Yi met U.S. Secretary of State Antony Blinken in Rome on Monday"


def _feed_articles() -> list[dict]:
    out = []
    for key, h in HOSTILE.items():
        out.append(
            {
                "id": f"{key}:{h}" if key != "long-token" else f"{key}:{h[:200]}",
                "text": f'{MEETING}, and the statement they signed read "{h}".\nThey spoke again later.\n',
                "title": h,
                "source": h,
                "url": h,
                "published": "2024-03-11",
            }
        )
    out.append({"id": "control", "text": f"{MEETING}, {CONTROL}.\n", "title": CONTROL, "published": "2024-03-11"})
    return out


def _hand_record() -> ArticleRecord:
    """One article whose people, organisation, place, titles and issue carry
    every hostile string."""
    text = "\n".join(HOSTILE.values())
    art = Article(id="hand:" + HOSTILE["sparql"], text=text, published="2024-03-12", title=HOSTILE["script"])
    src = Source(article=art.id, sentence=HOSTILE["img"], start=0, end=len(HOSTILE["img"]))
    people = []
    for i, (key, h) in enumerate(HOSTILE.items()):
        people.append(
            PersonRecord(
                key=f"hostile-{key}",
                name=h,
                aliases=(h + " (alias)",),
                country="US" if i % 2 else "CN",
                titles=(h,),
                sources=(src,),
            )
        )
    people.append(PersonRecord(key="hostile-control", name=CONTROL, country="FR", titles=(CONTROL,), sources=(src,)))
    orgs = tuple(OrgRecord(key=f"org-{k}", name=h, country="US", sources=(src,)) for k, h in HOSTILE.items())
    meeting = MeetingRecord(
        participants=tuple(p.key for p in people),
        countries=("US", "CN"),
        place=Place(key="hostile-place", name=HOSTILE["turtle"], country="CN"),
        date="2024-03-11",
        mode="video",
        status="occurred",
        topics=tuple(Topic(key=f"hostile-{k}", label=h, new=True) for k, h in HOSTILE.items()),
        sources=(src,),
        confidence=0.9,
        rule=HOSTILE["sparql-insert"],
        trigger=HOSTILE["close-script"],
    )
    return ArticleRecord(article=art, people=tuple(people), organisations=orgs, meetings=(meeting,))


HAND_MEETING = meeting_iri("hostile-meeting")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, nlp, gazetteer):
    """(store path, feed articles by id, build report)."""
    from kg.build import build
    from kg.rdf.build import article_triples

    root = tmp_path_factory.mktemp("hostile")
    feed = root / "feed.jsonl"
    articles = _feed_articles()
    feed.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    store = root / "store"
    st = LocalStore(store)
    try:
        report = build([feed], store=st, nlp=nlp)
        record = _hand_record()
        triples = article_triples(record, meeting_iris=[HAND_MEETING], country_name=gazetteer.country_name)
        st.replace_graph(article_graph_iri(record.article.id), triples)
    finally:
        st.close()
    return store, {a["id"]: a for a in articles}, report


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def store_quads(store) -> set:
    st = LocalStore(store, read_only=True)
    try:
        return set(st.quads())
    finally:
        st.close()


NAMES = list(HOSTILE.values()) + [CONTROL_CLEAN]


def test_every_feed_article_builds_and_control_characters_are_reported(hostile):
    store, articles, report = hostile
    assert sorted(report.built) == sorted(a.replace(CONTROL, CONTROL_CLEAN) for a in articles)
    assert report.failed == []
    assert len(report.warnings) == 1 and "control character(s) (first: U+0000)" in report.warnings[0]


def test_sentences_and_article_ids_round_trip_through_kg_meetings(hostile):
    store, articles, _ = hostile
    meetings = json.loads(run("meetings", "--store", str(store), "--format", "json"))
    sources = [s for m in meetings for s in m["sources"] if s["article"] in articles]
    assert {s["article"] for s in sources} == set(articles)
    for s in sources:
        text = articles[s["article"]]["text"].replace(CONTROL, CONTROL_CLEAN)
        assert text[s["start"] : s["end"]] == s["sentence"]  # offsets and text exact
    joined = "\n".join(s["sentence"] for s in sources)
    # (the parser ends some sentences inside the others; text[start:end] above still holds for them)
    for key in ("script", "img", "close-script", "sparql", "sparql-insert", "turtle", "rtl", "zero-width", "emoji", "template", "long-token"):
        assert HOSTILE[key] in joined, key
    assert CONTROL_CLEAN in joined


def test_hostile_names_round_trip_through_kg_people(hostile):
    store, _, _ = hostile
    people = json.loads(run("people", "--store", str(store), "--format", "json"))
    by_id = {p["id"]: p for p in people}
    for key, h in HOSTILE.items():
        p = by_id[f"https://w3id.org/diplomacy-kg/id/person/hostile-{key}"]
        assert p["name"] == h
        assert p["aliases"] == [h + " (alias)"]
        assert p["titles"] == [h]
        assert p["sources"][0]["sentence"] == HOSTILE["img"]
        assert p["sources"][0]["article"] == "hand:" + HOSTILE["sparql"]
    control = by_id["https://w3id.org/diplomacy-kg/id/person/hostile-control"]
    assert control["name"] == CONTROL_CLEAN and control["titles"] == [CONTROL_CLEAN]


def test_hostile_meeting_round_trips_through_kg_meetings(hostile):
    store, _, _ = hostile
    meetings = json.loads(run("meetings", "--store", str(store), "--format", "json", "--details"))
    m = next(m for m in meetings if m["id"] == str(HAND_MEETING))
    assert m["place"] == HOSTILE["turtle"]
    assert sorted(p["name"] for p in m["participants"]) == sorted(NAMES)
    assert sorted(m["topics"]) == sorted(HOSTILE.values())
    assert m["rules"] == [HOSTILE["sparql-insert"]]
    # the table and CSV renderings cope too
    assert HOSTILE["rtl"] in run("meetings", "--store", str(store), "--format", "csv")
    assert "Rome" in run("meetings", "--store", str(store))


@pytest.mark.parametrize("fmt, ext", [("trig", "trig"), ("nquads", "nq")])
def test_quad_exports_parse_back_to_exactly_the_store(hostile, tmp_path, fmt, ext):
    store, _, _ = hostile
    out = tmp_path / f"g.{ext}"
    run("export", "--store", str(store), "--format", fmt, "--out", str(out))
    quads = store_quads(store)
    rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    assert set(ox.parse(path=str(out), format=rdf_format)) == quads
    ds = Dataset()
    ds.parse(out, format=fmt)
    literals = {str(o) for _, _, o, _ in ds.quads((None, None, None, None))}
    for h in NAMES:
        assert h in literals, h[:40]
    assert len(set(ds.quads((None, None, None, None)))) == len(quads)


@pytest.mark.parametrize("fmt, ext, rdflib_format", [("turtle", "ttl", "turtle"), ("json-ld", "jsonld", "json-ld")])
def test_triple_exports_parse_back_to_exactly_the_union_graph(hostile, tmp_path, fmt, ext, rdflib_format):
    store, _, _ = hostile
    out = tmp_path / f"g.{ext}"
    run("export", "--store", str(store), "--format", fmt, "--out", str(out))
    union = {ox.Triple(q.subject, q.predicate, q.object) for q in store_quads(store)}
    rdf_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.JSON_LD
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(out), format=rdf_format)} == union
    g = Graph().parse(out, format=rdflib_format)
    assert len(g) == len(union)
    literals = {str(o) for o in g.objects()}
    for h in NAMES:
        assert h in literals, h[:40]


def test_graphml_reads_back_unchanged_in_networkx_and_igraph(hostile, tmp_path):
    import igraph

    store, _, _ = hostile
    out = tmp_path / "g.graphml"
    run("export", "--store", str(store), "--format", "graphml", "--out", str(out))
    g = nx.read_graphml(out)
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    titles = {d.get("titles") for _, d in g.nodes(data=True)}
    ig = igraph.Graph.Read_GraphML(str(out))
    ig_labels = set(ig.vs["label"])
    for h in NAMES:
        assert h in labels, h[:40]
        assert h in titles, h[:40]
        assert h in ig_labels, h[:40]
    hostile_id = "https://w3id.org/diplomacy-kg/id/person/hostile-sparql"
    assert g.nodes[hostile_id]["label"] == HOSTILE["sparql"]


def test_csv_export_keeps_the_names(hostile, tmp_path):
    store, _, _ = hostile
    out = tmp_path / "csv"
    run("export", "--store", str(store), "--format", "csv", "--out", str(out))
    with (out / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        labels = {row["label"] for row in csv.DictReader(fh)}
    for h in NAMES:
        assert h in labels, h[:40]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_html_view_shows_hostile_text_as_text_never_as_markup(hostile, tmp_path, seeds_store_path):
    store, _, _ = hostile
    out = tmp_path / "view.html"
    run("view", "--store", str(store), "--out", str(out), "--max-nodes", "2000")
    html = out.read_text(encoding="utf-8")
    # no hostile markup anywhere in the page, as it was written
    for key in ("script", "img", "close-script", "cdata"):
        assert HOSTILE[key] not in html, key
    parser = _Tags()
    parser.feed(html)
    # hostile text adds no script (open or close) to what a plain graph's
    # page has: inside the page's data it is JSON-escaped (\u003c/script\u003e)
    plain = tmp_path / "plain.html"
    run("view", "--store", str(seeds_store_path), "--out", str(plain))
    plain_html = plain.read_text(encoding="utf-8").lower()
    for tag in ("<script", "</script", "<img", "<!--", "]]>"):
        assert html.lower().count(tag) == plain_html.count(tag), tag
    assert not [t for t, a in parser.tags if t == "img"]
    assert not [a for _, a in parser.tags if any(k.startswith("on") for k in a)]
    # the names are in the data the page draws, exactly
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    data = json.loads(m[1])
    by_id = {p[4]: p for p in data["people"]}
    for key, h in HOSTILE.items():
        name, _country, titles, _aliases, _iri = by_id[f"https://w3id.org/diplomacy-kg/id/person/hostile-{key}"]
        assert name == h and titles == [h], key
    assert by_id["https://w3id.org/diplomacy-kg/id/person/hostile-control"][0] == CONTROL_CLEAN
    assert HOSTILE["turtle"] in data["places"] and {HOSTILE[k] for k in HOSTILE} <= set(data["topics"])


def test_hostile_query_parameters_are_data_not_syntax(hostile):
    store, _, _ = hostile
    before = store_quads(store)
    # a hostile name is looked up as the name it is
    out = run("query", "meetings-of", "--store", str(store), "--param", f"person={HOSTILE['sparql']}", "--format", "json")
    rows = json.loads(out)["results"]["bindings"]
    assert [r["meeting"]["value"] for r in rows] == [str(HAND_MEETING)]
    # injection attempts are names nobody has
    for value in ("x } } ; DROP ALL ; #", "\" . } DELETE WHERE { ?s ?p ?o } #", "') } UNION { ?s ?p ?o } #"):
        result = CliRunner().invoke(cli, ["query", "meetings-of", "--store", str(store), "--param", f"person={value}"])
        assert result.exit_code == 1 and "no person named" in result.output, result.output
        assert "Traceback" not in result.output
    assert store_quads(store) == before


def test_hostile_iris_are_valid(hostile):
    """Every IRI in the store is accepted by Oxigraph's strict parser and
    survives an N-Triples round trip through rdflib."""
    store, _, _ = hostile
    iris = set()
    for q in store_quads(store):
        for t in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(t, ox.NamedNode):
                iris.add(t.value)
    assert any("hand%3A" in i for i in iris) and any("%3Cscript%3E" in i for i in iris)
    for i in iris:
        assert ox.NamedNode(i).value == i
        assert not re.search(r"[\s<>\"{}|\\^`]", i), i
    nt = "".join(f"<{i}> <urn:p> <urn:o> .\n" for i in sorted(iris))
    g = Graph().parse(data=nt, format="nt")
    assert {str(s) for s in g.subjects()} == iris
