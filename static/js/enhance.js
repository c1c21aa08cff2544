// Marks the page as scripted before it is painted, so enhanced-only controls appear and fallbacks hide.
document.documentElement.classList.add('js');
