"""The SKOS issue vocabulary (ontology/issues.ttl) as lookups for extraction."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import KgError
from .resources import ontology_dir


@dataclass(frozen=True)
class Concept:
    key: str  # local name under the issue namespace
    label: str  # skos:prefLabel
    alt_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    top: bool = False  # a top concept of the scheme: a category more than an issue


@dataclass
class Vocabulary:
    concepts: dict[str, Concept] = field(default_factory=dict)
    _by_label: dict[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def labels(self) -> dict[str, str]:
        """Every label (pref and alt) -> concept key; the first concept to use
        a label keeps it."""
        out: dict[str, str] = {}
        for c in self.concepts.values():
            for label in (c.label, *c.alt_labels):
                out.setdefault(label, c.key)
        return out

    def key_for(self, label: str) -> str | None:
        """The key of the concept with this label (pref or alt), compared
        case-insensitively; None when no concept has it.

        >>> v = Vocabulary({"Syria": Concept("Syria", "Syria", alt_labels=("Syrian crisis",)),
        ...                 "Yemen": Concept("Yemen", "Yemen")})
        >>> v.key_for("syrian CRISIS"), v.key_for("YEMEN"), v.key_for("Libya")
        ('Syria', 'Yemen', None)
        """
        if self._by_label is None:
            self._by_label = {}
            for known, key in self.labels().items():
                self._by_label.setdefault(known.lower(), key)
        return self._by_label.get(label.lower())


@lru_cache(maxsize=4)
def load_vocabulary(path: str | None = None) -> Vocabulary:
    """Read the issue vocabulary (default ``ontology/issues.ttl``)."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    from .rdf.namespace import ISSUE

    p = Path(path) if path else ontology_dir() / "issues.ttl"
    if not p.is_file():
        return Vocabulary()
    g = Graph()
    try:
        g.parse(p, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise KgError(f"{p}: issue vocabulary does not parse ({exc}); fix the Turtle file") from None
    vocab = Vocabulary()
    prefix = str(ISSUE)
    for c in sorted(g.subjects(RDF.type, SKOS.Concept)):
        if not str(c).startswith(prefix):
            continue
        pref = g.value(c, SKOS.prefLabel)
        if pref is None:
            continue
        key = str(c)[len(prefix):]
        vocab.concepts[key] = Concept(
            key=key,
            label=str(pref),
            alt_labels=tuple(sorted(str(a) for a in g.objects(c, SKOS.altLabel))),
            broader=tuple(sorted(str(b)[len(prefix):] for b in g.objects(c, SKOS.broader))),
            top=(c, SKOS.topConceptOf, None) in g,
        )
    return vocab
