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
if (hash) {
  var q = hash[1];
  try { q = decodeURIComponent(q); } catch (e) { /* a malformed escape (%ZZ): search the text as given */ }
  $("kg-search").value = q; search();
}
document.body.setAttribute("data-drawn", "1");
document.body.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
