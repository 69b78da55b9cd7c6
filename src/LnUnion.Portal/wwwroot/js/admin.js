/*
 * LnUnion.Portal admin area: behaviour every admin page shares, loaded by the admin layout. Plain ES2020, no build
 * step, nothing inline (the CSP allows script-src 'self' only). Without JavaScript every form still works as plain HTML.
 *
 * DOM contract
 *   <button type="submit" data-confirm="确定删除…？">, or <form data-confirm="…">: confirm() before submitting;
 *   dismissing it sends nothing.
 *   <select data-autosubmit>: submits its form when changed with the mouse (the form keeps its own submit button).
 */
(function () {
  'use strict';

  function confirmDestructiveSubmits() {
    document.addEventListener('submit', (e) => {
      const form = e.target;
      if (!(form instanceof HTMLFormElement)) return;
      const submitter = e.submitter;
      const message = (submitter && submitter.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
      if (message && !window.confirm(message)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    }, true);
  }

  // A keyboard user changing a select with the arrow keys must not be sent away on the first key press:
  // after a key press the form waits for its own submit button.
  function autosubmitSelects() {
    const lastKey = new WeakMap();
    document.addEventListener('keydown', (e) => {
      if (e.target instanceof Element && e.target.matches('[data-autosubmit]')) lastKey.set(e.target, Date.now());
    }, true);
    document.addEventListener('change', (e) => {
      const el = e.target;
      if (!(el instanceof Element) || !el.matches('[data-autosubmit]') || !el.form) return;
      if (Date.now() - (lastKey.get(el) || 0) < 1500) return;
      if (typeof el.form.requestSubmit === 'function') el.form.requestSubmit(); else el.form.submit();
    });
  }

  confirmDestructiveSubmits();
  autosubmitSelects();
})();
