"""SHACL validation of the store against ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import dataclass

from .resources import ontology_dir
from .store import Store


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


def validate(store: Store) -> list[Violation]:
    """SHACL violations of the merged graph (empty list: conforms)."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    data = Graph()
    for t in store.union_triples():
        data.add(_to_rdflib(t))
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ontology = Graph().parse(ontology_dir() / "diplomacy.ttl", format="turtle")
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True
    )
    out = []
    for r in report.subjects(predicate=None, object=SH.ValidationResult):
        pass
    from rdflib.namespace import RDF

    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append(
            Violation(
                focus=str(report.value(r, SH.focusNode)),
                path=str(report.value(r, SH.resultPath) or ""),
                message=str(report.value(r, SH.resultMessage) or ""),
                severity=str(report.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
            )
        )
    out.sort(key=lambda v: (v.focus, v.path, v.message))
    return out


def _to_rdflib(triple):
    from oxrdflib._converter import from_ox

    return from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)
