"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint, exercised with a
plain HTTP client (urllib) and an independent SPARQL client (SPARQLWrapper)
against a running server; and the `kg serve` command as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, URIRef

from kg.serve import negotiate
from kg.store import LocalStore

from .endpoint_helpers import running
from .minigraph import mini_store_path  # noqa: F401

ID = "https://w3id.org/diplomacy-kg/id/"
NAMES = "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def endpoint(mini_store_path):
    """A running server on a free port over the mini store (read-only)."""
    store = LocalStore(mini_store_path, read_only=True)
    try:
        with running(store) as server:
            yield server.url
    finally:
        store.close()


def http(url, *, data=None, headers=None, method=None):
    """(status, content type, body text) of a request; errors too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def get(endpoint, query, accept=None, **extra):
    qs = urllib.parse.urlencode({"query": query, **extra})
    return http(f"{endpoint}?{qs}", headers={"Accept": accept} if accept else {})


def names_of(body):
    return [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]


PEOPLE = ["Alice Adams", "Bo Chen", "Carl Diaz", "Eve Fontaine"]


def test_get_returns_sparql_json_by_default(endpoint):
    status, ctype, body = get(endpoint, NAMES)
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert [n for n in names_of(body) if not n.startswith("Evil")] == PEOPLE


def test_post_form_and_post_direct_query(endpoint):
    form = urllib.parse.urlencode({"query": NAMES}).encode()
    status, _, body = http(endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and "Bo Chen" in names_of(body)
    status, _, body = http(endpoint, data=NAMES.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and "Bo Chen" in names_of(body)


def test_content_negotiation_for_results(endpoint):
    status, ctype, body = get(endpoint, NAMES, "text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["name"] and ["Bo Chen"] in rows
    status, ctype, body = get(endpoint, NAMES, "text/tab-separated-values")
    assert ctype.startswith("text/tab-separated-values") and body.splitlines()[0] == "?name"
    assert '"Bo Chen"' in body.splitlines()
    status, ctype, body = get(endpoint, NAMES, "application/sparql-results+xml")
    assert ctype.startswith("application/sparql-results+xml")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert "Bo Chen" in [e.text for e in ET.fromstring(body).findall(".//s:literal", ns)]
    # q-values decide; */* falls back to JSON
    status, ctype, _ = get(endpoint, NAMES, "text/csv;q=0.4, application/sparql-results+xml;q=0.9")
    assert ctype.startswith("application/sparql-results+xml")
    status, ctype, _ = get(endpoint, NAMES, "text/html, */*;q=0.1")
    assert ctype.startswith("application/sparql-results+json")
    status, _, body = get(endpoint, NAMES, "image/png")
    assert status == 406 and "text/csv" in body


def test_construct_as_turtle_or_ntriples_and_ask(endpoint):
    q = "CONSTRUCT { ?a dkg:met ?b } WHERE { ?a dkg:met ?b }"
    status, ctype, body = get(endpoint, q)
    assert status == 200 and ctype.startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == 6
    status, ctype, body = get(endpoint, q, "application/n-triples")
    assert ctype.startswith("application/n-triples") and len(Graph().parse(data=body, format="nt")) == 6
    status, _, body = get(endpoint, "ASK { ?m dkg:mode dkg:Phone }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def test_the_endpoint_is_read_only(endpoint):
    before = json.loads(get(endpoint, COUNT)[2])["results"]["bindings"][0]["n"]["value"]
    update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    form = urllib.parse.urlencode({"update": update}).encode()
    assert http(endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert http(endpoint, data=update.encode(), headers={"Content-Type": "application/sparql-update"})[0] == 403
    status, _, body = get(endpoint, update)
    assert status == 400 and "syntax error" in body.lower()
    assert http(endpoint, data=b"x", method="PUT")[0] == 405
    after = json.loads(get(endpoint, COUNT)[2])["results"]["bindings"][0]["n"]["value"]
    assert after == before


def test_bad_requests_are_explained(endpoint):
    status, _, body = get(endpoint, "SELECT ?x WHERE { ?x ")
    assert status == 400 and "syntax error" in body.lower()
    status, ctype, body = http(endpoint)  # no query: the service description
    assert status == 200 and ctype.startswith("text/turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (URIRef(endpoint), URIRef(sd + "endpoint"), URIRef(endpoint)) in Graph().parse(data=body, format="turtle")
    status, _, body = http(endpoint.replace("/sparql", "/nope"))
    assert status == 404 and "/sparql" in body
    status, _, body = http(endpoint.replace("/sparql", "/"))
    assert status == 200 and "read-only" in body
    status, _, _ = http(endpoint, data=b"query=x", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_sparqlwrapper_client(endpoint):
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery("PREFIX schema: <https://schema.org/>\n" + NAMES.replace("schema:name", "schema:name"))
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert "Alice Adams" in [b["name"]["value"] for b in data["results"]["bindings"]]

    client.setMethod(POST)
    client.setQuery("ASK { ?m <https://w3id.org/diplomacy-kg/ontology#mode> <https://w3id.org/diplomacy-kg/ontology#Video> }")
    assert client.query().convert()["boolean"] is False

    client = SPARQLWrapper(endpoint)
    client.setQuery(f"CONSTRUCT {{ ?m ?p ?o }} WHERE {{ BIND(<{ID}meeting/m1> AS ?m) ?m ?p ?o }}")
    client.setReturnFormat(TURTLE)
    g = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(g) >= 10


def test_negotiate_unit():
    assert negotiate(None, "SELECT") == "json"
    assert negotiate("", "CONSTRUCT") == "turtle"
    assert negotiate("text/turtle", "SELECT") is None
    assert negotiate("application/json", "ASK") == "json"
    assert negotiate(None, "SELECT", override="csv") == "csv"


@pytest.mark.server
def test_kg_serve_command_runs_a_server_process(seeds_store_path):
    """`kg serve --port 0` in its own process: it prints its URL, answers a
    query over the seeds build, and stops on SIGTERM/SIGINT."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    # `python -m kg`, with Python's Ctrl-C handler even when this test run
    # ignores SIGINT (as background jobs and nohup do) and passed that on
    main = "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); runpy.run_module('kg', run_name='__main__')"
    proc = subprocess.Popen(
        [sys.executable, "-c", main, "serve", "--store", str(seeds_store_path), "--port", "0", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        line = proc.stdout.readline()  # the first line names the URL; ends if the process dies
        assert line.startswith("SPARQL endpoint: http://127.0.0.1:"), line + proc.stderr.read()
        url = line.split()[2]
        status, _, body = get(url, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dkg:Meeting }")
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        proc.send_signal(subprocess.signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    assert proc.returncode == 0, proc.stderr.read()
