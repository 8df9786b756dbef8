// -- the networks ---------------------------------------------------------------------------------
var canvas = $("kg-canvas"), ctx = canvas.getContext("2d"), W = 0, H = 0;
var LABEL_FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
var LABEL_BOLD = "600 12.5px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

function Net(kind, spec) {
  this.kind = kind;
  this.note = spec.note;
  this.nodes = spec.nodes.map(function (n, k) {
    var people = kind === "people";
    return { k: k, ref: n[0], x: n[1], y: n[2], size: n[3], active: true,
             name: people ? P[n[0]][0] : C[n[0]][1],
             colour: people ? colourOf(P[n[0]][1]) : colourOf(n[0]),
             meetings: people ? byPerson[n[0]] : byCountry[n[0]] };
  });
  this.of = {};
  var self = this;
  this.nodes.forEach(function (n) { self.of[n.ref] = n.k; });
  this.edges = spec.edges.map(function (e) { return { a: e[0], b: e[1], ms: e[2], w: e[2].length }; });
  this.adj = this.nodes.map(function () { return []; });
  this.edges.forEach(function (e) { self.adj[e.a].push(e.b); self.adj[e.b].push(e.a); });
  this.view = null;
  this.matches = null;
  this.selected = -1;
  this.hover = -1;
  this.widths = {};
}
Net.prototype.refresh = function () {
  var nodesOn = 0, edgesOn = 0;
  this.edges.forEach(function (e) {
    var w = 0;
    for (var i = 0; i < e.ms.length; i++) w += on[e.ms[i]];
    e.w = w;
    if (w) edgesOn++;
  });
  this.nodes.forEach(function (n) {
    n.active = false;
    for (var i = 0; i < n.meetings.length; i++) if (on[n.meetings[i]]) { n.active = true; break; }
    if (n.active) nodesOn++;
  });
  this.nodesOn = nodesOn;
  this.edgesOn = edgesOn;
};
Net.prototype.fit = function (subset) {
  var list = subset && subset.length ? subset.map(function (k) { return this.nodes[k]; }, this) : this.nodes;
  if (!list.length || !W || !H) return;
  var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  list.forEach(function (n) { x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y); });
  var padX = 56, padY = 38, legendH = $("kg-legend").offsetHeight + 4;
  var sx = (W - 2 * padX) / Math.max(x1 - x0, 1e-9), sy = (H - 2 * padY - legendH) / Math.max(y1 - y0, 1e-9);
  /* a screen is wider than the layout: stretch it sideways (at most
     2.2 times), which gives the names room */
  var k = subset ? (this.view ? this.view.k : 1) : Math.max(1, Math.min(2.2, sx / sy || 1));
  var s = Math.min(sx / k, sy);
  if (!isFinite(s) || s <= 0) s = 1;
  if (list.length === 1 || (x1 - x0 < 1e-6 && y1 - y0 < 1e-6)) s = this.view ? this.view.s : 1;
  if (!this.s0 || !subset) this.s0 = s;
  s = Math.min(s, this.s0 * 8);
  this.view = { s: s, k: k, tx: W / 2 - s * k * (x0 + x1) / 2, ty: (H - legendH) / 2 - s * (y0 + y1) / 2 };
};
Net.prototype.pos = function (n) { return [n.x * this.view.s * this.view.k + this.view.tx, n.y * this.view.s + this.view.ty]; };
/* Layout units are the typical distance between neighbours: a node's
   radius follows the on-screen size of a unit, within bounds. */
