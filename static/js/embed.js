/* Wegweiser lists on partner sites. The partner pastes
 *   <iframe src="https://<wegweiser>/embed/list?…" data-wegweiser-embed …></iframe>
 *   <script src="https://<wegweiser>/static/js/embed.js" async></script>
 * and this script sets each such frame's height to its list's height, as the
 * list reports it (embed-frame.js). A message counts only when it comes from
 * the Wegweiser origin this script was loaded from and from one of the frames
 * it sizes (event.source), so no other frame or page can change a height.
 * No cookies, no storage, no requests of its own. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  var loaded = (window.wegweiserEmbeds = window.wegweiserEmbeds || {});
  if (loaded[origin]) return;
  loaded[origin] = true;
  var MIN_HEIGHT = 60;
  var MAX_HEIGHT = 20000;

  function frames() {
    return Array.prototype.filter.call(document.querySelectorAll('iframe[data-wegweiser-embed]'), function (frame) {
      try {
        return new URL(frame.getAttribute('src') || '', document.baseURI).origin === origin;
      } catch (error) {
        return false;
      }
    });
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== 'wegweiser:embed-height' || typeof data.height !== 'number' || !isFinite(data.height)) return;
    var frame = frames().filter(function (candidate) { return candidate.contentWindow === event.source; })[0];
    if (!frame) return;
    frame.style.height = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.ceil(data.height))) + 'px';
    frame.setAttribute('data-wegweiser-sized', '');
  });

  // A frame that reported before this script ran is asked again.
  function greet() {
    frames().forEach(function (frame) {
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: 'wegweiser:embed-hello' }, origin);
    });
  }
  greet();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', greet);
})();
