/*
 * LnUnion.Portal admin area: the article and page body editor (EasyMDE), its preview, uploads and paste.
 * Plain ES2020, no build step; load after EasyMDE, Turndown and admin-paste.js (the Word/WPS paste converter).
 * Confirmations and other behaviour every admin page shares are in admin.js, loaded by the admin layout.
 * Works under the site's CSP (script-src 'self'; style-src 'self'): no inline script, no eval, no style attributes.
 * Without JavaScript the plain textarea still works; this file only makes it nicer.
 *
 * DOM contract
 *   <textarea data-markdown-editor
 *             data-preview-url="/admin/articles/preview"   POST markdown=…  → HTML fragment (sanitised by the server)
 *             data-upload-url="/admin/media/upload"        POST multipart file=… → {url,name,contentType,isImage} | {error}
 *             data-upload-max-bytes="20971520"             optional: refuse bigger files before uploading
 *             data-upload-accept=".pdf,.docx,…">           optional: accept list of the attachment picker
 *   inside a <form> that has the hidden input __RequestVerificationToken (Html.AntiForgeryToken / form tag helper).
 */
(function () {
  'use strict';

  const TOKEN_FIELD = '__RequestVerificationToken';
  const TOKEN_HEADER = 'RequestVerificationToken';
  const PREVIEW_DELAY_MS = 400;
  const IMAGE_ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,.jpg,.jpeg,.png,.gif,.webp';

  const editors = new WeakMap();
  let uid = 0;
  const nextId = (prefix) => prefix + '-' + (++uid);

  // ---------------------------------------------------------------- helpers

  function antiforgeryToken(el) {
    const selector = 'input[name="' + TOKEN_FIELD + '"]';
    const form = el && (el.form || el.closest('form'));
    const input = (form && form.querySelector(selector)) || document.querySelector(selector);
    return input ? input.value : '';
  }

  function requestHeaders(token, accept) {
    const headers = { 'Accept': accept, 'X-Requested-With': 'XMLHttpRequest' };
    if (token) headers[TOKEN_HEADER] = token;
    return headers;
  }

  function formatSize(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '') + ' MB';
    return Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }

  function parseJson(text) {
    try { return JSON.parse(text); } catch { return null; }
  }

  /** A Chinese message for a failed request: the server's own {"error": "…"} when it sent one. */
  function failureMessage(status, text, redirected) {
    const data = parseJson(text);
    if (data && typeof data.error === 'string' && data.error) return data.error;
    if (status === 0) return '网络连接失败，请检查网络后重试。';
    if (redirected || status === 401 || status === 403) return '没有权限，或登录已过期：请在新标签页重新登录后再试，本页内容不会丢失。';
    if (status === 413) return '文件太大，服务器拒绝接收。';
    if (status === 415) return '不支持这种文件类型。';
    if (status === 400) return '请求无效（页面可能已过期），请保存内容后刷新页面再试。';
    return '服务器出错（' + status + '），请稍后重试。';
  }

  function sameUrl(a, b) {
    try { return new URL(a, location.href).href === new URL(b, location.href).href; } catch { return false; }
  }

  function countChars(text) {
    return [...String(text).replace(/\s+/g, '')].length;
  }

  function labelFor(textarea) {
    const fromLabel = textarea.labels && textarea.labels.length ? textarea.labels[0].textContent : '';
    return (textarea.getAttribute('aria-label') || fromLabel || '正文').replace(/\s+/g, ' ').trim();
  }

  function cmpPos(a, b) {
    return a.line - b.line || a.ch - b.ch;
  }

  function markdownFileLink(name, url) {
    const text = String(name || '').replace(/\s+/g, ' ').replace(/[\\[\]]/g, '\\$&');
    const dest = /[\s()<>]/.test(url) ? '<' + String(url).replace(/[<>]/g, encodeURIComponent) + '>' : url;
    return '[' + text + '](' + dest + ')';
  }

  // ---------------------------------------------------------------- editor

  function toolbarFor(ctx) {
    const E = window.EasyMDE;
    const button = (name, action, title, text, extra) =>
      Object.assign({ name, action, title, text, className: 'md-btn md-btn-' + name }, extra || {});
    const items = [
      button('bold', E.toggleBold, '粗体', '粗体'),
      button('italic', E.toggleItalic, '斜体', '斜体'),
      button('heading', E.toggleHeadingSmaller, '标题', '标题'),
      '|',
      button('quote', E.toggleBlockquote, '引用', '引用'),
      button('unordered-list', E.toggleUnorderedList, '无序列表', '无序列表'),
      button('ordered-list', E.toggleOrderedList, '有序列表', '有序列表'),
      '|',
      button('link', E.drawLink, '链接', '链接'),
    ];
    if (ctx.uploadUrl) {
      items.push(button('upload-image', () => ctx.imageInput.click(), '图片：上传图片文件（也可拖放或粘贴）', '图片'));
      items.push(button('upload-file', () => ctx.fileInput.click(), '附件：上传文件', '附件'));
    } else {
      items.push(button('image', E.drawImage, '图片', '图片'));
    }
    items.push(
      button('table', E.drawTable, '表格', '表格'),
      button('horizontal-rule', E.drawHorizontalRule, '分隔线', '分隔线'),
      '|',
      button('preview', E.togglePreview, '预览', '预览', { noDisable: true }),
      button('side-by-side', E.toggleSideBySide, '并排预览', '并排预览', { noDisable: true, noMobile: true }),
      button('fullscreen', E.toggleFullScreen, '全屏', '全屏', { noDisable: true, noMobile: true }),
      '|',
      button('undo', E.undo, '撤销', '撤销'),
      button('redo', E.redo, '重做', '重做'));
    if (ctx.canGoVisual) items.push('|', button('visual', () => setMode(ctx, 'visual'), '所见即所得', '所见即所得', { noDisable: true }));
    return items;
  }

  /** The server's HTML for the Markdown (sanitised, as the public page shows it); throws Error(Chinese message). */
  async function renderMarkdown(ctx, text, signal) {
    const token = antiforgeryToken(ctx.textarea);
    const body = new URLSearchParams();
    body.set('markdown', text);
    if (token) body.set(TOKEN_FIELD, token);
    let response;
    try {
      response = await fetch(ctx.previewUrl, {
        method: 'POST',
        body,
        headers: requestHeaders(token, 'text/html'),
        credentials: 'same-origin',
        signal,
      });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new Error(failureMessage(0, '', false));
    }
    const html = await response.text();
    if (!response.ok || response.redirected) throw new Error(failureMessage(response.status, html, response.redirected));
    return html;
  }

  function makePreviewRenderer(ctx) {
    const states = new WeakMap();

    function showError(preview, message) {
      const p = document.createElement('p');
      p.className = 'md-preview-error';
      p.textContent = '预览失败：' + message;
      preview.replaceChildren(p);
    }

    async function load(preview, state, text) {
      if (state.controller) state.controller.abort();
      const controller = new AbortController();
      state.controller = controller;
      const seq = ++state.seq;
      preview.setAttribute('aria-busy', 'true');
      try {
        const html = await renderMarkdown(ctx, text, controller.signal);
        if (seq !== state.seq) return;
        preview.innerHTML = html; // sanitised by the server's Markdown pipeline
        state.shown = text;
      } catch (error) {
        if (error.name === 'AbortError' || seq !== state.seq) return;
        state.shown = null;
        showError(preview, error.message);
      } finally {
        if (state.pending === text) state.pending = null;
        if (seq === state.seq) preview.removeAttribute('aria-busy');
      }
    }

    return function previewRender(text, preview) {
      let state = states.get(preview);
      if (!state) {
        state = { timer: 0, controller: null, seq: 0, shown: null, pending: null, started: false };
        states.set(preview, state);
        preview.setAttribute('role', 'region');
        preview.setAttribute('aria-label', ctx.label + '：预览');
        preview.tabIndex = 0; // scrollable: reachable by keyboard
      }
      if (!ctx.previewUrl) {
        const p = document.createElement('p');
        p.textContent = '（此处未设置预览地址）';
        preview.replaceChildren(p);
        return null;
      }
      if (text === state.shown || text === state.pending) return null; // side-by-side calls on every redraw
      const first = !state.started;
      state.started = true;
      if (first && !preview.textContent.trim()) {
        const p = document.createElement('p');
        p.textContent = '正在生成预览…';
        preview.replaceChildren(p);
      }
      clearTimeout(state.timer);
      state.pending = text;
      const delay = first || preview.classList.contains('editor-preview-full') ? 0 : PREVIEW_DELAY_MS;
      state.timer = setTimeout(() => load(preview, state, text), delay);
      return null; // EasyMDE leaves the pane alone; load() fills it
    };
  }

  function buildUploadUi(ctx) {
    const box = document.createElement('div');
    box.className = 'md-upload';
    const list = document.createElement('div');
    list.className = 'md-upload-list';
    const status = document.createElement('div');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    const errors = document.createElement('div');
    errors.className = 'md-upload-errors';
    errors.setAttribute('role', 'alert');
    box.append(list, status, errors);
    return {
      box,
      announce(text) { status.textContent = text; },
      error(text) {
        const p = document.createElement('p');
        p.textContent = text;
        errors.append(p);
      },
      clearErrors() { errors.replaceChildren(); },
      item(name) {
        const row = document.createElement('div');
        row.className = 'md-upload-item';
        const label = document.createElement('span');
        label.className = 'md-upload-label';
        label.id = nextId('md-upload');
        const bar = document.createElement('progress');
        bar.className = 'md-upload-progress';
        bar.max = 100;
        bar.value = 0;
        bar.setAttribute('aria-labelledby', label.id);
        label.textContent = '正在上传 ' + name + ' 0%';
        row.append(label, bar);
        list.append(row);
        return {
          progress(percent) {
            bar.value = percent;
            label.textContent = percent >= 100 ? '正在处理 ' + name + '…' : '正在上传 ' + name + ' ' + percent + '%';
          },
          done() {
            bar.value = 100;
            label.textContent = '已上传 ' + name;
            row.classList.add('is-done');
            setTimeout(() => row.remove(), 4000);
          },
          remove() { row.remove(); },
        };
      },
    };
  }

  function insertBlock(cm, at, markdown) {
    const doc = cm.getDoc();
    const line = doc.getLine(at.line) || '';
    const before = line.slice(0, at.ch);
    // A blank line above, or Markdown continues the paragraph or list item there and the image lands inside it.
    const above = at.line > 0 && (doc.getLine(at.line - 1) || '').trim();
    const text = (before.trim() ? '\n\n' : above ? '\n' : '') + markdown + '\n';
    const cursor = doc.getCursor();
    const cursorHere = !doc.somethingSelected() && cmpPos(cursor, at) === 0;
    doc.replaceRange(text, at, at, '+upload');
    if (cursorHere) doc.setCursor(doc.posFromIndex(doc.indexFromPos(at) + text.length));
  }

  /**
   * An uploaded file goes where it was dropped or the caret was: a file as a link; a picture, once the editor has
   * described it in the picture dialog (admin-image-dialog.js), as a block.
   */
  function insertUploaded(ctx, bookmark, name, url, isImage) {
    if (isImage) {
      // The upload's own bookmark goes when the upload ends; the dialog may stay open longer.
      const doc = ctx.cm.getDoc();
      const mark = doc.setBookmark(bookmark.find() || doc.getCursor(), { insertLeft: true });
      ctx.dialogs = (ctx.dialogs || Promise.resolve()).then(async () => {
        const details = await window.lnImageDialog.ask({ name, url });
        const at = mark.find() || doc.getCursor();
        mark.clear();
        if (!details) {
          ctx.ui.error('已取消插入图片“' + name + '”；文件已上传，可在媒体库中找到。');
          return;
        }
        if (ctx.mode === 'visual') {
          ctx.visual.insertBlock(window.lnImageDialog.toElement(details));
          syncFromVisual(ctx);
        } else {
          insertBlock(ctx.cm, at, window.lnImageDialog.toMarkdown(details));
        }
        ctx.ui.announce('图片“' + (details.alt || name) + '”已插入正文');
      });
      return;
    }
    if (ctx.mode === 'visual') {
      const a = document.createElement('a');
      a.href = url;
      a.textContent = name;
      ctx.visual.insertInline(a);
      syncFromVisual(ctx);
      return;
    }
    insertBlock(ctx.cm, bookmark.find() || ctx.cm.getDoc().getCursor(), markdownFileLink(name, url));
  }

  /** An image dropped on a "could not be pasted" placeholder takes its place: the placeholder goes. */
  function replacePlaceholderAt(cm, at) {
    const doc = cm.getDoc();
    const placeholder = window.lnPaste.IMAGE_PLACEHOLDER;
    const line = doc.getLine(at.line) || '';
    for (let start = line.indexOf(placeholder); start >= 0; start = line.indexOf(placeholder, start + 1)) {
      const end = start + placeholder.length;
      if (at.ch < start || at.ch > end) continue;
      const from = { line: at.line, ch: start };
      doc.replaceRange('', from, { line: at.line, ch: end }, '+upload');
      return from;
    }
    return at;
  }

  function uploadFiles(ctx, files, position) {
    if (!files.length) return;
    ctx.ui.clearErrors();
    const doc = ctx.cm.getDoc();
    const bookmark = doc.setBookmark(position || doc.getCursor(), { insertLeft: true });
    let left = files.length;
    const finished = () => { if (--left === 0) bookmark.clear(); };
    for (const file of files) uploadOne(ctx, file, bookmark, finished);
  }

  function uploadOne(ctx, file, bookmark, finished) {
    const name = file.name || '未命名文件';
    if (ctx.maxBytes && file.size > ctx.maxBytes) {
      ctx.ui.error('“' + name + '”上传失败：文件大小 ' + formatSize(file.size) + '，超过上限 ' + formatSize(ctx.maxBytes) + '。');
      finished();
      return;
    }
    const item = ctx.ui.item(name);
    ctx.ui.announce('正在上传 ' + name);
    ctx.uploading++;
    let announced = 0;
    const token = antiforgeryToken(ctx.textarea);
    const xhr = new XMLHttpRequest();
    const end = () => { ctx.uploading--; finished(); };
    const fail = (message) => {
      item.remove();
      ctx.ui.error('“' + name + '”上传失败：' + message);
      ctx.ui.announce('');
      end();
    };
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.min(100, Math.floor((e.loaded / e.total) * 100));
      item.progress(percent);
      const quarter = Math.floor(percent / 25) * 25;
      if (quarter > announced && quarter < 100) {
        announced = quarter;
        ctx.ui.announce('正在上传 ' + name + ' ' + quarter + '%');
      }
    });
    xhr.addEventListener('load', () => {
      const redirected = xhr.responseURL && !sameUrl(xhr.responseURL, ctx.uploadUrl);
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && !redirected && data && typeof data.url === 'string' && data.url) {
        const isImage = typeof data.isImage === 'boolean' ? data.isImage : /^image\//.test(data.contentType || '');
        insertUploaded(ctx, bookmark, data.name || name, data.url, isImage);
        item.done();
        ctx.ui.announce(name + ' 已上传并插入正文');
        end();
      } else if (xhr.status >= 200 && xhr.status < 300 && !redirected) {
        fail('服务器返回了无法识别的结果。');
      } else {
        fail(failureMessage(xhr.status, xhr.responseText, redirected));
      }
    });
    xhr.addEventListener('error', () => fail(failureMessage(0, '', false)));
    xhr.addEventListener('abort', () => fail('已取消。'));
    xhr.addEventListener('timeout', () => fail('上传超时，请重试。'));
    xhr.open('POST', ctx.uploadUrl);
    const headers = requestHeaders(token, 'application/json');
    for (const key of Object.keys(headers)) xhr.setRequestHeader(key, headers[key]);
    const form = new FormData();
    if (token) form.append(TOKEN_FIELD, token);
    form.append('file', file, name);
    xhr.send(form);
  }

  function clipboardFiles(data) {
    const files = Array.from(data.files || []);
    if (files.length) return files;
    return Array.from(data.items || [])
      .filter((item) => item.kind === 'file')
      .map((item) => item.getAsFile())
      .filter(Boolean);
  }

  /** A copied picture alone (a screenshot, an image from a file manager) is uploaded rather than pasted. */
  function pastedFiles(ctx, event) {
    const data = event.clipboardData;
    const html = data.getData('text/html');
    const files = clipboardFiles(data);
    if (!files.length || !ctx.uploadUrl || data.getData('text/plain').trim() || (html && window.lnPaste.hasText(html))) return false;
    event.preventDefault();
    uploadFiles(ctx, files, ctx.cm.getDoc().getCursor());
    return true;
  }

  function reportSkippedImages(ctx, result) {
    ctx.ui.clearErrors();
    if (result.skippedImages) {
      ctx.ui.error('粘贴的内容里有 ' + result.skippedImages + ' 张图片无法直接带过来，已用“〔此处图片未能粘贴…〕”标出：' +
        '请把图片另存为文件，拖到占位文字上（或用“图片”按钮上传）替换它，或删除占位文字。有占位文字的文章不能提交审核。');
    }
  }

  function onPaste(ctx, cm, event) {
    const data = event.clipboardData;
    if (!data || pastedFiles(ctx, event)) return;
    const html = data.getData('text/html');
    if (!html) return; // plain text: CodeMirror pastes it as is
    let result = null;
    try { result = window.lnPaste.htmlToMarkdown(html); } catch (error) { result = null; }
    if (!result) return;
    event.preventDefault();
    const doc = cm.getDoc();
    let markdown = result.markdown;
    const from = doc.getCursor('from');
    const to = doc.getCursor('to');
    const isBlock = markdown.includes('\n') || /^(#{1,6} |[-*+] |\d+\. |> |\||```)/.test(markdown);
    if (isBlock) {
      if (doc.getLine(from.line).slice(0, from.ch).trim()) markdown = '\n\n' + markdown;
      if (doc.getLine(to.line).slice(to.ch).trim()) markdown += '\n\n';
    }
    doc.replaceSelection(markdown, 'end', 'paste');
    reportSkippedImages(ctx, result);
  }

  // ---------------------------------------------------------------- visual mode (admin-visual.js)

  /** Writes the visual text back into the Markdown editor (and so the textarea that is submitted). */
  function syncFromVisual(ctx) {
    if (ctx.mode !== 'visual') return;
    clearTimeout(ctx.syncTimer);
    const markdown = window.lnPaste.visualToMarkdown(ctx.visual.html());
    if (markdown !== ctx.editor.value()) ctx.editor.value(markdown);
  }

  async function setMode(ctx, mode) {
    const container = ctx.container;
    if (mode === 'markdown') {
      syncFromVisual(ctx);
      ctx.mode = 'markdown';
      ctx.visual.element.hidden = true;
      container.hidden = false;
      ctx.cm.refresh();
      ctx.cm.focus();
      return;
    }
    ctx.visual.setBusy(true);
    ctx.visual.element.hidden = false;
    container.hidden = true;
    try {
      ctx.visual.show(await renderMarkdown(ctx, ctx.editor.value()));
      ctx.mode = 'visual';
      ctx.visual.setBusy(false);
    } catch (error) {
      ctx.visual.element.hidden = true;
      container.hidden = false;
      ctx.mode = 'markdown';
      ctx.ui.clearErrors();
      ctx.ui.error('无法切换到所见即所得编辑：' + error.message + ' 可以继续在 Markdown 源码中编辑。');
    }
  }

  function initVisual(ctx) {
    ctx.visual = window.lnVisualEditor.create({
      label: ctx.label,
      onChange() {
        clearTimeout(ctx.syncTimer);
        ctx.syncTimer = setTimeout(() => syncFromVisual(ctx), 300);
      },
      onImage: ctx.uploadUrl ? () => ctx.imageInput.click() : null,
      onFile: ctx.uploadUrl ? () => ctx.fileInput.click() : null,
      onPasteFiles: (event) => pastedFiles(ctx, event),
      async onPaste(html) {
        let result = null;
        try { result = window.lnPaste.htmlToMarkdown(html); } catch (error) { result = null; }
        if (!result) return null;
        reportSkippedImages(ctx, result);
        try {
          return await renderMarkdown(ctx, result.markdown);
        } catch (error) {
          ctx.ui.error('粘贴失败：' + error.message);
          return '';
        }
      },
      onMarkdownView: () => setMode(ctx, 'markdown'),
      onMessage(message) {
        ctx.ui.clearErrors();
        ctx.ui.error(message);
      },
    });
    ctx.visual.element.hidden = true;
    ctx.container.before(ctx.visual.element);
    const surface = ctx.visual.surface;
    for (const attr of ['aria-describedby', 'aria-invalid']) {
      if (ctx.textarea.hasAttribute(attr)) surface.setAttribute(attr, ctx.textarea.getAttribute(attr));
    }
    if (ctx.required) surface.setAttribute('aria-required', 'true');
    surface.addEventListener('drop', (e) => {
      const files = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
      if (!files.length || !ctx.uploadUrl) return;
      e.preventDefault();
      const caret = document.caretRangeFromPoint ? document.caretRangeFromPoint(e.clientX, e.clientY) : null;
      if (caret && surface.contains(caret.startContainer)) {
        const selection = document.getSelection();
        selection.removeAllRanges();
        selection.addRange(caret);
      }
      uploadFiles(ctx, files, ctx.cm.getDoc().getCursor());
    });
    Array.from(ctx.textarea.labels || []).forEach((label) => label.addEventListener('click', () => {
      if (ctx.mode === 'visual') ctx.visual.focus();
    }));
    setMode(ctx, 'visual');
  }

  function enhanceToolbar(ctx, editor) {
    const bar = editor.gui.toolbar;
    if (!bar) return;
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', ctx.label + '：编辑工具');
    bar.querySelectorAll('.separator').forEach((s) => s.setAttribute('aria-hidden', 'true'));
    const buttons = () => Array.from(bar.querySelectorAll('button'));
    const makeCurrent = (button) => buttons().forEach((b) => { b.tabIndex = b === button ? 0 : -1; });
    makeCurrent(buttons()[0]);
    bar.addEventListener('focusin', (e) => {
      const button = e.target.closest('button');
      if (button) makeCurrent(button);
    });
    bar.addEventListener('keydown', (e) => {
      const visible = buttons().filter((b) => b.getClientRects().length);
      const i = visible.indexOf(document.activeElement);
      if (i < 0) return;
      const target = { ArrowRight: visible[(i + 1) % visible.length], ArrowLeft: visible[(i - 1 + visible.length) % visible.length],
        Home: visible[0], End: visible[visible.length - 1] }[e.key];
      if (!target) return;
      e.preventDefault();
      makeCurrent(target);
      target.focus();
    });
    const toggles = ['bold', 'italic', 'heading', 'quote', 'unordered-list', 'ordered-list', 'preview', 'side-by-side', 'fullscreen'];
    for (const name of toggles) {
      const button = editor.toolbarElements && editor.toolbarElements[name];
      if (!button) continue;
      const sync = () => button.setAttribute('aria-pressed', button.classList.contains('active') ? 'true' : 'false');
      sync();
      new MutationObserver(sync).observe(button, { attributes: true, attributeFilter: ['class'] });
    }
  }

  function fileInput(ctx, accept) {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.hidden = true;
    input.tabIndex = -1;
    input.setAttribute('aria-hidden', 'true');
    if (accept) input.accept = accept;
    input.addEventListener('change', () => {
      const files = Array.from(input.files || []);
      input.value = '';
      uploadFiles(ctx, files, ctx.cm.getDoc().getCursor());
      ctx.cm.focus();
    });
    return input;
  }

  function initEditor(textarea) {
    if (textarea.hasAttribute('data-editor-ready') || typeof window.EasyMDE !== 'function') return;
    const ctx = {
      textarea,
      label: labelFor(textarea),
      previewUrl: textarea.getAttribute('data-preview-url') || '',
      uploadUrl: textarea.getAttribute('data-upload-url') || '',
      maxBytes: Number(textarea.getAttribute('data-upload-max-bytes')) || 0,
      uploading: 0,
      required: textarea.required,
      mode: 'markdown',
      canGoVisual: !!(window.lnVisualEditor && window.lnPaste && textarea.getAttribute('data-preview-url')),
    };
    if (ctx.uploadUrl) {
      ctx.imageInput = fileInput(ctx, IMAGE_ACCEPT);
      ctx.fileInput = fileInput(ctx, textarea.getAttribute('data-upload-accept') || '');
    }
    // The hidden textarea cannot show the browser's "required" bubble: check on submit instead (below).
    textarea.required = false;

    const editor = new window.EasyMDE({
      element: textarea,
      autoDownloadFontAwesome: false,
      spellChecker: false,
      nativeSpellcheck: false,
      forceSync: true,
      uploadImage: false,
      sideBySideFullscreen: false,
      minHeight: '22rem',
      placeholder: textarea.getAttribute('placeholder') || '',
      toolbar: toolbarFor(ctx),
      status: [{
        className: 'md-count',
        defaultValue: (el) => { el.textContent = '字数：' + countChars(textarea.value); },
        onUpdate: (el) => { el.textContent = '字数：' + countChars(ctx.cm ? ctx.cm.getValue() : textarea.value); },
      }],
      previewClass: ['editor-preview', 'md-preview'],
      previewRender: makePreviewRenderer(ctx),
      promptURLs: false,
      insertTexts: {
        link: ['[', '](https://)'],
        image: ['![', '](https://)'],
        table: ['', '\n\n| 第一栏 | 第二栏 | 第三栏 |\n| --- | --- | --- |\n| 内容 | 内容 | 内容 |\n\n'],
        horizontalRule: ['', '\n\n---\n\n'],
      },
    });
    const cm = editor.codemirror;
    ctx.cm = cm;
    ctx.editor = editor;

    const container = cm.getWrapperElement().closest('.EasyMDEContainer') || cm.getWrapperElement().parentElement;
    container.removeAttribute('role'); // role="application" would hide the toolbar's buttons from screen readers' browse mode
    container.classList.add('md-editor');
    ctx.ui = buildUploadUi(ctx);
    container.after(ctx.ui.box);
    if (ctx.imageInput) ctx.ui.box.append(ctx.imageInput, ctx.fileInput);
    ctx.container = container;

    // The editor's real input gets the textarea's name, description and state.
    cm.setOption('screenReaderLabel', ctx.label);
    const input = cm.getInputField();
    for (const attr of ['aria-describedby', 'aria-invalid']) {
      if (textarea.hasAttribute(attr)) input.setAttribute(attr, textarea.getAttribute(attr));
    }
    if (ctx.required) input.setAttribute('aria-required', 'true');
    Array.from(textarea.labels || []).forEach((label) => label.addEventListener('click', () => cm.focus()));

    // No keyboard trap: Tab leaves the editor, except on a list line (or with a selection), where it indents;
    // after Esc the next Tab always leaves.
    let escaped = false;
    cm.on('keydown', (c, e) => {
      const wasEscaped = escaped;
      escaped = e.key === 'Escape';
      if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey) return;
      const indents = c.somethingSelected() || /^\s*([-*+]|\d+[.)])\s/.test(c.getLine(c.getCursor().line));
      if (wasEscaped || !indents) e.codemirrorIgnore = true;
    });

    enhanceToolbar(ctx, editor);

    cm.on('paste', (c, e) => onPaste(ctx, c, e));
    cm.on('drop', (c, e) => {
      const files = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
      if (!files.length || !ctx.uploadUrl) return;
      e.preventDefault();
      const at = replacePlaceholderAt(c, c.coordsChar({ left: e.clientX, top: e.clientY }, 'window'));
      c.focus();
      c.getDoc().setCursor(at);
      uploadFiles(ctx, files, at);
    });

    const form = textarea.form;
    if (form) {
      form.addEventListener('submit', (e) => {
        syncFromVisual(ctx);
        cm.save();
        const submitter = e.submitter;
        const validate = !form.noValidate && !(submitter && submitter.formNoValidate);
        if (validate && ctx.required && !editor.value().trim()) {
          e.preventDefault();
          e.stopImmediatePropagation();
          ctx.ui.clearErrors();
          ctx.ui.error('请填写“' + ctx.label + '”。');
          if (ctx.mode === 'visual') ctx.visual.focus(); else cm.focus();
          return;
        }
        if (ctx.uploading > 0 && !window.confirm('还有文件正在上传，现在提交会漏掉它们。仍然提交吗？')) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      });
    }

    editors.set(textarea, ctx);
    if (ctx.canGoVisual) initVisual(ctx);
    textarea.setAttribute('data-editor-ready', 'true');
  }

  /** Files dropped next to the editor must not replace the page (and the unsaved text) with the file. */
  function guardFileDrops() {
    const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
    const isFileInput = (t) => t instanceof HTMLInputElement && t.type === 'file';
    document.addEventListener('dragover', (e) => {
      if (!hasFiles(e) || isFileInput(e.target)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'none';
    });
    document.addEventListener('drop', (e) => {
      if (hasFiles(e) && !isFileInput(e.target)) e.preventDefault();
    });
  }

  function start() {
    const areas = document.querySelectorAll('textarea[data-markdown-editor]');
    if (!areas.length) return;
    guardFileDrops();
    areas.forEach((textarea) => {
      try {
        initEditor(textarea);
      } catch (error) {
        // The plain textarea still works; keep the page usable.
        console.error('Markdown editor failed to start', error);
      }
    });
  }

  /**
   * For other admin scripts (autosave): the Markdown an editor holds now, and replacing it. The textarea is the
   * one marked data-markdown-editor; without a started editor its own value is used.
   */
  window.lnAdminEditor = {
    editorFor: (textarea) => editors.get(textarea) && editors.get(textarea).editor,
    getMarkdown(textarea) {
      const ctx = editors.get(textarea);
      if (!ctx) return textarea.value;
      syncFromVisual(ctx);
      return ctx.editor.value();
    },
    setMarkdown(textarea, markdown) {
      const ctx = editors.get(textarea);
      if (!ctx) { textarea.value = markdown; return; }
      ctx.editor.value(markdown);
      if (ctx.mode === 'visual') setMode(ctx, 'visual');
    },
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
