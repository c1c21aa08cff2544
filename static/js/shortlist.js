// The shortlist ("Merkliste") lives in this browser only. The offer ids are kept in a cookie
// (so the pages work without JavaScript, too); the notes are kept in localStorage and are
// never sent anywhere: they only appear on this screen and on the printed sheet.
(function shortlist() {
  const COOKIE = 'wegweiser_shortlist';
  const STORE = 'wegweiser.shortlist';
  const MAX = 30;
  const MAX_AGE = 183 * 24 * 3600;

  function readIds() {
    const entry = document.cookie.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${COOKIE}=`));
    if (!entry) return [];
    const ids = [];
    for (const part of decodeURIComponent(entry.slice(COOKIE.length + 1)).split('.')) {
      if (/^\d{1,9}$/.test(part) && !ids.includes(Number(part)) && ids.length < MAX) ids.push(Number(part));
    }
    return ids;
  }
  function writeIds(ids) {
    document.cookie = ids.length === 0 ? `${COOKIE}=; path=/; max-age=0; samesite=lax` : `${COOKIE}=${ids.join('.')}; path=/; max-age=${MAX_AGE}; samesite=lax`;
  }
  function readStore() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(STORE) || '{}');
      return { notes: stored.notes && typeof stored.notes === 'object' ? stored.notes : {}, sheetNote: typeof stored.sheetNote === 'string' ? stored.sheetNote : '' };
    } catch {
      return { notes: {}, sheetNote: '' };
    }
  }
  function writeStore(store) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(store));
    } catch {
      // Private windows may refuse storage; the list itself still works through the cookie.
    }
  }
  window.wegweiserShortlist = { readIds, writeIds, readStore, writeStore };

  const lang = document.documentElement.lang || 'de';
  const numbers = new Intl.NumberFormat(lang);
  function announce(text) {
    const status = document.getElementById('shortlist-status');
    if (status) status.textContent = text;
  }
  function showCount(ids) {
    for (const element of document.querySelectorAll('[data-shortlist-count]')) element.textContent = numbers.format(ids.length);
  }
  function showPressed(ids) {
    for (const button of document.querySelectorAll('[data-shortlist-toggle]')) {
      button.setAttribute('aria-pressed', String(ids.includes(Number(button.dataset.shortlistToggle))));
    }
  }

  function toggle(button) {
    const id = Number(button.dataset.shortlistToggle);
    const form = document.getElementById('shortlist-form');
    const ids = readIds();
    const present = ids.includes(id);
    if (!present && ids.length >= MAX) return announce(form?.dataset.fullText || '');
    const next = present ? ids.filter((other) => other !== id) : [...ids, id];
    writeIds(next);
    if (present) {
      const store = readStore();
      delete store.notes[id];
      writeStore(store);
    }
    showCount(next);
    showPressed(next);
    announce(present ? form?.dataset.removedText || '' : form?.dataset.addedText || '');
  }

  // "Drucken" on the result list: the print stylesheet turns it into a compact list.
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-print-page]')) window.print();
  });

  // One listener for every "merken" button, also those the search swaps in later.
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-shortlist-toggle]') : null;
    if (!button) return;
    event.preventDefault();
    toggle(button);
  });
  // Back/forward may restore a page from before a change: show the list as it is now.
  window.addEventListener('pageshow', () => {
    showCount(readIds());
    showPressed(readIds());
  });
  document.addEventListener('wegweiser:results-updated', () => showPressed(readIds()));
  if (document.readyState !== 'loading') showPressed(readIds());
})();
