"""Render rows as a readable table, CSV, TSV or JSON (for the CLI), and
SPARQL results in the SPARQL 1.1 result formats (JSON, CSV, TSV, XML) for
`kg query` and `kg serve`."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
from collections.abc import Collection, Sequence

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, URIRef


def term_text(term) -> str:
    if term is None:
        return ""
    return str(term)


def _cell(value) -> str:
    """A value as one line of text (CSV, TSV, wide tables): lists joined by
    "; ", whitespace runs as one space."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return value.get("name") or json.dumps(value, ensure_ascii=False)
    return " ".join(term_text(value).split())


#: First characters that make a spreadsheet read a cell as a formula
#: (OWASP, "CSV Injection"): = + - @, tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(text: str) -> str:
    """A CSV/TSV cell that a spreadsheet shows as text instead of running
    it as a formula: a cell starting with = + - @, tab or carriage return
    gets a leading apostrophe (OWASP's rule); a plain number ("-3.5") is
    left as it is. Every CSV and TSV the tool writes goes through this.

    >>> print(spreadsheet_safe('=HYPERLINK("http://x","y")'), spreadsheet_safe("-2"), spreadsheet_safe("Wang Yi"))
    '=HYPERLINK("http://x","y") -2 Wang Yi
    """
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _shown(value) -> str:
    """A value as a table shows it: numbers to four decimals."""
    if isinstance(value, float):
        return f"{value:.4f}"
    return _cell(value)


# -- tables -------------------------------------------------------------------
#: Spaces between two table columns.
GAP = 2


def terminal_width() -> int | None:
    """The width to fit tables to: ``$COLUMNS`` when set, else the
    terminal's width when standard output is a terminal, else None (piped:
    one line per row, nothing wrapped or cut)."""
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) > 0:
        return int(cols)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return None


def _lines(value) -> list[str]:
    """A cell as lines: one per list item (items are kept whole: names,
    article ids), else one line."""
    if isinstance(value, list):
        return [_cell(v) for v in value] or [""]
    return [_shown(value)]


def _atoms(value, whole: bool) -> list[str]:
    """The parts of a cell that a wrapped table never breaks: its words, or
    its lines whole (a name, each item of a list of names) when ``whole``."""
    if whole:
        return _lines(value)
    return [w for x in _lines(value) for w in x.split()] or [""]


def _pack(items: list[str], width: int) -> list[str]:
    """List items packed into lines of ``width``, "; " between them (a line
    that more items follow ends with ";" when it fits); an item is never
    split across lines (one longer than a line gets a line of its own).

    >>> _pack(["Joe Biden", "Xi Jinping", "Wang Yi"], 22)
    ['Joe Biden; Xi Jinping;', 'Wang Yi']
    """
    from rich.cells import cell_len

    lines: list[str] = []
    for item in items:
        # room for "; " + item, and for the ";" that ends the line if more follow
        if lines and cell_len(lines[-1]) + 2 + cell_len(item) + 1 <= width:
            lines[-1] += "; " + item
        else:
            if lines and cell_len(lines[-1]) + 1 <= width:
                lines[-1] += ";"
            lines.append(item)
    return lines or [""]


def _fit(natural: list[int], least: list[int], room: int) -> list[int]:
    """Column widths within ``room``: each column gets at least ``least``
    and what is left goes to the columns that want more, in proportion to
    what they lack (never past ``natural``).

    >>> _fit([10, 30, 20], [10, 12, 8], 50)
    [10, 24, 16]
    """
    widths = list(least)
    left = room - sum(widths)
    while left > 0:
        want = [n - w for n, w in zip(natural, widths)]
        total = sum(x for x in want if x > 0)
        if total == 0:
            break
        given = 0
        for i, x in enumerate(want):
            if x > 0:
                share = min(x, max(1, left * x // total))
                share = min(share, left - given)
                widths[i] += share
                given += share
        left -= given
        if given == 0:
            break
    return widths


def _render(rows: list[list[str]], widths: list[int], width: int, right: set[int] = frozenset()) -> str:
    import io as _io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    grid = Table(box=None, show_header=False, show_edge=False, pad_edge=False, padding=(0, GAP, 0, 0), collapse_padding=True)
    for i, w in enumerate(widths):
        grid.add_column(width=w, overflow="fold", justify="right" if i in right else "left")
    for row in rows:
        grid.add_row(*(Text(c) for c in row))
    console = Console(file=_io.StringIO(), width=width, color_system=None, force_terminal=False, highlight=False, emoji=False)
    console.print(grid)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())


def table(
    headers: Sequence[str], rows: Sequence[Sequence], *, width: int | None = None, wide: bool = False,
    whole: Collection[str] = (),
) -> str:
    """A plain-text table that shows every value whole.

    Fitted to ``width`` (default :func:`terminal_width`): cells wrap at
    spaces and list items go one per line; a word is never broken, nor is a
    list item of the columns named in ``whole`` (names, places). When the columns cannot fit that
    way, each row is printed as a record instead (``field  value`` lines,
    like ``psql``'s expanded display). With no width (piped output) or
    ``wide``, each row is one line and lists are joined by "; ".

    >>> rows = [["Wang Yi", ["China"]], ["Jake Sullivan", ["United States", "China"]]]
    >>> print(table(["name", "countries"], rows, width=40, whole={"countries"}))
    name           countries
    -------------  -------------
    Wang Yi        China
    <BLANKLINE>
    Jake Sullivan  United States
                   China
    """
    from rich.cells import cell_len

    if not rows:
        return "(no rows)"
    width = None if wide else (width or terminal_width())
    ncols = len(headers)
    right = {i for i in range(ncols) if all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool) for r in rows)}
    if width is None:
        cells = [[_shown(v) for v in r] for r in rows]
        widths = [max(cell_len(x) for x in [h, *(r[i] for r in cells)]) for i, h in enumerate(headers)]
        body = [list(headers), ["-" * w for w in widths], *cells]
        return _render(body, widths, sum(widths) + GAP * ncols, right)
    natural = [max([cell_len(h)] + [cell_len(x) for r in rows for x in _lines(r[i])]) for i, h in enumerate(headers)]
    least = [max([cell_len(h)] + [cell_len(x) for r in rows for x in _atoms(r[i], h in whole)]) for i, h in enumerate(headers)]
    room = width - GAP * (ncols - 1)
    if sum(natural) <= room:
        widths = natural
    elif sum(least) <= room:
        widths = _fit(natural, least, room)
    else:
        return records(headers, rows, width=width)
    cells = [["\n".join(_lines(v)) for v in r] for r in rows]
    if any("\n" in c for r in cells for c in r):
        # rows of several lines get a blank line between them, so that a row
        # with an empty first cell is not read as part of the one above
        blank = [""] * ncols
        cells = [c for r in cells for c in (r, blank)][:-1]
    body = [list(headers), ["-" * w for w in widths], *cells]
    return _render(body, widths, width + GAP, right)


