// The places map (docs/map.md): Leaflet, served from our static files, draws Natural
// Earth's outline of Iran and its provinces and the places as clustered markers, from
// two JSON documents of this site. Nothing is requested from another host unless the
// deployment sets a tile server (DADKHAH_MAP_TILES). Without this script the page keeps
// its sketch and its list.
(function () {
  "use strict";
  var figure = document.getElementById("site-map");
  var box = document.getElementById("leaflet-map");
  if (!figure || !box || !window.L || !L.markerClusterGroup) {
    return;
  }
  var fa = document.documentElement.lang === "fa";
  var number = new Intl.NumberFormat(fa ? "fa-IR" : "en-GB");
  box.hidden = false;
  figure.classList.add("map-live");

  var map = L.map(box, { zoomSnap: 0.25, minZoom: 3, maxZoom: 17 });
  // All of Iran first (its bounding box, south-west to north-east): the places are seen
  // where they lie in the country, and a click on a cluster zooms in.
  var iran = L.latLngBounds([25.0, 44.0], [39.8, 63.4]);
  map.fitBounds(iran, { animate: false });
  map.attributionControl.setPrefix(
    '<a href="' + figure.dataset.leafletLicence + '">Leaflet</a>'
  );
  map.attributionControl.addAttribution("Natural Earth");
  if (figure.dataset.tiles) {
    L.tileLayer(figure.dataset.tiles, {
      maxZoom: 17,
      attribution: figure.dataset.tilesAttribution || "",
    }).addTo(map);
  }

  function json(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (r) {
      if (!r.ok) {
        throw new Error(url + ": " + r.status);
      }
      return r.json();
    });
  }

  // Leaflet reads a string as HTML: every name goes in as a text node.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  var provinces = fa ? "name_fa" : "name";
  // The outlines lie in a pane of their own under the markers' (Leaflet's overlay pane
  // is at z-index 400); within it the country is drawn first and the provinces over it.
  map.createPane("boundaries").style.zIndex = "350";
  // Two layers, today's 31 provinces and the 24 of 1988 (today's merged, docs/map.md),
  // switched as Leaflet's base layers; each is fetched the first time it is shown.
  function outline(year, url) {
    var layer = L.geoJSON(null, {
      pane: "boundaries",
      interactive: true,
      style: function (f) {
        return f.properties.level === "country"
          ? { className: "map-country", weight: 2, fill: true, fillOpacity: 1 }
          : { className: "map-province", weight: 1, fill: false };
      },
      onEachFeature: function (f, layer) {
        if (f.properties.level === "province") {
          layer.bindTooltip(text(f.properties[provinces] || f.properties.name), {
            sticky: true,
            className: "map-province-label",
          });
        }
      },
    });
    layer.year = year;
    layer.url = url;
    return layer;
  }
  // data-outline says what is on the map: "drawn" only once the layer's outlines are in
  // it. (Adding a base layer makes the layers control fire baselayerchange, so show() is
  // called twice for today's layer; the second call, while the first fetch was still
  // under way, used to say "drawn" over an empty layer.)
  function show(layer) {
    box.dataset.provinces = layer.year;
    if (layer.ready) {
      box.dataset.outline = "drawn";
      return;
    }
    box.dataset.outline = "loading";
    if (layer.loading) {
      return;
    }
    layer.loading = true;
    json(layer.url)
      .then(function (geo) {
        layer.addData(geo);
        layer.ready = true;
        layer.loading = false;
        if (box.dataset.provinces === layer.year) {
          box.dataset.outline = "drawn";
        }
      })
      .catch(function () {
        layer.loading = false;
        if (box.dataset.provinces === layer.year) {
          box.dataset.outline = "missing";
        }
      });
  }
  var today = outline("today", figure.dataset.boundaries);
  var layers = {};
  layers[figure.dataset.labelToday] = today;
  if (figure.dataset.boundariesThen) {
    layers[figure.dataset.labelThen] = outline("1988", figure.dataset.boundariesThen);
    L.control.layers(layers, null, { collapsed: false }).addTo(map);
  }
  map.on("baselayerchange", function (e) {
    show(e.layer);
  });
  today.addTo(map);
  show(today);

  function popup(p) {
    // Built as elements, never as HTML from the data: a name is text.
    var div = document.createElement("div");
    div.dir = "auto";
    var a = document.createElement("a");
    a.href = p.url;
    a.textContent = p.name;
    var strong = document.createElement("strong");
    strong.appendChild(a);
    div.appendChild(strong);
    var line = document.createElement("div");
    line.textContent = p.kind_label + " · " + p.state_label + (p.date ? " (" + p.date + ")" : "");
    div.appendChild(line);
    return div;
  }

  json(figure.dataset.mapData)
    .then(function (data) {
      var clusters = L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 40,
        iconCreateFunction: function (cluster) {
          var n = cluster.getChildCount();
          var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
          return L.divIcon({
            html: "<div><span>" + number.format(n) + "</span></div>",
            className: "marker-cluster marker-cluster-" + size,
            iconSize: L.point(40, 40),
          });
        },
      });
      data.places.forEach(function (p) {
        var marker = L.circleMarker([p.lat, p.lon], {
          radius: 8,
          weight: 2,
          fillOpacity: 0.9,
          className: "map-marker map-" + p.kind + " state-" + p.state,
        });
        marker.bindPopup(popup(p));
        marker.bindTooltip(text(p.name), { direction: "top" });
        clusters.addLayer(marker);
      });
      map.addLayer(clusters);
      if (data.places.length && !iran.contains(clusters.getBounds())) {
        map.fitBounds(clusters.getBounds().extend(iran), { animate: false });
      }
      box.dataset.markers = String(data.places.length);
    })
    .catch(function () {
      box.dataset.markers = "failed";
    });
})();
