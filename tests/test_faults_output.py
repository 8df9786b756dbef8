"""The fault corpus, continued: hostile data on its way out (spreadsheet
formulas in every CSV and TSV, issues minted from markup, a meeting of a
hundred participants), credentials in store URLs, a SPARQL server killed
mid-build, a query that is not UTF-8, and temporary files left by a kill.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from rdflib.namespace import SKOS

from kg.output import FORMULA_STARTS, spreadsheet_safe

from .conftest import SEEDS
from .endpoint_helpers import running
from .faults import clean_build, error_line, kg
from .minigraph import mini_store_path  # noqa: F401
from .test_crash import write_corpus

HOSTILE_ID = '=HYPERLINK("http://evil.example/x","open me").txt'
TEXT = ("French Foreign Minister Anna Keller met German Foreign Minister Boris Novak in Berlin on Monday "
        "to discuss trade and energy security, officials said.")


@pytest.fixture(autouse=True)
def shared_pipeline(monkeypatch, nlp):
    """`kg build` run in this process uses the session's spaCy pipeline
    instead of loading its own."""
    monkeypatch.setattr("kg.nlp.load_pipeline", lambda *a, **kw: nlp)


# -- spreadsheet formulas ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, shown",
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3.5", "-3.5"),
        ("+12", "+12"),
        ("1e-3", "1e-3"),
        ("Wang Yi", "Wang Yi"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_spreadsheet_safe_follows_the_owasp_rule(cell, shown):
    assert spreadsheet_safe(cell) == shown


def _cells(text: str, delimiter: str = ",") -> list[str]:
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter)) if delimiter == "," else [
        ln.split("\t") for ln in text.splitlines()]
    return [c for row in rows for c in row]


def _formula_cells(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_STARTS) and spreadsheet_safe(c) != c]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, nlp):
    d = tmp_path_factory.mktemp("hostile")
    feed = d / "feed.jsonl"
    feed.write_text(json.dumps({"id": HOSTILE_ID, "text": TEXT, "published": "2024-03-04",
                                "source": "@evil", "title": "-1+2"}) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("kg.nlp.load_pipeline", lambda *a, **kw: nlp)
        result = kg("build", str(feed), "--store", str(d / "store"), "--quiet")
    assert result.exit_code == 0, result.output
    return d / "store"


def test_every_csv_and_tsv_neutralises_formulas(hostile_store, tmp_path):
    s = str(hostile_store)
    outputs = {}
    for name, args in {
        "meetings csv": ["meetings", "-f", "csv"], "meetings tsv": ["meetings", "-f", "tsv"],
        "people csv": ["people", "-f", "csv"], "people tsv": ["people", "-f", "tsv"],
        "centrality csv": ["centrality", "-f", "csv"],
        "query csv": ["query", "-e", "SELECT ?id ?t ?p WHERE { ?a dcterms:identifier ?id ; dcterms:title ?t ; dcterms:publisher ?p }", "-f", "csv"],
    }.items():
        result = kg(*args, "--store", s)
        assert result.exit_code == 0, result.output
        outputs[name] = result.output
    assert kg("export", "-f", "csv", "-o", str(tmp_path / "csv"), "--store", s).exit_code == 0
    outputs["nodes.csv"] = (tmp_path / "csv" / "nodes.csv").read_text(encoding="utf-8")
    outputs["edges.csv"] = (tmp_path / "csv" / "edges.csv").read_text(encoding="utf-8")
    for name, text in outputs.items():
        cells = _cells(text, "\t" if name.endswith("tsv") else ",")
        assert _formula_cells(cells) == [], name
    assert "'" + HOSTILE_ID in _cells(outputs["query csv"]) and "'@evil" in _cells(outputs["query csv"])
    assert any(c.startswith("'" + HOSTILE_ID) for c in _cells(outputs["meetings csv"]))
    # JSON keeps every value exactly
    meetings = json.loads(kg("meetings", "-f", "json", "--store", s).output)
    assert {src["article"] for m in meetings for src in m["sources"]} == {HOSTILE_ID}


def test_the_endpoint_csv_neutralises_formulas(hostile_store):
    import urllib.parse
    import urllib.request

    from kg.store import LocalStore

    store = LocalStore(hostile_store, read_only=True)
    try:
        with running(store) as server:
            q = "SELECT ?id ?p WHERE { ?a <http://purl.org/dc/terms/identifier> ?id ; <http://purl.org/dc/terms/publisher> ?p }"
            req = urllib.request.Request(server.url + "?" + urllib.parse.urlencode({"query": q}), headers={"Accept": "text/csv"})
            with urllib.request.urlopen(req, timeout=60) as resp:
                text = resp.read().decode("utf-8")
    finally:
        store.close()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["id", "p"], ["'" + HOSTILE_ID, "'@evil"]]


# -- new issues and met ----------------------------------------------------------------------------


def test_new_issues_are_minted_only_from_text_with_a_letter_one_iri_per_label(extract):
    from dataclasses import replace

    from kg.rdf.build import article_triples
    from kg.rdf.iris import meeting_iri
    from kg.types import Topic

    record = extract(TEXT)
    assert record.meetings
    topics = (Topic("new-", "=", new=True), Topic("new-", "+", new=True), Topic("new-", "12", new=True),
              Topic("new-fishing-rights", "fishing rights", new=True), Topic("new-fishing-rights", "fishing-rights", new=True))
    record = replace(record, meetings=(replace(record.meetings[0], topics=topics),))
    triples = list(article_triples(record, meeting_iris=[meeting_iri("m")], country_name=lambda c: c))
    labels = {}
    for s, p, o in triples:
        if p == SKOS.prefLabel and "/issue/" in str(s):
            labels.setdefault(str(s), set()).add(str(o))
    assert sorted(labels.values(), key=sorted) == [{"fishing rights"}, {"fishing-rights"}]


@pytest.mark.parametrize("n, expected", [(2, 2), (3, 6), (12, 132), (13, 0), (101, 0)])
def test_met_pairs_are_bounded(n, expected):
    from kg.rdf.build import MET_MAX_PARTICIPANTS, met_triples

    people = {f"p{i}": SimpleNamespace(country=f"C{i}") for i in range(n)}
    assert len(list(met_triples(list(people), people))) == expected
    assert MET_MAX_PARTICIPANTS == 12


def test_met_pairs_leave_out_people_of_one_side():
    from kg.rdf.build import met_triples

    people = {"a": SimpleNamespace(country="FR"), "b": SimpleNamespace(country="FR"), "c": SimpleNamespace(country="DE")}
    pairs = {(str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1]) for s, _, o in met_triples(["a", "b", "c"], people)}
    assert pairs == {("a", "c"), ("c", "a"), ("b", "c"), ("c", "b")}


# -- credentials in URLs -------------------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers every query with an empty result and
    records the Authorization header of each request."""

    seen: list = []

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        type(self).seen.append((self.server.server_port, self.path, self.headers.get("Authorization")))
        body = json.dumps({"head": {}, "boolean": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def two_endpoints():
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), _Recorder) for _ in range(2)]
    for s in servers:
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    _Recorder.seen = []
    try:
        yield [s.server_port for s in servers]
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()


