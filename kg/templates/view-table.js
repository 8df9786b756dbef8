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
