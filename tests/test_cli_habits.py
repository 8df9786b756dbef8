"""The CLI fits the habits of analysts (issue 14): tables that show every
value whole at any width, standard input and output, short options and the
format names other tools use, a global --store, `kg stats`, readable SPARQL
syntax errors, one triple count, CSV ids that join, a two-way `met`, and a
progress bar on a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from rich.cells import cell_len

from kg.cli import cli
from kg.output import table

from .minigraph import mini_store_path  # noqa: F401

ID = "https://w3id.org/diplomacy-kg/id/"
ROOT = Path(__file__).resolve().parent.parent


def kg(*args, env=None, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, input=input)


def ok(*args, **kw):
    result = kg(*args, **kw)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture()
def nlp_here(nlp, monkeypatch):
    """`kg build` in this process uses the session's spaCy pipeline."""
    monkeypatch.setattr("kg.nlp.load_pipeline", lambda model=None, *, gazetteer=None: nlp)
    return nlp


# -- the group: help, the global --store ----------------------------------------------------------
def test_bare_kg_prints_help_and_exits_0():
    result = kg()
    assert result.exit_code == 0
    assert "Usage: kg" in result.output or "Usage: cli" in result.output
    assert "Commands:" in result.output and "stats" in result.output
    assert "KG_STORE" in result.output, "the help names the environment variable"


def test_every_command_takes_short_options():
    for name, cmd in cli.commands.items():
        opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
        assert "-s" in opts, f"kg {name} has no -s"
        if any(p.name == "fmt" for p in cmd.params):
            assert "-f" in opts, f"kg {name} has no -f"
        if any(p.name == "out" for p in cmd.params):
            assert "-o" in opts, f"kg {name} has no -o"


def test_store_from_group_option_command_option_or_environment(mini_store_path, tmp_path):
    want = json.loads(ok("meetings", "--store", mini_store_path, "-f", "json"))
    assert len(want) == 3
    assert json.loads(ok("--store", mini_store_path, "meetings", "-f", "json")) == want
    assert json.loads(ok("-s", mini_store_path, "meetings", "-f", "json")) == want
    assert json.loads(ok("meetings", "-f", "json", env={"KG_STORE": str(mini_store_path)})) == want
    # the command's own --store wins over the group's and over KG_STORE
    missing = tmp_path / "nothing-here"
    assert json.loads(ok("-s", missing, "meetings", "-s", mini_store_path, "-f", "json")) == want
    assert json.loads(ok("meetings", "-s", mini_store_path, "-f", "json", env={"KG_STORE": str(missing)})) == want
    # and the group's --store wins over KG_STORE
    assert json.loads(ok("-s", mini_store_path, "meetings", "-f", "json", env={"KG_STORE": str(missing)})) == want
    result = kg("meetings", env={"KG_STORE": str(missing)})
    assert result.exit_code == 1 and str(missing) in result.output


# -- tables ------------------------------------------------------------------------------------------
def _lines_fit(text: str, width: int) -> None:
    too_long = [line for line in text.splitlines() if cell_len(line) > width]
    assert not too_long, f"lines wider than {width}: {too_long[:3]}"


def _whole(text: str, value: str) -> bool:
    return any(value in line for line in text.splitlines())


@pytest.mark.parametrize("columns", [80, 200])
def test_meetings_table_shows_every_participant_in_full(seeds_store_path, columns):
    meetings = json.loads(ok("meetings", "-s", seeds_store_path, "-f", "json"))
    out = ok("meetings", "-s", seeds_store_path, env={"COLUMNS": str(columns)})
    _lines_fit(out, columns)
    assert "…" not in out
    names = {p["name"] for m in meetings for p in m["participants"]}
    assert len(names) > 10
    for name in names:
        assert _whole(out, name), f"{name!r} is not printed whole at {columns} columns"
    for m in meetings:
        for value in [m["place"], *m["countries"], *(s["article"] for s in m["sources"])]:
            if value:
                assert _whole(out, value), f"{value!r} is not printed whole at {columns} columns"
    if columns == 200:  # wide enough for one table
        header = out.splitlines()[0].split()
        assert header == ["date", "participants", "countries", "place", "mode", "status", "topics", "sources"]
    else:  # one record per meeting
        assert len(re.findall(r"^-\[ \d+ \]-+$", out, re.M)) == len(meetings)


