"""The extraction rules kept as data (ontology/rules/): every word list and
dependency pattern is well formed, and the code uses only lists that exist."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.extract import lexicon
from kg.extract.patterns import PatternMatcher, load_patterns
from kg.errors import KgError

RULES = lexicon.rules_dir()


def test_every_list_the_code_names_has_a_file_and_every_file_is_used():
    files = {p.stem for p in RULES.glob("*.txt")}
    assert files == set(lexicon.NAMES)
    declared = {v.name for v in vars(lexicon).values() if isinstance(v, lexicon.WordList)}
    assert declared == set(lexicon.NAMES)


@pytest.mark.parametrize("name", lexicon.NAMES)
def test_word_list_is_well_formed(name):
    lines = (RULES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("# "), "the first line says what the list is for"
    words = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    assert words, "empty list"
    assert len(words) == len(set(words)), "duplicate entries"
    for w in words:
        assert w == w.lower() and w == w.strip() and "  " not in w, w


def test_word_lists_behave_as_sets():
    assert "meet" in lexicon.MEET_VERBS and "lunch" not in lexicon.MEET_VERBS
    assert (lexicon.PHONE_WORDS | lexicon.VIDEO_WORDS) >= {"phone", "video"}
    assert {"phone", "desk"} & lexicon.PHONE_WORDS == {"phone"}


def test_importing_the_lexicon_reads_no_file():
    code = "import kg.extract.lexicon as l; print(l.load_word_list.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_patterns_load_and_compile(nlp):
    patterns = load_patterns()
    assert patterns and all(p["label"] in {"not_meeting"} for p in patterns)
    for p in patterns:  # word-list references are expanded to the words
        for node in p["pattern"]:
            for value in node["RIGHT_ATTRS"].values():
                if isinstance(value, dict):
                    assert not any(isinstance(v, str) and v.startswith("@") for v in value.values())
    PatternMatcher(nlp.vocab, patterns)


@pytest.mark.parametrize(
    "text,trigger",
    [
        ("Putin refused to meet Zelensky in Istanbul.", "meet"),
        ("The prime minister declined an invitation to meet the opposition leader.", "meet"),
        ("Biden did not meet Xi at the summit.", "meet"),
        ("Trump called Kim Jong-un a liar at a rally.", "called"),
        ("The minister called for restraint on both sides.", "called"),
        ("There was no meeting between the two presidents.", "meeting"),
    ],
)
def test_not_a_meeting_patterns_match(nlp, text, trigger):
    doc = nlp(text)
    labels = PatternMatcher(nlp.vocab).trigger_labels(doc)
    hits = {doc[i].text: label for i, label in labels.items()}
    assert hits.get(trigger) == "not_meeting", hits


def test_a_meeting_is_not_matched(nlp):
    doc = nlp("Biden met Xi in Woodside on Wednesday and called Zelensky to discuss the war.")
    assert PatternMatcher(nlp.vocab).trigger_labels(doc) == {}


def test_a_bad_pattern_line_is_named(tmp_path):
    bad = tmp_path / "patterns.jsonl"
    bad.write_text('{"label": "not_meeting", "pattern": [{"RIGHT_ID": "x", "RIGHT_ATTRS": {}}]}\n', encoding="utf-8")
    with pytest.raises(KgError, match="no node named 'trigger'"):
        load_patterns(bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(KgError, match=":1: not a pattern line"):
        load_patterns(bad)


def test_tokens_with_finds_what_a_token_by_token_scan_finds(nlp):
    from kg.extract.syntax import tokens_with

    doc = nlp("Talks between the leaders ended. Biden met Xi and they will meet again; the meeting was long.")
    words = {"meet", "talk", "meeting"}
    expected = [t.i for t in doc if t.lemma_.lower() in words or t.lower_ in words]
    assert [t.i for t in tokens_with(doc, words)] == expected
    assert tokens_with(nlp(""), words) == []


def _spacy_labels(nlp, doc) -> dict[int, str]:
    """The labels spaCy's own DependencyMatcher gives the same patterns (the
    reference the project's matcher from the trigger must agree with)."""
    from spacy.matcher import DependencyMatcher

    from kg.extract.patterns import _through_setting

    matcher = DependencyMatcher(nlp.vocab)
    keys = {}
    for n, p in enumerate(load_patterns()):
        matcher.add(f"p{n}", [p["pattern"]])
        keys[f"p{n}"] = (p["label"], [node["RIGHT_ID"] for node in p["pattern"]].index("trigger"))
    out: dict[int, str] = {}
    for match_id, ids in sorted(matcher(doc), key=lambda m: int(nlp.vocab.strings[m[0]][1:])):
        label, at = keys[nlp.vocab.strings[match_id]]
        if not any(_through_setting(doc[ids[at]], doc[i]) for i in ids if i != ids[at]):
            out.setdefault(ids[at], label)
    return out


AGREEMENT = [
    "Putin refused to meet Zelensky in Istanbul, the Kremlin said, but Erdogan would still host talks.",
    "Biden did not meet Xi at the summit; the two leaders spoke by phone instead of meeting in Lima.",
    "The envoys flew home without meeting the opposition, and there was no meeting with the unions.",
    "Trump called Kim a liar, called for calm and called Moon to discuss the summit.",
    "He did not speak at the talks in Geneva, where the ministers rejected calls for a meeting.",
    "Rather than meeting the premier, the delegation avoided talks and declined an invitation to the dinner.",
    "Macron called Scholz on Sunday; the call, which was not planned, lasted an hour.",
]


@pytest.mark.parametrize("text", AGREEMENT, ids=[t[:40] for t in AGREEMENT])
def test_matching_from_the_trigger_agrees_with_spacys_dependency_matcher(nlp, text):
    doc = nlp(text)
    assert PatternMatcher(nlp.vocab).trigger_labels(doc) == _spacy_labels(nlp, doc)
