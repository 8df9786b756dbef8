"""The `kg` command: a thin click layer over the library.

Each command parses options, calls one library function and turns
:class:`~kg.errors.KgError` into a ``click.ClickException`` with the same
message.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from .errors import KgError
from .formats import EXPORT_ALIASES, EXPORT_FORMATS

#: `kg build` exit codes.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_WARNINGS = 3
#: Stopped by Ctrl-C (SIGINT); what was built is kept.
EXIT_INTERRUPTED = 130


STORE_HELP = "Store directory (embedded Oxigraph) or http(s):// SPARQL endpoint."


def store_option(f):
    return click.option(
        "-s",
        "--store",
        "store",
        default=None,
        metavar="STORE",
        help=STORE_HELP + " [default: kg --store, else $KG_STORE, else kg-store]",
    )(f)


class FormatChoice(click.Choice):
    """A choice of format names that also takes their aliases (``ttl`` for
    turtle, ``nt`` for ntriples, ...), case-insensitively."""

    def __init__(self, choices, aliases: dict[str, str] | None = None):
        super().__init__(list(choices), case_sensitive=False)
        self.aliases = {k: v for k, v in (aliases or {}).items() if v in choices}

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            value = self.aliases.get(value.strip().lower(), value)
        return super().convert(value, param, ctx)


def format_option(*choices: str, default: str = "table", aliases: dict[str, str] | None = None, help: str = "Output format."):
    def deco(f):
        extra = ""
        if aliases:
            shown = [f"{k}={v}" for k, v in aliases.items() if v in choices]
            extra = f" Also: {', '.join(shown)}." if shown else ""
        return click.option(
            "-f", "--format", "fmt", type=FormatChoice(choices, aliases), default=default, show_default=True, help=help + extra
        )(f)

    return deco


class _DateType(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, checked by the read model's one date rule."""

    name = "date"

    def convert(self, value, param, ctx):
        from .filters import check_date

        try:
            return check_date(value, "the value")
        except KgError as exc:
            self.fail(str(exc), param, ctx)


def filter_options(f):
    """--since, --until, --country and --person, given to the command as one
    ``filters`` argument (:class:`kg.records.Filters`); names, aliases, ISO
    codes and IRIs are looked up as `kg query` parameters are."""

    @functools.wraps(f)
    def wrapper(*args, since, until, country, person, **kwargs):
        from .filters import Filters

        try:
            filters = Filters(since=since, until=until, country=country, person=person)
        except KgError as exc:
            raise click.UsageError(str(exc)) from None
        return f(*args, filters=filters, **kwargs)

    for option in reversed((
        click.option("--since", type=_DateType(), help="Only meetings on or after this date (YYYY, YYYY-MM or YYYY-MM-DD; compared at the precision given)."),
        click.option("--until", type=_DateType(), help="Only meetings on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--country", metavar="COUNTRY", help="Only meetings with this country (ISO code, name or IRI, as in `kg query`)."),
        click.option("--person", metavar="NAME", help="Only meetings with this participant (name or alias, any case; or an IRI)."),
    )):
        wrapper = option(wrapper)
    return wrapper


