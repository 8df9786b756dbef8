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
