// Search page enhancement: results, filters and map follow the form without a full reload,
// and the URL follows the search, so the back button and shared links give the same page.
// Without this script the page works as a plain form.
(function () {
  'use strict';

  const form = document.getElementById('search-form');
  if (!form) return;
  const mapElement = document.getElementById('map');
  const noteElement = document.getElementById('map-note');
  const areaButton = document.getElementById('search-area');
  const filterButton = document.getElementById('open-filters');
  const text = (name) => (mapElement ? mapElement.dataset[name] || '' : '');

  let pending = null;
  let typingTimer = null;

  /** The search as URL parameters: filled form fields only. */
  function formParams() {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim() !== '') params.append(key, value.trim());
    }
    return params;
  }

  function searchUrl(params) {
    const query = params.toString();
    return '/search' + (query ? '?' + query : '');
  }

  /** Puts the search box values back from a URL (after back/forward). */
  function syncFields(params) {
    for (const name of ['q', 'where', 'radius', 'near', 'bbox']) {
      const field = form.elements.namedItem(name);
      if (field && 'value' in field) field.value = params.get(name) || '';
    }
  }

  function replaceSection(id, fromDocument) {
    const current = document.getElementById(id);
    const fresh = fromDocument.getElementById(id);
    if (current && fresh) current.replaceWith(fresh);
  }

  /** Fetches the results for a URL and swaps filters and results in place, keeping keyboard focus. */
  async function load(target, mode) {
    // Links in the results carry no language; the address the search pushes must.
    const url = window.withPageLanguage(target);
    if (pending) pending.abort();
    pending = new AbortController();
    const active = document.activeElement;
    const focusKey = active && active.name && form.contains(active) ? [active.name, active.value] : null;
    form.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, { headers: { 'X-Requested-With': 'wegweiser-search' }, signal: pending.signal });
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      replaceSection('filters-content', page);
      replaceSection('results', page);
      if (mode === 'push') history.pushState({ search: true }, '', url);
      if (mode === 'replace') history.replaceState({ search: true }, '', url);
      const params = new URL(url, location.href).searchParams;
      if (mode === 'pop') {
        syncFields(params);
        lastPlace = placeKey();
        sortChosen = params.has('sort');
      }
      if (focusKey && focusKey[0] !== 'q' && focusKey[0] !== 'where') {
        const again = form.querySelector('[name="' + CSS.escape(focusKey[0]) + '"][value="' + CSS.escape(focusKey[1]) + '"]') || form.querySelector('[name="' + CSS.escape(focusKey[0]) + '"]');
        if (again) again.focus();
      }
      updateFilterCount();
      searchMap.refresh(params);
    } catch (error) {
      if (error.name !== 'AbortError') location.assign(url);
    } finally {
      form.removeAttribute('aria-busy');
    }
  }

  // The sort box always has a value; send it only when the visitor chose one, so that the
  // server's default applies otherwise (by distance once a place is given, as for a shared link).
  let sortChosen = new URLSearchParams(location.search).has('sort');
  let lastPlace = placeKey();
  function placeKey() {
    return form.elements.namedItem('where').value.trim() + '|' + form.elements.namedItem('near').value;
  }

  function searchFromForm(mode) {
    const params = formParams();
    params.delete('page');
    if (placeKey() !== lastPlace) sortChosen = false;
    lastPlace = placeKey();
    if (!sortChosen) params.delete('sort');
    load(searchUrl(params), mode);
  }

  function updateFilterCount() {
    if (!filterButton) return;
    const chips = document.querySelectorAll('#results .chip').length;
    filterButton.textContent = filterButton.textContent.replace(/\s*\(\d+\)$/, '') + (chips ? ' (' + chips + ')' : '');
  }

  form.addEventListener('change', (event) => {
    const target = event.target;
    if (target.name === 'q') return;
    if (target.name === 'sort') sortChosen = true;
    if (target.name === 'where') {
      form.elements.namedItem('near').value = '';
    }
    if (target.name === 'where' || target.name === 'radius' || target.type === 'checkbox' || target.name === 'sort') searchFromForm('push');
  });

  form.addEventListener('input', (event) => {
    if (event.target.name !== 'q') return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => searchFromForm('replace'), 350);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    closeFilters(false);
    searchFromForm('push');
  });

  form.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-search-link]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const params = new URL(link.href, location.href).searchParams;
    syncFields(params);
    load(link.href, 'push').then(() => document.getElementById('result-count')?.focus?.());
  });

  window.addEventListener('popstate', () => load(location.href, 'pop'));

  // Filters as a drawer on phones.
  function openFilters() {
    document.body.classList.add('filters-open');
    filterButton?.setAttribute('aria-expanded', 'true');
    document.getElementById('filters-heading')?.focus();
  }
  function closeFilters(returnFocus) {
    if (!document.body.classList.contains('filters-open')) return;
    document.body.classList.remove('filters-open');
    filterButton?.setAttribute('aria-expanded', 'false');
    if (returnFocus) filterButton?.focus();
  }
  filterButton?.addEventListener('click', openFilters);
  document.getElementById('close-filters')?.addEventListener('click', () => closeFilters(true));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeFilters(true);
  });
  document.addEventListener('click', (event) => {
    if (document.body.classList.contains('filters-open') && !event.target.closest('#filters, #open-filters')) closeFilters(true);
  });

  // List or map on phones.
  for (const button of form.querySelectorAll('[data-show]')) {
    button.addEventListener('click', () => {
      form.dataset.view = button.dataset.show;
      for (const other of form.querySelectorAll('[data-show]')) other.setAttribute('aria-pressed', String(other === button));
      if (button.dataset.show === 'map') searchMap.resize();
    });
  }

  // Near me: the browser's location, with a radius.
  document.getElementById('near-me')?.addEventListener('click', () => {
    if (!navigator.geolocation) {
      noteElement.textContent = text('locateFailedText');
      return;
    }
    noteElement.textContent = text('locatingText');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        noteElement.textContent = '';
        form.elements.namedItem('near').value = position.coords.latitude.toFixed(5) + ',' + position.coords.longitude.toFixed(5);
        form.elements.namedItem('where').value = '';
        const radius = form.elements.namedItem('radius');
        if (!radius.value) radius.value = '5';
        searchFromForm('push');
      },
      () => {
        noteElement.textContent = text('locateFailedText');
      },
      { timeout: 10000, maximumAge: 300000 },
    );
  });

  const searchMap = createSearchMap();
  searchMap.refresh(new URLSearchParams(location.search));

  /** The results map: every matching place, clustered; "search this area"; highlight between list and map. */
  function createSearchMap() {
    const inert = { refresh() {}, resize() {} };
    if (!mapElement || !window.L) {
      if (noteElement && mapElement) noteElement.textContent = text('unavailableText');
      return inert;
    }
    const [lat, lng] = mapElement.dataset.centre.split(',').map(Number);
    const map = window.createWegweiserMap(mapElement, { center: [lat, lng], zoom: Number(mapElement.dataset.zoom) || 11 });
    if (mapElement.dataset.tileUrl) {
      L.tileLayer(mapElement.dataset.tileUrl, { attribution: mapElement.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
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
      form.elements.namedItem('bbox').value = [bounds.getSouth(), bounds.getWest(), bounds.getNorth(), bounds.getEast()].map((n) => n.toFixed(5)).join(',');
      areaButton.hidden = true;
      searchFromForm('push');
    });

    function popupContent(marker) {
      const box = document.createElement('div');
      const link = document.createElement('a');
      link.href = '/offers/' + encodeURIComponent(marker.slug);
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

    const resultsArea = () => document.getElementById('results');
    form.addEventListener('mouseover', (event) => highlightFromCard(event, true));
    form.addEventListener('mouseout', (event) => highlightFromCard(event, false));
    form.addEventListener('focusin', (event) => highlightFromCard(event, true));
    form.addEventListener('focusout', (event) => highlightFromCard(event, false));
    function highlightFromCard(event, active) {
      const card = event.target.closest && event.target.closest('.result-card');
      if (card && resultsArea().contains(card)) markElements(Number(card.dataset.offerId), active);
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
          if (!response.ok) return;
          const data = await response.json();
          cluster.clearLayers();
          markersByOffer = new Map();
          const layers = data.markers.map((item) => {
            const label = item.title + (item.locationName ? ' – ' + item.locationName : '');
            const marker = L.marker([item.lat, item.lng], { title: label, alt: label, keyboard: true });
            marker.bindPopup(() => popupContent(item));
            marker.on('mouseover', () => document.querySelector('.result-card[data-offer-id="' + item.offerId + '"]')?.classList.add('is-highlighted'));
            marker.on('mouseout', () => document.querySelector('.result-card[data-offer-id="' + item.offerId + '"]')?.classList.remove('is-highlighted'));
            if (!markersByOffer.has(item.offerId)) markersByOffer.set(item.offerId, []);
            markersByOffer.get(item.offerId).push(marker);
            return marker;
          });
          cluster.addLayers(layers);
          noteElement.textContent = data.truncated ? text('truncatedText') : '';
          if (layers.length > 0 && !mapParams.get('bbox')) {
            movedByCode = true;
            map.fitBounds(cluster.getBounds(), { padding: [24, 24], maxZoom: 14 });
          }
          areaButton.hidden = true;
        } catch (error) {
          if (error.name !== 'AbortError') noteElement.textContent = text('unavailableText');
        }
      },
      /** The map was hidden (phone list view): size it again and show all markers. */
      resize() {
        map.invalidateSize();
        if (cluster.getLayers().length > 0 && !form.elements.namedItem('bbox').value) {
          movedByCode = true;
          map.fitBounds(cluster.getBounds(), { padding: [24, 24], maxZoom: 14, animate: false });
        }
        areaButton.hidden = true;
      },
    };
  }
})();
