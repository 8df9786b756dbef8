"""Render rows as a readable table, CSV, TSV or JSON (for the CLI)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Sequence

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
