#!/usr/bin/env python
"""Score diplomacy-kg builds against gold files, beside the naive baseline.

    python scripts/evaluate.py [--compare] [--shared DIR] [--store DIR] [--json] [--details]
    python scripts/evaluate.py --gold FILE --articles DIR [--store DIR] [--baseline] [--json]

With ``--gold`` one gold file is scored against its articles (``--articles``;
``--input`` is an alias, default ``seeds/``) and the full report is printed:
headline scores, one row per article, the misses and false positives grouped
by kind, and every other error. With ``--compare``, or without ``--gold``,
the seeds (``SHARED/gold/seeds.gold.json`` on ``seeds/``) and the dev set
(``SHARED/gold/dev/dev.gold.json`` on ``SHARED/gold/dev/articles``) are
built, scored with the system and the baseline, and printed as one summary
table; ``--details`` adds each set's full report. ``SHARED`` is ``../shared``
beside this checkout unless ``--shared`` says otherwise.

The articles are built once per invocation into a temporary store with
:func:`kg.build.build`, or into ``--store DIR`` (``DIR/seeds`` and ``DIR/dev``
with ``--compare``); a store that already exists there is scored as it is,
without rebuilding (delete it to rebuild). The system output is read back
with :func:`kg.records.meetings` / :func:`kg.records.people`, i.e. exactly the
JSON contract of ``kg meetings`` / ``kg people``. ``--json`` prints all the
scores and lists. The exit code is 0 (this is a report, not a gate), or 2
when a gold file, articles directory or store cannot be read.

The matching rules (people, pairs, meetings, attributes, topics, merges,
per article, kinds of miss, baseline) are in the docstring of
scripts/scoring.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = SHARED / "gold" / "seeds.gold.json"
DEFAULT_INPUT = ROOT / "seeds"

for _path in (ROOT, Path(__file__).resolve().parent):  # run as a plain script from a checkout
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from scoring import evaluate, score_baseline  # noqa: E402  scripts/scoring.py


def datasets(shared: Path = SHARED) -> dict[str, tuple[Path, Path]]:
    """Name -> (gold file, articles directory) of the sets ``--compare`` scores."""
    return {
        "seeds": (shared / "gold" / "seeds.gold.json", ROOT / "seeds"),
        "dev": (shared / "gold" / "dev" / "dev.gold.json", shared / "gold" / "dev" / "articles"),
    }


def _report_details(store) -> dict[tuple[str, str], dict]:
    """(meeting IRI, article id) -> {"status", "topics"} of that article's report."""
    from kg.rdf.iris import article_id_from_graph
    from kg.rdf.namespace import STATUS_NAMES
    from kg.store import SPARQL_PROLOGUE

    out: dict[tuple[str, str], dict] = {}
    q = SPARQL_PROLOGUE + "SELECT ?m ?g ?status WHERE { GRAPH ?g { ?m a dkg:Meeting ; dkg:status ?status } }"
    for m, g, status in store.query(q):
        aid = article_id_from_graph(str(g))
        out[(str(m), aid)] = {"status": STATUS_NAMES.get(status, "unknown"), "topics": set()}
    q = SPARQL_PROLOGUE + (
        "SELECT ?m ?g ?label WHERE { GRAPH ?g { ?m a dkg:Meeting ; dkg:discussed ?i . ?i skos:prefLabel ?label } }"
    )
    for m, g, label in store.query(q):
        aid = article_id_from_graph(str(g))
        out.setdefault((str(m), aid), {"status": "unknown", "topics": set()})["topics"].add(str(label))
    return out


# ---------------------------------------------------------------------------------
class MissingInput(Exception):
    """A gold file, articles directory or store that cannot be read."""


def _log(message: str) -> None:
    sys.stderr.write(f"evaluate.py: {message}\n")


def read_gold(path: Path) -> dict:
    if not Path(path).is_file():
        raise MissingInput(f"gold file {path} not found; pass --gold FILE (or --shared DIR for --compare)")
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MissingInput(f"cannot read gold file {path}: {exc}") from None


def system_output(articles: list[Path], *, store_dir: Path | None = None, model: str | None = None,
                  label: str = "") -> tuple[list[dict], list[dict], dict]:
    """Build ``articles`` (into ``store_dir``, or a temporary store) and read
    back (meetings, people, per-article reports); an existing store at
    ``store_dir`` is read without building."""
    from kg.errors import KgError
    from kg.records import meetings, people
    from kg.store import LocalStore

    def read(store):
        return meetings(store, details=True), people(store), _report_details(store)

    try:
        if store_dir is not None and (Path(store_dir) / "CURRENT").exists():
            _log(f"{label}: scoring the existing store {store_dir} (delete it to rebuild)")
            store = LocalStore(store_dir, create=False)
            try:
                return read(store)
            finally:
                store.close()
        from kg.build import build

        with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
            store = LocalStore(store_dir or Path(tmp) / "kg-store")
            _log(f"{label}: building {', '.join(str(p) for p in articles)}")
            report = build([str(p) for p in articles], store=store, model=model)
            if report.warnings:
                _log(f"{label}: the build gave {len(report.warnings)} warnings")
            try:
                return read(store)
            finally:
                store.close()
    except KgError as exc:
        raise MissingInput(str(exc)) from None


