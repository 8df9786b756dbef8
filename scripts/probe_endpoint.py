"""The probes of issue 11 against a running `kg serve` process, printed as JSON.

    .venv/bin/python scripts/probe_endpoint.py --store STORE [--code DIR]

``--code DIR`` runs `kg serve` / `kg query` / `kg build` from another
checkout of the project (for example ``git archive <commit> | tar -x -C DIR``)
to compare the endpoint before and after a change. Every request stays on
127.0.0.1; a local listener records whatever a SERVICE clause makes the
endpoint send. A server that hangs on a probe is restarted; each probe has
its own time limit. The store is copied for the snapshot probe (a build adds
three articles while the endpoint runs) and is otherwise only read.
"""

from __future__ import annotations

import argparse
import http.client as hc
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import endpoint_helpers as EH  # noqa: E402
from tests.endpoint_helpers import Listener  # noqa: E402


def _safe(f):
    def g(*a, **k):
        try:
            return f(*a, **k)
        except Exception as e:  # a probe that fails reports how
            return ("EXC " + type(e).__name__, {}, "")
    return g


get, post, http = _safe(EH.get), _safe(EH.post), _safe(EH.http)

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--store", required=True, help="a built store directory (the seeds build: 1,796 merged triples)")
ap.add_argument("--code", help="run kg from this checkout instead (PYTHONPATH)")
args = ap.parse_args()
store = os.path.abspath(args.store)
env = dict(os.environ, PYTHONUNBUFFERED="1")
if args.code:
    env["PYTHONPATH"] = args.code
# -m puts the working directory first on sys.path: run kg from a neutral one
tmp = Path(tempfile.mkdtemp(prefix="probe-endpoint-"))
R = {}


def serve(store, *extra):
    p = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", store, "--port", "0", "--quiet", *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=tmp)
    line = p.stdout.readline()
    return p, line.split()[2]


def stop(p):
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill(); p.wait()


def timed(f, limit=12):
    out = {}
    def run():
        t = time.perf_counter()
        try:
            out["r"] = f()
        except Exception as e:
            out["r"] = ("EXC", repr(e)[:120])
        out["t"] = time.perf_counter() - t
    th = threading.Thread(target=run, daemon=True); th.start(); th.join(limit)
    return out.get("r", "NO ANSWER within %ds" % limit), round(out.get("t", limit), 3)


p, url = serve(store)
port = int(urllib.parse.urlsplit(url).port)
with Listener() as L:
    r = get(url, f"SELECT * WHERE {{ SERVICE <{L.url}> {{ ?s ?p ?o }} }}")
    R["service_iri"] = (r[0], len(L.requests))
    r = get(url, f"SELECT * WHERE {{ BIND(IRI(\"{L.url}\") AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}")
    R["service_var"] = (r[0], len(L.requests))
    n0 = len(L.requests)
    r = post(url, f"SELECT * WHERE {{ SERVICE <{L.url}> {{ ?s ?p ?o }} }}", headers={"Origin": "https://attacker.example"})
    R["cross_origin_form_post"] = (r[0], len(L.requests) - n0)
    n0 = len(L.requests)
    q = urllib.parse.urlencode({"query": f"SELECT * WHERE {{ SERVICE <{L.url}> {{ ?s ?p ?o }} }}"})
    r = http(f"{url}?{q}", method="HEAD")
    R["head_runs_query"] = (r[0], len(L.requests) - n0)
    n0 = len(L.requests)
    rq = str(tmp / "fed.rq")
    open(rq, "w").write(f"SELECT * WHERE {{ SERVICE <{L.url}> {{ ?s ?p ?o }} }}")
    cp = subprocess.run([sys.executable, "-m", "kg", "query", rq, "--store", store], capture_output=True, text=True, env=env, cwd=tmp)
    R["kg_query_service"] = (cp.returncode, len(L.requests) - n0, "Traceback" in cp.stderr)
