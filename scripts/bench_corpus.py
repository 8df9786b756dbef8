"""A synthetic article stream for the benchmarks, made by repeating the seed
articles (not a benchmark itself).

Article k is seed k % 5 with its publication date moved k // 5 days later, so
relative dates ("on Monday") resolve to new days and meetings do not all
collapse into the seeds' few meeting nodes. With ``window`` a fraction of
the seed's paragraphs (a contiguous window chosen by a seeded RNG) is used,
for shorter wire-length articles.

    python scripts/bench_corpus.py 1000 > corpus.jsonl
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_articles() -> list[dict]:
    with (SEEDS / "manifest.csv").open(encoding="utf-8") as fh:
        meta = {row["id"]: row for row in csv.DictReader(fh)}
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        row = meta.get(path.name, {})
        out.append({"id": path.name, "text": path.read_text(encoding="utf-8"),
                    "published": row.get("published") or "2022-01-01", "source": row.get("source") or None})
    return out


def articles(n: int, *, window: float | None = None, rng_seed: int = 7) -> Iterator[dict]:
    """``n`` articles as JSON-ready dicts (id, text, published, source), lazily."""
    seeds = seed_articles()
    rng = random.Random(rng_seed)
    for k in range(n):
        s = seeds[k % len(seeds)]
        text = s["text"]
        if window is not None:
            paras = [p for p in text.split("\n") if p.strip()]
            size = max(1, round(len(paras) * window))
            start = rng.randrange(0, len(paras) - size + 1)
            text = "\n".join(paras[start:start + size]) + "\n"
        published = (date.fromisoformat(s["published"]) + timedelta(days=k // len(seeds))).isoformat()
        yield {"id": f"bench-{k:06d}-{s['id']}", "text": text, "published": published, "source": s["source"]}


def write_jsonl(path: Path, n: int, *, window: float | None = None) -> tuple[int, int]:
    """Write ``n`` articles to ``path``; returns (articles, words)."""
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for a in articles(n, window=window):
            words += len(a["text"].split())
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return n, words


if __name__ == "__main__":
    for a in articles(int(sys.argv[1]) if len(sys.argv) > 1 else 100):
        sys.stdout.write(json.dumps(a, ensure_ascii=False) + "\n")
