"""Topics: issue-vocabulary labels matched in the sentences tied to a meeting."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span

from ..types import Topic
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
    return list(found.values())
