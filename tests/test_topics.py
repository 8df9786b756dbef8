"""Topics: the SKOS issue vocabulary and what the text ties to a meeting."""

from __future__ import annotations


def _labels(meeting):
    return {t.label for t in meeting.topics}


def test_vocabulary_is_skos_with_pref_alt_and_broader(vocabulary):
    assert len(vocabulary.concepts) >= 30
    assert any(c.alt_labels for c in vocabulary.concepts.values())
    assert any(c.broader for c in vocabulary.concepts.values())
    labels = {label.lower() for label in vocabulary.labels()}
    assert {"taiwan", "fentanyl", "sanctions"} <= labels


def test_topics_of_the_meeting_sentence_and_its_coreferent_mentions(extract):
    text = (
        "Japanese Foreign Minister Yoko Kamikawa met Chinese Foreign Minister Wang Yi in Busan on Sunday. "
        "During the talks, Kamikawa raised fentanyl and export controls. "
        "Separately, Japan's economy grew in the third quarter."
    )
    record = extract(text, published="2023-11-28")
    (m,) = [m for m in record.meetings if len(m.participants) == 2]
    labels = {label.lower() for label in _labels(m)}
    assert "fentanyl" in labels
    assert any("export control" in label for label in labels)


def test_unrelated_sentences_do_not_add_topics(extract):
    text = (
        "Olaf Scholz met Emmanuel Macron in Paris on Monday. "
        "In a separate development, oil prices rose on fears over Red Sea shipping."
    )
    record = extract(text, published="2024-05-08")
    (m,) = record.meetings
    assert not any("red sea" in label.lower() or "houthi" in label.lower() for label in _labels(m))


def test_the_meeting_itself_is_not_a_topic(extract):
    record = extract("Biden held a virtual summit with Xi Jinping in November.", published="2021-12-01")
    (m,) = record.meetings
    assert not any("summit" in label.lower() for label in _labels(m))


def test_issue_outside_the_vocabulary_becomes_a_new_concept(extract):
    record = extract("Olaf Scholz met Emmanuel Macron in Paris on Monday and discussed pension harmonisation.",
                     published="2024-05-08")
    (m,) = record.meetings
    new = [t for t in m.topics if t.new]
    assert [t.label for t in new] == ["pension harmonisation"]


def test_generic_objects_are_not_new_concepts(extract):
    record = extract("Olaf Scholz met Emmanuel Macron in Paris on Monday and discussed ways to cooperate.",
                     published="2024-05-08")
    (m,) = record.meetings
    assert not any(t.new for t in m.topics)


def test_top_concepts_are_categories_not_topics():
    from kg.extract.topics import specific
    from kg.types import Topic
    from kg.vocab import Concept, Vocabulary

    vocab = Vocabulary(
        {
            "Security": Concept("Security", "International security", top=True),
            "Taiwan": Concept("Taiwan", "Taiwan", broader=("Security",)),
        }
    )
    broad, narrow = Topic("Security", "International security"), Topic("Taiwan", "Taiwan")
    new = Topic("new/chip-subsidies", "chip subsidies", new=True)
    assert specific([broad, narrow], vocab) == [narrow]
    assert specific([broad], vocab) == [], "a category names no issue of its own"
    assert specific([broad, new], vocab) == [new]


def test_the_vocabulary_marks_its_top_concepts(vocabulary):
    tops = {c.label for c in vocabulary.concepts.values() if c.top}
    assert "International security" in tops
    assert "Taiwan" not in tops
