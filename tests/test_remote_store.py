"""The remote store against a real Oxigraph server (``oxigraph serve`` from
the PyPI package ``oxigraph``), started on 127.0.0.1 on a free port.

The seeds built through `kg build --store http://...` must read back exactly
like the same build in a local store; writes are one request per article;
bindings are bound as terms; a server that is down is a clear StoreError."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.build import build
from kg.cli import cli
from kg.errors import QueryError, StoreError
from kg.remote import RemoteStore, bind_values, endpoints, where_brace
from kg.store import LocalStore

from .conftest import SEEDS

pytestmark = pytest.mark.server

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A server the test started (``proc``, its ``log`` file): ``stop``
    terminates it, or kills it after ``STOP_TIMEOUT_S``."""

    STOP_TIMEOUT_S = 10

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=self.STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class OxigraphServer(ServerProcess):
    def __init__(self, location: Path, *extra: str):
        binary = OXIGRAPH if OXIGRAPH.exists() else shutil.which("oxigraph")
        if binary is None:
            pytest.fail("the oxigraph server is not installed; `pip install -e '.[test]'` installs it")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = location.with_suffix(".log").open("wb")
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}", *extra],
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                RemoteStore(self.url).close()
                return
            except StoreError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"oxigraph server did not answer on {self.url} within {START_TIMEOUT_S} s")
                time.sleep(0.1)



