#!/usr/bin/env python
"""The naive meeting baseline: every pair of spaCy PERSON entities that
co-occur in a sentence containing a meeting verb "met".

    python scripts/baseline.py [--gold PATH] [--articles PATH...]

A sentence counts when one of its tokens has a meeting-verb lemma (meet,
talk, visit, host, call, speak, phone); its PERSON entities form one
sentence group. With these verbs the baseline scores pair F1 0.367 on the
seeds; adding the nouns meeting/talks/summit gives 0.392. The groups are
scored by :func:`scoring.score_baseline` (scripts/scoring.py): PERSON texts
are mapped to gold names by the gold aliases (case-insensitive, trailing 's
dropped), pairs are kept when the two people's gold countries differ
(unknown counts as different) and scored per article like the system, and a
required gold meeting is found when one group of its article holds one of
its cross-country pairs.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MEETING_LEMMAS = frozenset({"meet", "talk", "visit", "host", "call", "speak", "phone"})


def meeting_sentence_groups(doc) -> list[tuple[str, list[str]]]:
    """(sentence text, PERSON entity texts) of each sentence of ``doc`` with a meeting verb."""
    out = []
    for sent in doc.sents:
        if any(t.lemma_.lower() in MEETING_LEMMAS for t in sent):
            out.append((sent.text, [e.text for e in sent.ents if e.label_ == "PERSON"]))
    return out


def baseline_groups(inputs, *, model: str | None = None, nlp=None) -> dict[str, list[tuple[str, list[str]]]]:
    """Article id -> its meeting sentence groups, parsed with the plain model
    (no gazetteer; ``nlp`` reuses a pipeline already loaded)."""
    from kg.ingest import iter_articles
    from kg.nlp import load_pipeline

    nlp = nlp or load_pipeline(model)
    out: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    articles = list(iter_articles([str(p) for p in inputs]))
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True):
        out[article.id].extend(meeting_sentence_groups(doc))
    return out


def main(argv=None) -> int:
    import argparse
    import json

    from evaluate import DEFAULT_GOLD, DEFAULT_INPUT, print_report
    from scoring import score_baseline

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--articles", "--input", dest="articles", type=Path, nargs="+", default=[DEFAULT_INPUT])
    ap.add_argument("--model")
    args = ap.parse_args(argv)
    gold_data = json.loads(args.gold.read_text(encoding="utf-8"))
    print_report(score_baseline(gold_data, baseline_groups(args.articles, model=args.model)), title="naive baseline")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
