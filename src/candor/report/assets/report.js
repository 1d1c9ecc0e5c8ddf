/* Candor HTML report: transcript filters and timeline clicks.
   Every turn is already in the page; this script only hides and shows them,
   so the report reads in full with JavaScript off. */
(function () {
  "use strict";

  function applyFilter(bar, value) {
    var list = document.getElementById(bar.getAttribute("data-turns"));
    var turns = list.querySelectorAll(".turn");
    var shown = 0;
    for (var i = 0; i < turns.length; i++) {
      // Each filter value is a class the matching turns carry.
      var show = turns[i].classList.contains(value);
      turns[i].classList.toggle("is-filtered-out", !show);
      if (show) shown++;
    }
    bar.querySelector(".filter-count").textContent =
      "Showing " + shown + " of " + turns.length + " turns";
  }

  var bars = document.querySelectorAll(".filter-bar");
  for (var b = 0; b < bars.length; b++) {
    (function (bar) {
      bar.hidden = false;  // the bar is useless without this script, so it starts hidden
      bar.addEventListener("change", function (e) {
        if (e.target.name) applyFilter(bar, e.target.value);
      });
      applyFilter(bar, bar.querySelector("input:checked").value);
    })(bars[b]);
  }

  // A link to a turn that the filter hides shows all turns again first.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target || !target.classList.contains("is-filtered-out")) return;
    var bar = document.querySelector('.filter-bar[data-turns="' + target.parentNode.id + '"]');
    var all = bar && bar.querySelector('input[value="turn"]');
    if (all) {
      all.checked = true;
      applyFilter(bar, "turn");
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();

  // A click on a moment in the timeline jumps to its turn in the transcript.
  var charts = document.querySelectorAll(".timeline .js-plotly-plot");
  for (var c = 0; c < charts.length; c++) {
    if (typeof charts[c].on !== "function") continue;
    charts[c].on("plotly_click", function (ev) {
      var p = ev && ev.points && ev.points[0];
      if (p && p.customdata) location.hash = p.customdata;
    });
  }
})();
