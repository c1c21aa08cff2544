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
  // maxZoom on the map itself, so it also works without a tile layer (TILE_URL empty).
  const map = window.createWegweiserMap(element, { maxZoom: 19 });
  if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
  const marker = L.marker([0, 0], { draggable: true, title: element.getAttribute('aria-label'), alt: element.getAttribute('aria-label') });

  function place(latlng, zoom) {
    marker.setLatLng(latlng).addTo(map);
    map.setView(latlng, zoom ?? Math.max(map.getZoom() || 0, 15));
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
  }
  const finitePoint = (latValue, lngValue) => {
    const point = [Number(latValue), Number(lngValue)];
    return latValue && lngValue && point.every(Number.isFinite) ? L.latLng(point[0], point[1]) : null;
  };
  function postcodeCentre(options) {
    const code = postcode.value.trim();
    // An empty postcode must not match the "choose a town" option, which has no postcodes (that gave NaN).
    if (!/^\d{5}$/.test(code)) return null;
    for (const option of options) {
      const match = (option.dataset.postcodes || '').split(' ').map((entry) => entry.split(':')).find(([entry]) => entry === code);
      if (match) return finitePoint(match[1], match[2]);
    }
    return null;
  }
  // The chosen town's postcodes; with no town chosen yet ("– choose –"), those of every town;
  // with neither, the region's map view.
  function guess() {
    const option = district.selectedOptions[0];
    const chosen = option && option.dataset.postcodes !== undefined;
    const centre = postcodeCentre(chosen ? [option] : [...district.options]);
    const town = chosen ? finitePoint(option.dataset.lat, option.dataset.lng) : null;
    if (centre) place(centre, 15);
    else if (town) place(town, 15);
    else {
      const regionView = finitePoint(element.dataset.lat, element.dataset.lng)
        || [...district.options].map((entry) => finitePoint(entry.dataset.lat, entry.dataset.lng)).find(Boolean);
      if (regionView) map.setView(regionView, 10);
    }
  }
  marker.on('dragend', () => place(marker.getLatLng()));
  map.on('click', (event) => place(event.latlng));
  district.addEventListener('change', guess);
  postcode.addEventListener('change', guess);
  // A map drawn inside a closed <details> has no size; measure again when it opens.
  element.closest('details')?.addEventListener('toggle', () => map.invalidateSize());
  const pinned = finitePoint(lat.value, lng.value);
  if (pinned) place(pinned, 16);
  else guess();
})();