def kg_errors(f):
    """Turn library errors into click errors (exit code 1, message on stderr)."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except KgError as exc:
            raise click.ClickException(str(exc)) from None
        except (OSError, RuntimeError) as exc:
            # The store engine's own errors met while reading results lazily
            # (a damaged block found mid-read): one line, not a traceback.
            fault = _engine_fault(exc, kwargs.get("store"))
            if fault is None:
                raise
            raise click.ClickException(str(fault)) from None

    return wrapper


def _engine_fault(exc: BaseException, store: str | None):
    """The store fault an error raised by the store engine reports, or None
    (a Python-level file error, with an errno, is some other file's)."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return None
    from .store.faults import store_fault

    return store_fault(exc, store_location(store))


def store_location(store: str | None) -> str:
    """The store a command uses: its own --store, else the group's --store
    (which reads $KG_STORE), else ./kg-store."""
    if store:
        return str(store)
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root().params.get("store") if ctx is not None else None
    return str(root or os.environ.get("KG_STORE") or "kg-store")


def _open(store: str | None, *, read_only: bool = True, upgrade: bool = False):
    """Open the store for the running command; it is closed (and its lock
    released) when the command ends."""
    from .store import open_store

    st = open_store(store_location(store), read_only=read_only, create=not read_only, upgrade=upgrade)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(st.close)
    return st


def _stdout():
    """Standard output as a binary stream."""
    return sys.stdout.buffer


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.option("-s", "--store", "store", default="kg-store", show_default=True, envvar="KG_STORE", show_envvar=True, metavar="STORE",
              help=STORE_HELP + " Every command uses it unless given its own --store.")
@click.version_option(package_name="diplomacy-kg")
@click.pass_context
def cli(ctx, store):
    """diplomacy-kg: turn diplomacy news into a knowledge graph of officials,
    meetings, countries and issues, each fact traceable to its sentence.

    \b
    Start with:
      kg build articles/          build .txt files, directories or .jsonl (- reads stdin)
      kg stats                    what the store holds
      kg meetings                 who met whom, where, when, about what
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(0)


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Also write graph.ttl, graph.graphml and graph.html into this directory.")
@click.option("--model", help="spaCy model package or path (default: an installed en_core_web_* model).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes that parse and extract (resolution and the store write stay in one).")
@click.option("--force", is_flag=True, help="Rebuild articles even when their content is unchanged.")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Parse and extract on the Dask cluster of this scheduler (tcp://HOST:8786); resolve and store here.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--upgrade-store", "upgrade", is_flag=True,
              help="Upgrade a store written by an older Oxigraph in place (a copy of it is kept as STORE.before-upgrade); INPUT may then be left out.")
@kg_errors
def build(inputs, store, out, model, jobs, force, dask, quiet, upgrade):
    """Build INPUT articles (.txt files, directories, .jsonl; - for standard
    input) into the store.

    A directory may hold manifest.csv or manifest.jsonl (id, published,
    source, url, title). Standard input is JSON Lines when it starts with
    {, else the text of one article (its id: stdin-HASH.txt). Unchanged
    articles are skipped; changed ones replace their graph. On a terminal a
    progress bar shows articles done of the total, the rate and the time
    left. Exit code 0: all built; 3: built with warnings or skipped
    articles; 1: failed (nothing built, the store cannot be opened, or it
    stopped taking writes: a full disk, a server gone; what was built is
    kept, run again to finish); 130: interrupted (what was built is kept;
    run again to finish).
    """
    from .build import BuildInterrupted
    from .build import build as run_build
    from .errors import BuildStopped
    from .output import ProgressBar

    if not inputs and not upgrade:
        raise click.UsageError("Missing argument 'INPUTS...'.")

    show_bar = not quiet and sys.stderr.isatty()
    warnings: list[str] = []
    bar = None

    def on_warning(msg: str) -> None:
        warnings.append(msg)
        if not show_bar and not quiet:
            click.echo(f"warning: {msg}", err=True)

    st = _open(store, read_only=False, upgrade=upgrade)
    if st.upgraded_from is not None:
        click.echo(f"Upgraded {st.location} to the format of this Oxigraph; the old store is kept in {st.upgraded_from}", err=True)
    elif upgrade:
        click.echo(f"Nothing to upgrade: {st.location} is in the format of this Oxigraph", err=True)
    if not inputs:
        return
    if show_bar:
        from .ingest import count_articles

        bar = ProgressBar(count_articles(inputs), label="Building", unit="articles")
        bar.__enter__()
    done: list[str] = []

    def on_article(article) -> None:
        done.append(article.id)
        if bar is not None:
            bar.advance()

    def on_skip(_article_id: str) -> None:
        if bar is not None:
            bar.advance()

    try:
        report = run_build(
            inputs, store=st, model=model, jobs=jobs, force=force, on_article=on_article, on_warning=on_warning,
            on_skip=on_skip, dask=dask,
        )
    except KeyboardInterrupt as exc:
        # Each article graph is written in one atomic update: what was built
        # is complete, the rest is simply missing and the next run adds it.
        # The build's own count is read back from the store; `done` only
        # serves an interrupt that lands outside the build loop.
        built = len(exc.report.built) if isinstance(exc, BuildInterrupted) else len(done)
        click.echo(
            f"\nInterrupted after building {built} article(s); every article built so far is complete in "
            f"{st.location}. Run the same command again to build the rest (built articles are skipped).",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    except BuildStopped as exc:
        if bar is not None:
            bar.__exit__(None, None, None)
            bar = None
            for w in warnings[:10]:  # held back while the bar was drawn
                click.echo(f"  warning: {w}", err=True)
        raise click.ClickException(str(exc)) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if out is not None:
        from .export import export
        from .views import write_view

        export(st, "turtle", out / "graph.ttl")
        export(st, "graphml", out / "graph.graphml")
        write_view(st, out / "graph.html")
    if not quiet:
        t = report.totals
        click.echo(
            f"Built {len(report.built)} article(s), {len(report.unchanged)} unchanged, "
            f"{len(report.warnings)} warning(s) -> {report.store}"
        )
        click.echo(
            f"Store: {t.get('articles', 0)} articles, {t.get('people', 0)} people, {t.get('countries', 0)} countries, "
            f"{t.get('organisations', 0)} organisations, {t.get('meetings', 0)} meetings, {t.get('issues', 0)} issues, "
            f"{t.get('triples', 0)} triples ({t.get('quads', 0)} quads in the article graphs)"
        )
        if out is not None:
            click.echo(f"Wrote {out / 'graph.ttl'}, {out / 'graph.graphml'}, {out / 'graph.html'}")
        if show_bar:  # warnings were held back while the bar was drawn
            for w in report.warnings[:10]:
                click.echo(f"  warning: {w}", err=True)
            if len(report.warnings) > 10:
                click.echo(f"  ... and {len(report.warnings) - 10} more warning(s)", err=True)
    if report.exit_code == EXIT_FAILED:
        raise click.ClickException(
            f"nothing was built: no article of the input could be read and built ({len(report.warnings)} problem(s)"
            + (", listed above" if not quiet else f"; the first: {report.warnings[0]}" if report.warnings else "")
            + "); fix the input and run again"
        )
    sys.exit(report.exit_code)


def _emit(fmt: str, headers, rows, data, *, whole=()) -> None:
    from .output import delimited, table, to_json

    if fmt == "json":
        click.echo(to_json(data))
    elif fmt == "csv":
        click.echo(delimited(headers, rows), nl=False)
    elif fmt == "tsv":
        click.echo(delimited(headers, rows, delimiter="\t"), nl=False)
    else:
        click.echo(table(headers, rows, whole=whole))


#: Output formats of the listing commands (json: the contract of DESIGN.md).
LIST_FORMATS = ("table", "json", "csv", "tsv")


@cli.command()
@store_option
@format_option(*LIST_FORMATS, help="Output format; csv and tsv add the meeting and participant ids (as in kg export -f csv).")
@filter_options
@click.option("--status", type=click.Choice(["occurred", "planned", "cancelled", "unknown"]), help="Only this status.")
@click.option("--details", is_flag=True, help="Add confidence and extraction rules to each meeting.")
@kg_errors
def meetings(store, fmt, filters, status, details):
    """List meetings: participants, place, date, mode, status, topics, sources."""
    from .records import meetings as list_meetings

    items = list_meetings(_open(store), details=details, filters=filters)
    if status:
        items = [m for m in items if m["status"] == status]
    headers = ["date", "participants", "countries", "place", "mode", "status", "topics", "sources"]

    def row(m):
        return [m["date"], [p["name"] for p in m["participants"]], m["countries"], m["place"], m["mode"], m["status"],
                m["topics"], sorted({s["article"] for s in m["sources"]})]

    if fmt in ("csv", "tsv"):
        headers = ["id", *headers, "participant_ids"]
        rows = [[m["id"], *row(m), [p["id"] for p in m["participants"]]] for m in items]
    else:
        rows = [row(m) for m in items]
    _emit(fmt, headers, rows, items, whole={"participants", "countries", "place"})


@cli.command()
@store_option
@format_option(*LIST_FORMATS, help="Output format; csv and tsv add the person's id (as in kg export -f csv).")
@filter_options
@kg_errors
def people(store, fmt, filters):
    """List people: canonical name, aliases, country, titles, sources.

    With --since/--until or --person: the people of the meetings that pass
    them; with --country: the people who act for that country.
    """
    from .records import people as list_people

    items = list_people(_open(store), filters=filters)
    headers = ["name", "country", "titles", "aliases", "articles"]
    rows = [[p["name"], p["country"], p["titles"], p["aliases"], sorted({s["article"] for s in p["sources"]})] for p in items]
    if fmt in ("csv", "tsv"):
        headers = ["id", *headers]
        rows = [[p["id"], *r] for p, r in zip(items, rows)]
    _emit(fmt, headers, rows, items, whole={"name", "country", "aliases"})


QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "ntriples")


@cli.command()
@click.argument("name", required=False)
@click.option("-e", "--query", "text", metavar="SPARQL", help="Run this query text (instead of NAME).")
@store_option
@format_option(*QUERY_FORMATS, aliases=EXPORT_ALIASES,
               help="Output format: table, or the SPARQL 1.1 result formats json/csv/tsv/xml; turtle/ntriples for CONSTRUCT.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query variable (as an RDF term, never as query text). Repeatable.")
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries and their parameters.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses (federated queries send requests to other endpoints).")
@click.option("--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS", help="Cancel the query after this many seconds (default: no limit).")
@kg_errors
def query(name, text, store, fmt, params, list_queries, allow_service, timeout):
    """Run a bundled query by NAME, a SPARQL .rq file, query text (-e, or
    NAME starting with SELECT/ASK/CONSTRUCT/DESCRIBE/PREFIX), or - for a
    query on standard input.

    Bundled: meetings-between, meetings-of, who-met-whom, issues, issues-of,
    officials-by-country, sources-of, timeline (see --list). The project's
    prefixes (dkg:, schema:, sem:, skos:, prov:, dcterms:, id:, ...) are
    predeclared. --format json/csv/tsv/xml follow the SPARQL 1.1 result
    formats; CONSTRUCT/DESCRIBE queries print Turtle (or N-Triples with
    -f nt). FROM / FROM NAMED choose the dataset; SERVICE is refused unless
    --allow-service. Without NAME or -e, a query piped to standard input is
    run, else the bundled queries are listed.

    \b
    Examples:
      kg query who-met-whom
      kg query meetings-between -p a=US -p b=China
      kg query meetings-of --param person="Wang Yi" -f json
      kg query my-query.rq --param name="Xi Jinping" -f csv
      kg query -e 'SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }'
      echo 'ASK { ?m a dkg:Meeting }' | kg query -
    """
    from .output import render_result
    from .query import bundled_queries, parse_params, run_query, run_sparql

    label = "inline"
    if name == "-" or (name is None and text is None and not list_queries and not sys.stdin.isatty()):
        piped = sys.stdin.read()
        if name == "-" and not piped.strip():
            raise click.ClickException("no query on standard input; pipe a SPARQL query, or give -e TEXT or a NAME")
        if piped.strip():
            text, name, label = piped, None, "stdin"
    if name is not None and text is not None:
        raise click.UsageError("give a query NAME (or file) or -e TEXT, not both")
    if list_queries or (name is None and text is None):
        for q in bundled_queries().values():
            ps = ", ".join(f"{k} ({v}{', optional' if k in q.optional else ''})" for k, v in q.params.items())
            click.echo(f"{q.name:22} {q.description}" + (f"  [params: {ps}]" if ps else ""))
        return
    st = _open(store)
    if text is not None:
        result = run_sparql(st, text, parse_params(params), name=label, allow_service=allow_service, timeout=timeout or None)
    else:
        result = run_query(st, name, parse_params(params), allow_service=allow_service, timeout=timeout or None)
    if fmt in ("turtle", "ntriples") and result.type != "CONSTRUCT":
        raise click.ClickException(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE results; a {result.type} result prints as table, json, csv, tsv or xml"
        )
    out = render_result(result, fmt)
    click.echo(out, nl=not out.endswith("\n"))


@cli.command()
@store_option
@format_option(
    *EXPORT_FORMATS, default="turtle", aliases=EXPORT_ALIASES,
    help="turtle/ntriples/rdfxml/json-ld: merged graph; trig/nquads: one named graph per article; graphml/csv: property graph; vis: the people network as an interactive page.",
)
@click.option("-o", "--out", "out", required=True, metavar="PATH", help="Output file (a directory for csv); - for standard output.")
@kg_errors
def export(store, fmt, out):
    """Export the graph for other tools.

    Turtle, N-Triples, RDF/XML and JSON-LD (compacted, with a prefix
    context) hold the merged graph; TriG and N-Quads keep one named graph
    per article (provenance); GraphML (Gephi, yEd, igraph, networkx) and CSV
    (nodes.csv and edges.csv in the --out directory) hold the property graph
    of people, countries, meetings, issues and places with scalar
    attributes. vis (pyvis) writes the people network of kg view (the most
    central people) as one offline vis.js page to drag, zoom and hover. -o -
    writes to standard output (not csv).

    \b
    Examples:
      kg export -f ttl -o graph.ttl
      kg export -f nt -o - | riot --validate --syntax=nt -
      kg export -f csv -o graph-csv/
      kg export -f vis -o network.html
    """
    from .export import export as run_export

    st = _open(store)
    if out == "-":
        run_export(st, fmt, _stdout())
        return
    for p in run_export(st, fmt, Path(out)):
        click.echo(f"Wrote {p}")


@cli.command()
@store_option
@click.option("-o", "--out", "out", default="graph.html", show_default=True, metavar="PATH", help="HTML file to write; - for standard output.")
@click.option("--max-nodes", type=click.IntRange(1), default=300, show_default=True, help="Draw at most this many nodes per network (the most central); the page says what was left out.")
@filter_options
@click.option("--title", default="diplomacy-kg", show_default=True, help="Page title.")
@kg_errors
def view(store, out, max_nodes, filters, title):
    """Write an HTML report of the meetings that works offline.

    One self-contained file (no request to any other host): a people
    network (who met whom, coloured by country, sized by centrality) and a
    country network, a timeline of meetings per month (drag to select a
    period), a sortable, filterable table of every meeting with its source
    sentences, and a details panel. Open graph.html#q=NAME to start with a
    search in the network. -o - writes the page to standard output.
    """
    import tempfile

    from .views import write_view

    st = _open(store)
    options = dict(max_nodes=max_nodes, filters=filters, title=title)
    if out == "-":
        with tempfile.TemporaryDirectory(prefix="kg-view-") as tmp:
            page = write_view(st, Path(tmp) / "graph.html", **options)
            _stdout().write(page.read_bytes())
        return
    path = write_view(st, Path(out), **options)
    click.echo(f"Wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")


@cli.command()
@store_option
@click.option(
    "--network",
    type=click.Choice(["people", "countries", "issues"]),
    default="people",
    show_default=True,
    help="people: who met whom; countries: sides of meetings; issues: people and the issues they discussed.",
)
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Show the N best-ranked nodes.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for Louvain communities and sampled betweenness.")
@format_option(*LIST_FORMATS)
@filter_options
@kg_errors
def centrality(store, network, top, seed, fmt, filters):
    """Rank the nodes of a network by centrality, with their community.

    Columns: degree, betweenness (hops; estimated from a seeded sample above
    2,000 nodes), PageRank and eigenvector centrality (weighted by the number
    of meetings), and the Louvain community (1 = largest; seeded, so
    reproducible). Sorted by betweenness, then degree, then PageRank.
    With filters, the network of the meetings that pass them.
    """
    from .analysis import BETWEENNESS_SAMPLES, betweenness_is_sampled, project, rank

    graph = project(_open(store), network, filters)
    if graph.number_of_nodes() == 0:
        hint = "widen the filters" if filters else "build articles with meetings first (kg build)"
        raise click.ClickException(f"the {network} network is empty; {hint}")
    rows = rank(graph, top=top, seed=seed)
    if betweenness_is_sampled(graph) and fmt == "table":
        click.echo(f"note: betweenness estimated from {BETWEENNESS_SAMPLES} sampled nodes of {graph.number_of_nodes()}", err=True)
    from .output import compact_iri

    headers = ["label", "degree", "betweenness", "pagerank", "eigenvector", "community", "id"]
    cells = [[r[h] for h in headers] for r in rows]
    if fmt == "table":  # ids as prefix:name; csv, tsv and json keep the full IRI
        cells = [[*c[:-1], compact_iri(c[-1])] for c in cells]
    _emit(fmt, headers, cells, rows, whole={"label"})


@cli.command()
@store_option
@format_option("table", "json")
@kg_errors
def stats(store, fmt):
    """Tell what the store holds: articles (and their publication dates),
    people, countries, organisations, meetings (dates, by mode and status),
    issues, triples of the merged graph, quads of the article graphs and the
    size on disk."""
    from .output import to_json
    from .stats import stats_rows, store_stats

    s = store_stats(_open(store))
    if fmt == "json":
        click.echo(to_json(s.to_dict()))
        return
    rows = stats_rows(s)
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        click.echo(f"{k:{width}}  {v}")


@cli.command()
@store_option
@kg_errors
def validate(store):
    """Check the store against the SHACL shapes (ontology/shapes.ttl).

    Prints each violation with its node, property and message. Exit code 0:
    the graph conforms; 1: there are violations.
    """
    from .validate import validate as run_validate

    results = run_validate(_open(store))
    for v in results:
        click.echo(v.describe())
    violations = [v for v in results if v.severity == "Violation"]
    if violations:
        nodes = len({v.focus for v in violations})
        raise click.ClickException(f"{len(violations)} SHACL violation(s) on {nodes} node(s); see above")
    click.echo("The graph conforms to the SHACL shapes." + (f" ({len(results)} warning(s) above)" if results else ""))


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free port).")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
@click.option("--timeout", type=click.FloatRange(min=0), default=5.0, show_default=True, metavar="SECONDS", help="Time limit of one query; 0 for none.")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True, help="Query worker processes (queries running at once).")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN", help="Let web pages of ORIGIN (https://host[:port], or *) query the endpoint. Repeatable.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME", help="Also answer requests addressed to host NAME (localhost and IP addresses always). Repeatable.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses: queries may then make this machine send requests to other endpoints.")
@kg_errors
def serve(store, host, port, quiet, timeout, workers, cors, allow_hosts, allow_service):
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql.

    GET or POST (form or application/sparql-query); results as SPARQL JSON,
    XML, CSV or TSV by Accept header, CONSTRUCT as Turtle, N-Triples,
    RDF/XML or JSON-LD. GET /sparql without a query returns the service
    description. Updates are refused; SERVICE is refused unless
    --allow-service; pages of other sites are refused unless --cors allows
    them. Each query runs in a worker process and is cancelled at
    --timeout. The endpoint answers from what the last build committed.
    Stop with Ctrl-C.
    """
    import logging

    from .serve import make_server

    if not quiet:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    st = _open(store)
    server = make_server(
        st, host, port, timeout=timeout or None, workers=workers, cors=cors,
        allow_hosts=allow_hosts, allow_service=allow_service,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can query this store", err=True)
    click.echo(f"SPARQL endpoint: {server.url} (read-only; Ctrl-C to stop)")
    import signal

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop on SIGTERM as on Ctrl-C: workers end too
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        st.close()


def main() -> None:
    import signal

    # SIGTERM (kill, a service manager stopping kg) ends kg as Ctrl-C does:
    # temporary files are removed and a build reports what it kept.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
