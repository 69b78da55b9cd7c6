/*
 * LnUnion.Portal admin area: nothing typed is lost. Plain ES2020, no build step, no inline script or style (CSP).
 * Without JavaScript the forms still post as plain HTML; this only guards the text while the editor writes.
 *
 * DOM contract
 *   <form data-autosave="article:12"                         the form's key (article:N, page:N, article-new:GUID)
 *         data-autosave-saved-at="2026-12-01T02:00:00Z">     when its content was last saved, UTC (empty for a new form)
 *     - a few seconds after each change, its fields (no files, no token) go to POST /admin/editor/drafts: the editor's
 *       private recovery copy; "已自动保存 HH:mm" shows next to the submit button. Saving the form discards the copy.
 *     - on opening, a copy newer than data-autosave-saved-at is offered back (恢复 / 丢弃).
 *     - typing renews the session (GET /admin/editor/session, at most every keepAliveSeconds); a warning with a
 *       继续编辑 button shows warnBeforeSeconds before the idle timeout.
 *     - 保存 first checks the session: signed out, it offers sign-in in a new tab and, once signed in there, posts the
 *       form as it is on the page with a fresh antiforgery token (tokens are bound to the user).
 *     - leaving with unsaved changes asks first (beforeunload).
 *         data-autosave-address="/admin/articles/new?key=…"  optional: the form's own address, put in the location bar
 *                                                         so that Back and reload come to this form, not a blank one.
 *   <… data-signed-in> on /admin/editor/signed-in: tells the editing tabs that the user has signed in again.
 *
 * The Markdown editor: window.lnAdminEditor.editorFor(textarea) gives the editor of a textarea[data-markdown-editor],
 * with value() and value(text) (EasyMDE); its text is read and written through getMarkdown/setMarkdown, which also
 * follow the visual mode. Its changes are seen through editor.codemirror.on('change'), or, for an
 * editor without CodeMirror, through an 'input' event or an 'ln:editor-change' event that bubbles up to the form.
 */
