"""`kg validate`: the built graph passes the SHACL shapes; a broken graph
fails with readable violations and a non-zero exit code."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.cli import cli
from kg.rdf.namespace import DKG, SEM
from kg.store import LocalStore
from kg.validate import validate

from .minigraph import make_store

ID = "https://w3id.org/diplomacy-kg/id/"


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_seeds_build_passes_the_shapes(seeds_store_path):
    out = kg("validate", "--store", seeds_store_path)
    assert out.exit_code == 0, out.output
    assert "conforms" in out.output


def test_the_mini_graph_passes_the_shapes(tmp_path):
    path = make_store(tmp_path / "mini")
    with LocalStore(path, read_only=True) as st:
        assert validate(st) == []


def test_a_broken_graph_fails_with_readable_violations(tmp_path):
    path = make_store(tmp_path / "mini")
    bad = URIRef(ID + "meeting/broken")
    with LocalStore(path) as st:
        st.replace_graph(URIRef(ID + "graph/article/broken.txt"), [
            (bad, RDF.type, DKG.Meeting),
            (bad, SEM.hasActor, URIRef(ID + "person/alice-adams")),
            (bad, DKG.status, DKG.Occurred),
            (bad, DKG.confidence, Literal("1.5", datatype=XSD.decimal)),
            (bad, SEM.hasTimeStamp, Literal("next week")),
        ])
    with LocalStore(path, read_only=True) as st:
        found = validate(st)
    assert {v.focus for v in found} == {str(bad)}
    paths = {v.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for v in found}
    assert {"mode", "wasDerivedFrom", "confidence", "hasTimeStamp"} <= paths
    assert all(v.severity == "Violation" for v in found)

    out = kg("validate", "--store", path)
    assert out.exit_code == 1
    assert "Violation: id:meeting/broken" in out.output
    assert "property dkg:mode: A meeting needs a mode" in out.output
    assert "property prov:wasDerivedFrom: Every meeting must cite the sentence that states it." in out.output
    assert f"{len(found)} SHACL violation(s) on 1 node(s)" in out.output
