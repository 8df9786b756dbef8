"""Format names: the exports' (``kg export``) and the SPARQL endpoint's
result formats, with content negotiation and streaming serialisers
(pyoxigraph's own writers, which write as rows are found).

SELECT/ASK: SPARQL JSON (default), XML, CSV, TSV. CONSTRUCT/DESCRIBE:
Turtle (default), N-Triples, RDF/XML, JSON-LD.
"""

from __future__ import annotations

#: The formats of `kg export` (see :mod:`kg.export`).
EXPORT_FORMATS = ("turtle", "ntriples", "rdfxml", "json-ld", "trig", "nquads", "graphml", "csv", "vis")
#: Other names of the export formats (file extensions and the names other tools use).
EXPORT_ALIASES = {
    "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "xml": "rdfxml", "rdf": "rdfxml", "rdf/xml": "rdfxml",
    "jsonld": "json-ld", "nq": "nquads", "n-quads": "nquads", "pyvis": "vis",
}

RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "ntriples", "rdfxml", "jsonld")

CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}

_ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "ttl": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
    "application/ld+json": "jsonld",
    "json-ld": "jsonld",
}


def _offered(form: str) -> tuple[str, ...]:
    return GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS


def accepted(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for ties).

    >>> accepted("text/csv;q=0.5, application/sparql-results+json")
    [('application/sparql-results+json', 1.0), ('text/csv', 0.5)]
    """
    items = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        items.append((fields[0].lower(), q, i))
    items.sort(key=lambda t: (-t[1], t[2]))
    return [(m, q) for m, q, _ in items if q > 0]


def negotiate(accept: str | None, form: str, override: str | None = None) -> str | None:
    """The format key for a result of ``form`` (SELECT, ASK, CONSTRUCT or
    DESCRIBE) given an Accept header or a ``format`` parameter; None when
    nothing acceptable is offered.

    >>> negotiate("application/ld+json", "CONSTRUCT"), negotiate("text/turtle", "SELECT")
    ('jsonld', None)
    """
    offered = _offered(form)
    graph = offered is GRAPH_FORMATS
    if override:
        key = _ALIASES.get(override.lower(), override.lower())
        if graph and key == "json":
            key = "jsonld"
        return key if key in offered else None
    ranges = accepted(accept)
    if not ranges:
        return offered[0]
    for media, _q in ranges:
        if media in {"*/*", "application/*", "text/*"}:
            if media == "text/*" and not graph:
                return "csv"
            return offered[0]
        key = _ALIASES.get(media)
        if graph and media == "application/json":
            key = "jsonld"
        if key in offered:
            return key
    return None


def refusal(form: str) -> str:
    """The message for a 406: what this result is available as."""
    return "no acceptable format; this result is available as " + ", ".join(CONTENT_TYPES[f] for f in _offered(form))


def serializer(result, key: str):
    """A function writing the pyoxigraph ``result`` to a binary file-like
    object in format ``key``, as rows are computed."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryTriples):
        rdf = {
            "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
        }[key]
        return lambda out: result.serialize(out, rdf)
    if key == "csv" and isinstance(result, ox.QuerySolutions):
        return lambda out: write_safe_csv(result, out)
    fmt = {
        "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
    }[key]
    return lambda out: result.serialize(out, fmt)


def write_safe_csv(solutions, out, *, chunk: int = 1 << 16) -> None:
    """SPARQL 1.1 CSV results of pyoxigraph ``solutions`` written to the
    binary ``out`` as rows come, each cell made
    :func:`kg.output.spreadsheet_safe` (a cell a spreadsheet would run as
    a formula gets a leading apostrophe)."""
    import csv
    import io

    import pyoxigraph as ox

    from .output import spreadsheet_safe

    variables = list(solutions.variables)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([v.value for v in variables])

    def cell(term) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        return spreadsheet_safe(term.value if hasattr(term, "value") else str(term))

    for solution in solutions:
        w.writerow([cell(solution[v]) for v in variables])
        if buf.tell() >= chunk:
            out.write(buf.getvalue().encode("utf-8"))
            buf.seek(0)
            buf.truncate()
    out.write(buf.getvalue().encode("utf-8"))


_FORMAT_IRIS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "RDF_XML", "JSON-LD",
)

_SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;
    rdfs:comment "diplomacy-kg, read-only. Default graph: the merged graph of all articles; GRAPH ?g reaches each article's graph. Time limit per query: {limit}. SERVICE: {service}. Answers from what the last build committed." .
"""


def service_description(url: str, *, limit: float | None, allow_service: bool) -> str:
    """The SPARQL 1.1 Service Description of the endpoint at ``url`` (Turtle)."""
    formats = " , ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in _FORMAT_IRIS)
    return _SERVICE_DESCRIPTION.format(
        url=url, formats=formats, limit=f"{limit:g} s" if limit else "none",
        service="allowed" if allow_service else "refused",
    )
