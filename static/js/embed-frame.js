/* Inside an embedded Wegweiser list (/embed/list): tells the partner page how
 * tall the list is, so its embed.js can size the frame. The height is that of
 * the content box, never the viewport's, so the frame can shrink as well as
 * grow. The target origin is '*' because the partner is unknown here; the
 * message holds only a height. The partner's script checks that the message
 * comes from this origin and from its own frame. */
(function () {
  'use strict';
  if (window.parent === window) return;
  var content = document.querySelector('[data-embed-content]');
  if (!content) return;
  var TYPE = 'wegweiser:embed-height';
  var last = -1;

  function post(force) {
    var height = Math.ceil(content.getBoundingClientRect().height);
    if (!force && height === last) return;
    last = height;
    window.parent.postMessage({ type: TYPE, height: height }, '*');
  }

  if ('ResizeObserver' in window) new ResizeObserver(function () { post(false); }).observe(content);
  window.addEventListener('load', function () { post(true); });
  window.addEventListener('resize', function () { post(false); });
  // The partner's script may start after this frame has reported: it says hello, and gets the height again.
  window.addEventListener('message', function (event) {
    if (event.source === window.parent && event.data && event.data.type === 'wegweiser:embed-hello') post(true);
  });
  post(true);
})();
