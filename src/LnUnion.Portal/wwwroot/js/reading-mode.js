/* The remembered 长者模式, put on <html> before the first paint: loaded without defer from <head> (the CSP allows no
   inline script), so a returning reader never sees the default look first. Kept tiny, as it blocks rendering; site.js
   does the rest and keeps the same names. */
(function () {
  'use strict';
  try {
    var prefs = JSON.parse(localStorage.getItem('lnu-reading') || '{}');
    var classes = { contrast: 'high-contrast', lines: 'wide-lines', pointer: 'big-pointer', guide: 'reading-guide', caption: 'caption-bar' };
    var list = document.documentElement.classList;
    if (prefs.size === 1 || prefs.size === 2) {
      list.add(prefs.size === 1 ? 'text-large' : 'text-larger');
    }
    for (var name in classes) {
      if (prefs[name] === true) {
        list.add(classes[name]);
      }
    }
  } catch (e) {
    // Storage blocked or a value from elsewhere: the default look, as site.js will also find.
  }
}());
