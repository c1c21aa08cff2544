// Marks the page as scripted before it is painted, so enhanced-only controls appear and fallbacks hide.
document.documentElement.classList.add('js');

/** The address with the page's language, unless German, so a copied link opens in the same language. */
window.withPageLanguage = function withPageLanguage(address) {
  const lang = document.documentElement.lang;
  const url = new URL(address, window.location.href);
  if (lang && lang !== 'de' && !url.searchParams.has('lang')) url.searchParams.set('lang', lang);
  return url.pathname + url.search + url.hash;
};
(function keepLanguageInAddress() {
  const here = window.location.pathname + window.location.search + window.location.hash;
  const withLanguage = window.withPageLanguage(window.location.href);
  if (withLanguage !== here) window.history.replaceState(window.history.state, '', withLanguage);
})();

/**
 * A Leaflet map for this page: zoom buttons on the side where reading starts
 * (right in Arabic and Farsi), attribution on the other, button titles in the
 * page's language (from the <body> data attributes). The map itself always
 * runs left to right: north stays up and east stays right.
 */
window.createWegweiserMap = function createWegweiserMap(element, options) {
  const rtl = document.documentElement.dir === 'rtl';
  const labels = document.body.dataset;
  const map = window.L.map(element, Object.assign({}, options, { zoomControl: false, attributionControl: false }));
  window.L.control.zoom({ position: rtl ? 'topright' : 'topleft', zoomInTitle: labels.mapZoomIn || 'Zoom in', zoomOutTitle: labels.mapZoomOut || 'Zoom out' }).addTo(map);
  window.L.control.attribution({ position: rtl ? 'bottomleft' : 'bottomright' }).addTo(map);
  return map;
};

/** An offer's address that carries the current search, so its "back to search" link returns to it. */
window.offerLinkFromSearch = function offerLinkFromSearch(slug) {
  const search = new URL(window.location.href);
  search.searchParams.delete('lang');
  const from = search.pathname + search.search;
  return window.withPageLanguage('/offers/' + encodeURIComponent(slug) + '?from=' + encodeURIComponent(from));
};

// The language menu (a <details>) closes on Escape and on a click elsewhere, like other menus.
document.addEventListener('click', (event) => {
  for (const menu of document.querySelectorAll('.language-menu[open]')) if (!menu.contains(event.target)) menu.open = false;
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  for (const menu of document.querySelectorAll('.language-menu[open]')) {
    menu.open = false;
    menu.querySelector('summary').focus();
  }
});