@pytest.fixture(scope="module")
def remote_seeds(tmp_path_factory):
    """An Oxigraph server holding the seeds, built through `kg build --store URL`."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db")
    try:
        result = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", server.url, "--quiet"])
        assert result.exit_code == 0, result.output
        yield server.url
    finally:
        server.stop()


def kg_output(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "command",
    [
        ["meetings", "--format", "json"],
        ["people", "--format", "json"],
        ["query", "meetings-between", "--param", "a=US", "--param", "b=China", "--format", "json"],
        ["query", "who-met-whom", "--format", "csv"],
    ],
)
def test_remote_store_reads_back_like_the_local_store(remote_seeds, seeds_store_path, command):
    remote = kg_output(*command, "--store", remote_seeds)
    local = kg_output(*command, "--store", str(seeds_store_path))
    assert remote == local
    if command[-1] == "json":
        assert json.loads(remote)


def test_remote_store_holds_the_same_quads_as_the_local_store(remote_seeds, seeds_store_path):
    with RemoteStore(remote_seeds) as rs, LocalStore(seeds_store_path, read_only=True) as ls:
        remote_quads, local_quads = set(rs.quads()), set(ls.quads())
        assert remote_quads == local_quads and len(remote_quads) > 1000
        assert rs.graphs() == sorted(ls.graphs())
        assert len(rs) == len(ls)
        from kg import records

        # SPARQL rows come in no set order, and the order of "topics" follows
        # the rows: compare it as a set
        def canon(ms):
            return [dict(m, topics=sorted(m["topics"])) for m in ms]

        assert canon(records.meetings(rs)) == canon(records.meetings(ls))


def test_a_second_remote_build_sends_nothing(remote_seeds):
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", remote_seeds])
    assert result.exit_code == 0, result.output
    assert "Built 0 article(s), 5 unchanged" in result.output


def test_writes_are_one_request_per_article(tmp_path, nlp, seeds_store_path):
    server = OxigraphServer(tmp_path / "db", "--union-default-graph")
    try:
        with RemoteStore(server.url) as st:
            report = build([SEEDS], store=st, nlp=nlp)
            assert len(report.built) == 5
            # one request per article graph written: the five, and any earlier
            # one a later article changed (an undated report meeting its date)
            assert st.updates == 5 + report.rewritten and report.rewritten <= 2
            with LocalStore(seeds_store_path, read_only=True) as ls:
                assert set(st.quads()) == set(ls.quads())
            # replacing a graph drops what it held
            g = st.graphs()[0]
            st.replace_graph(g, [(URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("o"))])
            rows = list(st.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": g}))
            assert [(str(s), str(p), str(o)) for s, p, o in rows] == [("http://example.org/s", "http://example.org/p", "o")]
            st.drop_graph(g)
            assert g not in st.graphs()
    finally:
        server.stop()


def test_bindings_are_terms_not_query_text(remote_seeds):
    with RemoteStore(remote_seeds) as st:
        before = len(st)
        hostile = Literal('x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "')
        rows = list(st.query("SELECT ?p WHERE { ?p <https://schema.org/name> ?n }", {"n": hostile}))
        assert rows == []
        assert len(st) == before
        with pytest.raises(QueryError, match="not a valid IRI"):
            st.query("SELECT ?n WHERE { ?p <https://schema.org/name> ?n }", {"p": URIRef("http://x.org/a> } DROP ALL #")})
        names = {str(r[0]) for r in st.query("SELECT ?n WHERE { ?p <https://schema.org/name> ?n }", {"n": Literal("Wang Yi")})}
        assert names == {"Wang Yi"}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "{ ?x ?p ?o }"),
        ("SELECT * { ?x ?p ?o }", "{ ?x ?p ?o }"),
        ('SELECT ?x # WHERE {\nWHERE { ?x ?p "}{" }', '{ ?x ?p "}{" }'),
        ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o FILTER(?o < 3) }", "{ ?x ?p ?o FILTER(?o < 3) }"),
        ("PREFIX a: <http://a/#> ASK WHERE { ?x a:b '''{''' }", "{ ?x a:b '''{''' }"),
        ("SELECT (COUNT(*) AS ?n) FROM <http://g> WHERE { { ?x ?p ?o } UNION { ?o ?p ?x } }", "{ { ?x ?p ?o } UNION { ?o ?p ?x } }"),
    ],
)
def test_where_brace_finds_the_top_level_where_clause(query, expected):
    assert query[where_brace(query):] == expected


def test_bind_values_puts_a_values_block_first_in_the_where_clause():
    q = bind_values("SELECT ?n WHERE { ?p ?q ?n }", {"p": URIRef("http://x.org/p"), "n": Literal("a\nb", lang="en")})
    assert q == 'SELECT ?n WHERE { VALUES (?p ?n) { (<http://x.org/p> "a\\nb"@en) }\n ?p ?q ?n }'
    with pytest.raises(QueryError):
        bind_values("DESCRIBE <http://x.org/p>", {"p": URIRef("http://x.org/p")})


def test_endpoint_urls(monkeypatch):
    monkeypatch.delenv("KG_SPARQL_QUERY_URL", raising=False)
    monkeypatch.delenv("KG_SPARQL_UPDATE_URL", raising=False)
    assert endpoints("http://h:3030/ds/") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    monkeypatch.setenv("KG_SPARQL_QUERY_URL", "http://h:7200/repositories/r")
    monkeypatch.setenv("KG_SPARQL_UPDATE_URL", "http://h:7200/repositories/r/statements")
    assert endpoints("http://h:7200/repositories/r") == ("http://h:7200/repositories/r", "http://h:7200/repositories/r/statements")


def test_server_down_is_a_store_error_that_says_what_to_do():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint .*start the server"):
        RemoteStore(url)
    result = CliRunner().invoke(cli, ["meetings", "--store", url])
    assert result.exit_code == 1 and "cannot reach the SPARQL endpoint" in result.output


def test_wrong_path_and_bad_url_are_store_errors(remote_seeds):
    with pytest.raises(StoreError, match="HTTP 404"):
        RemoteStore(remote_seeds + "/no/such/endpoint/query")
    with pytest.raises(StoreError, match="not an http"):
        RemoteStore("http://")


# -- OpenLink Virtuoso (Debian's virtuoso-opensource) --------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
"""


