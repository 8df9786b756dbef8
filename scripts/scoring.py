"""The scoring rules of scripts/evaluate.py: system output (the JSON contract
of `kg meetings` / `kg people`) and baseline sentence groups against a gold
file. Pure functions over plain data; nothing here builds or reads a store.

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
Per article
    One row per gold article: its required gold meetings, how many are
    matched, its pair tp/fp/fn, and its people: gold people with a system
    node that cites the article, and how many of them have the right country
    (the node citing the article with most sources).
Kinds of miss
    Each unmatched required gold meeting gets the first cause that applies,
    in this order: *no system meeting in article*; *system meeting matched
    to another gold meeting* (a system meeting shares a pair with it but the
    one-to-one matching gave it to another gold meeting of the article, so
    two meetings were merged into one); *only countries as sides* (a system
    meeting of the article has two of its countries as sides, at least one of
    them without any person, and no person of those countries other than its
    participants); *participant not found as a person* (a gold
    participant has no system person node citing the article); *pair split
    across two meetings* (two participants of different countries are each
    in a system meeting of the article, never in the same one); *person found
    but not a participant* (a participant has a node but is in no system
    meeting of the article); *other*. Each false-positive pair is a *pair
    from a must_not_meet list*, has a *participant unknown to gold*, or is
    between *both gold people, no such meeting*.
Baseline
    ``scripts/baseline.py``: the spaCy PERSON entities of each sentence with
    a meeting verb form one sentence group; its cross-country pairs are
    scored with the pair rules above, and a required gold meeting counts as
    found when one group of its article contains one of its cross-country
    participant pairs. The baseline has no attributes, topics or people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

EVIDENCE_CHARS = 200  # gold and system sentences are shortened to this in the lists

MISS_NO_MEETING = "no system meeting in article"
MISS_TAKEN = "system meeting matched to another gold meeting"
MISS_COUNTRIES = "only countries as sides"
MISS_NO_PERSON = "participant not found as a person"
MISS_SPLIT = "pair split across two meetings"
MISS_NOT_PARTICIPANT = "person found but not a participant"
MISS_OTHER = "other"
MISS_KINDS = (MISS_NO_MEETING, MISS_TAKEN, MISS_COUNTRIES, MISS_NO_PERSON, MISS_SPLIT, MISS_NOT_PARTICIPANT, MISS_OTHER)
FP_MUST_NOT_MEET = "pair from a must_not_meet list"
FP_UNKNOWN = "participant unknown to gold"
FP_NO_SUCH_MEETING = "both gold people, no such meeting"
FP_KINDS = (FP_MUST_NOT_MEET, FP_UNKNOWN, FP_NO_SUCH_MEETING)


def shorten(text: str | None, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


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
def fp_kind(gold: Gold, pair: frozenset, forbidden: set[frozenset]) -> str:
    """The kind of a false-positive pair (see FP_KINDS)."""
    if pair in forbidden:
        return FP_MUST_NOT_MEET
    if any(name not in gold.people for name in pair):
        return FP_UNKNOWN
    return FP_NO_SUCH_MEETING


def score_pairs(gold: Gold, system_pairs: dict[str, set[frozenset]], evidence: dict | None = None) -> dict:
    """Article-level pair P/R/F1. ``system_pairs`` maps article id -> pairs
    (already cross-country, gold names where known); ``evidence`` maps
    (article id, pair) -> the system sentence that gave the pair.

    Returns {"score": P/R/F1 and must_not_meet violations, "per_article":
    {article: {"tp", "fp", "fn"}}, "false_positives": [{"article", "pair",
    "kind", "sentence"}], "missed": ["article: a -- b"]}."""
    evidence = evidence or {}
    tp = fp = fn = violations = 0
    per_article: dict[str, dict] = {}
    fps: list[dict] = []
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
        row = per_article[aid] = {"tp": 0, "fp": 0, "fn": 0}
        for pair in sorted(sys_pairs, key=_fmt_pair):
            if pair in gold_pairs:
                row["tp"] += 1
            elif pair in optional:
                continue
            else:
                row["fp"] += 1
                kind = fp_kind(gold, pair, forbidden)
                violations += kind == FP_MUST_NOT_MEET
                fps.append({"article": aid, "pair": sorted(pair), "kind": kind,
                            "sentence": shorten(evidence.get((aid, pair)))})
        for pair in sorted(gold_pairs - sys_pairs, key=_fmt_pair):
            row["fn"] += 1
            misses.append(f"{aid}: {_fmt_pair(pair)}")
        tp, fp, fn = tp + row["tp"], fp + row["fp"], fn + row["fn"]
    score = prf(tp, fp, fn)
    score["must_not_meet_violations"] = violations
    return {"score": score, "per_article": per_article, "false_positives": fps, "missed": misses}


def by_kind(items: list[dict], kinds: tuple[str, ...]) -> dict[str, list[dict]]:
    """Group ``items`` by their "kind", in the order of ``kinds`` (all kinds present)."""
    out: dict[str, list[dict]] = {k: [] for k in kinds}
    for item in items:
        out.setdefault(item["kind"], []).append(item)
    return out


def classify_miss(gm: dict, cands: list[dict], found: set[str], taken: dict[str, str], country) -> tuple[str, str]:
    """Why the required gold meeting ``gm`` has no system meeting: (kind, detail).

    ``cands`` are the article's system meetings (with "_names": gold names of
    their participants), ``found`` the gold names with a system person node
    citing the article, ``taken`` system meeting id -> the gold meeting id it
    was matched to, ``country`` name -> country. The kinds are tried in the
    order of MISS_KINDS."""
    parts = list(dict.fromkeys(gm.get("participants", [])))
    if not cands:
        return MISS_NO_MEETING, ""
    gpairs = all_pairs(parts)
    for m in cands:
        shares = (gpairs & m["_all_pairs"]) if gpairs else (
            not parts and set(gm.get("countries", [])) == set(m.get("countries", [])))
        if shares and m["id"] in taken:
            return MISS_TAKEN, f"[{_fmt_names(m)}] went to gold meeting {taken[m['id']]}"
    gold_countries = set(gm.get("countries", []))
    for m in cands:
        sides = set(m.get("countries", [])) & gold_countries
        people = {n: country(n) for n in m["_names"]}
        bare = sorted(sides - set(people.values()))
        others = [n for n, c in people.items() if c in gold_countries and n not in parts]
        if len(sides) >= min(2, len(gold_countries)) and bare and not others:
            return MISS_COUNTRIES, f"[{_fmt_names(m)}]: {', '.join(bare)} only as a country"
    missing = [p for p in parts if p not in found]
    if missing:
        return MISS_NO_PERSON, "no person node for " + ", ".join(missing)
    in_meetings = {p: [m for m in cands if p in m["_names"]] for p in parts}
    for pair in sorted(cross_pairs(parts, country), key=_fmt_pair):
        a, b = sorted(pair)
        if in_meetings[a] and in_meetings[b]:
            return MISS_SPLIT, f"{a} in [{_fmt_names(in_meetings[a][0])}], {b} in [{_fmt_names(in_meetings[b][0])}]"
    idle = [p for p in parts if not in_meetings[p]]
    if idle:
        return MISS_NOT_PARTICIPANT, "in no system meeting: " + ", ".join(idle)
    return MISS_OTHER, ""


def _fmt_names(m: dict) -> str:
    countries = ", ".join(sorted(m.get("countries", [])))
    return "; ".join(x for x in (", ".join(m["_names"]), countries and f"countries {countries}") if x)


def evaluate(gold_data: dict, meetings: list[dict], people: list[dict], reports: dict | None = None) -> dict:
    """Score system ``meetings``/``people`` (the JSON contract) against gold."""
    gold = Gold(gold_data)
    reports = reports or {}
    result: dict = {}
    errors: dict[str, list[str]] = defaultdict(list)

    # -- people ---------------------------------------------------------------
    gold_name_of: dict[str, str] = {}  # system person id -> gold name or own name
    nodes_of: dict[str, list[dict]] = defaultdict(list)
    found_in: dict[str, set[str]] = defaultdict(set)  # article -> gold names with a node citing it
    fragments = []
    for p in people:
        g = gold.person_of(p["name"], p.get("aliases", []))
        gold_name_of[p["id"]] = g or p["name"]
        if g:
            nodes_of[g].append(p)
            for s in p.get("sources", []):
                found_in[s["article"]].add(g)
        elif len(p["name"].split()) == 1:
            fragments.append(p["name"])
    duplicates = 0
    for g, nodes in sorted(nodes_of.items()):
        if len(nodes) > 1:
            duplicates += len(nodes) - 1
            errors["duplicate_people"].append(f"{g}: " + ", ".join(sorted(n["name"] for n in nodes)))
    country_ok = title_ok = 0
    for g, nodes in sorted(nodes_of.items()):
        best = _best_node(nodes)
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
        "country_right": country_ok,
        "title_right": title_ok,
        "country_accuracy": round(country_ok / matched_people, 3) if matched_people else 0.0,
        "title_accuracy": round(title_ok / matched_people, 3) if matched_people else 0.0,
        "duplicate_nodes": duplicates,
        "fragment_nodes": sorted(fragments),
        "system_nodes": len(people),
    }

    system_country = {gold_name_of[p["id"]]: p.get("country") for p in reversed(people)}

    def country(name: str) -> str | None:
        return gold.country_of(name) or system_country.get(name)

    # -- system meetings per article -----------------------------------------
    sys_by_article: dict[str, list[dict]] = defaultdict(list)
    evidence: dict[tuple[str, frozenset], str] = {}
    for m in meetings:
        names = sorted({gold_name_of.get(p["id"], p["name"]) for p in m.get("participants", [])})
        m = dict(m, _names=names, _all_pairs=all_pairs(names))
        sentences: dict[str, str] = {}
        for s in m.get("sources", []):
            sentences.setdefault(s["article"], s.get("sentence", ""))
        for aid in sorted(sentences):
            sys_by_article[aid].append(m)
            found_in[aid].update(n for n in names if n in gold.people)
            for pair in cross_pairs(names, country):
                evidence.setdefault((aid, pair), sentences[aid])
    system_pairs = {
        aid: set().union(*(cross_pairs(m["_names"], country) for m in ms)) if ms else set()
        for aid, ms in sys_by_article.items()
    }
    scored_pairs = score_pairs(gold, system_pairs, evidence)
    result["pairs"] = scored_pairs["score"]
    result["false_positive_kinds"] = by_kind(scored_pairs["false_positives"], FP_KINDS)
    errors["missed_pairs"] = scored_pairs["missed"]

    # -- meeting matching ------------------------------------------------------
    match: dict[str, dict] = {}  # "article#gold id" -> system meeting
    req_total = req_matched = 0
    attr = Counter()
    attr_n = 0
    ttp = tfp = tfn = 0
    misses: list[dict] = []
    per_article: list[dict] = []
    for aid, art in sorted(gold.articles.items()):
        cands = sys_by_article.get(aid, [])
        gms = art.get("meetings", [])
        chosen = _match_meetings(gms, cands)
        taken = {m["id"]: gms[gi]["id"] for gi, m in chosen.items()}
        row = {"article": aid, "required": 0, "matched": 0, **scored_pairs["per_article"][aid]}
        for gi, gm in enumerate(gms):
            best = chosen.get(gi)
            tag = f"{aid}#{gm['id']}"
            if best is not None:
                match[tag] = best
            if not gm.get("required", True):
                continue
            req_total += 1
            row["required"] += 1
            gold_topics = {gold.issue_of(t) for t in gm.get("topics", [])}
            if best is None:
                kind, detail = classify_miss(gm, cands, found_in.get(aid, set()), taken, country)
                misses.append({"meeting": tag, "participants": gm.get("participants") or gm.get("countries", []),
                               "kind": kind, "detail": detail, "evidence": shorten(gm.get("evidence"))})
                tfn += len(gold_topics)
                continue
            req_matched += 1
            row["matched"] += 1
            attr_n += 1
            rep = reports.get((best["id"], aid), {})
            status = rep.get("status", best.get("status"))
            checks = {
                "place": (norm(best.get("place")) == norm(gm.get("place")), best.get("place"), gm.get("place")),
                "date": (best.get("date") == gm.get("date"), best.get("date"), gm.get("date")),
                "mode": (best.get("mode") == gm.get("mode"), best.get("mode"), gm.get("mode")),
                "status": (status == gm.get("status"), status, gm.get("status")),
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
        for m in cands:
            if m["id"] not in taken:
                errors["unmatched_system_meetings"].append(
                    f"{aid}: {', '.join(m['_names']) or ', '.join(m.get('countries', []))} "
                    f"[{m.get('mode')}, {m.get('status')}, {m.get('date')}, {m.get('place')}]"
                )
        here = {g: [n for n in nodes_of[g] if any(s["article"] == aid for s in n.get("sources", []))]
                for g in found_in.get(aid, set()) if g in nodes_of}
        here = {g: nodes for g, nodes in here.items() if nodes}
        row["people"] = len(here)
        row["people_country_right"] = sum(
            _best_node(nodes).get("country") == gold.country_of(g) for g, nodes in here.items())
        per_article.append(row)
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
    result["miss_kinds"] = by_kind(misses, MISS_KINDS)
    result["per_article"] = per_article

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


def _best_node(nodes: list[dict]) -> dict:
    return max(nodes, key=lambda n: (len(n.get("sources", [])), n["id"]))


def _match_meetings(gms: list[dict], cands: list[dict]) -> dict[int, dict]:
    """One-to-one matching of an article's gold meetings (by index) to its
    system meetings, greedily over all candidate pairs, best first."""
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
    for _key, gi, m in scored:
        if gi in chosen or m["id"] in used:
            continue
        chosen[gi] = m
        used.add(m["id"])
    return chosen


def _date_ok(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    n = min(len(a), len(b))
    return a[:n] == b[:n]


BASELINE_MISS = "no sentence group with one of its pairs"


def score_baseline(gold_data: dict, groups: dict[str, list[tuple[str, list[str]]]]) -> dict:
    """Score the baseline's sentence groups (article -> [(sentence, PERSON
    texts)]) with the pair rules, and count the required gold meetings found."""
    gold = Gold(gold_data)
    named: dict[str, list[set[str]]] = defaultdict(list)
    system_pairs: dict[str, set[frozenset]] = defaultdict(set)
    evidence: dict[tuple[str, frozenset], str] = {}
    for aid, sents in groups.items():
        for sentence, texts in sents:
            names = {gold.person_of(t) or t.strip() for t in texts}
            named[aid].append(names)
            for pair in cross_pairs(sorted(names), gold.country_of):
                system_pairs[aid].add(pair)
                evidence.setdefault((aid, pair), sentence)
    scored = score_pairs(gold, system_pairs, evidence)
    req = found = 0
    misses: list[dict] = []
    per_article = []
    for aid, art in sorted(gold.articles.items()):
        row = {"article": aid, "required": 0, "matched": 0, **scored["per_article"][aid]}
        for gm in art.get("meetings", []):
            if not gm.get("required", True):
                continue
            req += 1
            row["required"] += 1
            pairs = cross_pairs(gm.get("participants", []), gold.country_of)
            if any(pair <= names for pair in pairs for names in named.get(aid, [])):
                found += 1
                row["matched"] += 1
            else:
                misses.append({"meeting": f"{aid}#{gm['id']}", "participants": gm.get("participants", []),
                               "kind": BASELINE_MISS, "detail": "", "evidence": shorten(gm.get("evidence"))})
        per_article.append(row)
    return {
        "pairs": scored["score"],
        "meetings": {"required_gold": req, "matched": found, "recall": round(found / req, 3) if req else 0.0},
        "per_article": per_article,
        "miss_kinds": by_kind(misses, (BASELINE_MISS,)),
        "false_positive_kinds": by_kind(scored["false_positives"], FP_KINDS),
        "errors": {k: v for k, v in {"missed_pairs": scored["missed"]}.items() if v},
    }