def records(headers: Sequence[str], rows: Sequence[Sequence], *, width: int = 80) -> str:
    """Rows as records: a numbered rule, then one ``field  value`` line per
    column (list items one per line, long values wrapped).

    >>> print(records(["name", "titles"], [["Wang Yi", ["Foreign Minister"]]], width=30))
    -[ 1 ]------------------------
    name    Wang Yi
    titles  Foreign Minister
    """
    from rich.cells import cell_len

    label = max(cell_len(h) for h in headers)
    value = max(10, width - label - GAP)
    out = []
    for n, row in enumerate(rows, 1):
        rule = f"-[ {n} ]"
        out.append(rule + "-" * max(0, width - len(rule)))
        body = [[h, "\n".join(_pack(_lines(v), value) if isinstance(v, list) else _lines(v))] for h, v in zip(headers, row)]
        out.append(_render(body, [label, value], width + GAP))
    return "\n".join(out)


def delimited(headers: Sequence[str], rows: Sequence[Sequence], *, delimiter: str = ",") -> str:
    buf = io.StringIO()
    if delimiter == "\t":
        # TSV: one record per line, no quoting; tabs/newlines in values become spaces
        buf.write("\t".join(headers) + "\n")
        for row in rows:
            buf.write("\t".join(spreadsheet_safe(_cell(v).replace("\t", " ")) for v in row) + "\n")
        return buf.getvalue()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(headers)
    for row in rows:
        w.writerow([spreadsheet_safe(_cell(v)) for v in row])
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
    values (IRIs and literals' lexical forms; unbound is empty), each made
    :func:`spreadsheet_safe` (the CSV format is read by spreadsheets; the
    JSON, XML and TSV result formats keep every value exactly)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    w.writerow(variables)
    for row in rows:
        w.writerow([("_:" + str(t)) if isinstance(t, BNode) else ("" if t is None else spreadsheet_safe(str(t))) for t in row])
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


# -- progress -----------------------------------------------------------------
class ProgressBar:
    """A progress bar on standard error for a terminal: done/total, the rate
    (``unit``/s since the start) and the time left at that rate. ``total`` None
    (not known in advance): count and rate only.

    Use as a context manager; :meth:`advance` after each item."""

    def __init__(self, total: int | None, *, label: str = "Building", unit: str = "articles", file=None):
        self.total, self.label, self.unit, self.file = total, label, unit, file
        self._progress = None
        self._task = None

    def __enter__(self) -> ProgressBar:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
        from rich.text import Text

        unit = self.unit

        # Articles are committed in batches, so the rate is taken over the
        # whole run (rich's own speed, over the last few updates, would
        # read a batch as thousands per second).
        def rate(task) -> float | None:
            elapsed = task.finished_time if task.finished else task.elapsed
            return task.completed / elapsed if task.completed and elapsed else None

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                r = rate(task)
                return Text(f"{r:.1f} {unit}/s" if r else f"- {unit}/s")

        class Left(ProgressColumn):
            max_refresh = 0.5

            def render(self, task) -> Text:
                if task.finished:
                    return Text(f"done in {_clock(task.finished_time or task.elapsed or 0)}")
                r = rate(task)
                if task.total is None or not r:
                    return Text(f"{_clock(task.elapsed or 0)} elapsed")
                return Text(f"{_clock((task.total - task.completed) / r)} left")

        console = Console(file=self.file or sys.stderr, highlight=False)
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(), Left(),
            console=console, transient=False,
        )
        self._progress.__enter__()
        self._task = self._progress.add_task(self.label, total=self.total)
        return self

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)

    def __exit__(self, *exc) -> None:
        if self.total is None:  # the count is the total now: the bar shows it complete
            task = self._progress.tasks[0]
            self._progress.update(self._task, total=task.completed)
        self._progress.__exit__(*exc)


def _clock(seconds: float) -> str:
    """``h:mm:ss``.

    >>> _clock(75.4), _clock(3725)
    ('0:01:15', '1:02:05')
    """
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
