"""Render rows as a readable table, CSV, TSV or JSON (for the CLI), and
SPARQL results in the SPARQL 1.1 result formats (JSON, CSV, TSV, XML) for
`kg query` and `kg serve`."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Sequence

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Literal, URIRef


def term_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, (URIRef, BNode, Literal)):
        return str(term)
    return str(term)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return value.get("name") or json.dumps(value, ensure_ascii=False)
    return " ".join(term_text(value).split())


def table(headers: Sequence[str], rows: Sequence[Sequence], *, max_width: int | None = None) -> str:
    """A plain-text table, columns shrunk to fit the terminal."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    limit = max_width or max(60, shutil.get_terminal_size((120, 20)).columns)
    while sum(widths) + 2 * (len(widths) - 1) > limit and max(widths) > 12:
        i = widths.index(max(widths))
        widths[i] -= 1

    def fmt(values):
        return "  ".join((v if len(v) <= w else v[: max(1, w - 1)] + "…").ljust(w) for v, w in zip(values, widths)).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in cells]
    return "\n".join(lines)


def delimited(headers: Sequence[str], rows: Sequence[Sequence], *, delimiter: str = ",") -> str:
    buf = io.StringIO()
    if delimiter == "\t":
        # TSV: one record per line, no quoting; tabs/newlines in values become spaces
        buf.write("\t".join(headers) + "\n")
        for row in rows:
            buf.write("\t".join(_cell(v).replace("\t", " ") for v in row) + "\n")
        return buf.getvalue()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(headers)
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def compact_iri(iri: str) -> str:
    """``https://schema.org/name`` -> ``schema:name`` with the project's
    prefixes (longest namespace wins); other IRIs unchanged.

    >>> compact_iri("https://w3id.org/diplomacy-kg/id/person/wang-yi")
    'id:person/wang-yi'
    """
    from .rdf.namespace import PREFIXES

    best = None
    for prefix, ns in PREFIXES.items():
        ns = str(ns)
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def readable_rows(rows: Sequence[Sequence]) -> list[list[str]]:
    """Rows of RDF terms as short strings for a table (IRIs compacted)."""
    return [[compact_iri(str(t)) if isinstance(t, URIRef) else term_text(t) for t in row] for row in rows]


def nt_term(term) -> str:
    """An RDF term in N-Triples syntax on one line (SPARQL TSV cells)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if getattr(term, "language", None):
        return f'"{text}"@{term.language}'
    dt = getattr(term, "datatype", None)
    if dt is not None and str(dt) != "http://www.w3.org/2001/XMLSchema#string":
        return f'"{text}"^^<{dt}>'
    return f'"{text}"'


def sparql_csv(variables: Sequence[str], rows: Sequence[Sequence], *, newline: str = "\r\n") -> str:
    """SPARQL 1.1 Query Results CSV: a header of variable names, then plain
    values (IRIs and literals' lexical forms; unbound is empty)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    w.writerow(variables)
    for row in rows:
        w.writerow([("_:" + str(t)) if isinstance(t, BNode) else ("" if t is None else str(t)) for t in row])
    return buf.getvalue()


def sparql_tsv(variables: Sequence[str], rows: Sequence[Sequence]) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` headers, terms in N-Triples
    syntax, one result per line."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(nt_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def sparql_xml(variables: Sequence[str], rows: Sequence[Sequence]) -> str:
    """SPARQL Query Results XML for SELECT rows."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        for var, term in zip(variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{xml_escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{xml_escape(str(term))}</bnode>"
            else:
                attrs = ""
                if getattr(term, "language", None):
                    attrs = f" xml:lang={quoteattr(term.language)}"
                elif getattr(term, "datatype", None):
                    attrs = f" datatype={quoteattr(str(term.datatype))}"
                value = f"<literal{attrs}>{xml_escape(str(term))}</literal>"
            out.append(f"<binding name={quoteattr(var)}>{value}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def ask_json(answer: bool) -> dict:
    """SPARQL 1.1 Query Results JSON for an ASK query."""
    return {"head": {}, "boolean": bool(answer)}


def ask_xml(answer: bool) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        f"<head/>\n<boolean>{'true' if answer else 'false'}</boolean>\n</sparql>\n"
    )


def sparql_json(variables: Sequence[str], rows: Sequence[Sequence]) -> dict:
    """SPARQL 1.1 Query Results JSON for SELECT rows of rdflib terms."""
    bindings = []
    for row in rows:
        b = {}
        for var, term in zip(variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                b[var] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                b[var] = {"type": "bnode", "value": str(term)}
            else:
                lit = {"type": "literal", "value": str(term)}
                if getattr(term, "language", None):
                    lit["xml:lang"] = term.language
                elif getattr(term, "datatype", None):
                    lit["datatype"] = str(term.datatype)
                b[var] = lit
        bindings.append(b)
    return {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}


def render_result(result, fmt: str) -> str:
    """Text of a :class:`kg.query.QueryResult` in ``fmt``: ``table``,
    ``json``, ``csv``, ``tsv`` or ``xml`` for SELECT/ASK results, ``turtle``
    or ``ntriples`` for graphs (a graph asked for in a result format comes
    as Turtle)."""
    if result.type == "CONSTRUCT":
        from .rdf.namespace import bind_prefixes

        bind_prefixes(result.graph)
        if fmt == "ntriples":
            return result.graph.serialize(format="nt")
        return result.graph.serialize(format="turtle")
    if result.type == "ASK":
        if fmt == "json":
            return to_json(ask_json(result.boolean))
        if fmt == "xml":
            return ask_xml(result.boolean)
        if fmt in {"csv", "tsv"}:
            return ("_askResult\n" if fmt == "csv" else "?_askResult\n") + ("true" if result.boolean else "false") + "\n"
        return "true" if result.boolean else "false"
    if fmt == "json":
        return to_json(sparql_json(result.variables, result.rows))
    if fmt == "csv":
        return sparql_csv(result.variables, result.rows)
    if fmt == "tsv":
        return sparql_tsv(result.variables, result.rows)
    if fmt == "xml":
        return sparql_xml(result.variables, result.rows)
    return table(result.variables, readable_rows(result.rows)) if result.rows else "(no rows)"
