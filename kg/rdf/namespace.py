"""Namespaces of the diplomacy-kg ontology.

The project's own terms live in a closed :class:`DKG` namespace: a misspelt
term raises ``AttributeError`` instead of silently minting a new IRI. Terms
from other vocabularies come from rdflib (SDO, ORG, SKOS, PROV, DCTERMS, FOAF)
or from the closed :class:`SEM` namespace below.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/diplomacy-kg/"
#: Data IRIs: people, countries, meetings, articles, sources, graphs.
ID = Namespace(BASE + "id/")
#: The issue vocabulary (SKOS concepts).
ISSUE = Namespace(BASE + "issue/")


class DKG(DefinedNamespace):
    """diplomacy-kg ontology: only what the reused vocabularies lack."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Meeting: URIRef  # an n-ary diplomatic meeting event (sem:Event)
    Source: URIRef  # the sentence of an article that states a fact
    Mode: URIRef
    Status: URIRef
    # mode individuals
    InPerson: URIRef
    Phone: URIRef
    Video: URIRef
    UnknownMode: URIRef
    # status individuals
    Occurred: URIRef
    Planned: URIRef
    Cancelled: URIRef
    UnknownStatus: URIRef
    # properties
    mode: URIRef
    status: URIRef
    side: URIRef  # meeting -> country taking part
    met: URIRef  # person -> person (participants from different sides)
    discussed: URIRef  # meeting -> issue
    represents: URIRef  # person/organisation -> country it acts for
    heldIn: URIRef  # meeting -> place
    confidence: URIRef
    rule: URIRef
    trigger: URIRef
    text: URIRef  # sentence text of a Source
    start: URIRef  # character offset (inclusive) of the sentence in the article
    end: URIRef  # character offset (exclusive)
    article: URIRef  # Source -> article
    contentHash: URIRef
    isoCode: URIRef
    newIssue: URIRef  # true on a concept minted for an issue outside the vocabulary


class SEM(DefinedNamespace):
    """Simple Event Model (the terms this project uses)."""

    _fail = True
    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTimeStamp: URIRef


PREFIXES: dict[str, Namespace | str] = {
    "dkg": DKG._NS,
    "id": ID,
    "issue": ISSUE,
    "sem": SEM._NS,
    "schema": SDO,
    "org": ORG,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

MODE_IRIS = {
    "in_person": DKG.InPerson,
    "phone": DKG.Phone,
    "video": DKG.Video,
    "unknown": DKG.UnknownMode,
}
STATUS_IRIS = {
    "occurred": DKG.Occurred,
    "planned": DKG.Planned,
    "cancelled": DKG.Cancelled,
    "unknown": DKG.UnknownStatus,
}
MODE_NAMES = {v: k for k, v in MODE_IRIS.items()}
STATUS_NAMES = {v: k for k, v in STATUS_IRIS.items()}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib Graph/Dataset."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
