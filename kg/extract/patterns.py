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
    """The patterns compiled for one vocabulary.

    Every pattern starts at its ``trigger`` node, so it is matched from the
    meeting words only, walking the tree from each one
    (:func:`match_from`), instead of running spaCy's DependencyMatcher over
    the whole Doc (which matched every token of every article against every
    node: a tenth of the time extraction took). The semantics are spaCy's
    for the operators and attributes the patterns use;
    ``tests/test_rules_data.py`` checks both give the same labels."""

    def __init__(self, vocab: Vocab, patterns: list[dict] | None = None):
        self.patterns = [(p["label"], _compile(p["pattern"])) for p in (patterns if patterns is not None else load_patterns())]
        words: set[str] = set()
        #: per pattern, the words its trigger can be (lower-cased; empty: any word)
        self.pattern_words: list[frozenset[str]] = []
        for _, nodes in self.patterns:
            own = _trigger_words(nodes[0][3])
            words |= own
            self.pattern_words.append(frozenset(own))
        self.trigger_words = frozenset(words)

    def trigger_labels(self, doc: Doc) -> dict[int, str]:
        """Token index of each matched ``trigger`` node -> the pattern's label."""
        from .syntax import tokens_with

        out: dict[int, str] = {}
        triggers = tokens_with(doc, self.trigger_words) if self.trigger_words else doc
        if not len(triggers):
            return out
        related: dict[tuple[int, str], list[Token]] = {}  # the tree is walked once per token and relation
        deps = _dependency_index(doc)
        # where in this Doc each node after the trigger can match; a pattern with a node that can match nowhere is not tried
        where = [[None] + [_candidates(doc, node[4], deps) for node in nodes[1:]] for _, nodes in self.patterns]
        for tok in triggers:
            forms = {tok.lemma_.lower(), tok.lower_, tok.text.lower()}
            for (label, nodes), words, allowed in zip(self.patterns, self.pattern_words, where):
                if words and words.isdisjoint(forms) or any(a is not None and not a for a in allowed):
                    continue  # a pattern whose trigger cannot be this word, or that cannot match in this Doc
                for found in match_from(tok, nodes, related=related, allowed=allowed):
                    if any(_through_setting(tok, doc[i]) for i in found if i != tok.i):
                        continue  # "he did not speak at the talks": the negation is not the meeting's
                    out.setdefault(tok.i, label)
                    break
                if tok.i in out:
                    break
        return out


#: A compiled node: (right id, left id, relation, attribute tests, required attributes).
Node = tuple


def _compile(pattern: list[dict]) -> list[Node]:
    nodes = sorted(pattern, key=lambda n: n.get("RIGHT_ID") != "trigger")
    out = []
    for node in nodes:
        tests = []
        required = []  # (attribute, values) a token must have one of: where in a Doc the node can match
        for key, value in node.get("RIGHT_ATTRS", {}).items():
            attr = _ATTRS.get(key)
            if attr is None:
                raise KgError(f"patterns.jsonl: attribute {key!r} is not supported; use one of {sorted(_ATTRS)}")
            if isinstance(value, dict):
                for op, v in value.items():
                    if op not in {"IN", "NOT_IN"}:
                        raise KgError(f"patterns.jsonl: operator {op!r} is not supported; use IN or NOT_IN")
                    tests.append((attr, op, frozenset(v)))
                    if op == "IN" and key in {"LEMMA", "LOWER", "DEP"}:
                        required.append((key, frozenset(v)))
            else:
                tests.append((attr, "==", value))
                if key in {"LEMMA", "LOWER", "DEP"}:
                    required.append((key, frozenset({value})))
        out.append((node["RIGHT_ID"], node.get("LEFT_ID"), node.get("REL_OP"), tuple(tests), tuple(required)))
    return out


def _candidates(doc: Doc, required, deps: dict[str, list[int]]) -> set[int] | None:
    """The tokens of ``doc`` a node can match, from its ``required``
    attributes (a superset: :func:`_ok` still tests each), or None when the
    node requires none the Doc's indexes know. Lemmas and lower-case forms
    come from the Doc's word index, dependency labels from ``deps``."""
    from .syntax import tokens_at

    found: set[int] | None = None
    for key, values in required:
        here = set(tokens_at(doc, values)) if key != "DEP" else {i for v in values for i in deps[v]}
        found = here if found is None else found & here
    return found