def test_people_table_at_80_columns_shows_every_name(seeds_store_path):
    people = json.loads(ok("people", "-s", seeds_store_path, "-f", "json"))
    out = ok("people", "-s", seeds_store_path, env={"COLUMNS": "80"})
    _lines_fit(out, 80)
    for p in people:
        assert _whole(out, p["name"]), p["name"]
        for alias in p["aliases"]:
            assert _whole(out, alias), alias


def test_piped_tables_print_one_line_per_row(mini_store_path):
    meetings = json.loads(ok("meetings", "-s", mini_store_path, "-f", "json"))
    out = ok("meetings", "-s", mini_store_path)  # CliRunner's output is not a terminal; no COLUMNS
    lines = out.splitlines()
    assert len(lines) == 2 + len(meetings)
    assert "Alice Adams; Bo Chen" in out


def test_centrality_table_shows_short_ids_and_csv_full_ones(mini_store_path):
    out = ok("centrality", "-s", mini_store_path, env={"COLUMNS": "120"})
    assert "id:person/bo-chen" in out and "https://" not in out
    rows = list(csv.DictReader(io.StringIO(ok("centrality", "-s", mini_store_path, "-f", "csv"))))
    assert rows and all(r["id"].startswith(ID + "person/") for r in rows)
    tsv = ok("centrality", "-s", mini_store_path, "-f", "tsv").splitlines()
    assert tsv[0].split("\t") == ["label", "degree", "betweenness", "pagerank", "eigenvector", "community", "id"]


_name = st.text(alphabet=st.sampled_from("abcdefghij中文ü"), min_size=1, max_size=8)
_names = st.lists(st.lists(_name, min_size=1, max_size=3).map(" ".join), min_size=0, max_size=4)


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(st.tuples(_names, _name, st.lists(_name, max_size=6).map(" ".join)), min_size=1, max_size=5),
       width=st.integers(min_value=40, max_value=160))
def test_table_property_every_name_whole_and_lines_within_width(rows, width):
    rows = [[list(r[0]), r[1], r[2]] for r in rows]
    # a name fits beside the longest header ("participants") at this width
    assume(all(cell_len(n) <= width - len("participants") - 2 for r in rows for n in [*r[0], r[1]]))
    out = table(["participants", "place", "note"], rows, width=width, whole={"participants", "place"})
    _lines_fit(out, width)
    for r in rows:
        for name in [*r[0], r[1], *r[2].split()]:
            assert _whole(out, name), (name, out)


# -- formats, exports, standard output ----------------------------------------------------------------
@pytest.mark.parametrize("command, alias, canonical", [
    ("export", "ttl", "turtle"), ("export", "nt", "ntriples"), ("export", "N-Triples", "ntriples"),
    ("export", "xml", "rdfxml"), ("export", "jsonld", "json-ld"), ("export", "nq", "nquads"),
    ("query", "ttl", "turtle"), ("query", "nt", "ntriples"), ("query", "xml", "xml"), ("meetings", "TSV", "tsv"),
])
def test_format_names_other_tools_use(command, alias, canonical):
    (fmt,) = [p for p in cli.commands[command].params if p.name == "fmt"]
    assert fmt.type.convert(alias, fmt, None) == canonical


def test_an_alias_exports_what_the_format_does(mini_store_path, tmp_path):
    ok("export", "-s", mini_store_path, "-f", "nt", "-o", tmp_path / "a.nt")
    ok("export", "-s", mini_store_path, "--format", "ntriples", "--out", tmp_path / "b.nt")
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


def test_unknown_format_lists_the_choices(mini_store_path):
    result = kg("export", "-s", mini_store_path, "-f", "pdf", "-o", "-")
    assert result.exit_code == 2 and "turtle" in result.output and "ntriples" in result.output


def _merged(mini_store_path) -> Graph:
    from kg.store import LocalStore
    from kg.store.base import from_ox

    g = Graph()
    with LocalStore(mini_store_path, read_only=True) as st:
        for t in st.union_triples():
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return g


def test_ntriples_piped_from_kg_export_into_an_independent_parser(mini_store_path):
    """`kg export -o - -f nt | python -c '<rdflib parser>'` through a real pipe."""
    kg_cmd = [sys.executable, "-m", "kg", "export", "-s", str(mini_store_path), "-o", "-", "-f", "nt"]
    parse = [sys.executable, "-c",
             "import sys, rdflib; g = rdflib.Graph(); g.parse(data=sys.stdin.buffer.read().decode('utf-8'), format='nt');"
             "print(len(g))"]
    producer = subprocess.Popen(kg_cmd, stdout=subprocess.PIPE, cwd=ROOT)
    consumer = subprocess.run(parse, stdin=producer.stdout, capture_output=True, text=True, timeout=120)
    producer.stdout.close()
    assert producer.wait(timeout=60) == 0
    assert consumer.returncode == 0, consumer.stderr
    stats = json.loads(ok("stats", "-s", mini_store_path, "-f", "json"))
    assert int(consumer.stdout) == stats["triples"] > 0


