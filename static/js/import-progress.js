// Keeps the import progress bar moving: polls the job's status and reloads the page when it is done.
// Without JavaScript the page offers a refresh link instead.
(function () {
  var box = document.querySelector('[data-import-status]');
  if (!box) return;
  var bar = box.querySelector('progress');
  var text = box.querySelector('[data-import-count]');
  var template = box.getAttribute('data-count-template') || '';
  function poll() {
    fetch(box.getAttribute('data-import-status'), { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) return;
        if (status.state !== 'running') { window.location.reload(); return; }
        if (status.total > 0) {
          bar.max = status.total;
          bar.value = status.done;
          if (text) text.textContent = template.replace('{done}', status.done).replace('{total}', status.total);
        }
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 300);
})();
