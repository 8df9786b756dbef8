"""SHACL validation of the store against ontology/shapes.ttl (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass

from .resources import ontology_dir
from .store import Store


@dataclass(frozen=True)
class Violation:
    """One SHACL result, as plain strings."""

    focus: str  # the node that fails a shape
    path: str  # the property (empty for node-level constraints)
    message: str
    severity: str  # Violation, Warning or Info
    value: str = ""  # the offending value, when the constraint names one
    shape: str = ""  # the constraint component, e.g. MinCountConstraintComponent

    def describe(self) -> str:
        """A readable multi-line description.

        >>> print(Violation("https://w3id.org/diplomacy-kg/id/meeting/m1", "https://w3id.org/diplomacy-kg/ontology#mode",
        ...                 "A meeting needs a mode.", "Violation", shape="MinCountConstraintComponent").describe())
        Violation: id:meeting/m1
          property dkg:mode: A meeting needs a mode. [MinCount]
        """
        from .output import compact_iri

        where = f"property {compact_iri(self.path)}" if self.path else "node"
        value = f" (value: {compact_iri(self.value)})" if self.value else ""
        kind = self.shape.removesuffix("ConstraintComponent")
        return f"{self.severity}: {compact_iri(self.focus)}\n  {where}: {self.message}{value}" + (f" [{kind}]" if kind else "")


def _data_graph(store: Store):
    from oxrdflib._converter import from_ox
    from rdflib import Graph

    data = Graph()
    for t in store.union_triples():
        data.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return data


def validate(store: Store) -> list[Violation]:
    """SHACL results for the merged graph (empty list: it conforms), sorted
    by focus node, path and message."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ontology = Graph().parse(ontology_dir() / "diplomacy.ttl", format="turtle")
    _conforms, report, _text = pyshacl.validate(
        _data_graph(store), shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True
    )
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(r, SH.value)
        component = report.value(r, SH.sourceConstraintComponent)
        out.append(
            Violation(
                focus=str(report.value(r, SH.focusNode)),
                path=str(report.value(r, SH.resultPath) or ""),
                message=str(report.value(r, SH.resultMessage) or ""),
                severity=str(report.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
                value=str(value) if value is not None else "",
                shape=str(component).rsplit("#", 1)[-1] if component is not None else "",
            )
        )
    out.sort(key=lambda v: (v.focus, v.path, v.message, v.value))
    return out
