"""The bundled SPARQL queries on a store of ~1M triples.

    .venv/bin/python scripts/bench_sparql.py [--triples 1000000] [--repeat 5] [--no-remote]

The graph is synthetic but has the ontology's shape: the seed articles are
built once, then their quads are copied until the store holds ``--triples``
triples. Copy k renames the article, its graph, its sentence nodes and its
meetings (so each copy adds new meetings and sources); people are drawn
from a pool (copy k's "Wang Yi" is one of 40 Wang Yi IRIs, so people recur
across copies and the people network is connected); countries, places,
organisations and issues are shared, as in a real corpus.

For every bundled query it prints the median latency through kg
(``kg.query.run_query`` on the local store: parameter binding, oxrdflib,
rdflib result rows) and directly on pyoxigraph (``Store.query`` with the same
text and bindings, rows consumed), and their ratio; with a server (default)
also through :class:`kg.remote.RemoteStore` against ``oxigraph serve`` holding
the same quads.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PEOPLE_POOL = 40

PARAMS = {
    "meetings-between": {"a": "US", "b": "China"},
    # people come in PEOPLE_POOL copies with the same name: pass one by IRI
    "meetings-of": {"person": "https://w3id.org/diplomacy-kg/id/person/wang-yi~p0"},
    "officials-by-country": {"country": "CN"},
    # issues-of / sources-of: a meeting IRI, picked from the store below
}


def seed_nquads(tmp: Path) -> str:
    from kg.build import build
    from kg.store import LocalStore

    with LocalStore(tmp / "seeds-store") as st:
        build([ROOT / "seeds"], store=st)
        import pyoxigraph as ox

        return ox.serialize(st.quads(), format=ox.RdfFormat.N_QUADS).decode("utf-8")


_RENAME = re.compile(r"<(https://w3id\.org/diplomacy-kg/id/)(source|meeting|article|graph/article|person)/([^>]*)>")


#: The graph name at the end of an N-Quads line (article graph IRIs have no spaces).
_GRAPH_TERM = re.compile(r" <[^>]*> \.$")


def synthetic(nquads: str, triples: int, out: Path) -> int:
    lines = nquads.count("\n")
    copies = max(1, round(triples / lines))
    merged: set[str] = set()  # the store's merged default graph: each triple once
    with out.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            def ren(m, k=k):
                base, kind, rest = m.groups()
                tag = f"p{k % PEOPLE_POOL}" if kind == "person" else f"c{k}"
                return f"<{base}{kind}/{rest}~{tag}>"

            copy = _RENAME.sub(ren, nquads)
            fh.write(copy)
            for quad in copy.splitlines():
                triple = _GRAPH_TERM.sub(" .", quad)
                if triple not in merged:
                    merged.add(triple)
                    fh.write(triple + "\n")
    return copies * lines


def median_time(fn, repeat: int, budget_s: float = 60.0) -> tuple[float, int]:
    times = []
    start = time.perf_counter()
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        if time.perf_counter() - start > budget_s:
            break
    return statistics.median(times), len(times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child(name: str, params_json: str, store: str, *, repeat: int, remote_url: str | None) -> None:
    """Time one query (kg local, pyoxigraph direct, kg remote); print JSON."""
    import pyoxigraph as ox

    from kg.query import bind_params, bundled_queries, run_query
    from kg.store import SPARQL_PROLOGUE, LocalStore

    params = json.loads(params_json)
    q = bundled_queries()[name]
    with LocalStore(store, read_only=True) as st:
        bindings = bind_params(st, q, params)
        sub = {ox.Variable(k): ox.NamedNode(str(v)) if v.__class__.__name__ == "URIRef" else ox.Literal(str(v))
               for k, v in bindings.items()}
        text = SPARQL_PROLOGUE + q.text

        def direct():
            for _ in st._ox.query(text, substitutions=sub):
                pass

        rows = len(run_query(st, name, params).rows)
        t_kg, runs = median_time(lambda: run_query(st, name, params), repeat)
        t_ox, _ = median_time(direct, repeat)
    out = {"rows": rows, "kg": t_kg, "ox": t_ox, "runs": runs}
    if remote_url:
        from kg.remote import RemoteStore

        with RemoteStore(remote_url) as rs:
            assert len(run_query(rs, name, params).rows) == rows
            out["remote"], _ = median_time(lambda: run_query(rs, name, params), repeat)
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-remote", action="store_true", help="skip the oxigraph server run")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed per query (all its runs)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--remote-url", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child, repeat=args.repeat, remote_url=args.remote_url)
        return

    import pyoxigraph as ox

    from kg.query import bundled_queries
    from kg.remote import RemoteStore
    from kg.store import SPARQL_PROLOGUE, LocalStore

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-sparql-"))
    data = tmp / "synthetic.nq"
    n = synthetic(seed_nquads(tmp), args.triples, data)
    t = time.perf_counter()
    ox.Store(str(tmp / "store")).bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    load_s = time.perf_counter() - t

    server = None
    remote = None
    if not args.no_remote:
        binary = Path(sys.executable).with_name("oxigraph")
        subprocess.run([str(binary), "load", "--location", str(tmp / "server"), "--file", str(data)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([str(binary), "serve", "--location", str(tmp / "server"), "--bind", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while remote is None:
            try:
                remote = RemoteStore(f"http://127.0.0.1:{port}")
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    try:
        with LocalStore(tmp / "store", read_only=True) as st:
            meeting = next(iter(st.query(SPARQL_PROLOGUE + "SELECT ?m WHERE { ?m a dkg:Meeting ; dkg:discussed ?i } LIMIT 1")), None)
            meeting = meeting or next(iter(st.query(SPARQL_PROLOGUE + "SELECT ?m WHERE { ?m a dkg:Meeting } LIMIT 1")))
            quads = len(st)
        params = dict(PARAMS, **{"issues-of": {"meeting": str(meeting[0])}, "sources-of": {"node": str(meeting[0])}})
        print(f"machine: {machine()}")
        print(f"store: {quads} quads ({n} written; seeds copied; bulk load {load_s:.1f} s), pyoxigraph {ox.__version__}")
        print(f"{'query':22s} {'rows':>6s} {'kg (local)':>11s} {'pyoxigraph':>11s} {'ratio':>6s}" + ("  kg (remote)  ratio" if remote else ""))
        ratios = []
        for name in bundled_queries():
            cmd = [sys.executable, __file__, "--child", name, json.dumps(params.get(name, {})), str(tmp / "store"),
                   "--repeat", str(args.repeat)] + (["--remote-url", remote.location] if remote else [])
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, check=True).stdout
            except subprocess.TimeoutExpired:
                print(f"{name:22s} not finished within {args.timeout:.0f} s (kg, pyoxigraph and remote runs together)", flush=True)
                continue
            r = json.loads(out.strip().splitlines()[-1])
            ratios.append(r["kg"] / r["ox"])
            line = f"{name:22s} {r['rows']:6d} {r['kg'] * 1000:9.1f}ms {r['ox'] * 1000:9.1f}ms {r['kg'] / r['ox']:6.2f}"
            if "remote" in r:
                line += f"  {r['remote'] * 1000:9.1f}ms {r['remote'] / r['ox']:6.2f}"
            print(line + (f"  (median of {r['runs']})" if r["runs"] < args.repeat else ""), flush=True)
        if ratios:
            print(f"median ratio kg/pyoxigraph over the bundled queries that finished: {statistics.median(ratios):.2f}")
    finally:
        if remote:
            remote.close()
        if server:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