r = get(url, "ASK { }", headers={"Host": f"rebound.example:{port}"})
R["foreign_host"] = r[0]
r = http(url, method="OPTIONS", headers={"Origin": "http://localhost:8000"})
R["options"] = r[0]
R["get_without_query"] = http(url)[0]
C = "CONSTRUCT { ?a dkg:met ?b } WHERE { ?a dkg:met ?b }"
R["construct_rdfxml"] = get(url, C, "application/rdf+xml")[0]
R["construct_jsonld"] = get(url, C, "application/ld+json")[0]
R["default_graph_uri"] = get(url, "ASK {}", default_graph_uri="urn:x")[0]
# FROM
gq = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g LIMIT 1"
b = json.loads(get(url, gq)[2])["results"]["bindings"][0]
g = b["g"]["value"]
def cnt(q):
    s, _, body = get(url, q)
    if s != 200: return s
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) if s == 200 else s
R["count_merged"] = cnt("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
R["count_from_one_article"] = (cnt(f"SELECT (COUNT(*) AS ?n) FROM <{g}> WHERE {{ ?s ?p ?o }}"), int(b["n"]["value"]))
R["count_from_nothing"] = cnt("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }")
(tmp / "from.rq").write_text("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }")
cp = subprocess.run([sys.executable, "-m", "kg", "query", str(tmp / "from.rq"), "--store", store, "--format", "csv"],
                    capture_output=True, text=True, env=env, cwd=tmp)
R["kg_query_from_nothing"] = cp.stdout.strip().splitlines()[-1] if cp.returncode == 0 else cp.stderr[-200:]
# failing SERVICE in kg query: traceback?
# cross join blocks others
CJ = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
res = {}
th = threading.Thread(target=lambda: res.update(cj=timed(lambda: get(url, CJ, timeout=20)[0], 20)), daemon=True); th.start()
time.sleep(1.0)
R["ask_during_cross_join"] = timed(lambda: get(url, "ASK { ?s ?p ?o }")[0], 10)
th.join(25)
R["cross_join"] = res.get("cj")
stop(p)
p, url = serve(store)
port = int(urllib.parse.urlsplit(url).port)
# Content-Length lie
def liar():
    s = socket.create_connection(("127.0.0.1", port), timeout=40)
    s.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\nContent-Length: 999999\r\n\r\nASK {{}}".encode())
    data = s.recv(200)
    return data.split(b"\r\n")[0].decode()
R["content_length_lie"] = timed(liar, 30)
# 20 clients 10 s
errors, ok = [], [0]
stop_at = time.monotonic() + 10
def client():
    while time.monotonic() < stop_at:
        c = hc.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            c.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
            rr = c.getresponse(); rr.read(); ok[0] += 1
        except OSError as e:
            errors.append(type(e).__name__)
        finally:
            c.close()
ths = [threading.Thread(target=client) for _ in range(20)]
[t.start() for t in ths]; [t.join(60) for t in ths]
R["load_20x10s"] = {"requests": ok[0], "errors": len(errors), "kinds": sorted(set(errors))}
# self SERVICE (last: it may hang the old server)
R["service_self"] = timed(lambda: get(url, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", timeout=15)[0], 15)
R["after_self_service_ask"] = timed(lambda: get(url, "ASK {}", timeout=8)[0], 8)
stop(p)

# snapshot: a build commits three more articles while the endpoint runs
copy = tmp / "kg-store"
shutil.copytree(store, copy, ignore=shutil.ignore_patterns("LOCK"))
p, url = serve(str(copy))
gq = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } }"
before = cnt(gq)
with open(tmp / "more.jsonl", "w") as f:
    for i in range(3):
        f.write(json.dumps({"id": f"extra{i}", "published": "2024-01-15",
                            "text": f"Foreign Minister Wang Yi met Secretary of State Antony Blinken in Rome on Monday ({i})."}) + "\n")
b = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp / "more.jsonl"), "--store", str(copy), "--quiet"],
                   capture_output=True, text=True, env=env, cwd=tmp)
R["graphs_seen_before_and_after_a_build"] = (before, cnt(gq), b.returncode)
stop(p)
shutil.rmtree(tmp, ignore_errors=True)
print(json.dumps(R))
