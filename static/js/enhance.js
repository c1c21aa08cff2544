// Marks the page as scripted before it is painted, so enhanced-only controls appear and fallbacks hide.
document.documentElement.classList.add('js');

// A page in another language than German keeps it in its address, so a copied link opens in the same language.
(function keepLanguageInAddress() {
  const lang = document.documentElement.lang;
  const url = new URL(window.location.href);
  if (lang && lang !== 'de' && !url.searchParams.has('lang')) {
    url.searchParams.set('lang', lang);
    window.history.replaceState(window.history.state, '', url);
  }
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
