"""Topics: issue-vocabulary labels matched in the sentences tied to a meeting."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span

from ..types import Topic
from .lexicon import GENERIC_TOPIC_HEADS, NEW_ISSUE_VERBS, WEAK_TOPIC_MODIFIERS
from ..vocab import Vocabulary


def build_topic_matcher(nlp: Language, vocabulary: Vocabulary) -> PhraseMatcher:
    """A case-insensitive PhraseMatcher whose match ids are concept keys."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_key: dict[str, list[str]] = {}
    for label, key in vocabulary.labels().items():
        by_key.setdefault(key, []).append(label)
    for key, labels in by_key.items():
        matcher.add(key, [nlp.make_doc(label) for label in labels])
    return matcher


def topics_in(
    spans: Iterable[Span],
    *,
    matcher: PhraseMatcher,
    vocabulary: Vocabulary,
    exclude: Iterable[tuple[int, int]] = (),
) -> list[Topic]:
    """Concepts whose labels occur in ``spans``, in order of first mention.

    A longer match wins over a shorter one inside it ("sanctions on Russia"
    over "Russia"); matches touching ``exclude`` token ranges (person names,
    meeting triggers: a "virtual summit" is the meeting, not its topic) are
    ignored.
    """
    nlp_vocab = matcher.vocab
    blocked = {i for a, b in exclude for i in range(a, b)}
    found: dict[str, Topic] = {}
    for span in spans:
        matches = matcher(span, as_spans=True)
        matches.sort(key=lambda s: (s.start, -(s.end - s.start)))
        last_end = -1
        for m in matches:
            if m.start < last_end:
                continue
            if any(i in blocked for i in range(m.start, m.end)):
                continue
            last_end = m.end
            key = nlp_vocab.strings[m.label]
            concept = vocabulary.concepts.get(key)
            if concept and key not in found:
                found[key] = Topic(key=key, label=concept.label)
    for span in spans:
        for topic in new_issues(span, known=found, matcher=matcher, blocked=blocked):
            found.setdefault(topic.key, topic)
    return specific(list(found.values()), vocabulary)


def specific(topics: list[Topic], vocabulary: Vocabulary) -> list[Topic]:
    """Drop the scheme's top concepts (categories such as "International
    security") when the text names a more specific issue for the meeting."""

    def is_top(t: Topic) -> bool:
        c = vocabulary.concepts.get(t.key)
        return bool(c and c.top and not t.new)

    if all(is_top(t) for t in topics):
        return topics
    return [t for t in topics if not is_top(t)]




def new_issues(span: Span, *, known: dict, matcher: PhraseMatcher, blocked: set[int]):
    """Issues outside the vocabulary, only where the text clearly discusses
    them: the object noun phrase of "discussed"/"raised"/"addressed" (or of
    "focus on"), with no vocabulary label inside it and a non-generic head."""
    for tok in span:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_.lower()
        objs = []
        if lemma in NEW_ISSUE_VERBS:
            objs = [c for c in tok.children if c.dep_ in {"dobj", "obj"}]
        elif lemma == "focus":
            objs = [gc for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" for gc in c.children if gc.dep_ == "pobj"]
        for obj in objs:
            if obj.pos_ not in {"NOUN", "PROPN"} or obj.lemma_.lower() in GENERIC_TOPIC_HEADS or obj.i in blocked:
                continue
            whole = span.doc[obj.left_edge.i : obj.right_edge.i + 1]
            if matcher(whole):
                continue  # "Russia's brutal war against Ukraine" is a known issue
            mods = [c.i for c in obj.children if c.dep_ in {"amod", "compound", "nmod"} and c.lower_ not in WEAK_TOPIC_MODIFIERS]
            phrase = span.doc[min(mods + [obj.i]) : obj.i + 1]
            if len(phrase) > 4 or any(t.i in blocked for t in phrase):
                continue
            if any(t.ent_type_ in {"PERSON", "GPE", "NORP", "DATE", "ORG"} for t in phrase):
                continue
            label = phrase.text.lower()
            key = "new-" + "-".join(t.lower_ for t in phrase if t.is_alpha)
            if key not in known:
                yield Topic(key=key, label=label, new=True)
