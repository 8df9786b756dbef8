#!/usr/bin/env python
"""Score a diplomacy-kg build against a gold file (default: the seed dev set).

    python scripts/evaluate.py [--gold PATH] [--store DIR | --input PATH...] [--json] [--baseline]

Without ``--store`` the gold articles (``seeds/`` by default, or ``--input``)
are built into a temporary store with :func:`kg.build.build`; the system
output is read back with :func:`kg.records.meetings` / :func:`kg.records.people`,
i.e. exactly the JSON contract of ``kg meetings`` / ``kg people``.

Matching rules
--------------
People
    A system person maps to a gold person when its name, or failing that one
    of its aliases, equals the gold canonical name or a gold alias
    (case-insensitive, curly quotes straightened, a trailing 's dropped).
    Unmapped system people keep their own name. *Duplicate person nodes*: for
    each gold person, the number of system nodes mapped to it beyond the
    first. *Fragment nodes*: system people whose name is a single token not
    listed as any gold name or alias (reported, informational).
    Person country and title accuracy are over gold people matched by at
    least one node (the node with most sources): the country must equal the
    gold country; the title is right when any system title equals any gold
    title (case-insensitive).
Participant pairs (headline P/R/F1)
    Per article: gold pairs are the cross-country pairs of participants of
    the article's required gold meetings; system pairs are the cross-country
    pairs of participants of every system meeting whose sources include the
    article. Countries come from the gold people (a system country when the
    person is not in gold; unknown counts as different). Pairs found only in
    required=false gold meetings of the article are ignored; every other
    system pair not in gold is a false positive (pairs listed in
    ``must_not_meet`` are always false positives and are counted separately).
Meetings
    A gold meeting of article A is matched by a system meeting whose sources
    include A and which shares at least one participant pair with it (for a
    gold meeting without participants: the same set of countries). Matching
    is one-to-one within an article, greedily over all candidate pairs, best
    first (more shared pairs, then compatible date, same place, same mode).
    Required=false gold meetings take part in the matching (so they can
    absorb their system meeting) but are neither rewarded nor penalised.
Attributes (on matched required meetings)
    place (case-insensitive name), date (exact ISO string, so precision
    counts), mode: from the merged meeting of ``kg meetings``. status and
    topics: from that article's own report of the meeting (its named graph),
    because the gold is per article (a meeting planned in one article has
    occurred in a later one).
Topics
    A system topic label maps to a gold issue when it equals the issue name
    or one of its aliases (case-insensitive); unmapped labels stay as they
    are. Topic P/R/F1 is micro-averaged over matched required meetings; the
    topics of unmatched required gold meetings count as misses.
Cross-article merges
    Each pair in ``same_meeting_across_articles`` is made when both gold
    meetings are matched to the same system meeting node.

``--baseline`` also scores the naive baseline of ``scripts/baseline.py``
(spaCy PERSON entities co-occurring in a sentence with a meeting verb) with
the same pair rules.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "seeds.gold.json"
DEFAULT_INPUT = ROOT / "seeds"

if str(ROOT) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(ROOT))


def norm(text: str | None) -> str:
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").strip().casefold()
    if text.endswith("'s"):
        text = text[:-2]
    return " ".join(text.split())


class Gold:
    """The gold file with name indexes."""

    def __init__(self, data: dict):
        self.data = data
        self.people: dict[str, dict] = data.get("people", {})
        self.person_index: dict[str, str] = {}
        for name, info in self.people.items():
            self.person_index.setdefault(norm(name), name)
        for name, info in self.people.items():
            for alias in info.get("aliases", []):
                self.person_index.setdefault(norm(alias), name)
        self.issue_index: dict[str, str] = {}
        for name, info in data.get("issues", {}).items():
            self.issue_index.setdefault(norm(name), name)
        for name, info in data.get("issues", {}).items():
            for alias in info.get("aliases", []):
                self.issue_index.setdefault(norm(alias), name)
        self.articles: dict[str, dict] = data.get("articles", {})

    def person_of(self, name: str, aliases=()) -> str | None:
        for form in (name, *aliases):
            hit = self.person_index.get(norm(form))
            if hit:
                return hit
        return None

    def country_of(self, name: str) -> str | None:
        return self.people.get(name, {}).get("country")

    def issue_of(self, label: str) -> str:
        return self.issue_index.get(norm(label), label)


def cross_pairs(names: list[str], country) -> set[frozenset]:
    """Pairs of distinct names whose countries differ (unknown counts as different)."""
    out = set()
    for a, b in combinations(sorted(set(names)), 2):
        ca, cb = country(a), country(b)
        if ca is None or cb is None or ca != cb:
            out.add(frozenset((a, b)))
    return out


def all_pairs(names) -> set[frozenset]:
    return {frozenset(p) for p in combinations(sorted(set(names)), 2)}


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _fmt_pair(pair) -> str:
    return " -- ".join(sorted(pair))


# ---------------------------------------------------------------------------------
def score_pairs(gold: Gold, system_pairs: dict[str, set[frozenset]]) -> tuple[dict, list[str], list[str]]:
    """Article-level pair P/R/F1. ``system_pairs`` maps article id -> pairs
    (already cross-country, gold names where known)."""
    tp = fp = fn = violations = 0
    fps: list[str] = []
    misses: list[str] = []
    for aid, art in sorted(gold.articles.items()):
        gold_pairs: set[frozenset] = set()
        optional: set[frozenset] = set()
        for m in art.get("meetings", []):
            pairs = cross_pairs(m.get("participants", []), gold.country_of)
            (gold_pairs if m.get("required", True) else optional).update(pairs)
        optional -= gold_pairs
        forbidden = {frozenset(p) for p in art.get("must_not_meet", [])}
        sys_pairs = system_pairs.get(aid, set())
        for pair in sorted(sys_pairs, key=_fmt_pair):
            if pair in gold_pairs:
                tp += 1
            elif pair in optional:
                continue
            else:
                fp += 1
                tag = " (must_not_meet)" if pair in forbidden else ""
                violations += bool(tag)
                fps.append(f"{aid}: {_fmt_pair(pair)}{tag}")
        for pair in sorted(gold_pairs - sys_pairs, key=_fmt_pair):
            fn += 1
            misses.append(f"{aid}: {_fmt_pair(pair)}")
    result = prf(tp, fp, fn)
    result["must_not_meet_violations"] = violations
    return result, fps, misses


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


def evaluate(gold_data: dict, meetings: list[dict], people: list[dict], reports: dict | None = None) -> dict:
    """Score system ``meetings``/``people`` (the JSON contract) against gold."""
    gold = Gold(gold_data)
    reports = reports or {}
    result: dict = {}
    errors: dict[str, list[str]] = defaultdict(list)

    # -- people ---------------------------------------------------------------
    by_id: dict[str, dict] = {p["id"]: p for p in people}
    gold_name_of: dict[str, str] = {}  # system person id -> gold name or own name
    nodes_of: dict[str, list[dict]] = defaultdict(list)
    fragments = []
    for p in people:
        g = gold.person_of(p["name"], p.get("aliases", []))
        gold_name_of[p["id"]] = g or p["name"]
        if g:
            nodes_of[g].append(p)
        elif len(p["name"].split()) == 1:
            fragments.append(p["name"])
    duplicates = 0
    for g, nodes in sorted(nodes_of.items()):
        if len(nodes) > 1:
            duplicates += len(nodes) - 1
            errors["duplicate_people"].append(f"{g}: " + ", ".join(sorted(n["name"] for n in nodes)))
    country_ok = title_ok = 0
    for g, nodes in sorted(nodes_of.items()):
        best = max(nodes, key=lambda n: (len(n.get("sources", [])), n["id"]))
        info = gold.people[g]
        if best.get("country") == info.get("country"):
            country_ok += 1
        else:
            errors["person_country"].append(f"{g}: system {best.get('country')!r}, gold {info.get('country')!r}")
        gold_titles = {norm(t) for t in info.get("titles", [])}
        if gold_titles & {norm(t) for t in best.get("titles", [])}:
            title_ok += 1
        else:
            errors["person_title"].append(f"{g}: system {best.get('titles')}, gold {info.get('titles')}")
    matched_people = len(nodes_of)
    missing_people = sorted(set(gold.people) - set(nodes_of))
    result["people"] = {
        "gold": len(gold.people),
        "matched": matched_people,
        "missing": missing_people,
        "country_accuracy": round(country_ok / matched_people, 3) if matched_people else 0.0,
        "title_accuracy": round(title_ok / matched_people, 3) if matched_people else 0.0,
        "duplicate_nodes": duplicates,
        "fragment_nodes": sorted(fragments),
        "system_nodes": len(people),
    }

    def country(name: str) -> str | None:
        c = gold.country_of(name)
        if c:
            return c
        for p in people:
            if gold_name_of[p["id"]] == name:
                return p.get("country")
        return None

    # -- system meetings per article -----------------------------------------
    sys_by_article: dict[str, list[dict]] = defaultdict(list)
    for m in meetings:
        names = sorted({gold_name_of.get(p["id"], p["name"]) for p in m.get("participants", [])})
        m = dict(m, _names=names, _all_pairs=all_pairs(names))
        for aid in sorted({s["article"] for s in m.get("sources", [])}):
            sys_by_article[aid].append(m)
    system_pairs = {
        aid: set().union(*(cross_pairs(m["_names"], country) for m in ms)) if ms else set()
        for aid, ms in sys_by_article.items()
    }
    pairs, fps, misses = score_pairs(gold, system_pairs)
    result["pairs"] = pairs
    errors["false_positive_pairs"] = fps
    errors["missed_pairs"] = misses

    # -- meeting matching ------------------------------------------------------
    match: dict[str, dict] = {}  # "article#gold id" -> system meeting
    req_total = req_matched = 0
    attr = Counter()
    attr_n = 0
    ttp = tfp = tfn = 0
    for aid, art in sorted(gold.articles.items()):
        cands = sys_by_article.get(aid, [])
        gms = art.get("meetings", [])
        scored = []
        for gi, gm in enumerate(gms):
            gpairs = all_pairs(gm.get("participants", []))
            for m in cands:
                if gpairs:
                    shared = len(gpairs & m["_all_pairs"])
                    if not shared:
                        continue
                elif gm.get("participants") or set(gm.get("countries", [])) != set(m.get("countries", [])):
                    continue
                else:
                    shared = 0
                key = (shared, _date_ok(gm.get("date"), m.get("date")), norm(gm.get("place")) == norm(m.get("place")),
                       gm.get("mode") == m.get("mode"), not gm.get("required", True))
                scored.append((key, gi, m))
        scored.sort(key=lambda x: x[0], reverse=True)
        used: set[str] = set()
        chosen: dict[int, dict] = {}
        for key, gi, m in scored:
            if gi in chosen or m["id"] in used:
                continue
            chosen[gi] = m
            used.add(m["id"])
        for gi, gm in enumerate(gms):
            best = chosen.get(gi)
            required = gm.get("required", True)
            tag = f"{aid}#{gm['id']}"
            if best is not None:
                match[tag] = best
            if not required:
                continue
            req_total += 1
            gold_topics = {gold.issue_of(t) for t in gm.get("topics", [])}
            if best is None:
                errors["missed_meetings"].append(f"{tag}: {', '.join(gm.get('participants') or gm.get('countries', []))}")
                tfn += len(gold_topics)
                continue
            req_matched += 1
            attr_n += 1
            rep = reports.get((best["id"], aid), {})
            checks = {
                "place": (norm(best.get("place")) == norm(gm.get("place")), best.get("place"), gm.get("place")),
                "date": (best.get("date") == gm.get("date"), best.get("date"), gm.get("date")),
                "mode": (best.get("mode") == gm.get("mode"), best.get("mode"), gm.get("mode")),
                "status": (rep.get("status", best.get("status")) == gm.get("status"), rep.get("status", best.get("status")), gm.get("status")),
            }
            for name, (ok, got, want) in checks.items():
                if ok:
                    attr[name] += 1
                else:
                    errors[f"wrong_{name}"].append(f"{tag}: system {got!r}, gold {want!r}")
            sys_topics = {gold.issue_of(t) for t in rep.get("topics", best.get("topics", []))}
            ttp += len(sys_topics & gold_topics)
            tfp += len(sys_topics - gold_topics)
            tfn += len(gold_topics - sys_topics)
            for t in sorted(sys_topics - gold_topics):
                errors["false_positive_topics"].append(f"{tag}: {t}")
            for t in sorted(gold_topics - sys_topics):
                errors["missed_topics"].append(f"{tag}: {t}")
        matched_ids = {m["id"] for m in cands if m["id"] in used}
        for m in cands:
            if m["id"] not in matched_ids:
                errors["unmatched_system_meetings"].append(
                    f"{aid}: {', '.join(m['_names']) or ', '.join(m.get('countries', []))} "
                    f"[{m.get('mode')}, {m.get('status')}, {m.get('date')}, {m.get('place')}]"
                )
    result["meetings"] = {
        "required_gold": req_total,
        "matched": req_matched,
        "recall": round(req_matched / req_total, 3) if req_total else 0.0,
        "system_meetings": len(meetings),
    }
    result["attributes"] = {
        name: round(attr[name] / attr_n, 3) if attr_n else 0.0 for name in ("place", "date", "mode", "status")
    }
    result["attributes"]["matched_meetings"] = attr_n
    result["topics"] = prf(ttp, tfp, tfn)

    merges = []
    for a, b in gold_data.get("same_meeting_across_articles", []):
        ma, mb = match.get(a), match.get(b)
        ok = ma is not None and mb is not None and ma["id"] == mb["id"]
        merges.append({"a": a, "b": b, "merged": ok})
        if not ok:
            errors["missed_merges"].append(f"{a} = {b}")
    result["merges"] = {"made": sum(m["merged"] for m in merges), "expected": len(merges), "pairs": merges}
    result["errors"] = {k: v for k, v in errors.items() if v}
    return result


def _date_ok(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    n = min(len(a), len(b))
    return a[:n] == b[:n]


# ---------------------------------------------------------------------------------
def system_output(args) -> tuple[list[dict], list[dict], dict]:
    from kg.records import meetings, people
    from kg.store import LocalStore

    if args.store:
        store = LocalStore(args.store, create=False)
        return meetings(store, details=True), people(store), _report_details(store)
    from kg.build import build

    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        store = LocalStore(Path(tmp) / "kg-store")
        build([str(p) for p in args.input], store=store, model=args.model)
        out = meetings(store, details=True), people(store), _report_details(store)
        store.close()
        return out


def print_report(result: dict, *, title: str = "diplomacy-kg") -> None:
    w = sys.stdout.write
    p = result["pairs"]
    w(f"== {title}\n")
    w(f"participant pairs: P {p['precision']:.3f}  R {p['recall']:.3f}  F1 {p['f1']:.3f}  "
      f"(tp {p['tp']}, fp {p['fp']}, fn {p['fn']}; must_not_meet violations {p['must_not_meet_violations']})\n")
    if "meetings" in result:
        m, a, t, pe, mg = result["meetings"], result["attributes"], result["topics"], result["people"], result["merges"]
        w(f"meetings: {m['matched']}/{m['required_gold']} required gold meetings matched (recall {m['recall']:.3f}); "
          f"{m['system_meetings']} system meetings\n")
        w(f"attributes on {a['matched_meetings']} matched meetings: place {a['place']:.3f}  date {a['date']:.3f}  "
          f"mode {a['mode']:.3f}  status {a['status']:.3f}\n")
        w(f"topics: P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})\n")
        w(f"people: {pe['matched']}/{pe['gold']} gold people found; country {pe['country_accuracy']:.3f}  "
          f"title {pe['title_accuracy']:.3f}; duplicate nodes {pe['duplicate_nodes']}; "
          f"single-token unknown nodes {len(pe['fragment_nodes'])} {pe['fragment_nodes']}\n")
        w(f"cross-article merges: {mg['made']}/{mg['expected']}\n")
    for kind, items in result.get("errors", {}).items():
        w(f"-- {kind} ({len(items)})\n")
        for item in items:
            w(f"   {item}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSON file")
    ap.add_argument("--store", help="score an existing store instead of building the input")
    ap.add_argument("--input", type=Path, nargs="+", default=[DEFAULT_INPUT], help="articles to build (default seeds/)")
    ap.add_argument("--model", help="spaCy model for the build")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--baseline", action="store_true", help="also score the naive PERSON co-occurrence baseline")
    args = ap.parse_args(argv)
    gold_data = json.loads(args.gold.read_text(encoding="utf-8"))

    meetings, people, reports = system_output(args)
    result = evaluate(gold_data, meetings, people, reports)
    out = {"system": result}
    if args.baseline:
        from baseline import baseline_pairs  # scripts/baseline.py

        gold = Gold(gold_data)
        bres, bfps, bmiss = score_pairs(gold, baseline_pairs(gold, args.input, model=args.model))
        out["baseline"] = {"pairs": bres, "errors": {"false_positive_pairs": bfps, "missed_pairs": bmiss}}
    if args.json:
        json.dump(out, sys.stdout, indent=2, default=sorted)
        sys.stdout.write("\n")
    else:
        print_report(result)
        if args.baseline:
            print_report(out["baseline"], title="naive baseline (PERSON co-occurrence with a meeting verb)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
