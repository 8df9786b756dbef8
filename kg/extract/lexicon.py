"""Word lists of meeting extraction: triggers, negators, planners, modes.

Lemmas and lower-case forms; English news usage. Kept apart from the rules
so that they can be reviewed (and extended) in one place.
"""

from __future__ import annotations

MEET_VERBS = frozenset({"meet", "visit", "host", "talk", "speak", "call", "phone", "telephone", "confer", "negotiate", "receive"})
MEET_NOUNS = frozenset({
    "meeting", "talk", "talks", "summit", "call", "phonecall", "conversation", "consultation", "consultations",
    "dialogue", "dialog", "backchannel", "encounter", "visit", "negotiation", "negotiations", "videoconference",
    "teleconference", "sit-down", "tete-a-tete", "bilateral", "meetings", "calls", "summits",
})
NEGATORS = frozenset({"refuse", "refusal", "decline", "reject", "rebuff", "snub", "boycott", "avoid", "skip", "deny", "rule"})
CANCELLERS = frozenset({"cancel", "postpone", "scrap", "cancellation", "postponement", "delay", "suspend", "off"})
PLANNERS = frozenset({
    "plan", "expect", "aim", "hope", "want", "seek", "schedule", "set", "prepare", "arrange", "propose", "agree",
    "intend", "will", "would", "shall", "likely", "possibility", "possible", "upcoming", "planned", "proposed",
    "expected", "future", "potential", "next", "space", "explore", "travel", "go", "fly", "head", "lead",
})
SPEECH = frozenset({"say", "tell", "state", "add", "note", "write", "claim", "report", "announce", "describe", "confirm"})
DISCUSS = frozenset({
    "discuss", "raise", "emphasize", "emphasise", "stress", "underscore", "touch", "focus", "exchange", "address",
    "reiterate", "press", "urge", "warn", "tell", "express", "voice", "agree", "review", "cover", "highlight",
    "share", "talk", "make", "call",
})
GROUP_NOUNS = frozenset({
    "official", "officials", "delegation", "delegations", "side", "sides", "team", "diplomat", "diplomats",
    "counterpart", "counterparts", "leader", "leaders", "minister", "ministers", "envoy", "envoys",
    "negotiator", "negotiators", "representative", "representatives", "government", "administration",
    "military", "president", "authorities",
})
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
REL_PRONOUNS = frozenset({"who", "that", "which", "whom"})
VIDEO_WORDS = frozenset({"video", "virtual", "virtually", "videoconference", "video-link", "online", "remotely", "zoom"})
PHONE_WORDS = frozenset({"phone", "telephone", "call", "phoned", "telephoned", "phonecall", "calls"})
IN_PERSON_WORDS = frozenset({"in-person", "face-to-face", "person", "visit", "visited", "host", "hosted", "trip"})
DEFAULT_IN_PERSON = frozenset({"meet", "meeting", "meetings", "summit", "summits", "talks", "consultation", "consultations", "dialogue",
                               "visit", "host", "encounter", "negotiation", "negotiations", "backchannel", "receive", "sit-down"})
#: Verbs whose object meeting is a topic, not their subject's meeting ("he discussed the call").
TOPIC_VERBS = frozenset({"discuss", "mention", "describe", "welcome", "praise", "criticize", "criticise", "dismiss", "question", "downplay"})
PLACE_VERBS = frozenset({"take", "hold", "begin", "start", "open", "happen", "occur", "conclude", "end", "convene"})
TRAVEL_VERBS = frozenset({"travel", "fly", "go", "arrive", "head", "visit", "return", "come"})
_NOT_WHEN = frozenset({"since", "until", "till", "through", "throughout"})
_DURATION_WORDS = frozenset({"past", "recent", "decades", "years", "weeks", "days", "hours", "months", "hour", "since", "ago", "coming", "following"})
