// Place picker for a new location: the postcode's centre is the first guess; a click or drag sets the pin.
(function () {
  'use strict';
  const element = document.getElementById('location-map');
  if (!element || !window.L) return;
  const district = document.getElementById('district');
  const postcode = document.getElementById('postcode');
  const lat = document.getElementById('latitude');
  const lng = document.getElementById('longitude');
  const map = L.map(element);
  if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
  const marker = L.marker([0, 0], { draggable: true, title: element.getAttribute('aria-label'), alt: element.getAttribute('aria-label') });

  function place(latlng, zoom) {
    marker.setLatLng(latlng).addTo(map);
    map.setView(latlng, zoom ?? Math.max(map.getZoom() || 0, 15));
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
  }
  function guess() {
    const option = district.selectedOptions[0];
    const entries = (option.dataset.postcodes || '').split(' ').map((entry) => entry.split(':'));
    const match = entries.find(([code]) => code === postcode.value.trim());
    place(match ? L.latLng(Number(match[1]), Number(match[2])) : L.latLng(Number(option.dataset.lat), Number(option.dataset.lng)), 15);
  }
  marker.on('dragend', () => place(marker.getLatLng()));
  map.on('click', (event) => place(event.latlng));
  district.addEventListener('change', guess);
  postcode.addEventListener('change', guess);
  if (lat.value && lng.value) place(L.latLng(Number(lat.value), Number(lng.value)), 16);
  else guess();
})();
