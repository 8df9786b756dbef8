"""The SPARQL 1.1 Protocol where the endpoint used to be silent: CORS for
allowed origins, the service description, CONSTRUCT in four RDF syntaxes,
HEAD without running the query, an HTTP status for every failure, and a
served store that sees what a later build committed. Real endpoint on
127.0.0.1 for each."""

from __future__ import annotations

import http.client as httpclient
import json
import shutil
import urllib.parse

import pytest
from rdflib import Graph, URIRef

from kg.store import LocalStore

from .endpoint_helpers import Listener, count, get, http, post, running
from .minigraph import mini_store_path  # noqa: F401

SITE = "http://localhost:8123"
CONSTRUCT = "CONSTRUCT { ?a dkg:met ?b } WHERE { ?a dkg:met ?b }"


@pytest.fixture(scope="module")
def endpoint(mini_store_path):
    with running(mini_store_path, workers=2, cors=[SITE]) as server:
        yield server


def test_cors_for_an_allowed_origin(endpoint):
    status, headers, body = get(endpoint.url, "ASK { ?s ?p ?o }", headers={"Origin": SITE})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == SITE
    # the browser's preflight for a POST with a SPARQL body
    status, headers, _ = http(endpoint.url, method="OPTIONS", headers={
        "Origin": SITE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type",
    })
    assert status == 204 and headers["Access-Control-Allow-Origin"] == SITE
    assert "POST" in headers["Access-Control-Allow-Methods"] and headers["Access-Control-Allow-Headers"] == "content-type"
    status, headers, _ = http(endpoint.url, method="OPTIONS", headers={"Origin": "http://localhost:9999"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    assert http(endpoint.url, method="OPTIONS")[0] == 204


def test_get_without_a_query_is_the_service_description(endpoint):
    status, headers, body = http(endpoint.url)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    g = Graph().parse(data=body, format="turtle")
    assert (URIRef(endpoint.url), URIRef(sd + "endpoint"), URIRef(endpoint.url)) in g
    assert (URIRef(endpoint.url), URIRef(sd + "resultFormat"), URIRef("http://www.w3.org/ns/formats/JSON-LD")) in g


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")],
)
def test_construct_in_each_rdf_syntax(endpoint, accept, rdflib_format):
    status, headers, body = get(endpoint.url, CONSTRUCT, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    g = Graph().parse(data=body, format=rdflib_format)
    assert len(g) == 6
    met = URIRef("https://w3id.org/diplomacy-kg/ontology#met")
    assert (URIRef("https://w3id.org/diplomacy-kg/id/person/alice-adams"), met, URIRef("https://w3id.org/diplomacy-kg/id/person/bo-chen")) in g


def test_head_answers_without_running_the_query(mini_store_path):
    with running(mini_store_path, workers=1, allow_service=True) as server, Listener() as listener:
        q = f"SELECT ?s WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        url = f"{server.url}?{urllib.parse.urlencode({'query': q})}"
        status, headers, body = http(url, method="HEAD", headers={"Accept": "text/csv"})
        assert status == 200 and headers["Content-Type"].startswith("text/csv") and body == ""
        construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        status, headers, _ = http(f"{server.url}?{urllib.parse.urlencode({'query': construct})}", method="HEAD")
        assert status == 200 and headers["Content-Type"].startswith("text/turtle")
        assert listener.requests == []  # running it would have called the listener
        status, _, _ = get(server.url, q)
        assert status == 200 and len(listener.requests) == 1


def test_every_failure_has_an_http_status(endpoint):
    assert get(endpoint.url, "SELECT ?x WHERE { ?x ")[0] == 400
    assert get(endpoint.url, "SELECT * WHERE { ?s ?p ?o }", "image/png")[0] == 406
    assert get(endpoint.url, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")[0] == 403
    status, _, body = post(endpoint.url, "SELECT * WHERE { ?s ?p ?o }", headers={"Origin": "https://elsewhere.example"})
    assert status == 403
    status, _, body = http(endpoint.url.replace("/sparql", "/nope"))
    assert status == 404 and "/sparql" in body


def test_http_1_0_clients_get_a_plain_body(endpoint):
    conn = httpclient.HTTPConnection("127.0.0.1", endpoint.server_address[1], timeout=30)
    conn._http_vsn, conn._http_vsn_str = 10, "HTTP/1.0"
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Transfer-Encoding") is None
    assert json.loads(resp.read())["boolean"] is True
    conn.close()


def test_a_served_store_sees_a_later_build(mini_store_path, tmp_path):
    path = tmp_path / "kg-store"
    shutil.copytree(mini_store_path, path, ignore=shutil.ignore_patterns("LOCK"))
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with running(path, workers=2) as server:
        before = count(get(server.url, q)[2])
        with LocalStore(path) as st:  # a build writes while the endpoint runs
            st.replace_graph(URIRef("https://w3id.org/diplomacy-kg/id/graph/article/new.txt"), [
                (URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef(f"urn:x:o{i}")) for i in range(5)
            ])
        # every worker answers from the new commit
        assert [count(get(server.url, q)[2]) for _ in range(4)] == [before + 5] * 4
