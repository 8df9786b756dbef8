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

Article length follows real news (``length="news"``, the default): the
meeting's lede paragraph, then paragraphs of one to three sentences of
background in the style of wire reports (the relationship's history, trade
figures, quotes of unnamed officials or, in the articles that name a
participant by surname, of that participant, reactions of third countries
and institutions, domestic context), drawn without repeats from
:data:`BODY` and filled from the article's countries, capitals and issues.
The length of an article is drawn from a log-normal distribution with
median 300 words, clipped to 150..670 words before the last sentence (so
150 to about 700 words; on 1,000 articles: 5th percentile 177, median
312, 95th percentile 564). The background names no one but the
participants and states no meeting: one meeting per article, as before.
Real news is that long: the 40 dev articles have 122 to 395 words (median
255), the seeds 419 to 822. ``length="short"`` gives the three-sentence
articles (41 words on average) of earlier figures; the people, meetings and
dates are the same whatever the length (the background text has a random
stream of its own).

The generator knows what each article says, so :func:`truth_record` gives
the ArticleRecord a perfect extractor would make: the resolution and store
benchmarks at 100k+ articles use those records instead of parsing.

    python scripts/bench_corpus.py 1000 [news|short] > corpus.jsonl

The repeated seeds (article k is seed k % 5, dated k // 5 days later) are
still here as :func:`repeated_articles` for comparisons with older figures.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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
#: Article lengths :func:`stories` makes: "news" (the length of real news)
#: or "short" (the lede and two sentences).
LENGTHS = ("news", "short")
#: Words of a news-length article: log-normal (median, sigma), clipped.
NEWS_WORDS = (300, 0.35)
NEWS_MIN_WORDS, NEWS_MAX_WORDS = 150, 670
INSTITUTIONS = ["the United Nations", "the European Union", "the World Bank", "the International Monetary Fund",
                "the World Trade Organization", "the African Union", "the Group of 20"]
FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]
ORDINALS = ["two", "three", "five", "10"]

