// Puts the social worker's notes from this browser's storage onto the sheet. They are only
// rendered here (and printed); no request ever carries them.
(function referralSheet() {
  let stored = {};
  try {
    stored = JSON.parse(window.localStorage.getItem('wegweiser.shortlist') || '{}');
  } catch {
    stored = {};
  }
  const notes = stored.notes && typeof stored.notes === 'object' ? stored.notes : {};
  for (const block of document.querySelectorAll('[data-print-note-for]')) {
    const text = notes[block.dataset.printNoteFor];
    if (typeof text === 'string' && text.trim()) {
      block.querySelector('[data-note-text]').textContent = text;
      block.hidden = false;
    }
  }
  const sheetNote = document.querySelector('[data-sheet-note-print]');
  if (sheetNote && typeof stored.sheetNote === 'string' && stored.sheetNote.trim()) {
    sheetNote.querySelector('[data-note-text]').textContent = stored.sheetNote;
    sheetNote.hidden = false;
  }
  const print = document.querySelector('[data-print]');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', () => window.print());
  }
})();