def run_set(gold_path: Path, articles: list[Path], *, store_dir: Path | None = None, model: str | None = None,
            baseline: bool = True, label: str = "", nlp=None) -> dict:
    """Score one gold file on its articles: {"system": ..., "baseline": ...}."""
    gold_data = read_gold(gold_path)
    for p in articles:
        if not Path(p).exists():
            raise MissingInput(f"articles {p} not found; pass --articles DIR (or --shared DIR for --compare)")
    out = {"gold": str(gold_path), "articles": [str(p) for p in articles]}
    out["system"] = evaluate(gold_data, *system_output(articles, store_dir=store_dir, model=model, label=label))
    if baseline:
        from baseline import baseline_groups  # scripts/baseline.py

        out["baseline"] = score_baseline(gold_data, baseline_groups(articles, model=model, nlp=nlp))
    return out


# ---------------------------------------------------------------------------------
def _ratio(right: int, total: int) -> str:
    return f"{right}/{total} ({right / total:.2f})" if total else f"{right}/{total}"


def print_report(result: dict, *, title: str = "diplomacy-kg", out=None) -> None:
    w = (out or sys.stdout).write
    p = result["pairs"]
    w(f"== {title}\n")
    w(f"participant pairs: P {p['precision']:.3f}  R {p['recall']:.3f}  F1 {p['f1']:.3f}  "
      f"(tp {p['tp']}, fp {p['fp']}, fn {p['fn']}; must_not_meet violations {p['must_not_meet_violations']})\n")
    m = result.get("meetings")
    if m:
        w(f"meetings: {m['matched']}/{m['required_gold']} required gold meetings found (recall {m['recall']:.3f})"
          + (f"; {m['system_meetings']} system meetings\n" if "system_meetings" in m else "\n"))
    if "attributes" in result:
        a, t, pe, mg = result["attributes"], result["topics"], result["people"], result["merges"]
        w(f"attributes on {a['matched_meetings']} matched meetings: place {a['place']:.3f}  date {a['date']:.3f}  "
          f"mode {a['mode']:.3f}  status {a['status']:.3f}\n")
        w(f"topics: P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})\n")
        w(f"people: {pe['matched']}/{pe['gold']} gold people found; country {pe['country_accuracy']:.3f}  "
          f"title {pe['title_accuracy']:.3f}; duplicate nodes {pe['duplicate_nodes']}; "
          f"single-token unknown nodes {len(pe['fragment_nodes'])} {pe['fragment_nodes']}\n")
        w(f"cross-article merges: {mg['made']}/{mg['expected']}\n")
    rows = result.get("per_article", [])
    if rows:
        people = "people" in rows[0]
        width = max(len(r["article"]) for r in rows)
        w(f"-- per article\n   {'article':<{width}}  required  found    tp   fp   fn" + ("  country right/people" if people else "") + "\n")
        for r in rows:
            w(f"   {r['article']:<{width}}  {r['required']:>8}  {r['matched']:>5}  {r['tp']:>4} {r['fp']:>4} {r['fn']:>4}"
              + (f"  {r['people_country_right']:>6}/{r['people']}" if people else "") + "\n")
    for section, noun in (("miss_kinds", "missed required meetings"), ("false_positive_kinds", "false-positive pairs")):
        kinds = result.get(section)
        if not kinds:
            continue
        w(f"-- {noun} by kind ({sum(len(v) for v in kinds.values())})\n")
        for kind, items in kinds.items():
            if items:
                w(f"   {len(items):>4}  {kind}\n")
        for kind, items in kinds.items():
            if not items:
                continue
            w(f"-- {noun}: {kind} ({len(items)})\n")
            for item in items:
                if "meeting" in item:
                    w(f"   {item['meeting']}: {', '.join(item['participants'])}"
                      + (f" -- {item['detail']}" if item["detail"] else "") + "\n")
                    w(f"      gold: {item['evidence']}\n")
                else:
                    w(f"   {item['article']}: {' -- '.join(item['pair'])}\n")
                    if item["sentence"]:
                        w(f"      system: {item['sentence']}\n")
    for kind, items in result.get("errors", {}).items():
        w(f"-- {kind} ({len(items)})\n")
        for item in items:
            w(f"   {item}\n")


