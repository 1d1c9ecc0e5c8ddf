/* Candor web app: draw the charts whose data the page carries.
   Each figure sits in a <script type="application/json" data-chart="ID">
   block (data, never run: the CSP forbids inline script); this file, served
   from /static like plotly.js, reads it and draws into the element ID. */
(function () {
  "use strict";
  if (typeof Plotly === "undefined") return;  // the tables and transcript still read without charts

  var blocks = document.querySelectorAll("script[type='application/json'][data-chart]");
  for (var i = 0; i < blocks.length; i++) {
    var target = document.getElementById(blocks[i].getAttribute("data-chart"));
    if (!target) continue;
    var fig = JSON.parse(blocks[i].textContent);
    Plotly.newPlot(target, fig.data, fig.layout, fig.config || {});
    // A click on a moment jumps to its turn (customdata holds "#s1-t5").
    target.on("plotly_click", function (ev) {
      var p = ev && ev.points && ev.points[0];
      if (p && typeof p.customdata === "string" && p.customdata.charAt(0) === "#") location.hash = p.customdata;
    });
  }
})();
