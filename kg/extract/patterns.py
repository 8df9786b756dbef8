"""Dependency patterns of extraction, kept as data in
``ontology/rules/patterns.jsonl`` and run with spaCy's DependencyMatcher.

Each line is ``{"label", "doc", "pattern"}``; the pattern names the meeting
word's node ``trigger``. An attribute value ``{"IN": "@name"}`` (or
``NOT_IN``) stands for the word list ``ontology/rules/name.txt``. The matcher
is built once per pipeline; :meth:`PatternMatcher.trigger_labels` maps each
matched ``trigger`` token to its label ("not_meeting": a refusal, a negation, a call
for something, a naming). ``"@a|b"`` is the union of lists ``a`` and ``b``.
Patterns start from the ``trigger`` node with restrictive attributes and
climb with ``<`` (immediate head), so matching stays linear in the text.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..errors import KgError
from .lexicon import load_word_list, rules_dir
from .syntax import setting_of


def load_patterns(path: Path | None = None) -> list[dict]:
    """The patterns of ``patterns.jsonl``, word-list references expanded."""
    path = path or rules_dir() / "patterns.jsonl"
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            label, pattern = row["label"], row["pattern"]
        except (ValueError, KeyError, TypeError):
            raise KgError(f"{path}:{n}: not a pattern line ({{\"label\", \"pattern\"}} expected)") from None
        if not any(node.get("RIGHT_ID") == "trigger" for node in pattern):
            raise KgError(f"{path}:{n}: the pattern has no node named 'trigger'")
        out.append({"label": label, "pattern": [_expand(node) for node in pattern]})
    return out


def _words(ref: str) -> list[str]:
    """ "@meet_verbs|meet_nouns": the union of those word lists."""
    return sorted(set().union(*(load_word_list(name) for name in ref[1:].split("|"))))


def _expand(node: dict) -> dict:
    attrs = {}
    for key, value in node.get("RIGHT_ATTRS", {}).items():
        if isinstance(value, dict):
            value = {op: _words(v) if isinstance(v, str) and v.startswith("@") else v for op, v in value.items()}
        attrs[key] = value
    return {**node, "RIGHT_ATTRS": attrs}


class PatternMatcher:
    """The patterns compiled for one vocabulary: each pattern is its own
    DependencyMatcher key, so the ``trigger`` node is found by position."""

    def __init__(self, vocab: Vocab, patterns: list[dict] | None = None):
        self.matcher = DependencyMatcher(vocab)
        self.keys: dict[str, tuple[str, int]] = {}
        for n, p in enumerate(patterns if patterns is not None else load_patterns()):
            key = f"{p['label']}#{n}"
            self.matcher.add(key, [p["pattern"]])
            self.keys[key] = (p["label"], [node["RIGHT_ID"] for node in p["pattern"]].index("trigger"))

    def trigger_labels(self, doc: Doc) -> dict[int, str]:
        """Token index of each matched ``trigger`` node -> the pattern's label."""
        out: dict[int, str] = {}
        for match_id, token_ids in self.matcher(doc):
            label, at = self.keys[doc.vocab.strings[match_id]]
            trigger = doc[token_ids[at]]
            if any(_through_setting(trigger, doc[i]) for i in token_ids if i != trigger.i):
                continue  # "he did not speak at the talks": the negation is not the meeting's
            out.setdefault(trigger.i, label)
        return out


def _through_setting(trigger: Token, other: Token) -> bool:
    """Whether ``other`` is a head above ``trigger`` reached through a
    preposition that makes the trigger a setting (kg.extract.syntax.setting_of)."""
    if not other.is_ancestor(trigger):
        return False
    cur = trigger
    while cur.i != other.i and cur.head.i != cur.i:
        if setting_of(cur):
            return True
        cur = cur.head
    return False
