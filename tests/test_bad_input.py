"""`kg build` on bad input, end to end through the CLI: every bad input gets a
message naming the file (and line) and what to do, the rest of the batch
builds, the exit code says which of "all built" (0), "built with warnings or
skipped articles" (3) and "failed" (1) happened, and the store changes by
exactly the good articles: every graph that was there keeps its triples, and
the only new graphs are those of the good articles.

The corpus is written by the tests (tests/data/bad holds a few small static
samples too); large inputs are generated.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import EXIT_FAILED, EXIT_OK, EXIT_WARNINGS, cli
from kg.rdf.iris import article_graph_iri
from kg.store import LocalStore

DATA = Path(__file__).parent / "data" / "bad"

GOOD = (
    "ROME, March 14 (Wire) - Chinese Foreign Minister Wang Yi met U.S. Secretary of State Antony Blinken "
    "in Rome on Monday to discuss Taiwan and the war in Ukraine, officials said.\n"
)


@pytest.fixture()
def fast_cli(monkeypatch, nlp):
    """CliRunner builds reuse the session's spaCy pipeline instead of loading
    the model again for every command."""
    import kg.nlp

    monkeypatch.setattr(kg.nlp, "load_pipeline", lambda model=None, *, gazetteer=None: nlp)
    return CliRunner()


def graph_sizes(store: Path) -> dict[str, int]:
    """Named graph IRI -> number of triples in it."""
    if not store.exists():
        return {}
    st = LocalStore(store, read_only=True)
    try:
        q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        return {str(g): int(n) for g, n in st.query(q)}
    finally:
        st.close()


def good(directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    p = directory / name
    p.write_text(GOOD, encoding="utf-8")
    return p


@dataclass
class Case:
    """One bad input: ``make(tmp)`` writes it (with any good articles beside
    it) and returns the command-line inputs."""

    name: str
    make: Callable[[Path], list[Path]]
    exit_code: int
    says: list[str]
    built: list[str] = field(default_factory=list)


def _write(name: str, data: bytes | str, *, with_good: bool = True) -> Callable[[Path], list[Path]]:
    def make(tmp: Path) -> list[Path]:
        d = tmp / "in"
        d.mkdir()
        (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if with_good:
            good(d, "good.txt")
        return [d]

    return make


def _big_file(tmp: Path) -> list[Path]:
    d = tmp / "in"
    good(d, "good.txt")
    line = (GOOD * 100).encode()
    with (d / "huge.txt").open("wb") as fh:
        while fh.tell() < 50_000_000:
            fh.write(line)
    return [d]


def _big_jsonl_line(tmp: Path) -> list[Path]:
    d = tmp / "in"
    d.mkdir()
    with (d / "feed.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "feed-1", "text": GOOD}) + "\n")
        fh.write('{"id": "huge", "text": "' + "x" * 50_000_000 + '"}\n')
    return [d]


def _malformed_jsonl(tmp: Path) -> list[Path]:
    d = tmp / "in"
    d.mkdir(parents=True)
    lines = [
        json.dumps({"id": "feed-1", "text": GOOD}),
        '{"id": "feed-2", "text": "cut off',
        json.dumps({"id": "feed-3"}),
        json.dumps({"text": GOOD}),
        json.dumps({"id": "feed-1", "text": "A second article with the same id."}),
        json.dumps({"id": "feed-4", "text": ["not", "a", "string"]}),
    ]
    (d / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [d]


def _duplicate_across_inputs(tmp: Path) -> list[Path]:
    d = tmp / "in"
    good(d, "a.txt")
    other = tmp / "other"
    other.mkdir()
    (other / "a.txt").write_text("A different article under the same file name.", encoding="utf-8")
    return [d, other / "a.txt"]


def _manifest_missing_file(tmp: Path) -> list[Path]:
    d = tmp / "in"
    good(d, "good.txt")
    (d / "manifest.csv").write_text("id,published,source\ngood.txt,2022-03-14,Wire\ngone.txt,2022-03-15,Wire\n", encoding="utf-8")
    return [d]


def _impossible_dates(tmp: Path) -> list[Path]:
    d = tmp / "in"
    good(d, "good.txt")
    (d / "manifest.csv").write_text("id,published\ngood.txt,2022-02-30\n", encoding="utf-8")
    (d / "feed.jsonl").write_text(json.dumps({"id": "feed-1", "text": GOOD, "published": "2022-13-45"}) + "\n", encoding="utf-8")
    return [d]


def _empty_dir(tmp: Path) -> list[Path]:
    d = tmp / "in"
    d.mkdir()
    (d / "scan.pdf").write_bytes(b"%PDF-1.4 ...")
    (d / "notes.docx").write_bytes(b"PK\x03\x04")
    return [d]


def _everything(tmp: Path) -> list[Path]:
    """All the bad files of one batch at once, beside two good articles."""
    d = tmp / "in"
    d.mkdir()
    for name, data in STATIC.items():
        (d / name).write_bytes(data)
    good(d, "good-1.txt")
    good(d, "good-2.txt")
    (d / "manifest.csv").write_text("id,published\ngood-1.txt,2022-02-30\nghost.txt,2022-01-01\n", encoding="utf-8")
    _malformed_jsonl(tmp / "j")
    shutil.move(tmp / "j" / "in" / "feed.jsonl", d / "feed.jsonl")
    return [d, tmp / "does-not-exist.txt", tmp / "in" / "manifest.csv"]


HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Rome talks</title><script>track()</script></head>"
    "<body><p>" + GOOD + "</p></body></html>"
)
UTF16_NO_BOM = GOOD.encode("utf-16-le")
STATIC = {
    "empty.txt": b"",
    "blank.txt": b" \n\t\n \r\n",
    "random.txt": bytes((i * 7919 + 13) % 256 for i in range(4096)),
    "latin1.txt": "Caf\u00e9 diplomacy: Wang Yi met Blinken in M\u00fcnchen.".encode("latin-1"),
    "utf16-nobom.txt": UTF16_NO_BOM,
    "report.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
}

CASES = [
    Case("empty file", _write("empty.txt", b""), EXIT_WARNINGS, ["empty.txt: article text is empty"], ["good.txt"]),
    Case("whitespace only", _write("blank.txt", b"  \n\t\n\r\n "), EXIT_WARNINGS, ["blank.txt: article text is empty"], ["good.txt"]),
    Case("binary file", _write("random.txt", STATIC["random.txt"]), EXIT_WARNINGS, ["random.txt: looks like a binary file"], ["good.txt"]),
    Case("PDF saved as .txt", _write("report.txt", STATIC["report.txt"]), EXIT_WARNINGS, ["report.txt: is a PDF document", "pdftotext"], ["good.txt"]),
    Case(
        "invalid UTF-8 (Latin-1)",
        _write("latin1.txt", STATIC["latin1.txt"]),
        EXIT_WARNINGS,
        ["latin1.txt: is not valid UTF-8 (byte 0xe9 at line 1, column 4)", "iconv"],
        ["good.txt"],
    ),
    Case("UTF-16 with BOM", _write("utf16.txt", GOOD.encode("utf-16"), with_good=False), EXIT_OK, ["Built 1 article(s)"], ["utf16.txt"]),
    Case(
        "UTF-16 without BOM",
        _write("utf16-nobom.txt", UTF16_NO_BOM),
        EXIT_WARNINGS,
        ["utf16-nobom.txt: looks like UTF-16 without a byte-order mark", "iconv -f utf-16le"],
        ["good.txt"],
    ),
    Case("50 MB article", _big_file, EXIT_WARNINGS, ["huge.txt: is 50.0 MB, over the 5 MB limit", "split it"], ["good.txt"]),
    Case("50 MB .jsonl line", _big_jsonl_line, EXIT_WARNINGS, ["feed.jsonl:2: line is over the 5 MB limit"], ["feed-1"]),
    Case("HTML page as .txt", _write("page.txt", HTML_PAGE, with_good=False), EXIT_WARNINGS, ["page.txt: is a whole HTML page"], ["page.txt"]),
    Case(
        "malformed .jsonl lines, missing text/id, duplicate id",
        _malformed_jsonl,
        EXIT_WARNINGS,
        [
            "feed.jsonl:2: line is not valid JSON",
            'feed.jsonl:3: article \'feed-3\' has no "text" string',
            'feed.jsonl:4: line has no "id"',
            "feed.jsonl:5: duplicate article id 'feed-1'",
            'feed.jsonl:6: article \'feed-4\' has a list instead of a "text" string',
        ],
        ["feed-1"],
    ),
    Case("duplicate id across inputs", _duplicate_across_inputs, EXIT_WARNINGS, ["other/a.txt: duplicate article id 'a.txt'"], ["a.txt"]),
    Case(
        "manifest row for a missing file",
        _manifest_missing_file,
        EXIT_WARNINGS,
        ["manifest.csv:3: manifest lists 'gone.txt' but there is no such article file"],
        ["good.txt"],
    ),
    Case(
        "impossible dates",
        _impossible_dates,
        EXIT_WARNINGS,
        ["manifest.csv:2: publication date '2022-02-30' is not a real calendar date", "feed.jsonl:1: publication date '2022-13-45'"],
        ["good.txt", "feed-1"],
    ),
    Case(
        "control characters in a .txt",
        _write("ctrl.txt", "Wang Yi\x07 met\x1b Antony Blinken\x0c in Rome on Monday.\n", with_good=False),
        EXIT_WARNINGS,
        ["ctrl.txt: 3 control character(s) (first: U+0007) replaced by spaces"],
        ["ctrl.txt"],
    ),
    Case("directory with no articles", _empty_dir, EXIT_FAILED, ["holds no .txt, .html or .jsonl articles", "nothing was built"]),
    Case("only bad articles", _write("empty.txt", b"", with_good=False), EXIT_FAILED, ["empty.txt: article text is empty", "nothing was built"]),
    Case(
        "a batch with all of the above",
        _everything,
        EXIT_WARNINGS,
        [
            "does-not-exist.txt: no such file or directory",
            "manifest.csv: is a manifest",
            "random.txt: looks like a binary file",
            "manifest.csv:3: manifest lists 'ghost.txt'",
            "feed.jsonl:5: duplicate article id 'feed-1'",
        ],
        ["good-1.txt", "good-2.txt", "feed-1"],
    ),
]


def run_case(case: Case, tmp: Path, store: Path, runner: CliRunner) -> dict:
    """Build ``case`` into ``store``; returns what happened (for the test and
    for the bad-input table of the release notes)."""
    inputs = case.make(tmp)
    before = graph_sizes(store)
    result = runner.invoke(cli, ["build", *map(str, inputs), "--store", str(store)])
    after = graph_sizes(store)
    return {
        "case": case.name,
        "exit_code": result.exit_code,
        "output": result.output,
        "exception": result.exception,
        "before": before,
        "after": after,
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_named_and_the_store_grows_by_exactly_the_good_articles(case, tmp_path, seeds_store_copy, fast_cli):
    r = run_case(case, tmp_path, seeds_store_copy, fast_cli)
    out = r["output"]
    assert r["exit_code"] == case.exit_code, out
    assert "Traceback" not in out
    for fragment in case.says:
        assert fragment in out, f"{fragment!r} not in:\n{out}"
    before, after = r["before"], r["after"]
    # every graph that was there is unchanged ...
    assert {g: after.get(g) for g in before} == before
    # ... and the only new graphs are the good articles', each non-empty
    new = set(after) - set(before)
    assert new == {str(article_graph_iri(a)) for a in case.built}
    assert all(after[g] > 10 for g in new)
    assert sum(after.values()) - sum(before.values()) == sum(after[g] for g in new)


def test_the_html_page_is_built_from_its_visible_text(tmp_path, fast_cli):
    store = tmp_path / "store"
    r = run_case(CASES[[c.name for c in CASES].index("HTML page as .txt")], tmp_path, store, fast_cli)
    assert r["exit_code"] == EXIT_WARNINGS
    meetings = json.loads(fast_cli.invoke(cli, ["meetings", "--store", str(store), "--format", "json"]).output)
    sentences = [s["sentence"] for m in meetings for s in m["sources"]]
    assert any("Wang Yi met U.S. Secretary of State Antony Blinken" in s for s in sentences)
    assert not any("<" in s or "track()" in s for s in sentences)


def test_an_impossible_date_leaves_the_article_without_a_date(tmp_path, fast_cli):
    store = tmp_path / "store"
    r = run_case(CASES[[c.name for c in CASES].index("impossible dates")], tmp_path, store, fast_cli)
    assert r["exit_code"] == EXIT_WARNINGS
    st = LocalStore(store, read_only=True)
    try:
        q = "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?a WHERE { ?a dcterms:issued ?d }"
        assert list(st.query(q)) == []
        q = "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?id WHERE { ?a dcterms:identifier ?id }"
        assert sorted(str(r[0]) for r in st.query(q)) == ["feed-1", "good.txt"]
    finally:
        st.close()


def test_static_samples_behave_like_the_generated_ones(tmp_path, fast_cli):
    """tests/data/bad: a small checked-in corpus of bad files (one per kind)."""
    store = tmp_path / "store"
    result = fast_cli.invoke(cli, ["build", str(DATA), "--store", str(store)])
    assert result.exit_code == EXIT_WARNINGS, result.output
    for name, says in [
        ("empty.txt", "article text is empty"),
        ("latin1.txt", "is not valid UTF-8"),
        ("binary.txt", "looks like a binary file"),
        ("page.txt", "is a whole HTML page"),
        ("feed.jsonl:2", "line is not valid JSON"),
        ("feed.jsonl:3", 'article \'feed-3\' has no "text"'),
        ("feed.jsonl:4", "duplicate article id 'feed-1'"),
        ("manifest.csv:3", "publication date '2022-02-30' is not a real calendar date"),
        ("manifest.csv:4", "manifest lists 'missing.txt' but there is no such article file"),
    ]:
        assert f"{name}: {says}" in result.output, f"{name}: {says}\n{result.output}"
    assert "Built 4 article(s)" in result.output, result.output


# -- the store path ------------------------------------------------------------------
def _build_into(runner: CliRunner, store: Path, tmp: Path):
    return runner.invoke(cli, ["build", str(good(tmp / "in", "good.txt")), "--store", str(store)])


def test_store_path_that_is_a_file(tmp_path, fast_cli):
    f = tmp_path / "kg-store"
    f.write_text("my notes", encoding="utf-8")
    r = _build_into(fast_cli, f, tmp_path)
    assert r.exit_code == EXIT_FAILED
    assert f"{str(f)!r} is a file, not a store directory" in r.output
    assert f.read_text(encoding="utf-8") == "my notes"


def test_store_path_below_a_file(tmp_path, fast_cli):
    f = tmp_path / "notes.txt"
    f.write_text("my notes", encoding="utf-8")
    r = _build_into(fast_cli, f / "kg-store", tmp_path)
    assert r.exit_code == EXIT_FAILED
    assert "cannot create store directory" in r.output and "Not a directory" in r.output


def test_store_path_that_is_someone_elses_directory(tmp_path, fast_cli):
    d = tmp_path / "articles"
    good(d, "a.txt")
    r = _build_into(fast_cli, d, tmp_path)
    assert r.exit_code == EXIT_FAILED
    assert "is a directory with other files in it, not a kg store" in r.output
    assert sorted(p.name for p in d.iterdir()) == ["a.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into any directory; run the suite as a normal user to check this")
def test_store_directory_that_is_not_writable(tmp_path, fast_cli):
    d = tmp_path / "ro"
    d.mkdir()
    d.chmod(0o555)
    try:
        r = _build_into(fast_cli, d, tmp_path)
    finally:
        d.chmod(0o755)
    assert r.exit_code == EXIT_FAILED
    assert "is not writable" in r.output


def test_store_in_use_by_another_process(tmp_path, seeds_store_copy, fast_cli):
    before = graph_sizes(seeds_store_copy)
    holder = LocalStore(seeds_store_copy)
    try:
        r = _build_into(fast_cli, seeds_store_copy, tmp_path)
    finally:
        holder.close()
    assert r.exit_code == EXIT_FAILED
    assert "another kg process is using it" in r.output
    assert graph_sizes(seeds_store_copy) == before


def test_an_article_that_breaks_an_extractor_is_skipped_and_the_batch_builds(tmp_path, fast_cli, monkeypatch):
    """An unexpected error inside extraction costs one article, not the batch."""
    from kg.extract import Extractor

    real = Extractor.__call__

    def flaky(self, doc, article):
        if article.id == "boom.txt":
            raise IndexError("list index out of range")
        return real(self, doc, article)

    monkeypatch.setattr(Extractor, "__call__", flaky)
    d = tmp_path / "in"
    good(d, "a.txt")
    good(d, "boom.txt")
    good(d, "c.txt")
    store = tmp_path / "store"
    r = fast_cli.invoke(cli, ["build", str(d), "--store", str(store)])
    assert r.exit_code == EXIT_WARNINGS, r.output
    assert "boom.txt: not built: internal error (IndexError: list index out of range)" in r.output
    assert set(graph_sizes(store)) == {str(article_graph_iri(a)) for a in ("a.txt", "c.txt")}


def test_quiet_failure_still_says_what_was_wrong(tmp_path, fast_cli):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_text("", encoding="utf-8")
    r = fast_cli.invoke(cli, ["build", str(d), "--store", str(tmp_path / "store"), "--quiet"])
    assert r.exit_code == EXIT_FAILED
    assert "nothing was built" in r.output and "the first: " in r.output and "empty.txt: article text is empty" in r.output