def test_credentials_go_only_to_their_own_host(two_endpoints, monkeypatch, tmp_path):
    from kg.store.remote import RemoteStore

    a, b = two_endpoints
    monkeypatch.setenv("KG_SPARQL_QUERY_URL", f"http://127.0.0.1:{b}/query")
    monkeypatch.delenv("KG_SPARQL_UPDATE_URL", raising=False)
    st = RemoteStore(f"http://alice:s3cret@127.0.0.1:{a}")
    st.query("ASK {}")
    st._update("INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }")
    st.close()
    sent = {(port, auth) for port, _, auth in _Recorder.seen}
    alice = "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert (b, None) in sent and (a, alice) in sent
    assert all(auth is None for port, auth in sent if port == b)
    assert "s3cret" not in repr(st) and "s3cret" not in st.location + st.query_url + st.update_url


def test_credentials_never_appear_in_messages(monkeypatch, tmp_path):
    with __import__("socket").socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    monkeypatch.delenv("KG_SPARQL_UPDATE_URL", raising=False)
    cases = [
        ({}, ["http://a:b0b@127.0.0.1:99999"], "is not a valid URL"),
        ({}, ["http://a:b0b/x@127.0.0.1:7878/sparql"], "is not a valid URL"),
        ({"KG_SPARQL_QUERY_URL": f"http://bob:b0b@127.0.0.1:{closed}/query"}, [f"http://127.0.0.1:{closed}"],
         "cannot reach the SPARQL endpoint http://127.0.0.1:"),
        ({}, [f"http://bob:b0b@127.0.0.1:{closed}/sparql"], "cannot reach the SPARQL endpoint http://127.0.0.1:"),
        ({}, ["ftp://bob:b0b@127.0.0.1/store"], "is not a store: give a local directory or the http(s):// URL"),
    ]
    for env, store, words in cases:
        for name in ("KG_SPARQL_QUERY_URL",):
            monkeypatch.delenv(name, raising=False)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        for command in (["meetings"], ["build", str(SEEDS / "004_bc98bcb75fd451f9.txt")]):
            result = kg(*command, "--store", store[0])
            assert result.exit_code == 1
            line = error_line(result)
            assert words in line, line
            assert "b0b" not in result.output and "bob" not in result.output
    assert not Path("ftp:").exists()


# -- a SPARQL server killed mid-build ---------------------------------------------------------------------


