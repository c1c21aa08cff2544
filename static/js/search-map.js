// The search page's map: every matching place, clustered; "search this area"; highlight between list and map.
// Works with and without a tile background (TILE_URL empty): markers then sit on a plain surface.
(function () {
  'use strict';

  /**
   * Builds the map for the search form, or an inert stand-in when the map cannot be drawn,
   * so a map problem never breaks the list. `onArea(bbox)` runs a search for the visible area.
   */
  window.createSearchMap = function createSearchMap(form, onArea) {
    const mapElement = document.getElementById('map');
    const noteElement = document.getElementById('map-note');
    const areaButton = document.getElementById('search-area');
    const inert = { refresh() {}, resize() {} };
    const text = (name) => (mapElement ? mapElement.dataset[name] || '' : '');
    if (!mapElement || !window.L || !window.L.markerClusterGroup) {
      if (noteElement && mapElement) noteElement.textContent = text('unavailableText');
      return inert;
    }
    try {
      return drawMap(form, onArea, mapElement, noteElement, areaButton, text);
    } catch (error) {
      noteElement.textContent = text('unavailableText');
      return inert;
    }
  };

  function drawMap(form, onArea, mapElement, noteElement, areaButton, text) {
    const [lat, lng] = mapElement.dataset.centre.split(',').map(Number);
    // maxZoom on the map itself: without a tile layer Leaflet has none, and clustering needs it.
    const map = window.createWegweiserMap(mapElement, { center: [lat, lng], zoom: Number(mapElement.dataset.zoom) || 11, maxZoom: 18 });
    if (mapElement.dataset.tileUrl) {
      L.tileLayer(mapElement.dataset.tileUrl, { attribution: mapElement.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
    } else {
      mapElement.classList.add('map-without-tiles');
    }
    const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
    map.addLayer(cluster);
    let markersByOffer = new Map();
    let movedByCode = false;
    let request = null;

    map.on('moveend', () => {
      if (movedByCode) {
        movedByCode = false;
        return;
      }
      areaButton.hidden = false;
    });
    areaButton.addEventListener('click', () => {
      const bounds = map.getBounds();
      areaButton.hidden = true;
      onArea([bounds.getSouth(), bounds.getWest(), bounds.getNorth(), bounds.getEast()].map((n) => n.toFixed(5)).join(','));
    });

    function popupContent(marker) {
      const box = document.createElement('div');
      const link = document.createElement('a');
      link.href = window.offerLinkFromSearch(marker.slug);
      link.textContent = marker.title;
      link.dir = 'auto';
      const provider = document.createElement('p');
      provider.dir = 'auto';
      provider.textContent = marker.providerName + (marker.locationName ? ' – ' + marker.locationName : '');
      box.append(link, provider);
      return box;
    }

    function markElements(offerId, active) {
      for (const marker of markersByOffer.get(offerId) || []) {
        const visible = cluster.getVisibleParent(marker);
        const element = visible && visible.getElement ? visible.getElement() : null;
        if (element) element.classList.toggle('is-active', active);
      }
    }
    function highlightFromCard(event, active) {
      const card = event.target.closest && event.target.closest('.result-card');
      if (card && document.getElementById('results').contains(card)) markElements(Number(card.dataset.offerId), active);
    }
    form.addEventListener('mouseover', (event) => highlightFromCard(event, true));
    form.addEventListener('mouseout', (event) => highlightFromCard(event, false));
    form.addEventListener('focusin', (event) => highlightFromCard(event, true));
    form.addEventListener('focusout', (event) => highlightFromCard(event, false));

    function showMarkers(data, mapParams) {
      cluster.clearLayers();
      markersByOffer = new Map();
      const card = (item) => document.querySelector('.result-card[data-offer-id="' + item.offerId + '"]');
      const layers = data.markers.map((item) => {
        const label = item.title + (item.locationName ? ' – ' + item.locationName : '');
        const marker = L.marker([item.lat, item.lng], { title: label, alt: label, keyboard: true });
        marker.bindPopup(() => popupContent(item));
        marker.on('mouseover', () => card(item)?.classList.add('is-highlighted'));
        marker.on('mouseout', () => card(item)?.classList.remove('is-highlighted'));
        if (!markersByOffer.has(item.offerId)) markersByOffer.set(item.offerId, []);
        markersByOffer.get(item.offerId).push(marker);
        return marker;
      });
      cluster.addLayers(layers);
      noteElement.textContent = data.truncated ? text('truncatedText') : '';
      if (layers.length > 0 && !mapParams.get('bbox')) fitToMarkers(true);
      areaButton.hidden = true;
    }
    function fitToMarkers(animate) {
      movedByCode = true;
      map.fitBounds(cluster.getBounds(), { padding: [24, 24], maxZoom: 14, animate });
    }

    return {
      async refresh(params) {
        const mapParams = new URLSearchParams(params);
        mapParams.delete('page');
        mapParams.delete('sort');
        if (request) request.abort();
        request = new AbortController();
        try {
          const response = await fetch('/api/v1/map?' + mapParams.toString(), { signal: request.signal });
          if (!response.ok) throw new Error('map answer ' + response.status);
          showMarkers(await response.json(), mapParams);
        } catch (error) {
          if (error.name !== 'AbortError') noteElement.textContent = text('unavailableText');
        }
      },
      /** The map was hidden (phone list view): size it again and show all markers. */
      resize() {
        map.invalidateSize();
        if (cluster.getLayers().length > 0 && !form.elements.namedItem('bbox').value) fitToMarkers(false);
        areaButton.hidden = true;
      },
    };
  }
})();
