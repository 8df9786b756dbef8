"""`kg export -f vis`: the people network as one interactive vis.js page.

pyvis holds the network: a node per person drawn (label, a tooltip with
titles, country and meetings, a colour per country, a size by centrality
and the position :func:`kg.views.layout` gave it) and an edge per pair who
met (its width the number of their meetings). The page is this package's
own Jinja2 template, ``templates/explorer.html``: it inlines the
vis-network library pyvis ships and carries pyvis's nodes, edges and
options as escaped JSON, so it loads nothing from any other host (pyvis's
own template links Bootstrap and vis-network from CDNs) and no name can end
its script element; vis-network shows tooltips as text. Physics is off: the
positions are laid out once here, so a network of hundreds of nodes opens
at once and stays put (with physics on, vis-network never settles a
thousand nodes), and nodes can still be dragged.

The people and what is drawn are those of ``kg view``'s people network
(:func:`kg.views.report_data`): the ``max_nodes`` most central.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import KgError
from .fileio import write_text
from .filters import Filters
from .records import ReadModel
from .store import Store
from .views import CSP, DEFAULT_MAX_NODES, NO_COUNTRY_COLOUR, OTHER_COLOUR, template_asset, inlinable, report_data, template_env

#: The vis-network build pyvis 0.3.x ships (templates/lib/vis-<version>/).
VIS_VERSION = "9.1.2"
#: Screen pixels between a node and its nearest neighbour at zoom 1.
SPACING = 90.0


def people_network(model: ReadModel, *, filters: Filters | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                   seed: int = 42):
    """The pyvis ``Network`` of the people network of ``kg view`` (the
    ``max_nodes`` most central people of the meetings that pass
    ``filters``), laid out, physics off; and the note on what it left out."""
    from pyvis.network import Network

    data = report_data(model, filters=filters, max_nodes=max_nodes, seed=seed)
    people, countries, colours = data["people"], data["countries"], data["colours"]
    spec = data["networks"]["people"]
    meetings = {}
    for a, b, ms in spec["edges"]:
        meetings[a] = meetings.get(a, 0) + len(ms)
        meetings[b] = meetings.get(b, 0) + len(ms)
    net = Network(height="100%", width="100%", cdn_resources="in_line")
    for k, (person, x, y, size) in enumerate(spec["nodes"]):
        name, country, titles, _aliases, _iri = people[person]
        lines = [name] + [t for t in titles]
        if country >= 0:
            lines.append(countries[country][1])
        lines.append(f"{meetings.get(k, 0)} meeting{'s' if meetings.get(k, 0) != 1 else ''} with the people drawn")
        colour = colours.get(str(country), OTHER_COLOUR) if country >= 0 else NO_COUNTRY_COLOUR
        net.add_node(person, label=name, title="\n".join(lines), color=colour, size=8 + 22 * size,
                     x=round(x * SPACING, 1), y=round(y * SPACING, 1), physics=False)
    for a, b, ms in spec["edges"]:
        n = len(ms)
        net.add_edge(spec["nodes"][a][0], spec["nodes"][b][0], value=n, title=f"{n} meeting{'s' if n != 1 else ''}")
    net.toggle_physics(False)
    net.options.interaction.hover = True
    return net, spec["note"]


def render_network(net, *, title: str = "diplomacy-kg", note: str = "") -> str:
    """The HTML page of the pyvis network ``net``: this package's template
    with pyvis's vis-network inlined and the network as JSON data."""
    import json

    import pyvis
    from markupsafe import Markup

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    if not lib.is_dir():
        raise KgError(f"pyvis {pyvis.__version__} does not ship vis-network {VIS_VERSION} ({lib}); install pyvis 0.3.2")
    env = template_env()
    script = inlinable((lib / "vis-network.min.js").read_text(encoding="utf-8"), str(lib / "vis-network.min.js"))
    style = inlinable((lib / "vis-network.css").read_text(encoding="utf-8"), str(lib / "vis-network.css"))
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options)}
    return env.get_template("explorer.html").render(
        data=data, title=title, note=note, csp=CSP, vis_style=Markup(style), vis_script=Markup(script),
        style=Markup(template_asset(env, "explorer.css")),
    )


def write_explorer(store: Store | ReadModel, target: str | os.PathLike | None = None, *,
                   filters: Filters | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                   title: str = "diplomacy-kg") -> str:
    """The page of :func:`people_network` for ``store``, written to
    ``target`` when given; returns the page."""
    model = store if isinstance(store, ReadModel) else ReadModel(store)
    net, note = people_network(model, filters=filters, max_nodes=max_nodes)
    page = render_network(net, title=title, note=note)
    if target is not None:
        write_text(target, page)
    return page
