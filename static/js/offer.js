// Offer page: a small map of the offer's places, and the print button.
(function () {
  'use strict';
  document.getElementById('print-offer')?.addEventListener('click', () => window.print());

  const element = document.getElementById('offer-map');
  if (!element || !window.L) return;
  const places = [...document.querySelectorAll('.location[data-lat]')]
    .map((item) => ({ lat: Number(item.dataset.lat), lng: Number(item.dataset.lng), name: item.dataset.name, radius: Number(item.dataset.radius) || 0 }))
    .filter((place) => Number.isFinite(place.lat) && Number.isFinite(place.lng));
  if (places.length === 0) {
    element.hidden = true;
    return;
  }
  const map = window.createWegweiserMap(element, { scrollWheelZoom: false });
  if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  // An approximate pin (postcode or town centre) is drawn as an area, so nobody walks to the centre expecting a door.
  const markers = places.map((place) =>
    place.radius > 0
      ? L.circle([place.lat, place.lng], { radius: place.radius, weight: 2, dashArray: '6 4', fillOpacity: 0.12 }).addTo(map)
      : L.marker([place.lat, place.lng], { title: place.name, alt: place.name, keyboard: false }).addTo(map),
  );
  map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [30, 30], maxZoom: 15 });
})();
