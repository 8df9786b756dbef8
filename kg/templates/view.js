/* The kg view page: filters, timeline, meetings table, networks on a canvas
   and the details panel. Every string from the graph is inserted with
   textContent or drawn on the canvas: never parsed as markup. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var P = D.people, C = D.countries, PL = D.places, T = D.topics, A = D.articles;
  var NUM = new Intl.NumberFormat("en");
  var PAGE = 50;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function plural(n, one, many) { return NUM.format(n) + " " + (n === 1 ? one : many); }
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }

  // -- the meetings -----------------------------------------------------------------------
  var M = D.meetings.map(function (r, i) {
    return { i: i, date: r[0], people: r[1], countries: r[2], place: r[3], mode: D.modes[r[4]],
             status: D.statuses[r[5]], topics: r[6], sources: r[7], iri: r[8], hay: null };
  });
  var byPerson = P.map(function () { return []; });
  var byCountry = C.map(function () { return []; });
  M.forEach(function (m) {
    m.people.forEach(function (p) { byPerson[p].push(m.i); });
    m.countries.forEach(function (c) { byCountry[c].push(m.i); });
  });
  function personName(p) { return P[p][0]; }
  function countryName(c) { return C[c][1]; }
  function placeName(m) { return m.place >= 0 ? PL[m.place] : ""; }
  function colourOf(c) { return c < 0 ? D.noCountryColour : (D.colours[c] || D.otherColour); }
  function haystack(m) {
    if (m.hay === null) {
      var parts = [m.date, placeName(m), m.mode, m.status];
      m.people.forEach(function (p) { parts.push(personName(p)); parts = parts.concat(P[p][3]); });
      m.countries.forEach(function (c) { parts.push(countryName(c)); });
      m.topics.forEach(function (t) { parts.push(T[t]); });
      m.sources.forEach(function (s) { parts.push(s[1], A[s[0]][0]); });
      m.hay = parts.join("\n").toLowerCase();
    }
    return m.hay;
  }

  /* One date rule with `kg meetings --since/--until`: each bound is compared
     at the precision both dates have; undated meetings are outside a window. */
  function inWindow(d, since, until) {
    if (!since && !until) return true;
    if (!d) return false;
    if (since && d.slice(0, since.length) < since.slice(0, d.length)) return false;
    if (until && d.slice(0, until.length) > until.slice(0, d.length)) return false;
    return true;
  }
  function validDate(s) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
    if (!m) return false;
    var mo = m[2] ? +m[2] : 1, day = m[3] ? +m[3] : 1;
    var d = new Date(Date.UTC(+m[1], mo - 1, day));
    return d.getUTCMonth() === mo - 1 && d.getUTCDate() === day;
  }

  // -- filters ------------------------------------------------------------------------------
  var F = { text: "", person: "", country: -1, mode: "", status: "", from: "", to: "" };
  var on = new Uint8Array(M.length);   // passes every filter
  var base = new Uint8Array(M.length); // passes every filter but the dates
  var personHit = new Uint8Array(P.length);

  function filtering() { return !!(F.text || F.person || F.country >= 0 || F.mode || F.status || F.from || F.to); }
  function passesBase(m) {
    if (F.country >= 0 && m.countries.indexOf(F.country) < 0) return false;
    if (F.mode && m.mode !== F.mode) return false;
    if (F.status && m.status !== F.status) return false;
    if (F.person && !m.people.some(function (p) { return personHit[p]; })) return false;
    if (F.text && haystack(m).indexOf(F.text) < 0) return false;
    return true;
  }
  function apply() {
    if (F.person) {
      P.forEach(function (p, i) {
        personHit[i] = (p[0].toLowerCase().indexOf(F.person) >= 0 ||
                        p[3].some(function (a) { return a.toLowerCase().indexOf(F.person) >= 0; })) ? 1 : 0;
      });
    }
    var n = 0;
    M.forEach(function (m) {
      base[m.i] = passesBase(m) ? 1 : 0;
      on[m.i] = base[m.i] && inWindow(m.date, F.from, F.to) ? 1 : 0;
      n += on[m.i];
    });
    $("kg-count").textContent = filtering() ? NUM.format(n) + " of " + plural(M.length, "meeting", "meetings")
                                            : plural(M.length, "meeting", "meetings");
    $("kg-count").setAttribute("data-count", n);
    table.page = 0;
    table.render();
    timeline.render();
    Object.keys(nets).forEach(function (k) { nets[k].refresh(); });
    drawNet();
  }

  function setupFilters() {
    var byName = C.map(function (c, i) { return i; }).filter(function (i) { return byCountry[i].length; });
    byName.sort(function (a, b) { return countryName(a).localeCompare(countryName(b)); });
    byName.forEach(function (i) {
      var o = el("option", null, countryName(i) + " (" + NUM.format(byCountry[i].length) + ")");
      o.value = String(i);
      $("kg-f-country").appendChild(o);
    });
    [["kg-f-mode", D.modes], ["kg-f-status", D.statuses]].forEach(function (pair) {
      pair[1].forEach(function (v) {
        var o = el("option", null, v.replace("_", " "));
        o.value = v;
        $(pair[0]).appendChild(o);
      });
    });
    var list = $("kg-people-list");
    P.map(function (p, i) { return i; }).filter(function (i) { return byPerson[i].length; })
      .sort(function (a, b) { return byPerson[b].length - byPerson[a].length; }).slice(0, 5000)
      .forEach(function (i) { var o = el("option"); o.value = personName(i); list.appendChild(o); });

    function text(id, key) {
      $(id).addEventListener("input", function () {
        F[key] = $(id).value.trim().toLowerCase();
        $(id).classList.toggle("kg-active", !!F[key]);
        apply();
      });
    }
    text("kg-f-text", "text");
    text("kg-f-person", "person");
    $("kg-f-country").addEventListener("change", function () {
      F.country = $("kg-f-country").value === "" ? -1 : +$("kg-f-country").value;
      $("kg-f-country").classList.toggle("kg-active", F.country >= 0);
      apply();
    });
    ["mode", "status"].forEach(function (key) {
      $("kg-f-" + key).addEventListener("change", function () {
        F[key] = $("kg-f-" + key).value;
        $("kg-f-" + key).classList.toggle("kg-active", !!F[key]);
        apply();
      });
    });
    ["from", "to"].forEach(function (key) {
      $("kg-f-" + key).addEventListener("input", function () {
        var v = $("kg-f-" + key).value.trim();
        var ok = v === "" || validDate(v);
        $("kg-f-" + key).classList.toggle("kg-bad", !ok);
        if (ok) { F[key] = v; apply(); }
      });
    });
    $("kg-clear").addEventListener("click", function () { clearFilters(); });
    $("kg-filters").addEventListener("submit", function (e) { e.preventDefault(); });
  }
  function setControl(id, value, key, parsed) {
    $(id).value = value;
    F[key] = parsed;
    $(id).classList.remove("kg-bad");
    $(id).classList.toggle("kg-active", value !== "");
  }
  function setRange(from, to) {
    setControl("kg-f-from", from, "from", from);
    setControl("kg-f-to", to, "to", to);
    apply();
  }
  function setCountry(c) { setControl("kg-f-country", c >= 0 ? String(c) : "", "country", c); apply(); }
  function setPerson(p) { setControl("kg-f-person", personName(p), "person", personName(p).toLowerCase()); apply(); }
  function clearFilters() {
    setControl("kg-f-text", "", "text", "");
    setControl("kg-f-person", "", "person", "");
    setControl("kg-f-country", "", "country", -1);
    setControl("kg-f-mode", "", "mode", "");
    setControl("kg-f-status", "", "status", "");
    setControl("kg-f-from", "", "from", "");
    setControl("kg-f-to", "", "to", "");
    apply();
  }

  // -- the meetings table ---------------------------------------------------------------------------
  var SORT = {
    date: function (m) { return m.date; },
    people: function (m) { return m.people.length ? personName(m.people[0]).toLowerCase() : ""; },
    countries: function (m) { return m.countries.map(countryName).join(", ").toLowerCase(); },
    place: function (m) { return placeName(m).toLowerCase(); },
    mode: function (m) { return m.mode; },
    status: function (m) { return m.status; },
    topics: function (m) { return m.topics.map(function (t) { return T[t]; }).join(", ").toLowerCase(); },
    sources: function (m) { return m.sources.length; }
  };
  var table = {
    key: "date", dir: -1, page: 0, open: -1, rows: [],
    sort: function () {
      var f = SORT[this.key], dir = this.dir, keys = {};
      this.rows.forEach(function (i) { keys[i] = f(M[i]); });
      this.rows.sort(function (a, b) {
        var x = keys[a], y = keys[b];
        if (x === "" && y !== "") return 1;  // empty (undated, no place...) last either way
        if (y === "" && x !== "") return -1;
        if (x < y) return -dir;
        if (x > y) return dir;
        return a - b;
      });
    },
    render: function () {
      var rows = [];
      for (var i = 0; i < M.length; i++) if (on[i]) rows.push(i);
      this.rows = rows;
      this.sort();
      var pages = Math.max(1, Math.ceil(rows.length / PAGE));
      this.page = Math.min(this.page, pages - 1);
      var body = document.querySelector("#kg-table tbody");
      body.textContent = "";
      var self = this;
      rows.slice(this.page * PAGE, (this.page + 1) * PAGE).forEach(function (i) {
        var m = M[i], tr = el("tr", "kg-row" + (self.open === i ? " kg-open" : ""));
        tr.setAttribute("data-meeting", i);
        tr.appendChild(el("td", "kg-date", m.date || "undated"));
        tr.appendChild(el("td", null, m.people.map(personName).join(", ")));
        tr.appendChild(el("td", null, m.countries.map(countryName).join(", ")));
        tr.appendChild(el("td", null, placeName(m)));
        tr.appendChild(el("td", null, m.mode.replace("_", " ")));
        tr.appendChild(el("td", null, m.status));
        tr.appendChild(el("td", null, m.topics.map(function (t) { return T[t]; }).join(", ")));
        tr.appendChild(el("td", "kg-num", m.sources.length));
        tr.addEventListener("click", function () {
          self.open = self.open === i ? -1 : i;
          self.render();
          if (self.open === i) showMeeting(i);
        });
        body.appendChild(tr);
        if (self.open === i) {
          var sub = el("tr", "kg-sources"), td = el("td");
          td.colSpan = 8;
          m.sources.forEach(function (s) { td.appendChild(sourceBlock(s)); });
          sub.appendChild(td);
          body.appendChild(sub);
        }
      });
      $("kg-table").setAttribute("data-rows", rows.length);
      $("kg-page").textContent = rows.length ? NUM.format(this.page * PAGE + 1) + "\u2013" +
        NUM.format(Math.min(rows.length, (this.page + 1) * PAGE)) + " of " + plural(rows.length, "meeting", "meetings")
        : "No meeting passes the filters.";
      $("kg-prev").disabled = this.page === 0;
      $("kg-next").disabled = this.page >= pages - 1;
    }
  };
  function setupTable() {
    Array.prototype.forEach.call(document.querySelectorAll("#kg-table th"), function (th) {
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        table.dir = table.key === key ? -table.dir : (key === "date" || key === "sources" ? -1 : 1);
        table.key = key;
        Array.prototype.forEach.call(document.querySelectorAll("#kg-table th"), function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", table.dir > 0 ? "ascending" : "descending");
        table.page = 0;
        table.render();
      });
    });
    $("kg-prev").addEventListener("click", function () { table.page--; table.render(); });
    $("kg-next").addEventListener("click", function () { table.page++; table.render(); });
  }

  // -- the timeline ---------------------------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function monthNo(d) { return (+d.slice(0, 4)) * 12 + (+d.slice(5, 7)) - 1; }
  function monthText(n) { var y = Math.floor(n / 12), m = n % 12 + 1; return y + "-" + (m < 10 ? "0" : "") + m; }
  var timeline = {
    first: 0, n: 0, geo: null, drag: null,
    init: function () {
      var lo = Infinity, hi = -Infinity;
      M.forEach(function (m) { if (m.date.length >= 7) { var k = monthNo(m.date); if (k < lo) lo = k; if (k > hi) hi = k; } });
      if (lo === Infinity) { this.n = 0; return; }
      this.first = lo;
      this.n = hi - lo + 1;
    },
    svgNode: function (tag, attrs, parent) {
      var e = document.createElementNS(SVG, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      parent.appendChild(e);
      return e;
    },
    render: function () {
      var svg = $("kg-tl"), self = this;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      var counts = new Array(this.n).fill(0), undated = 0, yearOnly = 0, total = 0;
      M.forEach(function (m) {
        if (!base[m.i]) return;
        if (!m.date) undated++;
        else if (m.date.length < 7) yearOnly++;
        else { counts[monthNo(m.date) - self.first]++; total++; }
      });
      var w = svg.clientWidth || 600, h = svg.clientHeight || 80, left = 30, bottom = 15, top = 4;
      var bw = this.n ? (w - left - 4) / this.n : 0, max = Math.max(1, Math.max.apply(null, counts.concat([0])));
      this.geo = { left: left, bw: bw, w: w };
      var lo = F.from && F.from.length >= 4 ? this.clampMonth(F.from, false) : null;
      var hi = F.to && F.to.length >= 4 ? this.clampMonth(F.to, true) : null;
      var ranged = lo !== null || hi !== null;
      this.svgNode("line", { x1: left, x2: w - 4, y1: h - bottom + 0.5, y2: h - bottom + 0.5, "class": "kg-base" }, svg);
      this.svgNode("text", { x: left - 4, y: top + 9, "text-anchor": "end", "class": "kg-axis" }, svg).textContent = NUM.format(max);
      this.svgNode("text", { x: left - 4, y: h - bottom, "text-anchor": "end", "class": "kg-axis" }, svg).textContent = "0";
      var step = this.n > 60 ? 12 : this.n > 24 ? 3 : 1, lastLabel = -Infinity, lastText = null;
      for (var i = 0; i < this.n; i++) {
        var k = this.first + i, c = counts[i];
        var inside = !ranged || ((lo === null || i >= lo) && (hi === null || i <= hi));
        if (c) {
          var bh = Math.max(1, (h - bottom - top) * c / max);
          var bar = this.svgNode("rect", { x: left + i * bw + (bw > 3 ? 0.5 : 0), y: h - bottom - bh, width: Math.max(0.8, bw - (bw > 3 ? 1 : 0)),
                                           height: bh, "class": "kg-bar" + (ranged ? (inside ? " kg-in" : " kg-out") : "") }, svg);
          this.svgNode("title", {}, bar).textContent = monthText(k) + ": " + plural(c, "meeting", "meetings");
        }
        var month = k % 12;
        if (month === 0 || i === 0 || (step < 12 && month % step === 0)) {
          var label = month === 0 ? String(Math.floor(k / 12)) : i === 0 ? MONTHS[month] + " " + Math.floor(k / 12) : MONTHS[month];
          var x = left + i * bw + 1, room = month === 0 ? 30 : 26;
          if (x - lastLabel >= room || (month === 0 && i > 0)) {
            if (month === 0 && x - lastLabel < room && lastText) svg.removeChild(lastText);  // a year wins over a month
            lastText = this.svgNode("text", { x: x, y: h - 3, "class": "kg-axis" }, svg);
            lastText.textContent = label;
            lastLabel = x;
          }
        }
      }
      if (ranged) {
        var a = lo === null ? 0 : lo, b = hi === null ? this.n - 1 : hi;
        this.svgNode("rect", { x: left + a * bw, y: top - 2, width: Math.max(2, (b - a + 1) * bw), height: h - bottom - top + 2, "class": "kg-brush" }, svg);
      }
      this.brush = this.svgNode("rect", { x: 0, y: top - 2, width: 0, height: h - bottom - top + 2, "class": "kg-brush", visibility: "hidden" }, svg);
      svg.setAttribute("data-bars", counts.filter(function (c) { return c; }).length);
      svg.setAttribute("data-total", total);
      svg.setAttribute("data-range", ranged ? (F.from || "") + ".." + (F.to || "") : "");
      var info = $("kg-tl-info");
      info.textContent = "";
      info.appendChild(el("span", null, plural(total, "dated meeting", "dated meetings") + " by month"));
      if (undated || yearOnly) info.appendChild(el("span", null, NUM.format(undated) + " undated" + (yearOnly ? ", " + NUM.format(yearOnly) + " with a year only" : "")));
      if (ranged) {
        info.appendChild(el("span", null, "Selected: " + (F.from || "\u2026") + " to " + (F.to || "\u2026")));
        var clear = el("button", null, "Clear range");
        clear.type = "button";
        clear.addEventListener("click", function () { setRange("", ""); });
        info.appendChild(clear);
      } else if (this.n) {
        info.appendChild(el("span", null, "Drag across the bars to select a period."));
      }
    },
    clampMonth: function (d, end) {
      var k = monthNo(d.length === 4 ? d + (end ? "-12" : "-01") : d) - this.first;
      return Math.max(0, Math.min(this.n - 1, k));
    },
    at: function (evt) {
      var r = $("kg-tl").getBoundingClientRect();
      var i = Math.floor((evt.clientX - r.left - this.geo.left) / this.geo.bw);
      return Math.max(0, Math.min(this.n - 1, i));
    },
    setup: function () {
      var svg = $("kg-tl"), self = this;
      svg.addEventListener("pointerdown", function (e) {
        if (!self.n) return;
        self.drag = { a: self.at(e), b: self.at(e) };
        if (svg.setPointerCapture && e.pointerId !== undefined) { try { svg.setPointerCapture(e.pointerId); } catch (err) { /* synthetic pointer */ } }
        self.showBrush();
        e.preventDefault();
      });
      svg.addEventListener("pointermove", function (e) {
        if (!self.drag) return;
        self.drag.b = self.at(e);
        self.showBrush();
      });
      function end(e) {
        if (!self.drag) return;
        self.drag.b = self.at(e);
        var a = Math.min(self.drag.a, self.drag.b), b = Math.max(self.drag.a, self.drag.b);
        self.drag = null;
        setRange(monthText(self.first + a), monthText(self.first + b));
      }
      svg.addEventListener("pointerup", end);
      svg.addEventListener("dblclick", function () { setRange("", ""); });
    },
    showBrush: function () {
      var a = Math.min(this.drag.a, this.drag.b), b = Math.max(this.drag.a, this.drag.b);
      this.brush.setAttribute("x", this.geo.left + a * this.geo.bw);
      this.brush.setAttribute("width", Math.max(2, (b - a + 1) * this.geo.bw));
      this.brush.setAttribute("visibility", "visible");
    }
  };

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
    /* own: the node the label belongs to; -2 for the ten most central,
       whose names may cover other nodes (never other names) */
    function free(box, own) {
      if (box[0] < 0 || box[1] < 0 || box[0] + box[2] > W || box[1] + box[3] > H) return false;
      for (var d = 0; d < discs.length && own !== -2; d++) {
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
      var p = self.pos(n), r = self.radius(n), bold = forced || n.k < 8, own = n.k < 10 ? -2 : n.k;
      ctx.font = bold ? LABEL_BOLD : LABEL_FONT;
      var text = clip(n.name, 30), w = ctx.measureText(text).width + 4, h = 15;
      // below, above, right, left of the node, then shifted: the first place that is free
      var below = p[1] + r + 1, above = p[1] - r - h - 1;
      var spots = [[p[0] - w / 2, below], [p[0] - w / 2, above], [p[0] + r + 3, p[1] - h / 2], [p[0] - r - 3 - w, p[1] - h / 2],
                   [p[0] - w * 0.15, below], [p[0] - w * 0.85, below], [p[0] - w * 0.15, above], [p[0] - w * 0.85, above]];
      if (own === -2) {  // the most central are named further off if need be, with a leader line
        for (var ring = r + 18; ring <= r + 110; ring += 14) {
          for (var a = 0; a < 16; a++) {
            var ang = (a / 16) * 2 * Math.PI + (ring % 2) * 0.2, cx = p[0] + ring * Math.cos(ang), cy = p[1] + ring * Math.sin(ang);
            spots.push([cx - w / 2, cy - h / 2]);
          }
        }
      }
      var box = null;
      for (var j = 0; j < spots.length && !box; j++) {
        var b = [spots[j][0], spots[j][1], w, h];
        if (free(b, own)) box = b;
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

  // -- the details panel ----------------------------------------------------------------------------
  function panel(title, kind) {
    var box = $("kg-details");
    box.textContent = "";
    box.appendChild(el("h2", null, title));
    if (kind) box.appendChild(el("div", "kg-kind", kind));
    box.scrollTop = 0;
    return box;
  }
  function facts(box, pairs) {
    var dl = el("dl");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") return;
      dl.appendChild(el("dt", null, p[0]));
      var dd = el("dd");
      if (p[1].nodeType) dd.appendChild(p[1]); else dd.textContent = String(p[1]);
      dl.appendChild(dd);
    });
    box.appendChild(dl);
  }
  function link(text, action) {
    var b = el("button", "kg-link", text);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }
  function links(items, label, action) {
    var span = el("span");
    items.forEach(function (x, i) {
      if (i) span.appendChild(document.createTextNode(", "));
      span.appendChild(link(label(x), function () { action(x); }));
    });
    return span;
  }
  function sourceBlock(s) {
    var a = A[s[0]], box = el("div", "kg-src");
    box.appendChild(el("q", null, s[1]));
    var meta = [a[0]];
    if (a[4]) meta.push(a[4]);
    if (a[1]) meta.push(a[1]);
    if (a[2]) meta.push(a[2]);
    meta.push("characters " + s[2] + "\u2013" + s[3]);
    var line = el("div", "kg-meta", meta.join(" \u00b7 "));
    if (a[3]) {
      line.appendChild(document.createTextNode(" \u00b7 "));
      if (/^https?:\/\/[^\s]+$/i.test(a[3])) {
        var anchor = el("a", null, clip(a[3], 80));
        anchor.href = a[3];
        anchor.rel = "noopener noreferrer";
        anchor.target = "_blank";
        line.appendChild(anchor);
      } else {
        line.appendChild(el("span", null, a[3]));
      }
    }
    box.appendChild(line);
    return box;
  }
  function meetingLine(i) {
    var m = M[i];
    return (m.date || "undated") + " \u2014 " + m.people.map(personName).join(", ") + (m.place >= 0 ? " (" + PL[m.place] + ")" : "");
  }
  function meetingList(box, ids, title) {
    if (!ids.length) return;
    box.appendChild(el("h3", null, title));
    var ul = el("ul"), sorted = ids.slice().sort(function (a, b) { return M[b].date < M[a].date ? -1 : M[b].date > M[a].date ? 1 : a - b; });
    sorted.slice(0, 30).forEach(function (i) {
      var li = el("li");
      li.appendChild(link(meetingLine(i), function () { showMeeting(i); }));
      ul.appendChild(li);
    });
    if (sorted.length > 30) ul.appendChild(el("li", null, "\u2026 and " + NUM.format(sorted.length - 30) + " more (filter the table to see them all)"));
    box.appendChild(ul);
  }
  function counterparts(ids, pick, self) {
    var count = {};
    ids.forEach(function (i) { pick(M[i]).forEach(function (x) { if (x !== self) count[x] = (count[x] || 0) + 1; }); });
    return Object.keys(count).map(Number).sort(function (a, b) { return count[b] - count[a] || a - b; }).map(function (x) { return [x, count[x]]; });
  }
  function showPerson(p) {
    var row = P[p], box = panel(row[0], "Person");
    var ids = byPerson[p], inFilter = ids.filter(function (i) { return on[i]; }).length;
    facts(box, [
      ["Country", row[1] >= 0 ? links([row[1]], countryName, showCountry) : "unknown"],
      ["Titles", row[2].join("; ")],
      ["Also named", row[3].join("; ")],
      ["Meetings", NUM.format(ids.length) + (filtering() ? " (" + NUM.format(inFilter) + " with the filters)" : "")],
      ["Identifier", row[4]]
    ]);
    var met = counterparts(ids, function (m) { return m.people; }, p).slice(0, 12);
    if (met.length) {
      box.appendChild(el("h3", null, "Met most often"));
      box.appendChild(links(met, function (x) { return personName(x[0]) + " (" + x[1] + ")"; }, function (x) { showPerson(x[0]); }));
    }
    meetingList(box, ids, "Meetings");
    var act = el("button", "kg-act", "Show only meetings with " + clip(row[0], 40));
    act.type = "button";
    act.addEventListener("click", function () { setPerson(p); });
    box.appendChild(act);
    if (nets.people.of[p] !== undefined && net === nets.people) { net.selected = nets.people.of[p]; drawNet(); }
  }
  function showCountry(c) {
    var box = panel(countryName(c), "Country");
    var ids = byCountry[c];
    var people = P.map(function (x, i) { return i; }).filter(function (i) { return P[i][1] === c && byPerson[i].length; });
    people.sort(function (a, b) { return byPerson[b].length - byPerson[a].length; });
    facts(box, [["Code", C[c][0]], ["Meetings", NUM.format(ids.length)], ["People", NUM.format(people.length)]]);
    var with_ = counterparts(ids, function (m) { return m.countries; }, c).slice(0, 12);
    if (with_.length) {
      box.appendChild(el("h3", null, "Met most often with"));
      box.appendChild(links(with_, function (x) { return countryName(x[0]) + " (" + x[1] + ")"; }, function (x) { showCountry(x[0]); }));
    }
    if (people.length) {
      box.appendChild(el("h3", null, "People"));
      box.appendChild(links(people.slice(0, 25), personName, showPerson));
    }
    meetingList(box, ids, "Meetings");
    var act = el("button", "kg-act", "Show only meetings with " + countryName(c));
    act.type = "button";
    act.addEventListener("click", function () { setCountry(c); });
    box.appendChild(act);
    if (nets.countries.of[c] !== undefined && net === nets.countries) { net.selected = nets.countries.of[c]; drawNet(); }
  }
  function showMeeting(i) {
    var m = M[i], box = panel(m.date ? "Meeting, " + m.date : "Meeting (undated)", "Meeting");
    facts(box, [
      ["Participants", m.people.length ? links(m.people, personName, showPerson) : "none named"],
      ["Countries", links(m.countries, countryName, showCountry)],
      ["Place", m.place >= 0 ? PL[m.place] : ""],
      ["Date", m.date || "undated"],
      ["Mode", m.mode.replace("_", " ")],
      ["Status", m.status],
      ["Topics", m.topics.map(function (t) { return T[t]; }).join("; ")],
      ["Identifier", m.iri]
    ]);
    box.appendChild(el("h3", null, plural(m.sources.length, "source", "sources")));
    m.sources.forEach(function (s) { box.appendChild(sourceBlock(s)); });
  }

  function showOverview() {
    var box = panel("Overview", null);
    box.appendChild(el("p", "kg-hint", "Click a person or a country in the network, or a meeting in the table, to see what the graph knows about it. Drag across the timeline to select a period."));
    box.appendChild(el("h3", null, "Most central people"));
    var ul = el("ul");
    nets.people.nodes.slice(0, 10).forEach(function (n) {
      var li = el("li"), c = P[n.ref][1];
      li.appendChild(link(n.name, function () { showPerson(n.ref); }));
      li.appendChild(document.createTextNode((c >= 0 ? " \u00b7 " + countryName(c) : "") + " \u00b7 " + plural(n.meetings.length, "meeting", "meetings")));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.appendChild(el("h3", null, "Countries with the most meetings"));
    ul = el("ul");
    C.map(function (c, i) { return i; }).sort(function (a, b) { return byCountry[b].length - byCountry[a].length || a - b; }).slice(0, 10)
      .forEach(function (c) {
        var li = el("li");
        li.appendChild(link(countryName(c), function () { showCountry(c); }));
        li.appendChild(document.createTextNode(" \u00b7 " + plural(byCountry[c].length, "meeting", "meetings")));
        ul.appendChild(li);
      });
    box.appendChild(ul);
  }

  // -- start ------------------------------------------------------------------------------------------
  setupFilters();
  setupTable();
  timeline.init();
  timeline.setup();
  setupNetwork();
  resize();
  legend();
  apply();
  showOverview();
  var tab = /[#&]net=(people|countries)/.exec(location.hash);
  if (tab) switchTo(tab[1]);
  var hash = /[#&]q=([^&]*)/.exec(location.hash);
  if (hash) { $("kg-search").value = decodeURIComponent(hash[1]); search(); }
  document.body.setAttribute("data-drawn", "1");
  document.body.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
})();
