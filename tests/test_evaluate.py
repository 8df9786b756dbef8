"""scripts/evaluate.py scoring rules on a small synthetic gold file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ev():
    spec = importlib.util.spec_from_file_location("kg_evaluate", ROOT / "scripts" / "evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


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


def test_perfect_output_scores_one(ev):
    people = [_person("p1", "Ann Lee", "United States", ["Secretary of State"]), _person("p2", "Bo Wang", "China", ["Foreign Minister"])]
    meetings = [{"id": "m", "participants": [{"id": "p1", "name": "Ann Lee"}, {"id": "p2", "name": "Bo Wang"}],
                 "countries": ["China", "United States"], "place": "Bali", "date": "2022-07-09", "mode": "in_person",
                 "status": "occurred", "topics": ["Taiwan Strait"], "sources": [_src("a.txt"), _src("b.txt")]}]
    # status and topics are scored on each article's own report of the meeting
    reports = {("m", "a.txt"): {"status": "occurred", "topics": {"Taiwan Strait"}},
               ("m", "b.txt"): {"status": "occurred", "topics": set()}}
    r = ev.evaluate(GOLD, meetings, people, reports)
    assert r["pairs"]["f1"] == 1.0
    assert r["topics"]["f1"] == 1.0
    assert r["attributes"]["place"] == r["attributes"]["date"] == r["attributes"]["mode"] == 1.0
    assert r["people"]["country_accuracy"] == r["people"]["title_accuracy"] == 1.0
    assert r["merges"]["made"] == 1


def test_must_not_meet_duplicates_and_unmerged_reports_are_penalised(ev):
    people = [_person("p1", "Ann Lee", "United States"), _person("p2", "Bo Wang", "China"),
              _person("p3", "Lee", None), _person("p4", "Cy Park", "South Korea")]
    meetings = [
        {"id": "m", "participants": [{"id": "p1", "name": "Ann Lee"}, {"id": "p2", "name": "Bo Wang"}, {"id": "p4", "name": "Cy Park"}],
         "countries": [], "place": None, "date": None, "mode": "unknown", "status": "unknown", "topics": [], "sources": [_src("a.txt")]},
        {"id": "n", "participants": [{"id": "p1", "name": "Ann Lee"}, {"id": "p2", "name": "Bo Wang"}],
         "countries": [], "place": "Bali", "date": "2022-07-09", "mode": "in_person", "status": "occurred", "topics": [], "sources": [_src("b.txt")]},
    ]
    r = ev.evaluate(GOLD, meetings, people)
    assert r["pairs"]["tp"] == 2 and r["pairs"]["fp"] == 2
    assert r["pairs"]["must_not_meet_violations"] == 1
    assert r["people"]["duplicate_nodes"] == 1
    assert r["merges"]["made"] == 0
    assert r["attributes"]["place"] == 0.5
