"""Word lists of extraction: triggers, negators, planners, modes, name parts.

The lists live in ``ontology/rules/*.txt`` (one word or lemma per line), not
in code, so that they can be reviewed and extended in one place. Each list is
read on first use and kept for the process: importing this module reads
nothing. ``MEET_VERBS`` and the other capitalised names are :class:`WordList`
objects that behave as frozensets.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from functools import lru_cache
from pathlib import Path

from ..errors import KgError
from ..resources import ontology_dir


def rules_dir() -> Path:
    return ontology_dir() / "rules"


@lru_cache(maxsize=None)
def load_word_list(name: str, directory: str | None = None) -> frozenset[str]:
    """The words of ``ontology/rules/NAME.txt`` (comments and blanks skipped)."""
    path = (Path(directory) if directory else rules_dir()) / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KgError(f"cannot read the word list {path} ({exc.strerror}); reinstall diplomacy-kg (pip install -e .)") from None
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


class WordList(Set):
    """A named word list, read from its file when first used."""

    __slots__ = ("name", "_words")

    def __init__(self, name: str):
        self.name = name
        self._words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = load_word_list(self.name)
        return self._words

    def __contains__(self, word: object) -> bool:
        return word in (self._words if self._words is not None else self.words)

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def _from_iterable(cls, it) -> frozenset[str]:
        return frozenset(it)

    def __repr__(self) -> str:
        return f"WordList({self.name!r})"


#: Every list the extractors use, by file name.
NAMES = (
    "meet_verbs", "meet_nouns", "partner_verbs", "shared_nouns", "attend_verbs", "meeting_topic_verbs",
    "separate_words", "kinship_nouns", "negators", "cancellers", "planners", "speech", "discuss", "group_nouns",
    "dual_nouns", "pronouns", "rel_pronouns", "video_words", "phone_words", "in_person_words", "default_in_person",
    "topic_verbs", "place_verbs", "travel_verbs", "not_when", "duration_words", "venue_words", "time_prepositions",
    "thing_nouns", "particles", "honorifics", "not_name_ends", "title_glue", "generic_topic_heads",
    "weak_topic_modifiers", "new_issue_verbs", "attendee_nouns", "hypothetical_nouns",
    "adjunct_preps", "participation_verbs", "coparticipation", "holding_verbs", "location_nouns",
    "styles", "title_modifiers", "former_words", "org_nouns",
    "issue_object_verbs", "topic_prepositions", "strong_topic_prepositions", "topic_head_nouns", "issue_nouns",
    "relation_nouns", "discussion_nouns", "meeting_descriptors", "topic_position_issues",
    "briefer_nouns", "schedule_verbs", "clock_words", "sequence_openers", "address_verbs",
    "seating_verbs", "seating_preps", "join_verbs",
    "meal_nouns", "receiving_verbs", "stance_words",
)

MEET_VERBS = WordList("meet_verbs")
MEET_NOUNS = WordList("meet_nouns")
PARTNER_VERBS = WordList("partner_verbs")
SHARED_NOUNS = WordList("shared_nouns")
ATTEND_VERBS = WordList("attend_verbs")
ATTENDEE_NOUNS = WordList("attendee_nouns")
HYPOTHETICAL_NOUNS = WordList("hypothetical_nouns")
MEETING_TOPIC_VERBS = WordList("meeting_topic_verbs")
SEPARATE_WORDS = WordList("separate_words")
KINSHIP_NOUNS = WordList("kinship_nouns")
NEGATORS = WordList("negators")
CANCELLERS = WordList("cancellers")
PLANNERS = WordList("planners")
SPEECH = WordList("speech")
DISCUSS = WordList("discuss")
GROUP_NOUNS = WordList("group_nouns")
DUAL_NOUNS = WordList("dual_nouns")
PRONOUNS = WordList("pronouns")
REL_PRONOUNS = WordList("rel_pronouns")
VIDEO_WORDS = WordList("video_words")
PHONE_WORDS = WordList("phone_words")
IN_PERSON_WORDS = WordList("in_person_words")
DEFAULT_IN_PERSON = WordList("default_in_person")
TOPIC_VERBS = WordList("topic_verbs")
PLACE_VERBS = WordList("place_verbs")
TRAVEL_VERBS = WordList("travel_verbs")
NOT_WHEN = WordList("not_when")
DURATION_WORDS = WordList("duration_words")
SCHEDULE_VERBS = WordList("schedule_verbs")
CLOCK_WORDS = WordList("clock_words")
SEQUENCE_OPENERS = WordList("sequence_openers")
ADDRESS_VERBS = WordList("address_verbs")
SEATING_VERBS = WordList("seating_verbs")
SEATING_PREPS = WordList("seating_preps")
JOIN_VERBS = WordList("join_verbs")
MEAL_NOUNS = WordList("meal_nouns")
RECEIVING_VERBS = WordList("receiving_verbs")
STANCE_WORDS = WordList("stance_words")
VENUE_WORDS = WordList("venue_words")
TIME_PREPOSITIONS = WordList("time_prepositions")
ADJUNCT_PREPS = WordList("adjunct_preps")
PARTICIPATION_VERBS = WordList("participation_verbs")
COPARTICIPATION = WordList("coparticipation")
HOLDING_VERBS = WordList("holding_verbs")
LOCATION_NOUNS = WordList("location_nouns")
THING_NOUNS = WordList("thing_nouns")
PARTICLES = WordList("particles")
HONORIFICS = WordList("honorifics")
NOT_NAME_ENDS = WordList("not_name_ends")
TITLE_GLUE = WordList("title_glue")
STYLES = WordList("styles")
TITLE_MODIFIERS = WordList("title_modifiers")
FORMER_WORDS = WordList("former_words")
ORG_NOUNS = WordList("org_nouns")
GENERIC_TOPIC_HEADS = WordList("generic_topic_heads")
WEAK_TOPIC_MODIFIERS = WordList("weak_topic_modifiers")
NEW_ISSUE_VERBS = WordList("new_issue_verbs")
ISSUE_OBJECT_VERBS = WordList("issue_object_verbs")
TOPIC_PREPOSITIONS = WordList("topic_prepositions")
STRONG_TOPIC_PREPOSITIONS = WordList("strong_topic_prepositions")
TOPIC_HEAD_NOUNS = WordList("topic_head_nouns")
ISSUE_NOUNS = WordList("issue_nouns")
RELATION_NOUNS = WordList("relation_nouns")
DISCUSSION_NOUNS = WordList("discussion_nouns")
MEETING_DESCRIPTORS = WordList("meeting_descriptors")
TOPIC_POSITION_ISSUES = WordList("topic_position_issues")
BRIEFER_NOUNS = WordList("briefer_nouns")