SUMMARY_ROWS = (
    ("pair P", lambda r: f"{r['pairs']['precision']:.3f}"),
    ("pair R", lambda r: f"{r['pairs']['recall']:.3f}"),
    ("pair F1", lambda r: f"{r['pairs']['f1']:.3f}"),
    ("required meetings found", lambda r: _ratio(r["meetings"]["matched"], r["meetings"]["required_gold"])),
    ("place", lambda r: f"{r['attributes']['place']:.3f}"),
    ("date", lambda r: f"{r['attributes']['date']:.3f}"),
    ("mode", lambda r: f"{r['attributes']['mode']:.3f}"),
    ("status", lambda r: f"{r['attributes']['status']:.3f}"),
    ("topic F1", lambda r: f"{r['topics']['f1']:.3f}"),
    ("person country", lambda r: _ratio(r["people"]["country_right"], r["people"]["matched"])),
    ("person title", lambda r: _ratio(r["people"]["title_right"], r["people"]["matched"])),
    ("duplicate person nodes", lambda r: str(r["people"]["duplicate_nodes"])),
    ("cross-article merges", lambda r: f"{r['merges']['made']}/{r['merges']['expected']}"),
)


def summary_table(results: dict[str, dict]) -> list[list[str]]:
    """Rows of the side-by-side table: metric, then for each set system and
    baseline ("-" where the baseline has no such figure)."""
    header = ["metric"] + [f"{name} {who}" for name in results for who in ("system", "baseline")]
    rows = [header]
    for label, cell in SUMMARY_ROWS:
        row = [label]
        for res in results.values():
            for who in ("system", "baseline"):
                try:
                    row.append(cell(res[who]))
                except KeyError:
                    row.append("-")
        rows.append(row)
    return rows


def print_summary(results: dict[str, dict], out=None) -> None:
    w = (out or sys.stdout).write
    rows = summary_table(results)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        w("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)).rstrip() + "\n")
        if n == 0:
            w("  ".join("-" * x for x in widths) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, help="gold JSON file to score (without it: --compare)")
    ap.add_argument("--articles", "--input", dest="articles", type=Path, nargs="+",
                    help="the gold file's articles (default: articles/ beside the gold file, else seeds/)")
    ap.add_argument("--compare", action="store_true", help="score the seeds and the dev set, system beside baseline")
    ap.add_argument("--shared", type=Path, default=SHARED, help=f"the shared directory holding gold/ (default {SHARED})")
    ap.add_argument("--store", type=Path,
                    help="build into this store directory and keep it; an existing store is scored without rebuilding "
                         "(with --compare: DIR/seeds and DIR/dev)")
    ap.add_argument("--model", help="spaCy model for the build and the baseline")
    ap.add_argument("--json", action="store_true", help="print every score and list as JSON")
    ap.add_argument("--baseline", action="store_true", help="with --gold: also score the naive baseline")
    ap.add_argument("--details", action="store_true", help="with --compare: print each set's full report too")
    args = ap.parse_args(argv)
    compare = args.compare or (args.gold is None and args.articles is None)
    if compare and (args.gold or args.articles):
        ap.error("--compare scores the seeds and the dev set; drop --gold/--articles, or pass --shared DIR")
    try:
        if compare:
            from kg.nlp import load_pipeline

            nlp = None
            out = {}
            for name, (gold_path, articles) in datasets(args.shared).items():
                read_gold(gold_path)  # fail before building anything
                if not articles.exists():
                    raise MissingInput(f"articles {articles} not found; pass --shared DIR")
            for name, (gold_path, articles) in datasets(args.shared).items():
                nlp = nlp or load_pipeline(args.model)
                out[name] = run_set(gold_path, [articles], store_dir=args.store / name if args.store else None,
                                    model=args.model, label=name, nlp=nlp)
        else:
            gold_path = args.gold or DEFAULT_GOLD
            articles = args.articles or [
                gold_path.parent / "articles" if (gold_path.parent / "articles").is_dir() else DEFAULT_INPUT]
            out = run_set(gold_path, articles, store_dir=args.store, model=args.model, baseline=args.baseline,
                          label=gold_path.name)
    except MissingInput as exc:
        _log(str(exc))
        return 2
    if args.json:
        json.dump(out, sys.stdout, indent=2, default=sorted)
        sys.stdout.write("\n")
    elif compare:
        if args.details:
            for name, res in out.items():
                print_report(res["system"], title=f"{name}: diplomacy-kg")
                print_report(res["baseline"], title=f"{name}: naive baseline (PERSON co-occurrence with a meeting verb)")
                sys.stdout.write("\n")
        print_summary(out)
    else:
        print_report(out["system"])
        if "baseline" in out:
            print_report(out["baseline"], title="naive baseline (PERSON co-occurrence with a meeting verb)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
