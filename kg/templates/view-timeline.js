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
    info.appendChild(el("span", null, plural(total, "meeting", "meetings") + " by month" +
      (undated ? ", " + NUM.format(undated) + " undated" : "") + (yearOnly ? ", " + NUM.format(yearOnly) + " with a year only" : "")));
    if (ranged) {
      var line = el("span", null, (F.from || "\u2026") + " to " + (F.to || "\u2026") + " ");
      var clear = el("button", null, "Clear");
      clear.type = "button";
      clear.title = "Clear the period";
      clear.addEventListener("click", function () { setRange("", ""); });
      line.appendChild(clear);
      info.appendChild(line);
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
