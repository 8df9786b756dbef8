/* The page's data, its helpers and the filters shared by the table, the
   timeline and the networks. (The view-*.js files are one script: the
   template puts them, in order, inside one function.) */
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