(function () {
  'use strict';

  const TOKEN_FIELD = '__RequestVerificationToken';
  const TOKEN_HEADER = 'RequestVerificationToken';
  const SESSION_URL = '/admin/editor/session';
  const DRAFTS_URL = '/admin/editor/drafts';
  const SIGN_IN_URL = '/admin/login?returnUrl=' + encodeURIComponent('/admin/editor/signed-in');
  const CHANNEL = 'lnu-admin-session';
  /** Quiet time after the last change before the copy is saved, and the longest a stream of changes waits. */
  const AUTOSAVE_QUIET_MS = 2000;
  const AUTOSAVE_MAX_WAIT_MS = 10000;

  function broadcast(message) {
    if (typeof BroadcastChannel === 'function') new BroadcastChannel(CHANNEL).postMessage(message);
  }

  function onBroadcast(handler) {
    if (typeof BroadcastChannel === 'function') new BroadcastChannel(CHANNEL).addEventListener('message', (e) => handler(e.data));
  }

  function start() {
    if (document.querySelector('[data-signed-in]')) {
      broadcast('signed-in');
      return;
    }
    const form = document.querySelector('form[data-autosave]');
    if (form && form.getAttribute('data-autosave')) guard(form);
  }

  function guard(form) {
    const formKey = form.getAttribute('data-autosave');
    const savedAtBase = Date.parse(form.getAttribute('data-autosave-saved-at') || '') || 0;
    const editorAreas = Array.from(form.querySelectorAll('textarea[data-markdown-editor]'));
    const editorOf = (textarea) => (window.lnAdminEditor && window.lnAdminEditor.editorFor(textarea)) || null;

    // ------------------------------------------------------------ the form's fields

    const isField = (el) => el.name && !el.disabled && el.name !== TOKEN_FIELD &&
      !['file', 'submit', 'button', 'reset', 'image'].includes(el.type);
    // Check boxes sharing a name (the attachments to remove) are told apart by their value.
    const fieldKey = (el) => (el.type === 'checkbox' || el.type === 'radio') ? el.name + '=' + el.value : el.name;

    function readFields() {
      const fields = {};
      for (const el of Array.from(form.elements)) {
        if (!isField(el)) continue;
        const editor = el.tagName === 'TEXTAREA' ? editorOf(el) : null;
        if (el.type === 'checkbox' || el.type === 'radio') fields[fieldKey(el)] = el.checked ? 'on' : '';
        else fields[fieldKey(el)] = editor ? window.lnAdminEditor.getMarkdown(el) : el.value;
      }
      return fields;
    }

    function writeFields(fields) {
      for (const el of Array.from(form.elements)) {
        if (!isField(el) || !Object.prototype.hasOwnProperty.call(fields, fieldKey(el))) continue;
        const value = fields[fieldKey(el)];
        const editor = el.tagName === 'TEXTAREA' ? editorOf(el) : null;
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = value === 'on';
        else if (editor) window.lnAdminEditor.setMarkdown(el, value);
        else el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }

    let baseline = '';
    let lastSaved = '';
    let leaving = false;
    const snapshot = () => JSON.stringify(readFields());
    const isDirty = () => snapshot() !== baseline;

    // ------------------------------------------------------------ messages next to the form

    const status = document.createElement('span');
    status.className = 'autosave-status form-text align-self-center';
    // A live region without role=status: the page's own status message (the editor's announcer, a flash) stays the one.
    status.setAttribute('aria-live', 'polite');
    const submitButton = form.querySelector('button[type="submit"], input[type="submit"]');
    if (submitButton && submitButton.parentElement) submitButton.parentElement.append(status);
    else form.append(status);

    const notices = document.createElement('div');
    notices.className = 'autosave-notices';
    form.before(notices);

    /** A notice above the form with a text and buttons; returns a function that removes it. */
    function notice(kind, role, text, actions) {
      const box = document.createElement('div');
      box.className = 'alert alert-' + kind + ' d-flex flex-wrap align-items-center gap-2';
      box.setAttribute('role', role);
      const p = document.createElement('p');
      p.className = 'mb-0 me-auto';
      p.textContent = text;
      box.append(p);
      for (const action of actions) {
        const el = document.createElement(action.href ? 'a' : 'button');
        el.className = 'btn btn-sm ' + (action.primary ? 'btn-primary' : 'btn-outline-dark');
        el.textContent = action.label;
        if (action.href) {
          el.href = action.href;
          el.target = '_blank';
          el.rel = 'noopener';
        } else {
          el.type = 'button';
        }
        el.addEventListener('click', (e) => action.run(e));
        box.append(el);
      }
      notices.append(box);
      return () => box.remove();
    }

    // ------------------------------------------------------------ requests

    const tokenInputs = () => document.querySelectorAll('input[name="' + TOKEN_FIELD + '"]');
    const formToken = () => {
      const input = form.querySelector('input[name="' + TOKEN_FIELD + '"]');
      return input ? input.value : '';
    };

    /** fetch as the admin area's script: 401 rather than the sign-in page when the session is gone. */
    function send(method, url, body) {
      const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
      if (method !== 'GET') headers[TOKEN_HEADER] = formToken();
      return fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
    }

    // ------------------------------------------------------------ the session

    let session = null; // { expiresAt, warnBeforeMs, keepAliveMs }
    let lastRenewal = 0;
    let warningTimer = 0;
    let expiryTimer = 0;
    let closeWarning = null;
    let signedOut = false;

    /** Renews the session and the token; 'ok', 'signed-out' or 'offline'. */
    async function renewSession() {
      let response;
      try {
        response = await send('GET', SESSION_URL);
      } catch {
        return 'offline';
      }
      if (response.status === 401 || response.status === 403) {
        sessionEnded();
        return 'signed-out';
      }
      const data = response.ok ? await response.json().catch(() => null) : null;
      if (!data || !data.token) return 'offline';
      tokenInputs().forEach((input) => { input.value = data.token; });
      lastRenewal = Date.now();
      session = {
        expiresAt: lastRenewal + data.expiresInSeconds * 1000,
        warnBeforeMs: data.warnBeforeSeconds * 1000,
        keepAliveMs: data.keepAliveSeconds * 1000,
      };
      signedOut = false;
      if (closeWarning) { closeWarning(); closeWarning = null; }
      scheduleWarning();
      return 'ok';
    }

    function scheduleWarning() {
      clearTimeout(warningTimer);
      clearTimeout(expiryTimer);
      const now = Date.now();
      warningTimer = setTimeout(showWarning, Math.max(0, session.expiresAt - session.warnBeforeMs - now));
      expiryTimer = setTimeout(sessionEnded, Math.max(0, session.expiresAt - now));
    }

    function showWarning() {
      if (closeWarning || signedOut) return;
      const minutes = Math.max(1, Math.round(session.warnBeforeMs / 60000));
      const before = document.activeElement;
      closeWarning = notice('warning', 'alert',
        '您已有一段时间没有操作，为了安全，登录将在约 ' + minutes + ' 分钟后过期。继续编辑即可保持登录，已写的内容不会丢失。',
        [{ label: '继续编辑', primary: true, run: async () => {
          await renewSession();
          if (before instanceof HTMLElement && before.isConnected) before.focus();
        } }]);
    }

    function sessionEnded() {
      if (signedOut) return;
      signedOut = true;
      clearTimeout(warningTimer);
      clearTimeout(expiryTimer);
      if (closeWarning) closeWarning();
      closeWarning = notice('warning', 'alert',
        '登录已过期。本页的内容仍在：点击“保存”时会请您重新登录，登录后按本页内容保存。', []);
    }

    // Typing keeps the session alive, at most once per keepAlive interval.
    function keepAlive() {
      if (session && !signedOut && Date.now() - lastRenewal >= session.keepAliveMs) renewSession();
    }

    // ------------------------------------------------------------ autosave

    let timer = 0;
    let firstChange = 0;
    let again = false;

    function changed() {
      keepAlive();
      const now = Date.now();
      if (!firstChange) firstChange = now;
      clearTimeout(timer);
      timer = setTimeout(autosave, Math.min(AUTOSAVE_QUIET_MS, Math.max(0, firstChange + AUTOSAVE_MAX_WAIT_MS - now)));
    }

    let inFlight = null;

    function autosave() {
      if (!inFlight) inFlight = saveCopy().finally(() => { inFlight = null; });
      else again = true;
      return inFlight;
    }

    async function saveCopy() {
      firstChange = 0;
      const json = snapshot();
      if (json === lastSaved || leaving) return;
      const body = new FormData();
      body.append('formKey', formKey);
      body.append('fields', json);
      try {
        const response = await send('POST', DRAFTS_URL, body);
        const data = response.ok ? await response.json().catch(() => null) : null;
        if (data && data.savedAt) {
          lastSaved = json;
          status.textContent = '已自动保存 ' + data.savedAt;
        } else if (response.status === 401) {
          sessionEnded();
          status.textContent = '未能自动保存：登录已过期。本页内容仍在。';
        } else {
          status.textContent = '未能自动保存（' + response.status + '），本页内容仍在，请稍后点击“保存”。';
        }
      } catch {
        status.textContent = '未能自动保存：网络连接失败。本页内容仍在。';
      }
      if (again) { again = false; changed(); }
    }

    // ------------------------------------------------------------ 保存, perhaps after signing in again

    let checked = false;
    let closeSignIn = null;

    function submitChecked(submitter) {
      checked = true;
      if (submitter && submitter.form === form) form.requestSubmit(submitter); else form.requestSubmit();
    }

    async function checkAndSubmit(submitter) {
      // The form's own post comes last: a copy still on its way must not arrive after the save has discarded it.
      clearTimeout(timer);
      if (inFlight) await inFlight;
      const result = await renewSession();
      if (result === 'ok') {
        if (closeSignIn) { closeSignIn(); closeSignIn = null; }
        submitChecked(submitter);
      } else if (result === 'signed-out') {
        offerSignIn(submitter);
      } else {
        status.textContent = '网络连接失败，未能保存。本页内容仍在，请检查网络后再点击“保存”。';
      }
    }

    function offerSignIn(submitter) {
      if (closeSignIn) closeSignIn();
      closeSignIn = notice('danger', 'alert',
        '登录已过期，还没有保存。请在新标签页重新登录（本页内容不会丢失），登录后这里会自动按本页内容保存。',
        [
          { label: '在新标签页登录', primary: true, href: SIGN_IN_URL, run: () => {} },
          { label: '我已登录，继续保存', run: () => checkAndSubmit(submitter) },
        ]);
      const link = notices.querySelector('a[href="' + SIGN_IN_URL + '"]');
      if (link) link.focus();
      pendingSubmitter = submitter;
      waitingForSignIn = true;
    }

    let waitingForSignIn = false;
    let pendingSubmitter = null;
    onBroadcast((message) => {
      if (message !== 'signed-in') return;
      if (waitingForSignIn) {
        waitingForSignIn = false;
        checkAndSubmit(pendingSubmitter);
      } else if (signedOut) {
        renewSession();
      }
    });

    // Runs after the editor's own submit check (registered first), which may have stopped the post.
    form.addEventListener('submit', (e) => {
      if (e.defaultPrevented) return;
      if (checked) {
        checked = false;
        leaving = true;
        clearTimeout(timer);
        return;
      }
      e.preventDefault();
      checkAndSubmit(e.submitter);
    });

    window.addEventListener('beforeunload', (e) => {
      if (leaving || !isDirty()) return;
      e.preventDefault();
      e.returnValue = '';
    });

    // ------------------------------------------------------------ the copy saved earlier

    async function offerRestore() {
      let response;
      try {
        response = await send('GET', DRAFTS_URL + '?formKey=' + encodeURIComponent(formKey));
      } catch {
        return;
      }
      if (!response.ok) return;
      const draft = await response.json().catch(() => null);
      if (!draft || !draft.fields || !(Date.parse(draft.savedAtUtc) > savedAtBase)) return;
      if (JSON.stringify(Object.assign(readFields(), draft.fields)) === baseline) return;
      const close = notice('info', 'status',
        '您在 ' + draft.savedAt + ' 自动保存过本页未保存的内容，比已保存的版本新。要恢复吗？',
        [
          { label: '恢复自动保存的内容', primary: true, run: () => {
            writeFields(draft.fields);
            lastSaved = JSON.stringify(draft.fields);
            close();
            status.textContent = '已恢复 ' + draft.savedAt + ' 自动保存的内容，请检查后点击“保存”。';
          } },
          { label: '丢弃', run: async () => {
            const body = new FormData();
            body.append('formKey', formKey);
            try { await send('POST', DRAFTS_URL + '/discard', body); } catch { /* the copy stays; nothing is lost */ }
            close();
          } },
        ]);
    }

    // ------------------------------------------------------------ start

    const address = form.getAttribute('data-autosave-address');
    if (address) history.replaceState(history.state, '', address);

    baseline = snapshot();
    lastSaved = baseline;
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('ln:editor-change', changed);
    for (const textarea of editorAreas) {
      const editor = editorOf(textarea);
      if (editor && editor.codemirror) editor.codemirror.on('change', changed);
    }
    renewSession();
    offerRestore();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
