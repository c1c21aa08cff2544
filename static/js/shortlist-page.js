// The shortlist page: reorder, remove and annotate in place; notes stay in localStorage.
// Links for the client (sheet, PDF, QR code, messengers) follow the list and the chosen language.
// It runs after shortlist.js (deferred in the head), whose storage helpers it uses.
function shortlistPage() {
  const page = document.querySelector('[data-shortlist-page]');
  const api = window.wegweiserShortlist;
  if (!page || !api) return;
  const list = document.getElementById('shortlist-items');
  const status = document.getElementById('shortlist-page-status');
  const own = !page.hasAttribute('data-shared');

  const shownIds = () => (list ? [...list.querySelectorAll('[data-offer-id]')].map((item) => Number(item.dataset.offerId)) : []);

  // The address lists what was shown; on the visitor's own list the cookie is brought in step with it.
  if (own && list) api.writeIds(shownIds());

  function refreshLinks() {
    const ids = shownIds().join('.');
    const client = document.querySelector('[data-client-language]')?.value || 'de';
    const uiLang = document.documentElement.lang;
    const query = `ids=${ids}&client=${client}${uiLang && uiLang !== 'de' ? `&lang=${uiLang}` : ''}`;
    const sheet = document.querySelector('[data-sheet-link]');
    if (sheet) sheet.href = `/shortlist/sheet?${query}`;
    const pdf = document.querySelector('[data-pdf-link]');
    if (pdf) pdf.href = `/shortlist/sheet.pdf?${query}`;
    const qr = document.querySelector('[data-qr]');
    if (qr) qr.src = `/shortlist/qr.svg?ids=${ids}${client === 'de' ? '' : `&lang=${client}`}`;
    const field = document.querySelector('[data-share-link]');
    if (!field) return;
    const link = new URL(field.value);
    link.search = `?ids=${ids}${client === 'de' ? '' : `&lang=${client}`}`;
    field.value = link.href;
    const text = page.dataset.shareText || '';
    const message = `${text} ${link.href}`;
    const set = (name, href) => {
      const anchor = document.querySelector(`[data-share="${name}"]`);
      if (anchor) anchor.href = href;
    };
    set('mail', `mailto:?subject=${encodeURIComponent(text)}&body=${encodeURIComponent(message)}`);
    set('whatsapp', `https://wa.me/?text=${encodeURIComponent(message)}`);
    set('telegram', `https://t.me/share/url?url=${encodeURIComponent(link.href)}&text=${encodeURIComponent(text)}`);
  }

  function refreshButtons() {
    const items = list ? [...list.children] : [];
    items.forEach((item, index) => {
      const up = item.querySelector('[data-move="up"]');
      const down = item.querySelector('[data-move="down"]');
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === items.length - 1;
    });
  }

  function afterChange(message) {
    if (own) api.writeIds(shownIds());
    for (const element of document.querySelectorAll('[data-shortlist-count]')) element.textContent = new Intl.NumberFormat(document.documentElement.lang).format(shownIds().length);
    refreshButtons();
    refreshLinks();
    if (status) status.textContent = message;
    if (list && list.children.length === 0) window.location.reload();
  }

  list?.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    const item = button?.closest('[data-offer-id]');
    if (!button || !item) return;
    event.preventDefault();
    const title = item.querySelector('h2')?.textContent?.trim() || '';
    if (button.hasAttribute('data-remove')) {
      const next = item.nextElementSibling || item.previousElementSibling;
      const store = api.readStore();
      delete store.notes[item.dataset.offerId];
      api.writeStore(store);
      item.remove();
      (next?.querySelector('[data-remove]') || document.querySelector('h1'))?.focus();
      return afterChange(title);
    }
    const direction = button.dataset.move;
    if (direction === 'up' && item.previousElementSibling) item.parentElement.insertBefore(item, item.previousElementSibling);
    if (direction === 'down' && item.nextElementSibling) item.parentElement.insertBefore(item.nextElementSibling, item);
    item.classList.add('is-moved');
    window.setTimeout(() => item.classList.remove('is-moved'), 800);
    // Keep focus on the same command, or its partner when it became disabled at an end.
    const stay = button.disabled ? item.querySelector(`[data-move="${direction === 'up' ? 'down' : 'up'}"]`) : button;
    refreshButtons();
    (stay && !stay.disabled ? stay : button).focus();
    afterChange(`${title}: ${[...item.parentElement.children].indexOf(item) + 1}`);
  });

  // Notes: typed here, kept in this browser, printed on the sheet. Never part of a request.
  const store = api.readStore();
  for (const area of document.querySelectorAll('[data-note-for]')) {
    area.value = store.notes[area.dataset.noteFor] || '';
    area.addEventListener('input', () => {
      const current = api.readStore();
      if (area.value.trim()) current.notes[area.dataset.noteFor] = area.value;
      else delete current.notes[area.dataset.noteFor];
      api.writeStore(current);
    });
  }
  const sheetNote = document.querySelector('[data-sheet-note]');
  if (sheetNote) {
    sheetNote.value = store.sheetNote;
    sheetNote.addEventListener('input', () => {
      const current = api.readStore();
      current.sheetNote = sheetNote.value;
      api.writeStore(current);
    });
  }

  document.querySelector('[data-client-language]')?.addEventListener('change', refreshLinks);
  document.querySelector('[data-copy-link]')?.addEventListener('click', async (event) => {
    const field = document.querySelector('[data-share-link]');
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      field.select();
    }
    if (status) status.textContent = event.currentTarget.dataset.copiedText || '';
  });
  const shareItem = document.querySelector('[data-web-share-item]');
  if (shareItem && navigator.share) {
    shareItem.hidden = false;
    shareItem.querySelector('button').addEventListener('click', () => {
      const url = document.querySelector('[data-share-link]').value;
      navigator.share({ title: document.title, text: page.dataset.shareText || '', url }).catch(() => {});
    });
  }
  refreshLinks();
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', shortlistPage);
else shortlistPage();
