// Draw every Plotly figure embedded with json_script and referenced by data-figure.
// The same content is always in a table next to the map, so the page works without this.
(function () {
  "use strict";
  if (!window.Plotly) return;
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    var config = { responsive: true, displaylogo: false, scrollZoom: false };
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.on("plotly_click", function (event) {
        var url = event.points[0] && event.points[0].customdata;
        if (url) window.location.href = url;
      });
    });
  });
})();
