"""Helpers for the endpoint tests: a running `kg serve` server in a thread,
a local listener that records every request it gets, plain HTTP calls."""

from __future__ import annotations

import contextlib
import http.server as httpserver
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

from kg.serve import make_server


@contextlib.contextmanager
def running(store, **options):
    """A server on a free port of 127.0.0.1 over ``store``; yields it."""
    server = make_server(store, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Listener:
    """An HTTP listener on 127.0.0.1 that records the requests it receives
    and answers each with a SPARQL JSON result of one row (or ``status``)."""

    def __init__(self, status: int = 200):
        self.requests: list[tuple[str, str]] = []
        listener = self

        class Handler(httpserver.BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                listener.requests.append((self.command, self.path))
                body = json.dumps(
                    {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "urn:from-listener"}}]}}
                ).encode()
                self.send_response(listener.status)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _any

            def log_message(self, *args):
                pass

        self.status = status
        self.server = httpserver.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def http(url, *, data=None, headers=None, method=None, timeout=30):
    """(status, headers, body text) of a request; error statuses too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def get(endpoint, query, accept=None, headers=None, timeout=30, **extra):
    """GET a query; ``extra`` are more parameters (``default_graph_uri=[...]``)."""
    params = [("query", query)] + [(k.replace("_", "-"), v) for k, vs in extra.items() for v in ([vs] if isinstance(vs, str) else vs)]
    url = f"{endpoint}?{urllib.parse.urlencode(params)}"
    return http(url, headers={**({"Accept": accept} if accept else {}), **(headers or {})}, timeout=timeout)


def post(endpoint, query, headers=None):
    form = urllib.parse.urlencode({"query": query}).encode()
    return http(endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


def count(body) -> int:
    """The ?n of a one-row SPARQL JSON result."""
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
