// Progressive enhancement: when a map library (Leaflet) has loaded, show a map that sets the latitude
// and longitude fields. Without it the fields are typed in by hand and the form works the same.
(function () {
  "use strict";
  var tiles = document.currentScript && document.currentScript.dataset.tiles;
  function start() {
    var box = document.getElementById("map");
    var lat = document.getElementById("lat");
    var lon = document.getElementById("lon");
    if (!box || !lat || !lon || typeof window.L === "undefined") {
      return;
    }
    box.hidden = false;
    var hasPoint = lat.value && lon.value;
    var centre = hasPoint ? [parseFloat(lat.value), parseFloat(lon.value)] : [62.0, 15.0];
    var map = window.L.map(box).setView(centre, hasPoint ? 15 : 4);
    window.L.tileLayer(tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    var pin = hasPoint ? window.L.marker(centre).addTo(map) : null;
    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      if (pin) { pin.setLatLng(event.latlng); } else { pin = window.L.marker(event.latlng).addTo(map); }
    });
    var details = box.closest("details");
    if (details) {
      details.addEventListener("toggle", function () { map.invalidateSize(); });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