Net.prototype.radius = function (n) {
  var z = Math.min(1.6, Math.max(0.6, this.view.s / 22));
  return (this.kind === "people" ? 2 + 10 * n.size : 3 + 12 * n.size) * z;
};
Net.prototype.hit = function (x, y) {
  var best = -1, bestD = Infinity, self = this;
  this.nodes.forEach(function (n) {
    var p = self.pos(n), r = self.radius(n) + 3, d = (p[0] - x) * (p[0] - x) + (p[1] - y) * (p[1] - y);
    if (d <= r * r && d < bestD) { best = n.k; bestD = d; }
  });
  return best;
};
Net.prototype.focusSet = function () {
  var set = null, self = this;
  if (this.matches) {
    set = {};
    this.matches.forEach(function (k) { set[k] = 2; self.adj[k].forEach(function (j) { if (!set[j]) set[j] = 1; }); });
  }
  return set;
};
Net.prototype.draw = function () {
  if (!this.view) this.fit();
  if (!this.view) return;
  var self = this, focus = this.focusSet(), sel = this.selected, hov = this.hover;
  ctx.clearRect(0, 0, W, H);
  var near = {}, alpha = Math.max(0.07, Math.min(0.38, 0.38 * Math.sqrt(300 / Math.max(1, this.edgesOn))));
  [sel, hov].forEach(function (k) { if (k >= 0) { near[k] = true; self.adj[k].forEach(function (j) { near[j] = true; }); } });
  this.edges.forEach(function (e) {
    if (!e.w) return;
    var a = self.nodes[e.a], b = self.nodes[e.b], pa = self.pos(a), pb = self.pos(b);
    var strong = (sel >= 0 && (e.a === sel || e.b === sel)) || (hov >= 0 && (e.a === hov || e.b === hov));
    var faint = focus && !(focus[e.a] === 2 || focus[e.b] === 2);
    ctx.strokeStyle = strong ? "rgba(31,42,55,0.75)" : faint ? "rgba(150,160,170,0.1)" : "rgba(110,122,135," + alpha + ")";
    ctx.lineWidth = Math.min(9, 0.7 + 1.3 * Math.sqrt(e.w - 1));
    ctx.beginPath();
    ctx.moveTo(pa[0], pa[1]);
    ctx.lineTo(pb[0], pb[1]);
    ctx.stroke();
  });
  var order = this.nodes.slice().reverse();  // the most central on top
  order.forEach(function (n) {
    var p = self.pos(n), r = self.radius(n);
    if (p[0] < -r || p[1] < -r || p[0] > W + r || p[1] > H + r) return;
    var dim = !n.active || (focus && !focus[n.k]);
    ctx.globalAlpha = dim ? 0.22 : 1;
    ctx.fillStyle = n.active ? n.colour : "#d5d9de";
    ctx.beginPath();
    ctx.arc(p[0], p[1], r, 0, 2 * Math.PI);
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#fff";
    ctx.stroke();
    if (n.k === sel || (focus && focus[n.k] === 2)) {
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = "#1f2a37";
      ctx.beginPath();
      ctx.arc(p[0], p[1], r + 2.5, 0, 2 * Math.PI);
      ctx.stroke();
    }
  });
  ctx.globalAlpha = 1;
  this.labels(focus, near);
  canvas.setAttribute("data-net", this.kind);
  canvas.setAttribute("data-nodes", this.nodes.length);
  canvas.setAttribute("data-active-nodes", this.nodesOn);
  canvas.setAttribute("data-active-edges", this.edgesOn);
};
/* Labels in order of centrality (the selected, hovered and matching
   nodes first), each only where it overlaps no label drawn before it:
   the most central names are always readable, at any zoom. */
