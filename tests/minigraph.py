"""A small hand-written knowledge graph (two articles) for tests that need
exact, known content: countries, issues and awkward strings that the seed
articles do not have. ``make_store(path)`` writes it into a LocalStore."""

from __future__ import annotations

import pytest
from rdflib import Dataset

PREFIXES = """
@prefix dkg: <https://w3id.org/diplomacy-kg/ontology#> .
@prefix id: <https://w3id.org/diplomacy-kg/id/> .
@prefix issue: <https://w3id.org/diplomacy-kg/issue/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: A name that tries to break out of a SPARQL string and of HTML.
AWKWARD_NAME = 'Evil " } UNION { ?x ?y ?z } # <b>bold</b>'
#: A sentence with markup that must stay text in the HTML view.
MARKUP_SENTENCE = (
    "Alice Adams met Bo Chen <script>document.body.setAttribute('data-pwned','script')</script> "
    "and <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> in Geneva on 10 January."
)

TRIG = PREFIXES + """
id:graph\\/article\\/a1.txt {
  id:article\\/a1.txt a schema:NewsArticle, prov:Entity ; dcterms:identifier "a1.txt" ;
      dkg:contentHash "h1" ; dcterms:issued "2024-01-12"^^xsd:date .
  id:source\\/a1.txt\\/0-200 a dkg:Source, prov:Entity ; dkg:article id:article\\/a1.txt ;
      dkg:text %(markup)s ; dkg:start 0 ; dkg:end 200 .
  id:source\\/a1.txt\\/201-300 a dkg:Source, prov:Entity ; dkg:article id:article\\/a1.txt ;
      dkg:text "Carl Diaz spoke by phone with Bo Chen about trade." ; dkg:start 201 ; dkg:end 300 .
  id:country\\/US a schema:Country ; schema:name "United States" ; dkg:isoCode "US" .
  id:country\\/CN a schema:Country ; schema:name "China" ; dkg:isoCode "CN" .
  id:country\\/FR a schema:Country ; schema:name "France" ; dkg:isoCode "FR" .
  id:person\\/alice-adams a schema:Person ; schema:name "Alice Adams" ; skos:altLabel "Adams" ;
      schema:jobTitle "Secretary of State" ; dkg:represents id:country\\/US ;
      prov:wasDerivedFrom id:source\\/a1.txt\\/0-200 ; dkg:met id:person\\/bo-chen .
  id:person\\/bo-chen a schema:Person ; schema:name "Bo Chen" ; schema:jobTitle "Foreign Minister" ;
      dkg:represents id:country\\/CN ; prov:wasDerivedFrom id:source\\/a1.txt\\/0-200 , id:source\\/a1.txt\\/201-300 ;
      dkg:met id:person\\/alice-adams , id:person\\/carl-diaz .
  id:person\\/carl-diaz a schema:Person ; schema:name "Carl Diaz" ; dkg:represents id:country\\/US ;
      prov:wasDerivedFrom id:source\\/a1.txt\\/201-300 ; dkg:met id:person\\/bo-chen .
  id:place\\/geneva a schema:Place ; schema:name "Geneva" .
  issue:taiwan a skos:Concept ; skos:prefLabel "Taiwan"@en .
  issue:trade a skos:Concept ; skos:prefLabel "Trade"@en .
  id:meeting\\/m1 a dkg:Meeting, sem:Event ; sem:hasActor id:person\\/alice-adams , id:person\\/bo-chen ;
      dkg:side id:country\\/US , id:country\\/CN ; dkg:heldIn id:place\\/geneva ;
      sem:hasTimeStamp "2024-01-10"^^xsd:date ; dkg:mode dkg:InPerson ; dkg:status dkg:Occurred ;
      dkg:discussed issue:taiwan , issue:trade ; dkg:confidence 0.9 ;
      prov:wasDerivedFrom id:source\\/a1.txt\\/0-200 .
  id:meeting\\/m2 a dkg:Meeting, sem:Event ; sem:hasActor id:person\\/carl-diaz , id:person\\/bo-chen ;
      dkg:side id:country\\/US , id:country\\/CN ; sem:hasTimeStamp "2024-01"^^xsd:gYearMonth ;
      dkg:mode dkg:Phone ; dkg:status dkg:Occurred ; dkg:discussed issue:trade ;
      prov:wasDerivedFrom id:source\\/a1.txt\\/201-300 .
}
id:graph\\/article\\/a2.txt {
  id:article\\/a2.txt a schema:NewsArticle, prov:Entity ; dcterms:identifier "a2.txt" ;
      dkg:contentHash "h2" ; dcterms:issued "2023-05-02"^^xsd:date .
  id:source\\/a2.txt\\/0-120 a dkg:Source, prov:Entity ; dkg:article id:article\\/a2.txt ;
      dkg:text "Alice Adams and Eve Fontaine held talks in Paris." ; dkg:start 0 ; dkg:end 120 .
  id:country\\/US a schema:Country ; schema:name "United States" ; dkg:isoCode "US" .
  id:country\\/FR a schema:Country ; schema:name "France" ; dkg:isoCode "FR" .
  id:person\\/alice-adams a schema:Person ; schema:name "Alice Adams" ; dkg:represents id:country\\/US ;
      prov:wasDerivedFrom id:source\\/a2.txt\\/0-120 ; dkg:met id:person\\/eve-fontaine .
  id:person\\/eve-fontaine a schema:Person ; schema:name "Eve Fontaine" ; dkg:represents id:country\\/FR ;
      prov:wasDerivedFrom id:source\\/a2.txt\\/0-120 ; dkg:met id:person\\/alice-adams .
  id:person\\/evil a schema:Person ; schema:name %(awkward)s ;
      prov:wasDerivedFrom id:source\\/a2.txt\\/0-120 .
  id:meeting\\/m3 a dkg:Meeting, sem:Event ; sem:hasActor id:person\\/alice-adams , id:person\\/eve-fontaine ;
      dkg:side id:country\\/US , id:country\\/FR ; sem:hasTimeStamp "2023-05-01"^^xsd:date ;
      dkg:mode dkg:InPerson ; dkg:status dkg:Occurred ; prov:wasDerivedFrom id:source\\/a2.txt\\/0-120 .
}
"""


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dataset() -> Dataset:
    ds = Dataset()
    ds.parse(data=TRIG % {"markup": _lit(MARKUP_SENTENCE), "awkward": _lit(AWKWARD_NAME)}, format="trig")
    return ds


def make_store(path):
    """Write the mini graph into a new LocalStore at ``path``; returns the path."""
    from kg.store import LocalStore

    ds = dataset()
    st = LocalStore(path)
    for g in ds.graphs():
        if len(g):
            st.replace_graph(g.identifier, list(g))
    st.close()
    return path


@pytest.fixture(scope="session")
def mini_store_path(tmp_path_factory):
    """A store holding the mini graph (built once; open it read-only)."""
    return make_store(tmp_path_factory.mktemp("mini") / "kg-store")
