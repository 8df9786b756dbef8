"""Dependency-tree helpers of meeting extraction: conjuncts, the verb a
meeting noun hangs from, subjects through control and relative clauses,
plural references."""

from __future__ import annotations

import functools

from spacy.tokens import Token

from .lexicon import DUAL_NOUNS


def proper_nouns(doc) -> list[int]:
    """Indices of the tokens tagged as proper nouns (NNP, NNPS), over the
    Doc's arrays."""
    from spacy.attrs import TAG

    if not len(doc):
        return []
    wanted = _ids(frozenset(("NNP", "NNPS")), doc.vocab.strings)
    return [i for i, tag in enumerate(doc.to_array(TAG).tolist()) if tag in wanted]


def tokens_with(doc, words) -> list[Token]:
    """The tokens of ``doc`` whose lower-case lemma or lower-case form is one
    of ``words``, found over the Doc's arrays (no Token object is made for
    the others: iterating a long Doc token by token is most of what
    extraction costs)."""
    from spacy.attrs import LEMMA, LOWER

    if not len(doc):
        return []
    wanted = _ids(frozenset(words), doc.vocab.strings)
    # lemmas keep their case ("Talks" -> "Talks" for a proper noun): fall back to the lower-case form
    return [doc[i] for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist())
            if lemma in wanted or lower in wanted]


@functools.lru_cache(maxsize=256)
def _ids(words: frozenset[str], strings) -> frozenset[int]:
    """The ids of ``words`` in the string store ``strings`` (spaCy's own
    symbols, "NNP" among them, have small fixed ids, not hashes)."""
    return frozenset(strings.add(w) for w in words)


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it, in text order after it
    (what ``Token.conjuncts`` gives, without its scan of the sentence)."""
    root = tok
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    found = {root.i: root}
    stack = [root]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "conj" and c.i not in found:
                found[c.i] = c
                stack.append(c)
    return [tok] + [found[i] for i in sorted(found) if i != tok.i]


def _governing_verb(tok: Token) -> tuple[Token | None, str]:
    """The verb a meeting noun hangs from, and how (its dep path root)."""
    cur, rel = tok, tok.dep_
    for _ in range(4):
        head = cur.head
        if head is cur:
            return None, rel
        if cur.dep_ == "conj":
            cur = head
            rel = head.dep_
            continue
        if head.pos_ in {"VERB", "AUX"}:
            return head, rel
        if cur.dep_ in {"pobj", "dobj", "prep", "compound", "appos", "attr", "npadvmod", "nmod"} or head.dep_ == "prep":
            cur = head
            if cur.dep_ not in {"prep"}:
                rel = cur.dep_ if cur.dep_ != "prep" else rel
            continue
        return None, rel
    return None, rel


def _subjects(verb: Token, depth: int = 0) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    agent = [gc for c in verb.children if c.dep_ == "agent" for gc in c.children if gc.dep_ == "pobj"]
    if not subs and depth < 3 and verb.dep_ in {"xcomp", "advcl", "conj", "ccomp", "relcl", "acl", "pcomp"} and verb.head is not verb:
        if verb.dep_ in {"xcomp", "conj", "advcl", "acl"}:
            return _subjects(verb.head, depth + 1)
        if verb.dep_ == "pcomp" and verb.head.head is not verb.head:  # "said after meeting X"
            return _subjects(verb.head.head, depth + 1)
    return [t for s in subs for t in _conjuncts(s)] + agent




def _is_plural_ref(tok: Token) -> bool:
    """"they", "both", "both diplomats", "the two leaders", "the leaders"."""
    low = tok.lower_
    if low in {"they", "both"}:
        return True
    if tok.tag_ != "NNS" or tok.lemma_.lower() not in DUAL_NOUNS:
        return False
    kids = {c.lower_ for c in tok.children}
    if kids & {"both", "two"}:
        return True
    return "the" in kids and not any(c.dep_ in {"amod", "compound", "nmod", "poss"} for c in tok.children)


def _also(tok: Token) -> bool:
    """"would also meet": the meeting is part of a trip told about before."""
    heads = [tok, tok.head] if tok.pos_ not in {"VERB", "AUX"} else [tok]
    return any(c.lower_ == "also" and c.dep_ == "advmod" for h in heads for c in h.children)


def _resolve_relative(tok: Token) -> list[Token]:
    """'who' in "X is one of the leaders who will hold..." -> X."""
    cur = tok.head  # the relcl verb
    if cur.dep_ != "relcl":
        return []
    noun = cur.head
    for _ in range(5):
        if noun.dep_ in {"pobj"}:
            noun = noun.head.head
            continue
        if noun.dep_ in {"attr", "dobj"} and noun.head.pos_ in {"AUX", "VERB"}:
            return [c for c in noun.head.children if c.dep_ == "nsubj"]
        break
    return [noun]