class VirtuosoServer(ServerProcess):
    """virtuoso-t with a private database directory on free 127.0.0.1 ports;
    its SPARQL endpoint may update (GRANT SPARQL_UPDATE TO "SPARQL")."""

    STOP_TIMEOUT_S = 30

    def __init__(self, location: Path):
        binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
        if binary is None or isql is None:
            pytest.skip("Virtuoso is not installed; `make test` installs it (scripts/ensure-virtuoso.sh)")
        location.mkdir(parents=True)
        self.sql, http = free_port(), free_port()
        ini = location / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(d=location, sql=self.sql, http=http), encoding="utf-8")
        self.url = f"http://127.0.0.1:{http}/sparql"
        self.log = (location / "stdout.log").open("wb")
        self.proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=location,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                RemoteStore(self.url).close()
                break
            except StoreError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"Virtuoso did not answer on {self.url}; see {location}/virtuoso.log")
                time.sleep(0.2)
        grant = subprocess.run([isql, f"127.0.0.1:{self.sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                               capture_output=True, text=True, timeout=60)
        if grant.returncode != 0:
            self.stop()
            pytest.fail(f"cannot allow SPARQL updates on Virtuoso: {grant.stdout} {grant.stderr}")



@pytest.fixture(scope="module")
def virtuoso_seeds(tmp_path_factory):
    """A Virtuoso server holding the seeds, built through `kg build --store URL`."""
    base = tmp_path_factory.mktemp("virtuoso")
    server = VirtuosoServer(base / "db")
    old = os.environ.get("KG_INDEX")
    os.environ["KG_INDEX"] = str(base / "index.sqlite3")
    try:
        result = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", server.url, "--quiet"])
        assert result.exit_code == 0, result.output
        yield server.url
    finally:
        if old is None:
            os.environ.pop("KG_INDEX", None)
        else:
            os.environ["KG_INDEX"] = old
        server.stop()


def _canon(rows):
    """SPARQL rows come in no set order, and list order in the JSON follows them."""
    return [dict(r, topics=sorted(r["topics"])) if "topics" in r else r for r in rows]


def test_virtuoso_holds_the_same_quads_meetings_and_people_as_a_local_store(virtuoso_seeds, seeds_store_path):
    from kg import records

    with RemoteStore(virtuoso_seeds) as rs, LocalStore(seeds_store_path, read_only=True) as ls:
        assert rs.union_default, "Virtuoso was not recognised (its default graph is the union of all graphs)"
        remote_quads, local_quads = set(rs.quads()), set(ls.quads())
        assert remote_quads == local_quads and len(remote_quads) > 1000
        assert rs.graphs() == sorted(ls.graphs())
        assert len(rs) == len(ls)
        assert set(rs.union_triples()) == set(ls.union_triples())
        assert _canon(records.meetings(rs)) == _canon(records.meetings(ls))
        assert records.people(rs) == records.people(ls)


@pytest.mark.parametrize("command", [["meetings", "--format", "json"], ["people", "--format", "json"]])
def test_virtuoso_reads_back_like_the_local_store(virtuoso_seeds, seeds_store_path, command):
    remote = json.loads(kg_output(*command, "--store", virtuoso_seeds))
    local = json.loads(kg_output(*command, "--store", str(seeds_store_path)))
    assert _canon(remote) == _canon(local) and remote


def test_virtuoso_second_build_sends_nothing_and_replacing_a_graph_drops_it(virtuoso_seeds, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", virtuoso_seeds])
    assert result.exit_code == 0, result.output
    assert "Built 0 article(s), 5 unchanged" in result.output
    with RemoteStore(virtuoso_seeds) as st:
        g = st.graphs()[0]
        st.replace_graph(g, [(URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("o"))])
        rows = list(st.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": g}))
        assert [(str(s), str(p), str(o)) for s, p, o in rows] == [("http://example.org/s", "http://example.org/p", "o")]
        st.drop_graph(g)
        assert g not in st.graphs()