#: Background sentences of a news-length article. Slots: {A} {B} {C} country
#: names (with "the" where English wants it), {ca} {cb} {cc} capitals, {da}
#: {db} {dc} demonyms (a, b: the meeting's two countries, c: a third one;
#: {a_db}: "a" or "an" and {db}),
#: {i1} {i2} {i3} issues, {who} who is quoted on the first side (the
#: participant's surname, or an unnamed official), {office_l} the first
#: participant's office, {org} an institution, numbers {n} {m} {p} {q},
#: years {y} {y0}, {month}, {weekday}, {k}; a sentence's first letter is
#: made a capital. None of them states a meeting
#: (no meeting words, no travel or talking verbs): a generated article
#: reports one meeting, in its lede.
BODY = (
    "Relations between {A} and {B} have been strained since {y} over {i1}.",
    "Ties between {ca} and {cb} improved last year after a long dispute over {i2}.",
    "{ca} and {cb} established diplomatic relations in {y0} and have since signed more than {k} agreements on {i2} and {i3}.",
    "The {da} government has made {i1} a priority of its foreign policy, and officials in {ca} have pressed partners to do more.",
    "{cb} has repeatedly urged {A} to ease restrictions on {i2}, a demand that {da} officials have so far rejected.",
    "The two countries are also at odds over {i3}, an issue that has weighed on their relationship for years.",
    "Both governments face pressure at home over {i1}, with opposition parties accusing them of moving too slowly.",
    "Last month, the {db} parliament approved a package of measures on {i2} that {da} officials described as a step in the right direction.",
    "Trade between the two countries reached ${n} billion last year, according to official figures, up {p} percent from a year earlier.",
    "{A} is among the {k} largest trading partners of {B}, and {db} exports of machinery and farm goods have grown steadily.",
    "{da} investment in {B} stood at about ${m} billion at the end of {y}, central bank data show.",
    "The {da} economy grew {q} percent in the third quarter, slower than economists had forecast.",
    "\"We have a shared interest in {i1}, and we want to see concrete results,\" {who} said.",
    "\"There is still a lot of work to do on {i2},\" {a_db} official said, asking not to be named because the official was not authorised to brief the media.",
    "\"The relationship is too important to be hostage to disagreements over {i3},\" {who} told reporters.",
    "{who} described the atmosphere as frank and useful but gave no further details.",
    "A spokesperson for the {db} foreign ministry said {cb} valued its partnership with {A} and would keep working with it on {i1}.",
    "\"Our position on {i2} has not changed,\" the {db} foreign ministry said on its website.",
    "Asked about {i3}, {who} said only that both sides understood each other's concerns.",
    "The {dc} government, which has its own concerns about {i1}, said it was following developments closely.",
    "{org} has urged both countries to cooperate on {i2}, warning that delays could cost the region billions of dollars.",
    "Analysts said {i1} was likely to remain the main point of friction between the two countries for months.",
    "\"Neither side wants an open confrontation over {i2},\" said an analyst at a research institute in {cc}.",
    "Diplomats in {cc} said the outcome could shape the positions both countries adopt at {org} later this year.",
    "Markets showed little reaction, with the {da} currency steady against the dollar in afternoon trading.",
    "The two sides signed a memorandum of understanding on {i2} and agreed to set up a working group that will report within six months.",
    "No agreement was announced on {i3}, which officials on both sides have described as the most difficult item.",
    "A statement released afterwards committed both governments to deepening cooperation on {i1} and {i2}.",
    "The {da} side also raised concerns about {i3}, according to a readout published by the {da} foreign ministry.",
    "Officials said technical teams would continue work on the details of a possible deal on {i2} before the end of the year.",
    "In {y}, {A} suspended a number of agreements with {B} after a row over {i3}, before restoring them two years later.",
    "The {da} {office_l} was appointed in {month} {y} and has made closer ties with neighbouring countries a priority.",
    "{B} is one of the largest recipients of {da} development aid, with disbursements of about ${n} million a year.",
    "At home, the {db} government is under pressure over rising prices and a slowing economy.",
    "Opposition lawmakers in {ca} have criticised the government's approach to {i1}, saying it has produced few results.",
    "Public opinion in {B} remains divided, with a recent poll showing {p} percent of respondents in favour of closer ties with {A}.",
    "The {db} embassy in {ca} did not respond to a request for comment.",
    "Neither government gave details of any new financial commitments.",
    "The {da} central bank raised interest rates on {weekday}, citing concerns about inflation and the weak currency.",
    "{org} said in a report this month that {i1} would require far more coordination between governments in the region.",
    "The {dc} foreign ministry said it hoped the two countries would resolve their differences over {i3} peacefully.",
    "Officials in {cb} said they expected progress on {i2} but cautioned that any deal would need the approval of parliament.",
    "{da} exporters have complained for years about barriers to the {db} market, particularly in agriculture and services.",
    "Earlier this year, {B} announced plans to double its spending on {i1} over the next five years.",
    "The dispute over {i3} has also drawn in {C}, which has close economic ties with both countries.",
    "{who} noted that the two governments had agreed in {y} on a framework for cooperation on {i2} that was never fully implemented.",
    "Critics in {cb} say the government has given too much ground to {ca} on {i1}.",
    "Figures released on {weekday} showed {db} inflation easing to {q} percent, the lowest level in {k} years.",
)


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

    def name(self, code: str) -> str:
        """The country's name as a sentence gives it ("the United States")."""
        name = self.by_code[code].name
        the = name.startswith(("United ", "Republic ", "Democratic ", "Central ", "Czech ")) or name.endswith(
            ("s", "Republic", "Kingdom", "Emirates", "Islands"))
        return f"the {name}" if the and name not in ("Laos", "Barbados", "Mauritius", "Cyprus") else name


def _when_text(meeting: date, published: date, rng: random.Random) -> str:
    if (published - meeting).days < 7 and rng.random() < 0.6:
        return f"on {WEEKDAYS[meeting.weekday()]}"
    return f"on {MONTHS[meeting.month - 1]} {meeting.day}"


def _words_wanted(rng: random.Random) -> int:
    median, sigma = NEWS_WORDS
    return min(NEWS_MAX_WORDS, max(NEWS_MIN_WORDS, round(rng.lognormvariate(math.log(median), sigma))))


def _body(rng: random.Random, pop: Population, a: Official, b: Official, published: date, surname: str | None,
          words: int) -> list[str]:
    """Background paragraphs (one to three sentences each, see :data:`BODY`)
    until the article has about ``words`` words (``words`` already written)."""
    wanted = _words_wanted(rng)
    others = [c.code for c in pop.countries if c.code not in (a.country, b.country)]
    c = rng.choice(others)
    i1, i2, i3 = rng.sample([i for i in ISSUES if "cooperation" not in i], 3)
    year = published.year
    slots = {
        "A": pop.name(a.country), "B": pop.name(b.country), "C": pop.name(c),
        "ca": pop.by_code[a.country].capital, "cb": pop.by_code[b.country].capital, "cc": pop.by_code[c].capital,
        "da": pop.demonym(a.country), "db": pop.demonym(b.country), "dc": pop.demonym(c),
        "i1": i1, "i2": i2, "i3": i3, "office_l": a.office.lower(), "org": rng.choice(INSTITUTIONS),
        "n": rng.randint(2, 400), "m": rng.randint(2, 90), "p": rng.randint(2, 35), "q": f"{rng.randint(1, 49) / 10:.1f}",
        "y": year - rng.randint(1, 12), "y0": year - rng.randint(20, 70), "month": rng.choice(FULL_MONTHS),
        "weekday": rng.choice(WEEKDAYS), "k": rng.choice(ORDINALS),
    }
    slots["a_db"] = ("an " if slots["db"][0] in "AEIOU" else "a ") + slots["db"]
    quoted = surname if surname else f"a senior {slots['da']} official"
    paragraphs, sentences = [], rng.sample(BODY, len(BODY))
    while words < wanted and sentences:
        para = []
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3))):
            if words >= wanted or not sentences:
                break
            text = sentences.pop().format(who=quoted, **slots)
            para.append(text[0].upper() + text[1:])
            words += len(text.split())
        paragraphs.append(" ".join(para))
    return paragraphs


