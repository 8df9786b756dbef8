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
