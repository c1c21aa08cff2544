/* Back office, "Liste auf Partnerseiten einbinden": the preview and the snippet
 * follow the filters as they change (the page fetches itself with the form's
 * values and takes over its result part), and "Code kopieren" copies the
 * snippet. Without JavaScript the form's button does the same by loading the page. */
(function () {
  'use strict';
  var form = document.querySelector('[data-embed-form]');
  var result = document.getElementById('embed-result');
  if (!form || !result) return;
  var pending = null;
  var typing = null;

  function refresh() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value !== '') params.append(name, value); });
    var address = form.getAttribute('action') + '?' + params.toString();
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(address, { signal: pending.signal, credentials: 'same-origin' })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('embed-result');
        if (!fresh) return;
        result.innerHTML = fresh.innerHTML;
        history.replaceState(null, '', address);
      })
      .catch(function () { /* aborted by a newer change, or offline: the button still submits */ });
  }

  form.addEventListener('change', refresh);
  form.addEventListener('input', function (event) {
    if (event.target.type !== 'text') return;
    clearTimeout(typing);
    typing = setTimeout(refresh, 400);
  });

  result.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy-snippet]');
    if (!button) return;
    var snippet = document.getElementById('embed-snippet');
    var status = result.querySelector('[data-copy-status]');
    function say(text) { if (status) status.textContent = text; }
    function fallback() {
      snippet.focus();
      snippet.select();
      var copied = false;
      try { copied = document.execCommand('copy'); } catch (error) { copied = false; }
      say(button.getAttribute(copied ? 'data-copied' : 'data-copy-failed'));
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(snippet.value).then(function () { say(button.getAttribute('data-copied')); }, fallback);
    } else fallback();
  });
})();
