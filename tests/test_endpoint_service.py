"""SERVICE (federation) is refused by `kg serve` and `kg query` unless asked
for, found by parsing the query (not by a text search); the endpoint never
calls itself; requests for other host names or from other sites' pages are
refused. Each test runs a real endpoint and a local listener on 127.0.0.1
that records whatever reaches it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import QueryError
from kg.query import execute
from kg.sparql import ServiceRefused, check_service, inspect_query
from kg.store import LocalStore

from .endpoint_helpers import Listener, get, post, running
from .minigraph import mini_store_path  # noqa: F401


def service_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(IRI(\"{url}\") AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ FILTER EXISTS {{ service <{url}> {{ ?s ?p ?o }} }} }}",
        # a \\u escape spells the keyword: the engines expand it before parsing
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ep: <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE ep:sparql {{ ?s ?p ?o }} }}",
    ]


@pytest.fixture(scope="module")
def endpoint(mini_store_path):
    with running(mini_store_path, workers=2) as server:
        yield server


def test_service_to_a_local_listener_is_refused_and_the_listener_gets_nothing(endpoint):
    with Listener() as listener:
        for q in service_queries(listener.url):
            for status, _, body in (get(endpoint.url, q), post(endpoint.url, q)):
                assert status == 403, (q, body)
                assert "SERVICE" in body and "--allow-service" in body
        assert listener.requests == []


def test_service_named_in_a_string_or_comment_is_just_text(endpoint):
    q = 'SELECT ?x WHERE { VALUES ?x { "SERVICE <http://127.0.0.1:9/x> { }" } } # SERVICE <http://127.0.0.1:9/>'
    status, _, body = get(endpoint.url, q)
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


def test_opted_in_federation_reaches_the_listener_but_never_the_endpoint_itself(mini_store_path):
    with running(mini_store_path, workers=2, allow_service=True) as server, Listener() as listener:
        status, _, body = get(server.url, f"SELECT ?s WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
        assert status == 200, body
        assert [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["urn:from-listener"]
        assert [m for m, _ in listener.requests] == ["POST"]
        port = server.server_address[1]
        for own in (server.url, f"http://localhost:{port}/sparql", f"http://127.0.0.1:{port}/other"):
            status, _, body = get(server.url, f"SELECT * WHERE {{ SERVICE <{own}> {{ ?s ?p ?o }} }}")
            assert status == 403 and "this endpoint itself" in body
        status, _, body = get(server.url, f"SELECT * WHERE {{ BIND(IRI(\"{listener.url}\") AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}")
        assert status == 403 and "variable SERVICE" in body
        assert len(listener.requests) == 1
        # a SERVICE that fails gets an HTTP error status, not a cut-off 200
        listener.status = 500
        status, _, body = get(server.url, f"SELECT ?s WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
        assert status == 500 and "failed" in body
        # and the endpoint still answers
        assert get(server.url, "ASK { ?s ?p ?o }")[0] == 200


def test_requests_for_other_host_names_are_refused(endpoint):
    port = endpoint.server_address[1]
    q = "ASK { ?s ?p ?o }"
    status, _, body = get(endpoint.url, q, headers={"Host": f"rebound.example:{port}"})
    assert status == 403 and "--allow-host" in body
    assert get(endpoint.url, q, headers={"Host": f"localhost:{port}"})[0] == 200
    assert get(endpoint.url, q, headers={"Host": f"127.0.0.1:{port}"})[0] == 200


def test_requests_from_another_sites_page_are_refused(endpoint):
    q = "ASK { ?s ?p ?o }"
    status, headers, body = post(endpoint.url, q, headers={"Origin": "https://attacker.example"})
    assert status == 403 and "--cors https://attacker.example" in body
    assert "Access-Control-Allow-Origin" not in headers
    # a no-cors GET (an <img>, a link) carries no Origin but says where it comes from
    status, _, _ = get(endpoint.url, q, headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    assert get(endpoint.url, q, headers={"Sec-Fetch-Site": "none"})[0] == 200


def test_kg_query_refuses_service_unless_allowed(mini_store_path, tmp_path):
    with Listener() as listener:
        rq = tmp_path / "federated.rq"
        rq.write_text(f"SELECT ?s WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}\n", encoding="utf-8")
        out = CliRunner().invoke(cli, ["query", str(rq), "--store", str(mini_store_path), "--format", "json"])
        assert out.exit_code == 1 and "SERVICE" in out.output and "--allow-service" in out.output
        assert "Traceback" not in out.output and listener.requests == []
        out = CliRunner().invoke(cli, ["query", str(rq), "--store", str(mini_store_path), "--format", "json", "--allow-service"])
        assert out.exit_code == 0, out.output
        assert json.loads(out.output)["results"]["bindings"][0]["s"]["value"] == "urn:from-listener"
        assert len(listener.requests) == 1
        listener.status = 500
        out = CliRunner().invoke(cli, ["query", str(rq), "--store", str(mini_store_path), "--allow-service"])
        assert out.exit_code == 1 and "failed" in out.output and "Traceback" not in out.output


def test_library_refuses_service_with_a_named_error(mini_store_path):
    with LocalStore(mini_store_path, read_only=True) as st, Listener() as listener:
        for q in service_queries(listener.url):
            with pytest.raises(ServiceRefused, match="SERVICE"):
                execute(st, q)
        assert listener.requests == []
    assert issubclass(ServiceRefused, QueryError)


def test_service_is_found_by_parsing():
    assert inspect_query("SELECT * WHERE { ?s ?p 'SERVICE' }").services == ()
    assert inspect_query("SELECT * WHERE { OPTIONAL { SERVICE <urn:a> { ?s ?p ?o } } }").services == ("urn:a",)
    assert check_service("SELECT * WHERE { ?s <urn:service> ?o }") is not None  # parsed, nothing found
    assert check_service("SELECT * WHERE { ?s ?p ?o }") is None  # cannot contain SERVICE: no parse needed
    with pytest.raises(QueryError, match="syntax error"):
        check_service("SELECT * WHERE { SERVICE <urn:a> { ?s ")