@pytest.mark.server
def test_a_server_killed_mid_build_stops_the_build_with_what_it_kept(tmp_path, monkeypatch, nlp):
    from kg.rdf.iris import article_id_from_graph
    from kg.store import remote
    from kg.store.remote import RemoteStore

    from .test_remote_store import OxigraphServer

    d = tmp_path / "articles"
    ids = write_corpus(d, 12)
    monkeypatch.setenv("KG_INDEX", str(tmp_path / "index.sqlite3"))
    monkeypatch.setattr(remote, "RETRY_DELAYS", (0.05, 0.1))
    db = tmp_path / "db"
    server = OxigraphServer(db)
    real_update = RemoteStore._update
    sent = []

    def update(self, sparql):
        if len(sent) == 5:
            server.proc.kill()  # killed between two writes
            server.proc.wait()
        sent.append(1)
        return real_update(self, sparql)

    monkeypatch.setattr(RemoteStore, "_update", update)
    try:
        result = kg("build", str(d), "--store", f"http://user:pw0@127.0.0.1:{server.port}")
    finally:
        server.stop()
    assert result.exit_code == 1
    line = error_line(result)
    assert "stopped answering" in line and "start the server again, then run the same command" in line
    assert "5 article(s) of this run are safely stored" in line and "pw0" not in result.output
    monkeypatch.setattr(RemoteStore, "_update", real_update)
    server = OxigraphServer(db)  # the same store, another port
    try:
        with RemoteStore(server.url) as st:
            kept = {q.graph_name.value for q in st.quads()}
            assert len(kept) == 5
            ref = clean_build(sorted(d / article_id_from_graph(g) for g in kept), tmp_path / "ref", nlp)
            held = {}
            for q in st.quads():
                held.setdefault(q.graph_name.value, set()).add((str(q.subject), str(q.predicate), str(q.object)))
            assert held == ref[0]
        again = kg("build", str(d), "--store", server.url)
        assert again.exit_code == 0, again.output
        assert "Built 7 article(s), 5 unchanged" in again.output
        full = clean_build([d / i for i in ids], tmp_path / "ref-all", nlp)
        with RemoteStore(server.url) as st:
            held = {}
            for q in st.quads():
                held.setdefault(q.graph_name.value, set()).add((str(q.subject), str(q.predicate), str(q.object)))
            assert held == full[0]
            merged = {(str(t.subject), str(t.predicate), str(t.object)) for t in st.union_triples()}
            assert merged == full[1]
    finally:
        server.stop()


# -- a query that is not UTF-8 --------------------------------------------------------------------------


def test_a_query_that_is_not_utf8_is_refused(mini_store_path):
    import urllib.error
    import urllib.request

    from kg.store import LocalStore

    store = LocalStore(mini_store_path, read_only=True)
    try:
        with running(store) as server:
            for req in (
                urllib.request.Request(server.url + "?query=ASK%7B%3Fs%20%3Fp%20%22%FF%22%7D"),
                urllib.request.Request(server.url, data=b"query=ASK%7B%3Fs%20%3Fp%20%22%FF%22%7D",
                                       headers={"Content-Type": "application/x-www-form-urlencoded"}),
                urllib.request.Request(server.url, data=b'ASK { ?s ?p "\xff" }', headers={"Content-Type": "application/sparql-query"}),
            ):
                with pytest.raises(urllib.error.HTTPError) as err:
                    urllib.request.urlopen(req, timeout=30)
                assert err.value.code == 400
                assert "not UTF-8" in err.value.read().decode()
    finally:
        store.close()


# -- temporary files ---------------------------------------------------------------------------------------


def test_temporaries_a_kill_left_are_removed_by_the_next_write(mini_store_path, tmp_path):
    from kg.export import export
    from kg.store import LocalStore

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    target = tmp_path / "graph.ttl"
    left = tmp_path / f".graph.ttl.kgtmp-{dead}-abc123.tmp"
    live = tmp_path / f".graph.ttl.kgtmp-{os.getpid()}-def456.tmp"
    old = tmp_path / ".graph.ttl.k3j4l5m6.tmp"
    other = tmp_path / ".other.ttl.kgtmp-1-xyz.tmp"
    for p in (left, live, old, other):
        p.write_text("half", encoding="utf-8")
    os.utime(old, (1, 1))
    with LocalStore(mini_store_path, read_only=True) as st:
        export(st, "turtle", target)
    assert target.exists() and not left.exists() and not old.exists()
    assert live.exists() and other.exists()


SLOW_EXPORT = textwrap.dedent(
    """
    import sys, time
    import kg.export

    def slow(store, fmt, target):
        with kg.export.atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            print("WRITING", flush=True)
            time.sleep(60)

    kg.export.export_rdf = slow
    sys.argv = ["kg", *sys.argv[1:]]
    from kg.cli import main
    main()
    """
)


def test_sigterm_mid_export_removes_the_temporary_file(mini_store_path, tmp_path):
    driver = tmp_path / "driver.py"
    driver.write_text(SLOW_EXPORT, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, str(driver), "export", "-f", "ttl", "-o", str(out / "graph.ttl"),
                             "--store", str(mini_store_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "WRITING"
    assert len(list(out.iterdir())) == 1  # the temporary file
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr.read()
    assert list(out.iterdir()) == []