@pytest.mark.parametrize("fmt, rdflib_format", [("nt", "nt"), ("rdfxml", "xml")])
def test_merged_graph_exports_to_stdout_are_the_merged_graph(mini_store_path, fmt, rdflib_format):
    result = CliRunner().invoke(cli, ["export", "-s", str(mini_store_path), "-f", fmt, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert not result.output.startswith("Wrote")
    g = Graph().parse(data=result.stdout_bytes.decode("utf-8"), format=rdflib_format)
    assert isomorphic(_plain(g), _plain(_merged(mini_store_path)))


def _plain(g: Graph) -> Graph:
    from rdflib import Literal
    from rdflib.namespace import XSD

    out = Graph()
    for s, p, o in g:
        out.add((s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o))
    return out


def test_nquads_and_graphml_to_stdout(mini_store_path, tmp_path):
    nq = CliRunner().invoke(cli, ["export", "-s", str(mini_store_path), "-f", "nq", "-o", "-"])
    ds = Dataset()
    ds.parse(data=nq.stdout_bytes.decode("utf-8"), format="nquads")
    assert len(list(ds.graphs())) >= 2
    gml = CliRunner().invoke(cli, ["export", "-s", str(mini_store_path), "-f", "graphml", "-o", "-"])
    (tmp_path / "g.graphml").write_bytes(gml.stdout_bytes)
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 5


def test_csv_export_to_stdout_is_refused(mini_store_path):
    result = kg("export", "-s", mini_store_path, "-f", "csv", "-o", "-")
    assert result.exit_code == 1 and "directory" in result.output


def test_view_to_stdout(mini_store_path):
    result = CliRunner().invoke(cli, ["view", "-s", str(mini_store_path), "-o", "-"])
    assert result.exit_code == 0, result.output
    page = result.stdout_bytes.decode("utf-8")
    assert page.lstrip().lower().startswith(("<!doctype html", "<html")) and "Alice Adams" in page
    assert not Path("-").exists()


def test_graphml_met_is_two_way(mini_store_path, tmp_path):
    ok("export", "-s", mini_store_path, "-f", "graphml", "-o", tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    met = {(a, b): d["weight"] for a, b, d in g.edges(data=True) if d["type"] == "met"}
    assert (ID + "person/alice-adams", ID + "person/bo-chen") in met
    assert all(met.get((b, a)) == w for (a, b), w in met.items()), "every met edge has its reverse, same weight"
    pairs = {frozenset(e) for e in met}
    assert len(met) == 2 * len(pairs) == 2 * 3  # Adams-Chen, Diaz-Chen, Adams-Fontaine


def test_csv_ids_join_with_the_exported_nodes(mini_store_path, tmp_path):
    ok("export", "-s", mini_store_path, "-f", "csv", "-o", tmp_path / "csv")
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = {r["id"]: r for r in csv.DictReader(f)}
    meetings = list(csv.DictReader(io.StringIO(ok("meetings", "-s", mini_store_path, "-f", "csv"))))
    assert len(meetings) == 3
    for m in meetings:
        assert nodes[m["id"]]["type"] == "meeting"
        ids, names = m["participant_ids"].split("; "), m["participants"].split("; ")
        assert [nodes[i]["label"] for i in ids] == names
    people = list(csv.DictReader(io.StringIO(ok("people", "-s", mini_store_path, "-f", "csv"))))
    assert people and all(nodes[p["id"]]["type"] == "person" and nodes[p["id"]]["label"] == p["name"] for p in people)
    tsv = ok("meetings", "-s", mini_store_path, "-f", "tsv").splitlines()
    assert tsv[0].split("\t")[:2] == ["id", "date"] and len(tsv) == 4


def test_json_contract_is_what_the_read_model_returns(mini_store_path):
    from kg.records import meetings, people
    from kg.store import LocalStore

    with LocalStore(mini_store_path, read_only=True) as st:
        want_m, want_p = meetings(st), people(st)
    assert json.loads(ok("meetings", "-s", mini_store_path, "-f", "json")) == want_m
    assert json.loads(ok("people", "-s", mini_store_path, "-f", "json")) == want_p


# -- counts: kg stats and the build summary ----------------------------------------------------------------
def test_stats_counts_what_the_exports_hold(mini_store_path):
    s = json.loads(ok("stats", "-s", mini_store_path, "-f", "json"))
    assert s["triples"] == len(_merged(mini_store_path))
    nq = CliRunner().invoke(cli, ["export", "-s", str(mini_store_path), "-f", "nquads", "-o", "-"]).stdout_bytes
    assert s["quads"] == nq.decode("utf-8").count("\n") > s["triples"]
    assert (s["articles"], s["graphs"], s["meetings"], s["people"]) == (2, 2, 3, 5)
    assert s["published"] == {"first": "2023-05-02", "last": "2024-01-12"}
    assert s["meeting_dates"] == {"first": "2023-05-01", "last": "2024-01-10"}
    assert s["meetings_by_mode"] == {"in_person": 2, "phone": 1}
    assert s["meetings_by_status"] == {"occurred": 3}
    assert s["size_bytes"] > 0
    text = ok("stats", "-s", mini_store_path)
    assert re.search(rf"^triples\s+{s['triples']} ", text, re.M) and re.search(rf"^quads\s+{s['quads']} ", text, re.M)
    assert re.search(r"^\s+by mode\s+in_person 2, phone 1$", text, re.M)


def test_build_summary_counts_triples_of_the_merged_graph(seeds_store_copy):
    from .conftest import SEEDS

    out = kg("build", SEEDS, "-s", seeds_store_copy)  # all unchanged: nothing to parse
    assert out.exit_code == 0, out.output
    s = json.loads(ok("stats", "-s", seeds_store_copy, "-f", "json"))
    assert f"{s['triples']} triples ({s['quads']} quads" in out.output
    ttl = CliRunner().invoke(cli, ["export", "-s", str(seeds_store_copy), "-f", "ttl", "-o", "-"]).stdout_bytes
    assert len(Graph().parse(data=ttl.decode("utf-8"), format="turtle")) == s["triples"] < s["quads"]


# -- queries: inline, standard input, syntax errors --------------------------------------------------------
Q = "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n"


def test_query_text_inline_from_stdin_or_as_the_argument(mini_store_path):
    want = json.loads(ok("query", "-s", mini_store_path, "-e", Q, "-f", "json"))
    names = [b["n"]["value"] for b in want["results"]["bindings"]]
    assert "Alice Adams" in names and len(names) == 5
    assert json.loads(ok("query", "-", "-s", mini_store_path, "-f", "json", input=Q)) == want
    assert json.loads(ok("query", "-s", mini_store_path, "-f", "json", input=Q)) == want  # piped, no NAME
    assert json.loads(ok("query", Q, "-s", mini_store_path, "-f", "json")) == want
    assert "who-met-whom" in ok("query", "-s", mini_store_path)  # nothing piped: the list


def test_query_arguments_that_conflict_or_are_empty(mini_store_path):
    assert kg("query", "who-met-whom", "-e", Q, "-s", mini_store_path).exit_code == 2
    empty = kg("query", "-", "-s", mini_store_path, input="")
    assert empty.exit_code == 1 and "standard input" in empty.output
    select_as_turtle = kg("query", "-e", Q, "-f", "ttl", "-s", mini_store_path)
    assert select_as_turtle.exit_code == 1 and "CONSTRUCT" in select_as_turtle.output
    construct = ok("query", "-e", "CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }", "-f", "nt",
                   "-s", mini_store_path)
    assert len(Graph().parse(data=construct, format="nt")) == 5


@pytest.mark.parametrize("text, line, column", [
    ("SELECT ?x WHERE { ?x ?y ?z } LIMIT x", 1, 36),
    ("SELECT ?x\nWHERE {\n  ?x ?y ?z } ORDER BY", 3, 22),  # past the end of the line
    ("PREFIX ex: <http://x/>\nSELECT ?x WHERE { ?x ex:p \"open }", 2, 34),  # an unclosed string
])
def test_sparql_syntax_errors_are_one_line_with_a_caret(mini_store_path, text, line, column):
    result = kg("query", "-e", text, "-s", mini_store_path)
    assert result.exit_code == 1
    lines = result.output.rstrip("\n").splitlines()
    assert len(lines) == 3, result.output
    assert f"line {line}, column {column}" in lines[0]
    assert "\\u{" not in result.output and "[_]" not in result.output
    assert lines[1] == "  " + text.splitlines()[line - 1]
    assert lines[2] == " " * (2 + column - 1) + "^"


def test_sparql_error_names_character_classes(mini_store_path):
    result = kg("query", "-e", "SELECT ?x WHERE { ?x ?y ?z } ORDER BY", "-s", mini_store_path)
    assert result.exit_code == 1 and "a letter" in result.output and "u{" not in result.output


# -- build: standard input, progress ------------------------------------------------------------------
JSONL = "\n".join(json.dumps(a) for a in [
    {"id": "s1", "published": "2024-05-20", "text": "Japanese Foreign Minister Yoko Kamikawa met Indonesian Foreign "
                                                     "Minister Retno Marsudi in Jakarta on Monday."},
    {"id": "s2", "published": "2024-05-21", "text": "German Chancellor Olaf Scholz spoke by phone with Brazilian "
                                                     "President Luiz Inacio Lula da Silva on Tuesday."},
]) + "\n"


def test_build_reads_json_lines_from_stdin(tmp_path, nlp_here):
    store = tmp_path / "st"
    out = kg("build", "-", "-s", store, input=JSONL)
    assert out.exit_code == 0, out.output
    assert "Built 2 article(s)" in out.output
    meetings = json.loads(ok("meetings", "-s", store, "-f", "json"))
    assert {s["article"] for m in meetings for s in m["sources"]} == {"s1", "s2"}
    again = kg("build", "-", "-s", store, input=JSONL)
    assert again.exit_code == 0 and "Built 0 article(s), 2 unchanged" in again.output


def test_build_reads_one_text_article_from_stdin(tmp_path, nlp_here):
    store = tmp_path / "st"
    text = "Indian Prime Minister Narendra Modi met Australian Prime Minister Anthony Albanese in Sydney on May 24, 2023.\n"
    out = kg("build", "-", "-s", store, input=text)
    assert out.exit_code == 0, out.output
    meetings = json.loads(ok("meetings", "-s", store, "-f", "json"))
    (article,) = {s["article"] for m in meetings for s in m["sources"]}
    assert re.fullmatch(r"stdin-[0-9a-f]{12}\.txt", article)
    assert "unchanged" in kg("build", "-", "-s", store, input=text).output
    assert kg("build", "-", "-s", store, input="").exit_code == 1  # nothing on stdin: nothing built


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, seeds_store_copy):
    from .conftest import SEEDS

    out = CliRunner().invoke(cli, ["build", str(SEEDS), "-s", str(seeds_store_copy)])
    assert out.exit_code == 0
    assert "articles/s" not in out.output and "Building" not in out.output


def test_progress_bar_on_a_terminal_shows_total_and_rate(tmp_path, nlp_here, monkeypatch, capsys):
    import fcntl
    import pty
    import struct
    import termios
    import threading

    articles = tmp_path / "articles"
    articles.mkdir()
    for i, (a, b, place) in enumerate([("Antony Blinken", "Wang Yi", "Beijing"), ("Penny Wong", "Wang Yi", "Canberra"),
                                       ("Annalena Baerbock", "Sergey Lavrov", "Geneva")]):
        (articles / f"a{i}.txt").write_text(f"{a} met {b} in {place} on Tuesday.\n", encoding="utf-8")
    (articles / "more.jsonl").write_text(JSONL, encoding="utf-8")

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    chunks: list[bytes] = []

    def drain():
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    err = os.fdopen(slave, "w", encoding="utf-8", buffering=1)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "120")
    assert sys.stderr.isatty()
    with pytest.raises(SystemExit) as done:
        cli.main(["build", str(articles), "-s", str(tmp_path / "st")], prog_name="kg")
    err.close()
    reader.join(timeout=10)
    os.close(master)
    assert done.value.code == 0
    raw = b"".join(chunks).decode("utf-8", "replace")
    # colours out; cursor moves and carriage returns end a line
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-ln-z]|\r", "\n", re.sub(r"\x1b\[[0-9;]*m", "", raw))
    bars = [line for line in screen.splitlines() if "Building" in line]
    assert bars, screen
    last = bars[-1]
    assert re.search(r"\b5/5\b", last), last  # done of the total, counted before the build (3 .txt + 2 .jsonl lines)
    assert re.search(r"\d+\.\d articles/s", last), last
    assert "done in" in last
    assert any(re.search(r"\b[0-4]/5\b", line) for line in bars), "the bar had the total from the start"
    assert "Built 5 article(s)" in capsys.readouterr().out