def stories(n: int, *, rng_seed: int = 7, per_day: int = 200, new_people: float = 0.3,
            follow_up: float = 0.3, length: str = "news") -> Iterator[Story]:
    """``n`` generated articles, lazily (the same ones for the same arguments).
    ``length``: "news" (the length of real news) or "short" (three
    sentences); the people, meetings and dates do not depend on it."""
    if length not in LENGTHS:
        raise ValueError(f"length must be one of {LENGTHS}, not {length!r}")
    rng = random.Random(rng_seed)
    body_rng = random.Random(f"body-{rng_seed}")  # the background text only
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
        if length == "short":
            text = f"{lede} {second}\n{third}\n"
        else:
            head = f"{lede} {second}\n\n{third}"
            body = _body(body_rng, pop, a, b, published, a.name.split()[-1] if surname_only else None,
                         len(head.split()))
            text = "\n\n".join([head, *body]) + "\n"
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


@dataclass
class MeetingCheck:
    """How the meetings a build found compare with what the generated
    articles report: one meeting each, told in the lede paragraph."""

    articles: int = 0
    found: int = 0  # articles with a meeting of both generated participants
    missed: list[str] = field(default_factory=list)  # ids of articles whose meeting was not found
    #: (article id, sentence) of each meeting found only after the lede
    #: paragraph: a meeting the generated text does not report.
    extra: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        text = (f"{self.found} of {self.articles} articles' generated meeting found "
                f"({self.found / max(1, self.articles):.1%}); {len(self.extra)} meeting(s) found after the lede")
        if self.extra:
            text += " (spurious), e.g. " + "; ".join(f"{a}: {s!r}" for a, s in self.extra[:3])
        return text


def check_meetings(stories: Iterable[Story], meetings: Iterable[dict]) -> MeetingCheck:
    """Compare ``meetings`` (as :func:`kg.records.meetings` gives them:
    merged, each with its sources) with what ``stories`` report. An
    article's meeting is found when a meeting citing it has both generated
    participants' surnames among its participants' names. A meeting that
    cites an article only after its lede paragraph is extra: the
    background sentences report none."""
    cited: dict[str, list[tuple[set[str], int, str]]] = {}
    for m in meetings:
        names = {w for p in m["participants"] for w in p["name"].split()}
        first: dict[str, dict] = {}
        for src in m["sources"]:
            if src["article"] not in first or src["start"] < first[src["article"]]["start"]:
                first[src["article"]] = src
        for article, src in first.items():
            cited.setdefault(article, []).append((names, src["start"], src["sentence"]))
    check = MeetingCheck()
    for story in stories:
        check.articles += 1
        want = {story.a.name.split()[-1], story.b.name.split()[-1]}
        lede_end = story.text.index("\n")
        found = cited.get(story.id, [])
        if any(want <= names for names, _, _ in found):
            check.found += 1
        else:
            check.missed.append(story.id)
        check.extra += [(story.id, sentence) for _, start, sentence in found if start > lede_end]
    return check


def write_jsonl(path: Path, n: int, *, window: float | None = None, length: str = "news",
                start: int = 0) -> tuple[int, int]:
    """Write generated articles ``start`` to ``n`` of ``length`` (see
    :func:`stories`) to ``path`` (``window``: the repeated seeds instead,
    see :func:`repeated_articles`); returns (articles, words)."""
    words = 0
    rows = repeated_articles(n, window=window) if window is not None else articles(n, length=length)
    rows = itertools.islice(rows, start, None)
    with path.open("w", encoding="utf-8") as fh:
        for a in rows:
            words += len(a["text"].split())
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return n - start, words


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
    for a in articles(int(sys.argv[1]) if len(sys.argv) > 1 else 100, length=sys.argv[2] if len(sys.argv) > 2 else "news"):
        sys.stdout.write(json.dumps(a, ensure_ascii=False) + "\n")


def add_length_option(ap) -> None:
    """The ``--length`` option of the benchmarks that parse generated articles."""
    ap.add_argument("--length", choices=LENGTHS, default="news",
                    help="generated articles as long as real news (median ~300 words; default) or short "
                         "(three sentences, 41 words: the corpus of earlier figures)")


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

