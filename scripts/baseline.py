#!/usr/bin/env python
"""The naive meeting baseline: every pair of spaCy PERSON entities that
co-occur in a sentence containing a meeting verb "met".

    python scripts/baseline.py [--gold PATH] [--input PATH...]

A sentence counts when one of its tokens has a meeting-verb lemma (meet,
talk, visit, host, call, speak, phone). With these verbs the baseline scores
pair F1 0.367 on the seeds; adding the nouns meeting/talks/summit gives 0.392. PERSON texts are mapped to gold names by the
gold aliases (case-insensitive, trailing 's dropped); pairs are kept when the
two people's gold countries differ (unknown counts as different), and scored
per article like the system (see scripts/evaluate.py).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MEETING_LEMMAS = frozenset({"meet", "talk", "visit", "host", "call", "speak", "phone"})


def baseline_pairs(gold, inputs, *, model: str | None = None) -> dict[str, set[frozenset]]:
    """Article id -> cross-country PERSON pairs of meeting sentences."""
    from kg.ingest import iter_articles
    from kg.nlp import load_pipeline

    nlp = load_pipeline(model)  # the plain model: no gazetteer
    out: dict[str, set[frozenset]] = defaultdict(set)
    articles = list(iter_articles([str(p) for p in inputs]))
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True):
        for sent in doc.sents:
            if not any(t.lemma_.lower() in MEETING_LEMMAS for t in sent):
                continue
            names = {gold.person_of(e.text) or e.text.strip() for e in sent.ents if e.label_ == "PERSON"}
            for a, b in combinations(sorted(names), 2):
                ca, cb = gold.country_of(a), gold.country_of(b)
                if ca is None or cb is None or ca != cb:
                    out[article.id].add(frozenset((a, b)))
    return out


def main(argv=None) -> int:
    import argparse
    import json

    from evaluate import DEFAULT_GOLD, DEFAULT_INPUT, Gold, print_report, score_pairs

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--input", type=Path, nargs="+", default=[DEFAULT_INPUT])
    ap.add_argument("--model")
    args = ap.parse_args(argv)
    gold = Gold(json.loads(args.gold.read_text(encoding="utf-8")))
    res, fps, misses = score_pairs(gold, baseline_pairs(gold, args.input, model=args.model))
    print_report({"pairs": res, "errors": {"false_positive_pairs": fps, "missed_pairs": misses}}, title="naive baseline")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
