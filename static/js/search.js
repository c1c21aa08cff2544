// Search page enhancement: results, filters and map follow the form without a full reload,
// and the URL follows the search, so the back button and shared links give the same page.
// Without this script the page works as a plain form.
(function () {
  'use strict';

  const form = document.getElementById('search-form');
  if (!form) return;
  const panel = document.getElementById('filter-panel');
  const filterToggle = document.getElementById('open-filters');
  const status = document.getElementById('search-status');
  const drawerWidth = window.matchMedia('(max-width: 959.98px)');

  let pending = null;
  let typingTimer = null;
  // Declared before the first search can run, so a map problem cannot stop the list (see below).
  let searchMap = { refresh() {}, resize() {} };

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

  /** Instead of the old results (which no longer match the form): a message and a plain link to the search. */
  function showLoadError(url) {
    const results = document.getElementById('results');
    const notice = document.createElement('div');
    notice.className = 'notice notice-error';
    const message = document.createElement('p');
    message.textContent = status.dataset.loadFailed;
    const link = document.createElement('a');
    link.href = url;
    link.textContent = status.dataset.reload;
    const linkLine = document.createElement('p');
    linkLine.append(link);
    notice.append(message, linkLine);
    results.replaceChildren(notice);
    status.textContent = status.dataset.loadFailed;
  }

  async function fetchResults(url, signal) {
    const response = await fetch(url, { headers: { 'X-Requested-With': 'wegweiser-search' }, signal });
    // 400 is a search with a wrong value: its page explains which and offers the corrected search.
    if (!response.ok && response.status !== 400) throw new Error('search answer ' + response.status);
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    if (!page.getElementById('results')) throw new Error('search answer without results');
    return page;
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
      const page = await fetchResults(url, pending.signal);
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
      status.textContent = document.getElementById('result-count')?.textContent || '';
      searchMap.refresh(params);
      return true;
    } catch (error) {
      if (error.name === 'AbortError') return false;
      showLoadError(url);
      return false;
    } finally {
      form.removeAttribute('aria-busy');
    }
  }

  /** "Filter (2)": the number of chosen filters, in the page's digits. */
  function updateFilterCount() {
    const chips = document.querySelectorAll('#results .chip').length;
    const digits = new Intl.NumberFormat(document.documentElement.lang || 'de');
    filterToggle.querySelector('.filter-count').textContent = chips ? ' (' + digits.format(chips) + ')' : '';
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
    return load(searchUrl(params), mode);
  }

  form.addEventListener('change', (event) => {
    const target = event.target;
    if (target.name === 'q') return;
    if (target.name === 'sort') sortChosen = true;
    if (target.name === 'where') form.elements.namedItem('near').value = '';
    if (target.name === 'where' || target.name === 'radius' || target.type === 'checkbox' || target.name === 'sort' || target.name === 'age') searchFromForm('push');
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

  // A removed chip hands focus to the chip that takes its place (or the one before), else to the count.
  function focusAfterLink(chipIndex) {
    const chips = document.querySelectorAll('#results .chip');
    const next = chipIndex === null ? null : chips[Math.min(chipIndex, chips.length - 1)];
    (next || document.getElementById('result-count'))?.focus();
  }
  form.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-search-link]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const chips = [...document.querySelectorAll('#results .chip')];
    const chipIndex = chips.includes(link) ? chips.indexOf(link) : null;
    syncFields(new URL(link.href, location.href).searchParams);
    load(link.href, 'push').then((loaded) => {
      if (loaded) focusAfterLink(chipIndex);
    });
  });

  window.addEventListener('popstate', () => load(location.href, 'pop'));

  // Filters: a <details> that works without this script; on phones and tablets it opens as a drawer.
  panel.addEventListener('toggle', () => {
    document.body.classList.toggle('filters-open', panel.open && drawerWidth.matches);
    if (panel.open && drawerWidth.matches) document.getElementById('filters-heading')?.focus();
  });
  function closeFilters(returnFocus) {
    if (!panel.open) return;
    panel.open = false;
    document.body.classList.remove('filters-open');
    if (returnFocus) filterToggle.focus();
  }
  document.getElementById('close-filters')?.addEventListener('click', () => closeFilters(true));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.body.classList.contains('filters-open')) closeFilters(true);
  });
  document.addEventListener('click', (event) => {
    if (document.body.classList.contains('filters-open') && !event.target.closest('#filters, #open-filters')) closeFilters(true);
  });

  // List or map on phones.
  for (const button of form.querySelectorAll('[data-show]')) {
    button.addEventListener('click', () => {
      form.dataset.view = button.dataset.show;
      for (const other of form.querySelectorAll('[data-show]')) other.setAttribute('aria-pressed', String(other === button));
      if (button.dataset.show === 'map') {
        searchMap.resize();
        // On a phone most of the map would start below the fold: bring the switch and the map into view.
        button.parentElement.scrollIntoView({ block: 'start' });
      }
    });
  }

  // Near me: the browser's location, with a radius.
  const noteElement = document.getElementById('map-note');
  const mapText = (name) => document.getElementById('map')?.dataset[name] || '';
  document.getElementById('near-me')?.addEventListener('click', () => {
    if (!navigator.geolocation) {
      noteElement.textContent = mapText('locateFailedText');
      return;
    }
    noteElement.textContent = mapText('locatingText');
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
        noteElement.textContent = mapText('locateFailedText');
      },
      { timeout: 10000, maximumAge: 300000 },
    );
  });

  if (window.createSearchMap) {
    searchMap = window.createSearchMap(form, (bbox) => {
      form.elements.namedItem('bbox').value = bbox;
      searchFromForm('push');
    });
  }
  searchMap.refresh(new URLSearchParams(location.search));
})();