def _dependency_index(doc: Doc) -> dict[str, list[int]]:
    """Dependency label -> the positions of the tokens that have it (made
    for a label when first asked for)."""
    from spacy.attrs import DEP

    deps = doc.to_array(DEP)
    strings = doc.vocab.strings
    ids = {strings[d]: d for d in set(deps.tolist())}

    class Index(dict):
        def __missing__(self, label: str) -> list[int]:
            found = self[label] = (deps == ids[label]).nonzero()[0].tolist() if label in ids else []
            return found

    return Index()


_ATTRS = {
    "LEMMA": lambda t: t.lemma_, "LOWER": lambda t: t.lower_, "ORTH": lambda t: t.text, "TEXT": lambda t: t.text,
    "DEP": lambda t: t.dep_, "POS": lambda t: t.pos_, "TAG": lambda t: t.tag_,
}


def _trigger_words(tests) -> set[str]:
    """The words a trigger node can be (lower-cased: a superset, for the
    array lookup that finds candidates)."""
    for attr, op, value in tests:
        if op == "IN" and attr in (_ATTRS["LEMMA"], _ATTRS["LOWER"], _ATTRS["ORTH"], _ATTRS["TEXT"]):
            return {w.lower() for w in value}
        if op == "==" and attr in (_ATTRS["LEMMA"], _ATTRS["LOWER"], _ATTRS["ORTH"], _ATTRS["TEXT"]):
            return {str(value).lower()}
    return set()


def _ok(tok: Token, tests) -> bool:
    for attr, op, value in tests:
        got = attr(tok)
        if op == "==" and got != value or op == "IN" and got not in value or op == "NOT_IN" and got in value:
            return False
    return True


def _related(tok: Token, rel: str) -> list[Token]:
    """The tokens in relation ``rel`` to ``tok`` (DependencyMatcher's
    operators, ``tok`` on the left)."""
    doc = tok.doc
    if rel == "<":
        return [] if tok.head.i == tok.i else [tok.head]
    if rel == "<<":
        return list(tok.ancestors)
    if rel == ">":
        return list(tok.children)
    if rel == ">>":
        return [t for t in tok.subtree if t.i != tok.i]
    if rel == ".":
        return [doc[tok.i + 1]] if tok.i + 1 < len(doc) else []
    if rel == ";":
        return [doc[tok.i - 1]] if tok.i > 0 else []
    if rel in {"$+", "$-", "$++", "$--"}:
        if tok.head.i == tok.i:
            return []
        sibs = [c for c in tok.head.children if c.i != tok.i]
        if rel == "$+":
            return [c for c in sibs if c.i == tok.i + 1]
        if rel == "$-":
            return [c for c in sibs if c.i == tok.i - 1]
        return [c for c in sibs if (c.i > tok.i) == (rel == "$++")]
    raise KgError(f"patterns.jsonl: relation {rel!r} is not supported")


def match_from(trigger: Token, nodes: list[Node], *, related: dict | None = None, allowed: list | None = None):
    """Yield the token indices of each match of ``nodes`` whose first node
    (the trigger) is ``trigger`` (``related``: a cache of :func:`_related`
    shared by the patterns matched over one Doc; ``allowed``: for each node,
    None or the token indices it can match, from :func:`_candidates`)."""
    if not _ok(trigger, nodes[0][3]):
        return
    cache = {} if related is None else related

    def relatives(tok: Token, rel: str) -> list[Token]:
        found = cache.get((tok.i, rel))
        if found is None:
            found = cache[(tok.i, rel)] = _related(tok, rel)
        return found

    def extend(k: int, bound: dict[str, Token]):
        if k == len(nodes):
            yield [t.i for t in bound.values()]
            return
        right, left, rel, tests, _ = nodes[k]
        where = allowed[k] if allowed is not None else None
        for cand in relatives(bound[left], rel):
            if where is not None and cand.i not in where:
                continue
            if _ok(cand, tests) and cand.i not in {t.i for t in bound.values()}:
                yield from extend(k + 1, {**bound, right: cand})

    yield from extend(1, {nodes[0][0]: trigger})
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
