"""Dependency-tree helpers of meeting extraction: conjuncts, the verb a
meeting noun hangs from, subjects through control and relative clauses,
plural references."""

from __future__ import annotations

from bisect import bisect_right

from spacy.strings import hash_string
from spacy.tokens import Span, Token

from .lexicon import ADJUNCT_PREPS, DUAL_NOUNS, NEGATORS, PARTICIPATION_VERBS, SCHEDULE_VERBS, WordList


def proper_nouns(doc) -> list[int]:
    """Indices of the tokens tagged as proper nouns (NNP, NNPS), over the
    Doc's arrays, found once per Doc; the list is shared: do not change it."""
    views = doc_views(doc)
    if "propn" not in views:
        from spacy.attrs import TAG

        if not len(doc):
            views["propn"] = []
        else:
            strings = doc.vocab.strings
            tags = doc.to_array(TAG)
            views["propn"] = ((tags == strings.add("NNP")) | (tags == strings.add("NNPS"))).nonzero()[0].tolist()
    return views["propn"]


#: Read-only views of a Doc that several extractors ask for, made once per Doc
#: (a Doc is never changed by extraction), for the last few Docs only: id ->
#: (the Doc, its views). The views hold Spans, which hold their Doc, so a
#: cache keyed by weak references would never let a Doc go.
_VIEWS: dict[int, tuple[object, dict]] = {}
_VIEWS_KEPT = 4


def doc_views(doc) -> dict:
    """The views made of ``doc`` so far, by name (see :data:`_VIEWS`)."""
    held = _VIEWS.get(id(doc))
    if held is not None and held[0] is doc:
        return held[1]
    views: dict = {}
    _VIEWS.pop(id(doc), None)
    _VIEWS[id(doc)] = (doc, views)
    while len(_VIEWS) > _VIEWS_KEPT:
        del _VIEWS[next(iter(_VIEWS))]  # the oldest
    return views


def doc_entities(doc) -> tuple:
    """``doc.ents`` (which makes a new Span per entity on every call)."""
    views = doc_views(doc)
    if "ents" not in views:
        views["ents"] = tuple(doc.ents)
    return views["ents"]


def sentence_spans(doc) -> list:
    """The Doc's sentences as spans, from its sentence-start array (what
    ``list(doc.sents)`` gives, without making a Token object per word),
    made once per Doc; the list is shared: do not change it."""
    import numpy as np
    from spacy.attrs import SENT_START

    views = doc_views(doc)
    if "sents" not in views:
        n = len(doc)
        starts = [0] + [int(i) for i in np.flatnonzero(doc.to_array([SENT_START]).reshape(-1)[1:] == 1) + 1] if n else []
        views["sents"] = [doc[a:b] for a, b in zip(starts, starts[1:] + [n])]
    return views["sents"]


def sentence_of(item) -> Span:
    """The sentence of a token or span: what ``item.sent`` gives (for a span
    across sentences, the sentence it starts in), looked up in the Doc's
    sentence starts (``.sent`` scans the Doc's tokens on every call). It is
    the Span :func:`sentence_spans` made for that sentence."""
    if isinstance(item, Token):
        doc, start = item.doc, item.i
    else:
        doc, start = item.doc, item.start
        if item.end <= start:
            return item.sent
    index = doc_views(doc).get("sent_starts")
    if index is None:
        sents = sentence_spans(doc)
        index = doc_views(doc)["sent_starts"] = (sents, [s.start for s in sents])
    sents, starts = index
    return sents[bisect_right(starts, start) - 1]


def tokens_at(doc, words) -> list[int]:
    """The positions of the tokens whose lemma or lower-case form is exactly
    one of ``words`` (case kept), from the Doc's word index (a position may
    repeat)."""
    if not len(doc):
        return []
    index = _word_index(doc)
    return [i for h in _hashes(words) if h in index for i in index[h]]


def tokens_with(doc, *word_lists) -> list[Token]:
    """The tokens of ``doc`` whose lemma or lower-case form is one of the
    words of ``word_lists`` (word lists or sets), found in an index of the
    Doc's words made once per Doc (no Token object is made for the others:
    iterating a long Doc token by token is most of what extraction costs).
    Several lists are looked up one by one, without making their union."""
    if not len(doc):
        return []
    index = _word_index(doc)
    found: set[int] = set()
    for words in word_lists:
        hashes = _hashes(words)
        if len(hashes) < len(index):
            found.update(i for h in hashes if h in index for i in index[h])
        else:
            found.update(i for h in index if h in hashes for i in index[h])
    return [doc[i] for i in sorted(found)]


