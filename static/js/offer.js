// Offer page: a small map of the offer's places, and the print button.
(function () {
  'use strict';
  document.getElementById('print-offer')?.addEventListener('click', () => window.print());

  const element = document.getElementById('offer-map');
  if (!element || !window.L) return;
  const places = [...document.querySelectorAll('.location[data-lat]')]
    .map((item) => ({ lat: Number(item.dataset.lat), lng: Number(item.dataset.lng), name: item.dataset.name }))
    .filter((place) => Number.isFinite(place.lat) && Number.isFinite(place.lng));
  if (places.length === 0) {
    element.hidden = true;
    return;
  }
  const map = window.createWegweiserMap(element, { scrollWheelZoom: false });
  if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  const markers = places.map((place) => L.marker([place.lat, place.lng], { title: place.name, alt: place.name, keyboard: false }).addTo(map));
  map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [30, 30], maxZoom: 15 });
})();
