"""Typed value objects that travel between pipeline stages.

ingest -> :class:`Article`; extractors -> :class:`Mention`, :class:`PersonRecord`,
:class:`MeetingRecord`, ... collected in an :class:`ArticleRecord`; the resolver and
the RDF layer consume those. No loose dicts cross a stage boundary.

Country values are ISO 3166-1 alpha-2 codes ("US", "CN"); the gazetteer turns
them into common English short names for output.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["in_person", "phone", "video", "unknown"]
Status = Literal["occurred", "planned", "cancelled", "unknown"]
MODES: tuple[str, ...] = ("in_person", "phone", "video", "unknown")
STATUSES: tuple[str, ...] = ("occurred", "planned", "cancelled", "unknown")


@dataclass(frozen=True)
class Article:
    """One input article with its metadata.

    ``published`` is an ISO date string ("2022-03-15") or None.
    """

    id: str
    text: str
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    path: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text and metadata: a changed article gets a new hash."""
        h = hashlib.sha256()
        for part in (self.id, self.text, self.published, self.source, self.url, self.title):
            h.update((part or "").encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class Source:
    """Provenance of one fact: the article and the sentence (character offsets
    into the article text) that states it."""

    article: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A span of text naming an entity.

    ``label`` is one of PERSON, COUNTRY, ORG, PLACE; ``key`` is the canonical key
    it resolves to (person key, ISO country code, organisation key, place key) or
    None when unresolved. ``start``/``end`` are character offsets in the article.
    """

    text: str
    label: str
    start: int
    end: int
    key: str | None = None
    sentence: int = 0


@dataclass(frozen=True)
class PersonRecord:
    """A person as one article presents them.

    ``key`` is the canonical key (gazetteer id, or a slug of the full name);
    ``country`` an ISO code or None.
    """

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    titles: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class CountryRecord:
    """A country mentioned in an article (``code`` is ISO alpha-2)."""

    code: str
    name: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class OrgRecord:
    """An organisation (ministry, council, party, forum) mentioned in an article."""

    key: str
    name: str
    country: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Place:
    """Where a meeting was held: a city, venue or country, with its country."""

    key: str
    name: str
    country: str | None = None


@dataclass(frozen=True)
class Topic:
    """An issue discussed at a meeting.

    ``key`` is the concept's local name in the issue vocabulary; ``new`` marks
    an issue that is not in the vocabulary (a fallback concept).
    """

    key: str
    label: str
    new: bool = False


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting as one article reports it (an n-ary event).

    ``participants`` are person keys; ``countries`` ISO codes of the sides
    (the participants' countries plus sides named without people, as in
    "US and Chinese officials"). ``date`` is ISO with the precision the text
    supports: "2022-03-14", "2022-03", "2022" or None.
    """

    participants: tuple[str, ...]
    countries: tuple[str, ...] = ()
    place: Place | None = None
    date: str | None = None
    mode: str = "unknown"
    status: str = "unknown"
    topics: tuple[Topic, ...] = ()
    sources: tuple[Source, ...] = ()
    confidence: float = 0.5
    rule: str = "unknown"
    trigger: str = ""


@dataclass(frozen=True)
class ArticleRecord:
    """Everything extracted from one article."""

    article: Article
    people: tuple[PersonRecord, ...] = ()
    countries: tuple[CountryRecord, ...] = ()
    organisations: tuple[OrgRecord, ...] = ()
    meetings: tuple[MeetingRecord, ...] = ()
    warnings: tuple[str, ...] = field(default=())