Net.prototype.labels = function (focus, near) {
  var self = this, placed = [], shown = 0, discs = [], labelled = [];
  this.nodes.forEach(function (n) {  // labels keep off the nodes too
    if (!n.active && !(focus && focus[n.k])) return;
    var p = self.pos(n), r = self.radius(n);
    if (p[0] > -r && p[1] > -r && p[0] < W + r && p[1] < H + r) discs.push([p[0], p[1], r, n.k]);
  });
  var first = [], rest = [];
  this.nodes.forEach(function (n) {
    if (n.k === self.selected || n.k === self.hover || (focus && focus[n.k] === 2)) first.push(n);
    else if (n.active && (!focus || focus[n.k]) ) rest.push(n);
  });
  /* own: the node the label belongs to; overNodes: the label may cover
     other nodes (never other names) */
  function free(box, own, overNodes) {
    if (box[0] < 0 || box[1] < 0 || box[0] + box[2] > W || box[1] + box[3] > H) return false;
    for (var d = 0; d < discs.length && !overNodes; d++) {
      var c = discs[d];
      if (c[3] === own) continue;
      var dx = Math.max(box[0] - c[0], 0, c[0] - box[0] - box[2]), dy = Math.max(box[1] - c[1], 0, c[1] - box[1] - box[3]);
      if (dx * dx + dy * dy < 0.7 * c[2] * c[2]) return false;  // a label may touch a node's rim
    }
    for (var j = 0; j < placed.length; j++) {
      var q = placed[j];
      if (box[0] < q[0] + q[2] && q[0] < box[0] + box[2] && box[1] < q[1] + q[3] && q[1] < box[1] + box[3]) return false;
    }
    return true;
  }
  ctx.textBaseline = "top";
  first.concat(rest).forEach(function (n, i) {
    var forced = i < first.length;
    if (!forced && shown >= 250) return;
    var p = self.pos(n), r = self.radius(n), bold = forced || n.k < 8, top = n.k < 10;
    ctx.font = bold ? LABEL_BOLD : LABEL_FONT;
    var text = clip(n.name, 30), w = ctx.measureText(text).width + 4, h = 15;
    // below, above, right, left of the node, then shifted: the first place that is free
    var below = p[1] + r + 1, above = p[1] - r - h - 1;
    var spots = [[p[0] - w / 2, below], [p[0] - w / 2, above], [p[0] + r + 3, p[1] - h / 2], [p[0] - r - 3 - w, p[1] - h / 2],
                 [p[0] - w * 0.15, below], [p[0] - w * 0.85, below], [p[0] - w * 0.15, above], [p[0] - w * 0.85, above]];
    if (top) {  // the ten most central are named further off if need be, with a leader line
      for (var ring = r + 18; ring <= r + 110; ring += 14) {
        for (var a = 0; a < 16; a++) {
          var ang = (a / 16) * 2 * Math.PI + (ring % 2) * 0.2, cx = p[0] + ring * Math.cos(ang), cy = p[1] + ring * Math.sin(ang);
          spots.push([cx - w / 2, cy - h / 2]);
        }
      }
    }
    var box = null;
    for (var pass = 0; pass < (top ? 2 : 1) && !box; pass++) {  // then, for them, over other nodes
      for (var j = 0; j < spots.length && !box; j++) {
        var b = [spots[j][0], spots[j][1], w, h];
        if (free(b, n.k, pass === 1)) box = b;
      }
    }
    if (!box) {
      if (!forced) return;
      box = [spots[0][0], spots[0][1], w, h];
    }
    placed.push(box);
    shown++;
    var lx = Math.max(box[0], Math.min(p[0], box[0] + w)), ly = Math.max(box[1], Math.min(p[1], box[1] + h));
    if (Math.hypot(lx - p[0], ly - p[1]) > r + 6) {
      ctx.strokeStyle = "rgba(31,42,55,0.55)";
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      ctx.lineTo(lx, ly);
      ctx.stroke();
    }
    if (labelled.length < 100) labelled.push(n.k);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.fillStyle = near[n.k] || forced ? "#0d1720" : "#26313c";
    ctx.textAlign = "center";
    ctx.strokeText(text, box[0] + w / 2, box[1] + 1);
    ctx.fillText(text, box[0] + w / 2, box[1] + 1);
  });
  canvas.setAttribute("data-labels", shown);
  canvas.setAttribute("data-labelled", labelled.join(" "));  // the nodes named, in rank order (the first 100)
};

var nets = { people: new Net("people", D.networks.people), countries: new Net("countries", D.networks.countries) };
var net = nets.people;

function resize() {
  var r = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
  W = r.width;
  H = r.height;
  canvas.width = Math.max(1, Math.round(W * dpr));
  canvas.height = Math.max(1, Math.round(H * dpr));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}