#: word list -> the string hashes of its words (a word list is read once and never changed)
_HASHES: dict[frozenset, frozenset[int]] = {}


def _hashes(words) -> frozenset[int]:
    """The spaCy string hashes of ``words`` (a set or a word list), made once
    per list: hashing every word of a long list on each call cost more than
    the lookup."""
    key = words.words if isinstance(words, WordList) else words if isinstance(words, frozenset) else frozenset(words)
    found = _HASHES.get(key)
    if found is None:
        if len(_HASHES) > 1024:
            _HASHES.clear()  # sets made per article (surnames) must not pile up
        found = _HASHES[key] = frozenset(hash_string(w) for w in key)
    return found


def _word_index(doc) -> dict[int, list[int]]:
    """Lemma or lower-case form (as string hashes) -> token positions.
    Lemmas keep their case ("Talks" for a proper noun), so the lower-case
    form is there too."""
    views = doc_views(doc)
    if "words" not in views:
        from spacy.attrs import LEMMA, LOWER

        index: dict[int, list[int]] = {}
        words = doc.to_array([LEMMA, LOWER])
        lemmas, lowers = words[:, 0], words[:, 1]
        for i, lemma in enumerate(lemmas.tolist()):
            index.setdefault(lemma, []).append(i)
        for i, lower in zip((lemmas != lowers).nonzero()[0].tolist(), lowers[lemmas != lowers].tolist()):
            index.setdefault(lower, []).append(i)
        views["words"] = index
    return views["words"]


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it, in text order after it
    (what ``Token.conjuncts`` gives, without its scan of the sentence)."""
    root = tok
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    found = {root.i: root}
    stack = [root]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "conj" and c.i not in found:
                found[c.i] = c
                stack.append(c)
    return [tok] + [found[i] for i in sorted(found) if i != tok.i]


def setting_of(tok: Token) -> bool:
    """Whether ``tok`` is the object of a preposition that makes it the
    setting of the clause above ("in the meeting with X, Y sought ...", "did
    not speak at the talks"), not what that clause is about ("took part in
    the talks")."""
    if tok.dep_ != "pobj" or tok.head.i == tok.i:
        return False
    prep = tok.head
    return prep.lower_ in ADJUNCT_PREPS and prep.head.lemma_.lower() not in PARTICIPATION_VERBS


def governors(tok: Token, limit: int = 3) -> list[Token]:
    """``tok`` and up to ``limit`` of its heads, not past a preposition that
    makes it a setting (:func:`setting_of`)."""
    chain = [tok]
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i or setting_of(cur):
            break
        cur = cur.head
        chain.append(cur)
    return chain


def negated(tok: Token) -> bool:
    """Whether ``tok`` or a head above it (not past a setting) is negated or
    is a refusal: "did not attend", "declined to attend", "refused to join"."""
    return any(t.lemma_.lower() in NEGATORS or any(c.dep_ == "neg" for c in t.children) for t in governors(tok))


def _pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition and their conjuncts."""
    return [p for gc in prep.children if gc.dep_ == "pobj" for p in _conjuncts(gc)]


def _governing_verb(tok: Token) -> tuple[Token | None, str]:
    """The verb a meeting noun hangs from, and how (its dep path root)."""
    cur, rel = tok, tok.dep_
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
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
    if verb.dep_ == "acomp" and verb.lemma_.lower() not in SCHEDULE_VERBS and verb.lower_ not in SCHEDULE_VERBS:
        return [t for s in subs for t in _conjuncts(s)] + agent  # "likely to talk": a guess, not a schedule
    if not subs and depth < 3 and verb.dep_ in {"xcomp", "advcl", "conj", "ccomp", "relcl", "acl", "pcomp", "acomp"} and verb.head.i != verb.i:
        if verb.dep_ in {"xcomp", "conj", "advcl", "acl", "acomp"}:  # "acomp": "X is due to meet Y"
            return _subjects(verb.head, depth + 1)
        if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:  # "said after meeting X"
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
    """"would also meet", "later held a meeting": the meeting is part of a
    trip told about before."""
    heads = [tok, tok.head] if tok.pos_ not in {"VERB", "AUX"} else [tok]
    return any(c.lower_ in {"also", "later"} and c.dep_ == "advmod" for h in heads for c in h.children)


def _resolve_relative(tok: Token) -> list[Token]:
    """'who' in "X is one of the leaders who will hold..." or "X, the
    envoy who attended ..." -> X."""
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
        if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
            noun = noun.head  # "X, the secretary of state who attended": X
            continue
        break
    return [noun]
