"""The benchmark corpus of scripts/bench_corpus.py: articles as long as real
news whose background states no meeting, the same people and meetings at
either length, and a build that finds each article's one meeting."""

from __future__ import annotations

import re
import statistics

import pytest

from kg.build import build
from kg.records import meetings
from kg.store import LocalStore

from .test_view import load_script


@pytest.fixture(scope="module")
def corpus():
    return load_script("bench_corpus")


def test_news_length_follows_real_news(corpus):
    words = [len(s.text.split()) for s in corpus.stories(400)]
    assert min(words) >= corpus.NEWS_MIN_WORDS and max(words) <= 720
    assert 260 <= statistics.median(words) <= 340
    assert sum(w > 450 for w in words) >= 20  # a tail of long reports, not one length
    paragraphs = [s.text.count("\n\n") + 1 for s in corpus.stories(50)]
    assert min(paragraphs) >= 4


def test_short_articles_are_the_three_sentences_of_earlier_figures(corpus):
    short = list(corpus.stories(300, length="short"))
    assert sum(len(s.text.split()) for s in short) / len(short) < 50
    assert all(s.text.count("\n") == 2 for s in short)


def test_the_facts_do_not_depend_on_the_length(corpus):
    def facts(s):
        return (s.id, s.published, s.a, s.b, s.date, s.mode, s.place, s.issue, s.surname_only)

    news, short = list(corpus.stories(300)), list(corpus.stories(300, length="short"))
    assert [facts(s) for s in news] == [facts(s) for s in short]
    # the news text starts with the short one's lede and second sentence
    assert all(n.text.split("\n")[0] == s.text.split("\n")[0] for n, s in zip(news, short))
    with pytest.raises(ValueError, match="length"):
        next(corpus.stories(1, length="long"))


def test_the_background_has_no_meeting_words_and_names_no_one_else(corpus):
    from kg.extract.lexicon import load_word_list

    meeting_words = set().union(*(load_word_list(name) for name in (
        "meet_verbs", "meet_nouns", "discussion_nouns", "travel_verbs", "phone_words", "attend_verbs",
        "participation_verbs", "partner_verbs")))
    inflected = {w + end for w in meeting_words for end in ("", "s", "ed", "ing", "d")}
    inflected |= {"met", "spoke", "spoken", "went", "came", "flew", "led", "took", "held"}
    for s in corpus.stories(200):
        background = s.text.split("\n\n", 1)[1]
        words = set(re.findall(r"[a-z-]+", background.lower()))
        assert not words & inflected, (s.id, words & inflected)
        assert s.a.name not in background and s.b.name not in background, s.id
        surnames = {s.b.name.split()[-1]} | (set() if s.surname_only else {s.a.name.split()[-1]})
        assert not set(re.findall(r"\b[A-Z]\w+", background)) & surnames, s.id  # only the quoted one's surname


def test_truth_records_cite_the_text(corpus):
    for s in corpus.stories(100):
        record = corpus.truth_record(s)
        for person in record.people:
            for src in person.sources:
                assert s.text[src.start:src.end] == src.sentence


@pytest.mark.slow
def test_a_build_finds_each_generated_meeting_and_none_in_the_background(corpus, nlp, tmp_path):
    n = 24
    path = tmp_path / "corpus.jsonl"
    corpus.write_jsonl(path, n)
    with LocalStore(tmp_path / "store") as st:
        report = build([path], store=st, nlp=nlp)
        assert len(report.built) == n
        check = corpus.check_meetings(corpus.stories(n), meetings(st))
    assert check.articles == n
    assert check.extra == [], check
    assert check.found >= n - 2, check  # the lede shapes the extractor reads (a few names it splits wrongly)
