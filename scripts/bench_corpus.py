"""The benchmark corpus: generated wire stories about a population of
officials that grows like a news feed's (not a benchmark itself).

The population starts as the gazetteer's officials and grows by generated
people (given name + generated family name, with a country and an office)
at ``new_people`` per article. Each article reports one meeting between two
people of different countries: usually a new meeting (a new pair, or a pair
meeting again on a new day), and with probability ``follow_up`` a meeting an
earlier article reported (same people and day, told another way: other
sentence shape, sometimes undated, sometimes with the surname only), so
reports of one meeting have to be merged. Sentences take the shapes of real
wires: "met ... in CITY on WEEKDAY to discuss ISSUE", "held talks with",
"spoke by phone with ... counterpart", "will meet ... next week", "SURNAME
said the talks were constructive". Publication dates advance by
``per_day`` articles a day.

The generator knows what each article says, so :func:`truth_record` gives
the ArticleRecord a perfect extractor would make: the resolution and store
benchmarks at 100k+ articles use those records instead of parsing.

    python scripts/bench_corpus.py 1000 > corpus.jsonl

The repeated seeds (article k is seed k % 5, dated k // 5 days later) are
still here as :func:`repeated_articles` for comparisons with older figures.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT))

GIVEN = ["Anna", "Boris", "Carla", "Daniel", "Elena", "Felix", "Greta", "Hugo", "Irene", "Jonas", "Karin", "Lukas",
         "Maria", "Nikolai", "Olga", "Pavel", "Rosa", "Stefan", "Tomas", "Ursula", "Viktor", "Wanda", "Yusuf", "Zofia",
         "Amir", "Bela", "Chiara", "Dmitri", "Esra", "Farid", "Giulia", "Hassan", "Ines", "Jakub", "Katya", "Leila"]
ONSET = ["B", "D", "F", "G", "H", "K", "L", "M", "N", "P", "R", "S", "T", "V", "Z", "Br", "Dr", "Kr", "St", "Tr"]
VOWEL = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
CODA = ["", "n", "r", "s", "l", "k", "m", "v", "nd", "rt"]
ENDING = ["ov", "ic", "ski", "sen", "ström", "ani", "escu", "oglu", "ez", "ard", "elli", "berg"]
OFFICES = ["Foreign Minister", "Deputy Foreign Minister", "Defence Minister", "Trade Minister",
           "National Security Adviser", "Finance Minister", "Energy Minister"]
ISSUES = ["trade", "energy security", "climate change", "nuclear weapons", "cybersecurity", "migration",
          "food security", "sanctions", "arms control", "economic cooperation"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
START = date(2020, 1, 1)


@dataclass(frozen=True)
class Official:
    key: str
    name: str
    country: str  # ISO code
    office: str


@dataclass(frozen=True)
class Story:
    """What one generated article says (the ground truth)."""

    id: str
    text: str
    published: str
    a: Official
    b: Official
    date: str | None  # meeting date as the text gives it (None: undated)
    mode: str
    status: str
    place: tuple[str, str, str] | None  # (key, name, country)
    issue: str
    surname_only: bool

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.text, "published": self.published, "source": "Generated Wire"}


def _surname(rng: random.Random) -> str:
    parts = [rng.choice(ONSET) + rng.choice(VOWEL) + rng.choice(CODA) for _ in range(rng.choice((1, 2)))]
    return "".join(parts).capitalize() + rng.choice(ENDING)


class Population:
    """Officials (gazetteer first, then generated) and their countries."""

    def __init__(self, rng: random.Random):
        from kg.gazetteer import load_gazetteer

        g = load_gazetteer()
        self.rng = rng
        self.countries = [c for c in g.countries.values() if c.demonyms and c.capital]
        self.by_code = {c.code: c for c in self.countries}
        self.places = {pl.name: pl for pl in g.places.values() if pl.kind == "city"}
        self.people: list[Official] = [
            Official(e.id, e.name, e.country, e.titles[0] if e.titles else "Foreign Minister") for e in g.people.values()
            if e.country in self.by_code and len(e.name.split()) == 2
        ]
        self.keys = {p.key for p in self.people}

    def add(self) -> Official:
        while True:
            name = f"{self.rng.choice(GIVEN)} {_surname(self.rng)}"
            key = name.lower().replace(" ", "-")
            if key not in self.keys and all(ord(ch) < 128 for ch in name):
                break
        c = self.rng.choice(self.countries)
        p = Official(key, name, c.code, self.rng.choice(OFFICES))
        self.people.append(p)
        self.keys.add(key)
        return p

    def pick(self, other: Official | None = None) -> Official:
        # recent people are in the news more: half the picks from the newest 200
        pool = self.people[-200:] if self.rng.random() < 0.5 else self.people
        while True:
            p = self.rng.choice(pool)
            if other is None or (p.country != other.country and p.key != other.key):
                return p

    def capital(self, code: str) -> tuple[str, str, str] | None:
        c = self.by_code[code]
        pl = self.places.get(c.capital)
        return (pl.key, pl.name, code) if pl else None

    def demonym(self, code: str) -> str:
        return self.by_code[code].demonyms[0]


def _when_text(meeting: date, published: date, rng: random.Random) -> str:
    if (published - meeting).days < 7 and rng.random() < 0.6:
        return f"on {WEEKDAYS[meeting.weekday()]}"
    return f"on {MONTHS[meeting.month - 1]} {meeting.day}"


def stories(n: int, *, rng_seed: int = 7, per_day: int = 200, new_people: float = 0.3,
            follow_up: float = 0.3) -> Iterator[Story]:
    """``n`` generated articles, lazily (the same ones for the same arguments)."""
    rng = random.Random(rng_seed)
    pop = Population(rng)
    recent: list[tuple[Official, Official, date, str, tuple | None, str]] = []
    for k in range(n):
        published = START + timedelta(days=k // per_day)
        while rng.random() < new_people:
            pop.add()
            if rng.random() < 0.5:
                break
        if recent and rng.random() < follow_up:
            a, b, day, mode, place, issue = rng.choice(recent[-500:])
            a, b = (b, a) if rng.random() < 0.5 else (a, b)
            published = max(published, day)
            dated = rng.random() < 0.7
        else:
            a = pop.pick()
            b = pop.pick(a)
            day = published - timedelta(days=rng.randrange(0, 3))
            mode = "phone" if rng.random() < 0.2 else "in_person"
            place = None if mode == "phone" else pop.capital(rng.choice((a.country, b.country)))
            issue = rng.choice(ISSUES)
            recent.append((a, b, day, mode, place, issue))
            del recent[:-500]  # follow-ups pick among the last 500 meetings
            dated = True
        da, db = pop.demonym(a.country), pop.demonym(b.country)
        when = _when_text(day, published, rng) if dated else ""
        shape = rng.randrange(4)
        if mode == "phone":
            lede = f"{da} {a.office} {a.name} spoke by phone with his {db} counterpart {b.name} {when or 'this week'} about {issue}."
        elif shape == 0:
            lede = f"{da} {a.office} {a.name} met {db} {b.office} {b.name} in {place[1] if place else 'the capital'} {when} to discuss {issue}."
        elif shape == 1:
            lede = f"{a.name}, {da} {a.office.lower()}, held talks with {db} {b.office} {b.name} in {place[1] if place else 'the capital'} {when}, officials said."
        elif shape == 2:
            lede = f"{db} {b.office} {b.name} hosted {da} {a.office} {a.name} {when} for talks on {issue}."
        else:
            lede = f"{da} {a.office} {a.name} and {db} {b.office} {b.name} met {when} and discussed {issue}."
        lede = " ".join(lede.split()).replace(" ,", ",").replace(" .", ".")
        surname_only = rng.random() < 0.5
        second = (f"{a.name.split()[-1]} said the talks were constructive." if surname_only
                  else "Officials said the talks were constructive and would continue.")
        third = f"The two sides agreed to keep in touch on {rng.choice(ISSUES)}, according to a statement."
        text = f"{lede} {second}\n{third}\n"
        yield Story(f"gen-{k:07d}.txt", text, published.isoformat(), a, b, day.isoformat() if dated else None,
                    mode, "occurred", place, issue, surname_only)


def articles(n: int, **kw) -> Iterator[dict]:
    """``n`` generated articles as JSON-ready dicts (id, text, published, source)."""
    for s in stories(n, **kw):
        yield s.as_json()


def truth_record(story: Story):
    """The :class:`~kg.types.ArticleRecord` a perfect extractor makes of ``story``."""
    from kg.types import Article, ArticleRecord, MeetingRecord, PersonRecord, Place, Source

    art = Article(id=story.id, text=story.text, published=story.published, source="Generated Wire")
    end = story.text.index(".") + 1
    lede = Source(story.id, story.text[:end], 0, end)
    people = [PersonRecord(p.key, p.name, (), p.country, (p.office,), (lede,)) for p in (story.a, story.b)]
    if story.surname_only:
        surname = story.a.name.split()[-1]
        start = story.text.index(surname + " said")
        src = Source(story.id, surname + " said the talks were constructive.", start, start + len(surname) + 34)
        people.append(PersonRecord(surname.lower(), surname, (), None, (), (src,)))
    place = Place(*story.place) if story.place else None
    meeting = MeetingRecord(tuple(sorted((story.a.key, story.b.key))), tuple(sorted({story.a.country, story.b.country})),
                            place, story.date, story.mode, story.status, (), (lede,), 0.75, "generated", "met")
    return ArticleRecord(art, tuple(people), (), (), (meeting,))


def write_jsonl(path: Path, n: int, *, window: float | None = None) -> tuple[int, int]:
    """Write ``n`` generated articles to ``path`` (``window``: the repeated
    seeds instead, see :func:`repeated_articles`); returns (articles, words)."""
    words = 0
    rows = repeated_articles(n, window=window) if window is not None else articles(n)
    with path.open("w", encoding="utf-8") as fh:
        for a in rows:
            words += len(a["text"].split())
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return n, words


def seed_articles() -> list[dict]:
    with (SEEDS / "manifest.csv").open(encoding="utf-8") as fh:
        meta = {row["id"]: row for row in csv.DictReader(fh)}
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        row = meta.get(path.name, {})
        out.append({"id": path.name, "text": path.read_text(encoding="utf-8"),
                    "published": row.get("published") or "2022-01-01", "source": row.get("source") or None})
    return out


def repeated_articles(n: int, *, window: float | None = None, rng_seed: int = 7) -> Iterator[dict]:
    """The seeds repeated: article k is seed k % 5 published k // 5 days later
    (``window``: a contiguous fraction of its paragraphs)."""
    seeds = seed_articles()
    rng = random.Random(rng_seed)
    for k in range(n):
        s = seeds[k % len(seeds)]
        text = s["text"]
        if window is not None and window < 1:
            paras = [p for p in text.split("\n") if p.strip()]
            size = max(1, round(len(paras) * window))
            start = rng.randrange(0, len(paras) - size + 1)
            text = "\n".join(paras[start:start + size]) + "\n"
        published = (date.fromisoformat(s["published"]) + timedelta(days=k // len(seeds))).isoformat()
        yield {"id": f"bench-{k:06d}-{s['id']}", "text": text, "published": published, "source": s["source"]}


if __name__ == "__main__":
    for a in articles(int(sys.argv[1]) if len(sys.argv) > 1 else 100):
        sys.stdout.write(json.dumps(a, ensure_ascii=False) + "\n")


def time_calls(owner, name: str, totals: dict, stage: str, clock=time.perf_counter) -> None:
    """Replace ``owner.name`` by a wrapper that adds the time each call takes
    (by ``clock``) to ``totals[stage]``: how the benchmarks time a build's
    stages."""
    original = getattr(owner, name)

    def timed(*a, **k):
        t = clock()
        try:
            return original(*a, **k)
        finally:
            totals[stage] = totals.get(stage, 0.0) + clock() - t

    setattr(owner, name, timed)

