"""scripts/scoring.py rules and scripts/evaluate.py reports on small hand-written gold and system data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name, file):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / file)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def ev():
    return _load("kg_evaluate", "evaluate.py")


@pytest.fixture(scope="module")
def sc():
    return _load("kg_scoring", "scoring.py")


GOLD = {
    "people": {
        "Ann Lee": {"aliases": ["Lee"], "country": "United States", "titles": ["Secretary of State"]},
        "Bo Wang": {"aliases": ["Wang"], "country": "China", "titles": ["Foreign Minister"]},
        "Cy Park": {"aliases": [], "country": "South Korea", "titles": ["analyst"]},
    },
    "issues": {"Taiwan": {"aliases": ["Taiwan Strait"]}},
    "articles": {
        "a.txt": {
            "meetings": [
                {"id": "m1", "participants": ["Ann Lee", "Bo Wang"], "countries": ["United States", "China"],
                 "place": "Bali", "date": "2022-07-09", "mode": "in_person", "status": "occurred",
                 "required": True, "topics": ["Taiwan"]},
            ],
            "must_not_meet": [["Ann Lee", "Cy Park"]],
        },
        "b.txt": {
            "meetings": [
                {"id": "m1", "participants": ["Ann Lee", "Bo Wang"], "countries": ["United States", "China"],
                 "place": "Bali", "date": "2022-07-09", "mode": "in_person", "status": "occurred",
                 "required": True, "topics": []},
            ],
            "must_not_meet": [],
        },
    },
    "same_meeting_across_articles": [["a.txt#m1", "b.txt#m1"]],
}


def _person(pid, name, country, titles=(), aliases=()):
    return {"id": pid, "name": name, "aliases": list(aliases), "country": country, "titles": list(titles), "sources": []}


def _src(article):
    return {"article": article, "sentence": "", "start": 0, "end": 0}


def test_perfect_output_scores_one(sc):
    people = [_person("p1", "Ann Lee", "United States", ["Secretary of State"]), _person("p2", "Bo Wang", "China", ["Foreign Minister"])]
    meetings = [{"id": "m", "participants": [{"id": "p1", "name": "Ann Lee"}, {"id": "p2", "name": "Bo Wang"}],
                 "countries": ["China", "United States"], "place": "Bali", "date": "2022-07-09", "mode": "in_person",
                 "status": "occurred", "topics": ["Taiwan Strait"], "sources": [_src("a.txt"), _src("b.txt")]}]
    # status and topics are scored on each article's own report of the meeting
    reports = {("m", "a.txt"): {"status": "occurred", "topics": {"Taiwan Strait"}},
               ("m", "b.txt"): {"status": "occurred", "topics": set()}}
    r = sc.evaluate(GOLD, meetings, people, reports)
    assert r["pairs"]["f1"] == 1.0
    assert r["topics"]["f1"] == 1.0
    assert r["attributes"]["place"] == r["attributes"]["date"] == r["attributes"]["mode"] == 1.0
    assert r["people"]["country_accuracy"] == r["people"]["title_accuracy"] == 1.0
    assert r["merges"]["made"] == 1


def test_must_not_meet_duplicates_and_unmerged_reports_are_penalised(sc):
    people = [_person("p1", "Ann Lee", "United States"), _person("p2", "Bo Wang", "China"),
              _person("p3", "Lee", None), _person("p4", "Cy Park", "South Korea")]
    meetings = [
        {"id": "m", "participants": [{"id": "p1", "name": "Ann Lee"}, {"id": "p2", "name": "Bo Wang"}, {"id": "p4", "name": "Cy Park"}],
         "countries": [], "place": None, "date": None, "mode": "unknown", "status": "unknown", "topics": [], "sources": [_src("a.txt")]},
        {"id": "n", "participants": [{"id": "p1", "name": "Ann Lee"}, {"id": "p2", "name": "Bo Wang"}],
         "countries": [], "place": "Bali", "date": "2022-07-09", "mode": "in_person", "status": "occurred", "topics": [], "sources": [_src("b.txt")]},
    ]
    r = sc.evaluate(GOLD, meetings, people)
    assert r["pairs"]["tp"] == 2 and r["pairs"]["fp"] == 2
    assert r["pairs"]["must_not_meet_violations"] == 1
    assert r["people"]["duplicate_nodes"] == 1
    assert r["merges"]["made"] == 0
    assert r["attributes"]["place"] == 0.5


# -- per article, kinds of miss and of false positive ---------------------------------
PEOPLE4 = {
    "Ann Lee": {"aliases": ["Lee"], "country": "United States", "titles": []},
    "Bo Wang": {"aliases": ["Wang"], "country": "China", "titles": []},
    "Cy Park": {"aliases": [], "country": "South Korea", "titles": []},
    "Dan Ito": {"aliases": [], "country": "Japan", "titles": []},
}
LONG_EVIDENCE = "Ann Lee met Bo Wang in Bali on Saturday, " + "and they talked at length " * 20


def _gm(mid, participants, countries, evidence="", required=True):
    return {"id": mid, "participants": participants, "countries": countries, "place": None, "date": None,
            "mode": "in_person", "status": "occurred", "required": required, "topics": [], "evidence": evidence}


GOLD4 = {
    "people": PEOPLE4,
    "issues": {},
    "articles": {
        "a.txt": {"meetings": [_gm("m1", ["Ann Lee", "Bo Wang"], ["United States", "China"], LONG_EVIDENCE),
                               _gm("m2", ["Cy Park", "Dan Ito"], ["South Korea", "Japan"], "Cy Park hosted Dan Ito.")],
                  "must_not_meet": [["Ann Lee", "Cy Park"]]},
        "b.txt": {"meetings": [_gm("m1", ["Ann Lee", "Dan Ito"], ["United States", "Japan"], "Ann Lee called Dan Ito.")],
                  "must_not_meet": []},
        "c.txt": {"meetings": [_gm("m1", ["Ann Lee", "Bo Wang"], ["United States", "China"], "They met.")],
                  "must_not_meet": []},
    },
    "same_meeting_across_articles": [],
}


def _person_in(pid, name, country, *articles):
    return dict(_person(pid, name, country), sources=[_src(a) for a in articles])


def _meeting(mid, participants, countries, article, sentence=""):
    return {"id": mid, "participants": [{"id": pid, "name": name} for pid, name in participants],
            "countries": countries, "place": None, "date": None, "mode": "in_person", "status": "occurred",
            "topics": [], "sources": [dict(_src(article), sentence=sentence)]}


@pytest.fixture()
def scored4(sc):
    people = [_person_in("p1", "Ann Lee", "United States", "a.txt", "b.txt", "c.txt"),
              _person_in("p2", "Bo Wang", "China", "a.txt", "c.txt"),
              _person_in("p3", "Cy Park", "South Korea", "a.txt"),
              _person_in("p4", "Dan Ito", "China", "a.txt"),  # wrong country
              _person_in("p5", "Zed Roe", None, "a.txt")]
    meetings = [
        _meeting("M1", [("p1", "Ann Lee"), ("p3", "Cy Park")], ["United States", "South Korea"], "a.txt",
                 "Ann Lee and Cy Park met."),
        _meeting("M2", [("p2", "Bo Wang"), ("p5", "Zed Roe")], ["China"], "a.txt", "Bo Wang met Zed Roe."),
        _meeting("M3", [("p2", "Bo Wang"), ("p4", "Dan Ito")], ["China", "Japan"], "b.txt", "Bo Wang saw Dan Ito."),
        _meeting("M4", [("p1", "Ann Lee"), ("p2", "Bo Wang")], ["United States", "China"], "c.txt", "They met."),
    ]
    return sc.evaluate(GOLD4, meetings, people)


def test_per_article_rows_show_where_the_misses_are(scored4):
    rows = {r["article"]: r for r in scored4["per_article"]}
    assert rows["a.txt"] == {"article": "a.txt", "required": 2, "matched": 0, "tp": 0, "fp": 2, "fn": 2,
                             "people": 4, "people_country_right": 3}
    # Bo Wang and Dan Ito have no node citing b.txt: only Ann Lee is counted there
    assert rows["b.txt"] == {"article": "b.txt", "required": 1, "matched": 0, "tp": 0, "fp": 1, "fn": 1,
                             "people": 1, "people_country_right": 1}
    assert rows["c.txt"] == {"article": "c.txt", "required": 1, "matched": 1, "tp": 1, "fp": 0, "fn": 0,
                             "people": 2, "people_country_right": 2}


def test_each_missed_meeting_is_listed_under_its_cause_with_the_gold_sentence(sc, scored4):
    kinds = scored4["miss_kinds"]
    assert list(kinds) == list(sc.MISS_KINDS)
    found = {k: [item["meeting"] for item in v] for k, v in kinds.items() if v}
    assert found == {sc.MISS_SPLIT: ["a.txt#m1"], sc.MISS_NOT_PARTICIPANT: ["a.txt#m2", "b.txt#m1"]}
    split = kinds[sc.MISS_SPLIT][0]
    assert split["detail"] == ("Ann Lee in [Ann Lee, Cy Park; countries South Korea, United States], "
                               "Bo Wang in [Bo Wang, Zed Roe; countries China]")
    assert len(split["evidence"]) == sc.EVIDENCE_CHARS and split["evidence"].startswith("Ann Lee met Bo Wang in Bali")
    assert kinds[sc.MISS_NOT_PARTICIPANT][0]["detail"] == "in no system meeting: Dan Ito"
    assert kinds[sc.MISS_NOT_PARTICIPANT][1]["evidence"] == "Ann Lee called Dan Ito."


def test_each_false_positive_pair_is_listed_under_its_kind_with_the_system_sentence(sc, scored4):
    fps = {k: [(i["article"], i["pair"], i["sentence"]) for i in v] for k, v in scored4["false_positive_kinds"].items()}
    assert fps == {
        sc.FP_MUST_NOT_MEET: [("a.txt", ["Ann Lee", "Cy Park"], "Ann Lee and Cy Park met.")],
        sc.FP_UNKNOWN: [("a.txt", ["Bo Wang", "Zed Roe"], "Bo Wang met Zed Roe.")],
        sc.FP_NO_SUCH_MEETING: [("b.txt", ["Bo Wang", "Dan Ito"], "Bo Wang saw Dan Ito.")],
    }
    assert scored4["pairs"]["must_not_meet_violations"] == 1


def _cand(sc, mid, names, countries):
    return {"id": mid, "_names": sorted(names), "_all_pairs": sc.all_pairs(names), "countries": countries}


GM_AB = _gm("g1", ["Ann Lee", "Bo Wang"], ["United States", "China"])
ALL_FOUND = {"Ann Lee", "Bo Wang", "Cy Park", "Dan Ito"}


@pytest.mark.parametrize("cands, found, taken, kind", [
    # nothing at all reported in the article
    ([], ALL_FOUND, {}, "MISS_NO_MEETING"),
    # the one system meeting with the pair went to another gold meeting of the article
    ([("s1", ["Ann Lee", "Bo Wang"], ["United States", "China"])], ALL_FOUND, {"s1": "g0"}, "MISS_TAKEN"),
    # China is a side of the meeting, but only as a country
    ([("s1", ["Ann Lee"], ["United States", "China"])], {"Ann Lee"}, {}, "MISS_COUNTRIES"),
    # a meeting of the two countries with another Chinese person is not "only countries"
    ([("s1", ["Ann Lee", "Dan Ito"], ["United States", "China"])], {"Ann Lee", "Dan Ito"}, {}, "MISS_NO_PERSON"),
    # each of the two is in a meeting, never in the same one
    ([("s1", ["Ann Lee", "Cy Park"], ["United States", "South Korea"]),
      ("s2", ["Bo Wang", "Dan Ito"], ["China", "Japan"])], ALL_FOUND, {}, "MISS_SPLIT"),
    # Bo Wang has a node but is in no meeting
    ([("s1", ["Ann Lee", "Cy Park"], ["United States", "South Korea"])], ALL_FOUND, {}, "MISS_NOT_PARTICIPANT"),
])
def test_classify_miss(sc, cands, found, taken, kind):
    country = {n: i["country"] for n, i in PEOPLE4.items()}
    country["Dan Ito"] = "China"
    got, _detail = sc.classify_miss(GM_AB, [_cand(sc, *c) for c in cands], found, taken, country.get)
    assert got == getattr(sc, kind)


# -- the baseline ------------------------------------------------------------------------
def test_baseline_finds_a_meeting_only_when_one_sentence_holds_a_cross_country_pair(sc):
    groups = {"a.txt": [("Ann Lee met Wang and Zed Roe.", ["Ann Lee", "Wang", "Zed Roe"]),
                        ("Cy Park spoke.", ["Cy Park"]), ("Dan Ito talked.", ["Dan Ito"])]}
    r = sc.score_baseline(GOLD4, groups)
    assert r["meetings"] == {"required_gold": 4, "matched": 1, "recall": 0.25}
    assert [i["meeting"] for i in r["miss_kinds"][sc.BASELINE_MISS]] == ["a.txt#m2", "b.txt#m1", "c.txt#m1"]
    assert (r["pairs"]["tp"], r["pairs"]["fp"], r["pairs"]["fn"]) == (1, 2, 3)
    assert [i["pair"] for i in r["false_positive_kinds"][sc.FP_UNKNOWN]] == [["Ann Lee", "Zed Roe"], ["Bo Wang", "Zed Roe"]]
    assert r["per_article"][0] == {"article": "a.txt", "required": 2, "matched": 1, "tp": 1, "fp": 2, "fn": 1}


@pytest.fixture(scope="module")
def bl():
    return _load("kg_baseline", "baseline.py")


def test_baseline_groups_are_the_people_of_sentences_with_a_meeting_verb(bl):
    import spacy
    from spacy.tokens import Doc

    words = ["Ann", "Lee", "met", "Bo", "Wang", ".", "Cy", "Park", "smiled", "."]
    lemmas = ["Ann", "Lee", "meet", "Bo", "Wang", ".", "Cy", "Park", "smile", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"]
    starts = [True] + [False] * 5 + [True] + [False] * 3
    doc = Doc(spacy.blank("en").vocab, words=words, lemmas=lemmas, ents=ents, sent_starts=starts)
    assert bl.meeting_sentence_groups(doc) == [("Ann Lee met Bo Wang .", ["Ann Lee", "Bo Wang"])]


# -- the side-by-side table and the command line -------------------------------------
def test_summary_table_puts_system_and_baseline_side_by_side(ev, sc, scored4):
    base = sc.score_baseline(GOLD4, {"c.txt": [("They met.", ["Ann Lee", "Bo Wang"])]})
    rows = ev.summary_table({"seeds": {"system": scored4, "baseline": base}, "dev": {"system": scored4, "baseline": base}})
    assert rows[0] == ["metric", "seeds system", "seeds baseline", "dev system", "dev baseline"]
    table = {r[0]: r[1:] for r in rows[1:]}
    assert list(table) == [label for label, _ in ev.SUMMARY_ROWS]
    assert table["required meetings found"] == ["1/4 (0.25)", "1/4 (0.25)"] * 2
    assert table["person country"][:2] == ["3/4 (0.75)", "-"]  # Dan Ito: China, gold Japan
    assert table["place"][1] == table["duplicate person nodes"][1] == table["cross-article merges"][1] == "-"


def test_missing_gold_or_articles_exit_2_with_a_message(ev, tmp_path, capsys):
    assert ev.main(["--gold", str(tmp_path / "nope.json")]) == 2
    assert "gold file" in capsys.readouterr().err
    gold = tmp_path / "g.json"
    gold.write_text("{}", encoding="utf-8")
    assert ev.main(["--gold", str(gold), "--input", str(tmp_path / "no-articles")]) == 2  # --input: --articles
    assert "no-articles not found" in capsys.readouterr().err
    assert ev.main(["--compare", "--shared", str(tmp_path)]) == 2
    assert "seeds.gold.json not found" in capsys.readouterr().err


def test_an_existing_store_is_scored_without_rebuilding(ev, seeds_store_copy, tmp_path, capsys):
    import json

    gold = tmp_path / "g.json"
    gold.write_text(json.dumps(GOLD4), encoding="utf-8")
    empty = tmp_path / "articles"
    empty.mkdir()  # building this would give an empty store
    assert ev.main(["--gold", str(gold), "--articles", str(empty), "--store", str(seeds_store_copy), "--json"]) == 0
    out = capsys.readouterr()
    assert "scoring the existing store" in out.err
    assert json.loads(out.out)["system"]["meetings"]["system_meetings"] > 0
