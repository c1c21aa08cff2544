// Offer form: a type-ahead filter over the long language list, and focus on the error summary.
// Without this script every language is shown and the form works the same.
(function () {
  'use strict';

  // A form sent back with mistakes starts at the list of them.
  document.getElementById('error-summary')?.focus();

  const filter = document.getElementById('language-filter');
  const list = document.getElementById('language-options');
  const status = document.getElementById('language-filter-status');
  if (!filter || !list) return;

  // "türk" and "turk" both find Türkisch; case and accents do not matter.
  const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const items = [...list.querySelectorAll('li[data-search]')].map((item) => ({ item, text: fold(item.dataset.search) }));

  function apply() {
    const query = fold(filter.value.trim());
    let shown = 0;
    for (const { item, text } of items) {
      const match = query === '' || text.includes(query);
      item.hidden = !match;
      if (match) shown += 1;
    }
    if (!status) return;
    if (query === '') status.textContent = '';
    else if (shown === 0) status.textContent = status.dataset.none;
    else status.textContent = status.dataset.status.replace('#', String(shown));
  }

  filter.addEventListener('input', apply);
  // Enter in the filter would send the whole form; here it only filters.
  filter.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  });
  apply();
})();
