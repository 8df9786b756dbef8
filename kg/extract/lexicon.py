"""Word lists of meeting extraction: triggers, negators, planners, modes.

Lemmas and lower-case forms; English news usage. Kept apart from the rules
so that they can be reviewed (and extended) in one place.
"""

from __future__ import annotations

MEET_VERBS = frozenset({"meet", "visit", "host", "talk", "speak", "call", "phone", "telephone", "confer", "negotiate", "receive", "welcome", "greet"})
#: Verbs that are meetings only with a partner or a medium ("spoke with", "talked by phone", "discussed it with").
PARTNER_VERBS = frozenset({"speak", "talk", "discuss"})
#: Verbs of which a meeting noun is the subject when the text says what it was about ("the talks focused on trade").
MEETING_TOPIC_VERBS = frozenset({"focus", "center", "centre", "cover", "include", "touch", "revolve", "concentrate", "deal", "address", "feature", "dominate"})
#: Verbs whose subject (or agent) takes part in a meeting told about nearby ("also attended the meeting").
ATTEND_VERBS = frozenset({"attend", "join", "participate"})
#: Modifiers that make a plural meeting noun one meeting per partner ("separate meetings with A and B").
SEPARATE_WORDS = frozenset({"separate", "separately", "individual", "respective"})
#: Nouns of family members: a person named through one is not acting for a country ("his granddaughter Naomi").
KINSHIP_NOUNS = frozenset({
    "wife", "husband", "spouse", "son", "daughter", "granddaughter", "grandson", "grandchild", "mother", "father",
    "brother", "sister", "niece", "nephew", "cousin", "aunt", "uncle", "family", "fiancee", "fiancée", "widow", "child",
})
MEET_NOUNS = frozenset({
    "meeting", "talk", "talks", "summit", "call", "phonecall", "conversation", "consultation", "consultations",
    "dialogue", "dialog", "backchannel", "encounter", "visit", "negotiation", "negotiations", "videoconference",
    "teleconference", "sit-down", "tete-a-tete", "bilateral", "meetings", "calls", "summits", "discussions",
    "bilaterals", "audience",
})
#: Nouns that are meetings only when "joint" or "with" says who shared them ("a joint press conference with X").
SHARED_NOUNS = frozenset({"conference", "briefing", "appearance", "statement"})
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
    "military", "president", "authorities", "adviser", "advisor", "advisers", "secretary", "chief", "head", "king",
    "prince", "ambassador", "premier", "chancellor", "foreign", "counsellor", "aide", "aides",
})
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
REL_PRONOUNS = frozenset({"who", "that", "which", "whom"})
VIDEO_WORDS = frozenset({"video", "virtual", "virtually", "videoconference", "video-link", "online", "remotely", "zoom"})
PHONE_WORDS = frozenset({"phone", "telephone", "call", "phoned", "telephoned", "phonecall", "calls"})
IN_PERSON_WORDS = frozenset({"in-person", "face-to-face", "person", "visit", "visited", "host", "hosted", "trip"})
DEFAULT_IN_PERSON = frozenset({"meet", "meeting", "meetings", "summit", "summits", "talks", "consultation", "consultations", "dialogue",
                               "visit", "host", "encounter", "negotiation", "negotiations", "backchannel", "receive", "sit-down",
                               "welcome", "greet", "conference", "discussions", "bilaterals", "audience", "discuss"})
#: Last words of a venue's name: "Miraflores Palace", "State House", "Union Buildings" (a city beats them as the place).
VENUE_WORDS = frozenset({
    "palace", "house", "hotel", "building", "buildings", "hall", "residence", "office", "villa", "airport", "centre",
    "center", "castle", "lodge", "resort", "estate", "mansion", "kremlin", "headquarters", "summit", "chancellery",
})
#: Verbs whose object meeting is a topic, not their subject's meeting ("he discussed the call").
TOPIC_VERBS = frozenset({"discuss", "mention", "describe", "welcome", "praise", "criticize", "criticise", "dismiss", "question", "downplay"})
PLACE_VERBS = frozenset({"take", "hold", "begin", "start", "open", "happen", "occur", "conclude", "end", "convene"})
TRAVEL_VERBS = frozenset({"travel", "fly", "go", "arrive", "head", "visit", "return", "come"})
_NOT_WHEN = frozenset({"since", "until", "till", "through", "throughout"})
_DURATION_WORDS = frozenset({"past", "recent", "decades", "years", "weeks", "days", "hours", "months", "hour", "since", "ago", "coming", "following"})
