// Draw every Plotly figure embedded with json_script and referenced by data-figure.
// The same content is always in a table next to the map, so the page works without this.
(function () {
  "use strict";
  if (!window.Plotly) return;

  // Our maps draw the areas' own GeoJSON boundaries with every base layer hidden
  // (geo.visible false), yet Plotly still fetches a world topojson from its CDN for any geo
  // subplot. Give it an empty one under the name it would fetch, so nothing leaves the
  // server and maps work offline.
  var EMPTY_TOPOLOGY = { type: "Topology", objects: {}, arcs: [] };
  function provideEmptyTopojson(layout) {
    var assets = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} });
    assets.topojson = assets.topojson || {};
    Object.keys(layout || {}).forEach(function (key) {
      var geo = layout[key];
      if (!/^geo\d*$/.test(key) || !geo || geo.visible !== false) return;
      var scope = (geo.scope || "world").replace(/ /g, "-");
      var name = scope + "_" + (geo.resolution || 110) + "m";
      if (assets.topojson[name] === undefined) assets.topojson[name] = EMPTY_TOPOLOGY;
    });
  }

  // Buttons beside the figure (never inside it, see below) that save it as an image; they
  // stay hidden without this script, since only Plotly can draw the image.
  function offerDownloads(element, filename) {
    if (!filename) return;
    var buttons = document.querySelectorAll(
      '[data-for="' + element.dataset.figure + '"][data-download]'
    );
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        Plotly.downloadImage(element, { format: button.dataset.download, filename: filename });
      });
      button.parentElement.hidden = false;
    });
  }

  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    provideEmptyTopojson(figure.layout);
    var config = {
      responsive: true,
      displaylogo: false,
      scrollZoom: false,
      // No toolbar: the map is one image (role="img") for assistive technology, so it must
      // hold no buttons of its own; and nothing may offer to upload it to Plotly's cloud.
      displayModeBar: false,
      showSendToCloud: false,
    };
    offerDownloads(element, figure.download);
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.on("plotly_click", function (event) {
        var url = event.points[0] && event.points[0].customdata;
        if (url) window.location.href = url;
      });
    });
  });
})();
