// Place picker for a new location: the postcode's centre is the first guess; a click or drag sets the pin.
// Used by the staff form for places (#location-map) and the new-address part of the offer forms
// ([data-location-picker], whose data attributes name its inputs). Without this script the
// pin stays empty and the server puts the place at its postcode's centre.
(function () {
  'use strict';
  const element = document.querySelector('[data-location-picker]') || document.getElementById('location-map');
  if (!element || !window.L) return;
  const input = (name) => document.getElementById(element.dataset[name + 'Input'] || name);
  const district = input('district');
  const postcode = input('postcode');
  const lat = input('latitude');
  const lng = input('longitude');
  const map = window.createWegweiserMap(element, {});
  if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
  const marker = L.marker([0, 0], { draggable: true, title: element.getAttribute('aria-label'), alt: element.getAttribute('aria-label') });

  function place(latlng, zoom) {
    marker.setLatLng(latlng).addTo(map);
    map.setView(latlng, zoom ?? Math.max(map.getZoom() || 0, 15));
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
  }
  function postcodeCentre(options) {
    for (const option of options) {
      const match = (option.dataset.postcodes || '').split(' ').map((entry) => entry.split(':')).find(([code]) => code === postcode.value.trim());
      if (match) return L.latLng(Number(match[1]), Number(match[2]));
    }
    return null;
  }
  // The chosen town's postcodes; with no town chosen yet ("– choose –"), those of every town.
  function guess() {
    const option = district.selectedOptions[0];
    const chosen = option && option.dataset.postcodes !== undefined;
    const centre = postcodeCentre(chosen ? [option] : [...district.options]);
    if (centre) place(centre, 15);
    else if (chosen) place(L.latLng(Number(option.dataset.lat), Number(option.dataset.lng)), 15);
    else map.setView([Number(element.dataset.lat), Number(element.dataset.lng)], 10);
  }
  marker.on('dragend', () => place(marker.getLatLng()));
  map.on('click', (event) => place(event.latlng));
  district.addEventListener('change', guess);
  postcode.addEventListener('change', guess);
  // A map drawn inside a closed <details> has no size; measure again when it opens.
  element.closest('details')?.addEventListener('toggle', () => map.invalidateSize());
  if (lat.value && lng.value) place(L.latLng(Number(lat.value), Number(lng.value)), 16);
  else guess();
})();