function drawNet() {
  net.draw();
  var note = net.note;
  if (filtering()) note += " With the filters: " + plural(net.nodesOn, "node", "nodes") + " and " + plural(net.edgesOn, "tie", "ties") + " of the drawn network have meetings.";
  $("kg-note").textContent = note;
}
function legend() {
  var box = $("kg-legend");
  box.textContent = "";
  var seen = {};
  net.nodes.forEach(function (n) {
    var c = net.kind === "people" ? P[n.ref][1] : n.ref;
    seen[D.colours[c] ? c : c < 0 ? "none" : "other"] = true;
  });
  Object.keys(D.colours).forEach(function (c) {
    if (!seen[c]) return;
    var item = el("span"), dot = el("i");
    dot.style.background = D.colours[c];
    item.appendChild(dot);
    item.appendChild(document.createTextNode(countryName(+c)));
    item.title = "Show only meetings with " + countryName(+c);
    item.addEventListener("click", function () { setCountry(+c); });
    box.appendChild(item);
  });
  [["other", D.otherColour, "other countries"], ["none", D.noCountryColour, "no country"]].forEach(function (o) {
    if (!seen[o[0]]) return;
    var item = el("span"), dot = el("i");
    dot.style.background = o[1];
    item.appendChild(dot);
    item.appendChild(document.createTextNode(o[2]));
    box.appendChild(item);
  });
}
function search() {
  var q = $("kg-search").value.trim().toLowerCase(), out = $("kg-matches");
  if (!q) {
    net.matches = null;
    out.textContent = "";
    canvas.setAttribute("data-matches", "");
    net.fit();
    drawNet();
    return;
  }
  var hits = [];
  net.nodes.forEach(function (n) {
    var names = net.kind === "people" ? [n.name].concat(P[n.ref][3]) : [n.name, C[n.ref][0]];
    if (names.some(function (s) { return s.toLowerCase().indexOf(q) >= 0; })) hits.push(n.k);
  });
  net.matches = hits;
  var more = 0;
  if (net.kind === "people") {
    P.forEach(function (p, i) { if (net.of[i] === undefined && byPerson[i].length && p[0].toLowerCase().indexOf(q) >= 0) more++; });
  }
  out.textContent = plural(hits.length, "match", "matches") + (more ? ", " + NUM.format(more) + " more not drawn" : "");
  canvas.setAttribute("data-matches", hits.length);
  if (hits.length) {
    var around = hits.slice();
    if (hits.length <= 40) hits.forEach(function (k) { around = around.concat(net.adj[k]); });
    net.fit(around);
    var exact = hits.filter(function (k) { return net.nodes[k].name.toLowerCase() === q; });
    if (hits.length === 1 || exact.length) select(exact.length ? exact[0] : hits[0]);
  } else if (more && net.kind === "people") {
    var first = P.findIndex(function (p, i) { return net.of[i] === undefined && byPerson[i].length && p[0].toLowerCase().indexOf(q) >= 0; });
    if (first >= 0) showPerson(first);
  }
  drawNet();
}
function select(k) {
  net.selected = k;
  if (k < 0) return;
  var n = net.nodes[k];
  if (net.kind === "people") showPerson(n.ref); else showCountry(n.ref);
}
function switchTo(kind) {
  net.hover = -1;
  net = nets[kind];
  Array.prototype.forEach.call(document.querySelectorAll(".kg-tabs button"), function (b) {
    b.setAttribute("aria-selected", b.getAttribute("data-net") === kind ? "true" : "false");
  });
  legend();
  if ($("kg-search").value.trim()) search(); else drawNet();
}
function setupNetwork() {
  var drag = null;
  function point(e) { var r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
  canvas.addEventListener("pointerdown", function (e) {
    var p = point(e);
    drag = { x: p[0], y: p[1], tx: net.view.tx, ty: net.view.ty, node: net.hit(p[0], p[1]), moved: false };
    canvas.style.cursor = drag.node >= 0 ? "pointer" : "grabbing";
  });
  canvas.addEventListener("pointermove", function (e) {
    var p = point(e), tip = $("kg-hover");
    if (drag) {
      if (Math.abs(p[0] - drag.x) + Math.abs(p[1] - drag.y) > 3) drag.moved = true;
      if (drag.moved && drag.node < 0) {
        net.view.tx = drag.tx + p[0] - drag.x;
        net.view.ty = drag.ty + p[1] - drag.y;
        drawNet();
      }
      return;
    }
    var k = net.hit(p[0], p[1]);
    canvas.classList.toggle("kg-over", k >= 0);
    if (k !== net.hover) { net.hover = k; drawNet(); }
    if (k >= 0) {
      var n = net.nodes[k], info = n.name;
      if (net.kind === "people" && P[n.ref][1] >= 0) info += "\n" + countryName(P[n.ref][1]);
      info += "\n" + plural(n.meetings.length, "meeting", "meetings");
      tip.textContent = info;
      tip.hidden = false;
      tip.style.left = Math.min(W - 160, p[0] + 14) + "px";
      tip.style.top = Math.min(H - 50, p[1] + 10) + "px";
    } else tip.hidden = true;
  });
  canvas.addEventListener("pointerleave", function () { $("kg-hover").hidden = true; if (net.hover >= 0) { net.hover = -1; drawNet(); } });
  window.addEventListener("pointerup", function () {
    if (!drag) return;
    var d = drag;
    drag = null;
    canvas.style.cursor = "";
    if (!d.moved) { select(d.node); drawNet(); }
  });
  canvas.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = point(e), v = net.view, f = Math.exp(-e.deltaY * 0.0015);
    var s = Math.max(net.s0 * 0.3, Math.min(net.s0 * 40, v.s * f));
    v.tx = p[0] - (p[0] - v.tx) * (s / v.s);
    v.ty = p[1] - (p[1] - v.ty) * (s / v.s);
    v.s = s;
    drawNet();
  }, { passive: false });
  canvas.addEventListener("dblclick", function () { net.fit(); drawNet(); });
  Array.prototype.forEach.call(document.querySelectorAll(".kg-tabs button"), function (b) {
    b.addEventListener("click", function () { switchTo(b.getAttribute("data-net")); });
  });
  $("kg-search").addEventListener("input", search);
  window.addEventListener("resize", function () {
    resize();
    Object.keys(nets).forEach(function (k) { nets[k].view = null; });
    drawNet();
    timeline.render();
  });
}
