/*
 * LnUnion.Portal admin area: progressive enhancements. Plain ES2020, no build step.
 * Works under the site's CSP (script-src 'self'; style-src 'self'): no inline script, no eval, no style attributes.
 * Without JavaScript every form still works as plain HTML; this file only makes them nicer.
 *
 * DOM contract
 *   <textarea data-markdown-editor
 *             data-preview-url="/admin/articles/preview"   POST markdown=…  → HTML fragment (sanitised by the server)
 *             data-upload-url="/admin/media/upload"        POST multipart file=… → {url,name,contentType,isImage} | {error}
 *             data-upload-max-bytes="20971520"             optional: refuse bigger files before uploading
 *             data-upload-accept=".pdf,.docx,…">           optional: accept list of the attachment picker
 *   inside a <form> that has the hidden input __RequestVerificationToken (Html.AntiForgeryToken / form tag helper).
 *   <button type="submit" data-confirm="确定撤回？">, or <form data-confirm="…">: confirm() before submitting.
 *   <select data-autosubmit>: submits its form when changed with the mouse (the form keeps its own submit button).
 */
(function () {
  'use strict';

  const TOKEN_FIELD = '__RequestVerificationToken';
  const TOKEN_HEADER = 'RequestVerificationToken';
  const PREVIEW_DELAY_MS = 400;
  const IMAGE_ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,.jpg,.jpeg,.png,.gif,.webp';
  const IMAGE_PLACEHOLDER = '〔此处图片未能粘贴，请用“图片”按钮上传〕';
  const CJK = '\\u2E80-\\u2FFF\\u3000-\\u303F\\u3040-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF';
  const CJK_LINE_BREAK = new RegExp('([' + CJK + '])[ \\t]*[\\r\\n]+[ \\t]*(?=[' + CJK + '])', 'g');

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

  function unwrap(el) {
    el.replaceWith(...Array.from(el.childNodes));
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

  function markdownLink(name, url, isImage) {
    const text = String(name || '').replace(/\s+/g, ' ').replace(/[\\[\]]/g, '\\$&');
    const dest = /[\s()<>]/.test(url) ? '<' + String(url).replace(/[<>]/g, encodeURIComponent) + '>' : url;
    return (isImage ? '!' : '') + '[' + text + '](' + dest + ')';
  }

  // ---------------------------------------------------------------- Word / WPS paste → Markdown

  let turndownService = null;

  function turndown() {
    if (turndownService || typeof window.TurndownService !== 'function') return turndownService;
    const service = new window.TurndownService({
      headingStyle: 'atx',
      bulletListMarker: '-',
      codeBlockStyle: 'fenced',
      fence: '```',
      emDelimiter: '*', // '_' does not work next to Chinese characters in CommonMark
      strongDelimiter: '**',
      hr: '---',
      br: '\\',
      linkStyle: 'inlined',
    });
    if (window.turndownPluginGfm) service.use(window.turndownPluginGfm.gfm);
    // The plugin writes ~x~, which Markdig reads as subscript: strikethrough is ~~x~~.
    service.addRule('strikethrough', {
      filter: ['del', 's', 'strike'],
      replacement: (content) => '~~' + content + '~~',
    });
    // "- item" and "1. item" with one space; continuation lines indented to the text.
    service.addRule('listItem', {
      filter: 'li',
      replacement: (content, node, options) => {
        const parent = node.parentNode;
        let prefix = options.bulletListMarker + ' ';
        if (parent.nodeName === 'OL') {
          const start = parent.getAttribute('start');
          const index = Array.prototype.indexOf.call(parent.children, node);
          prefix = (start ? Number(start) + index : index + 1) + '. ';
        }
        const isParagraph = /\n$/.test(content);
        content = content.replace(/^\n+/, '').replace(/\n+$/, '') + (isParagraph ? '\n' : '');
        content = content.replace(/\n/gm, '\n' + ' '.repeat(prefix.length));
        return prefix + content + (node.nextSibling ? '\n' : '');
      },
    });
    // A literal | must not end a table cell.
    const escape = service.escape.bind(service);
    service.escape = (text) => escape(text).replace(/\|/g, '\\|');
    turndownService = service;
    return service;
  }

  function safeUrl(raw, protocols) {
    if (!raw) return null;
    let url;
    try { url = new URL(raw.trim(), location.href); } catch { return null; }
    if (!protocols.includes(url.protocol)) return null;
    if (url.origin === location.origin) return url.pathname + url.search + url.hash;
    return url.href;
  }

  const STYLE_ATTR = 'data-ln-style';
  const BOLD_STYLE = /(?:^|;)\s*font-weight\s*:\s*(?:bold|[6-9]00)\b/i;
  const NORMAL_WEIGHT_STYLE = /(?:^|;)\s*font-weight\s*:\s*(?:normal|[1-4]00)\b/i;
  const ITALIC_STYLE = /(?:^|;)\s*font-style\s*:\s*italic\b/i;
  const STRIKE_STYLE = /(?:^|;)\s*text-decoration[^;:]*:[^;]*line-through/i;

  /** Word and WPS write the bullet or number of a list paragraph inside a conditional comment: keep it, marked. */
  function markListMarkers(html) {
    return html.replace(
      /<!(?:--)?\[if !supportLists\](?:--)?>([\s\S]*?)<!(?:--)?\[endif\](?:--)?>/gi,
      (match, inner) => '<ln-list-marker>' + inner + '</ln-list-marker>');
  }

  /**
   * Parse clipboard HTML into an inert document. A DOMParser document still applies the page's CSP to <style>
   * and style="" (console errors, violation reports), so style sheets go and style attributes are renamed.
   */
  function parseInert(html) {
    const cleaned = markListMarkers(html)
      .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
      .replace(/<link\b[^>]*>/gi, '')
      .replace(/<[a-zA-Z][^>]*>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, '$1' + STYLE_ATTR + '$2'));
    return new DOMParser().parseFromString(cleaned, 'text/html');
  }

  function rebuildWordLists(body) {
    const doc = body.ownerDocument;
    let group = null;
    for (const marker of Array.from(body.querySelectorAll('ln-list-marker'))) {
      const p = marker.closest('p, h1, h2, h3, h4, h5, h6, div');
      const text = marker.textContent.replace(/[\s\u00a0]+/g, ' ').trim();
      const level = Number((/mso-list\s*:\s*l\d+\s+level(\d+)/i.exec(p ? p.getAttribute(STYLE_ATTR) || '' : '') || [])[1] || 1);
      const number = /^(\d+)[.)．）、]?$/.exec(text);
      const kind = number ? 'ol' : ([...text].length === 1 ? 'ul' : null);
      if (!p || !kind || p.tagName !== 'P') {
        // "一、", "（一）", "a." and the like stay as written: they are part of a Chinese document's outline.
        marker.replaceWith(doc.createTextNode(text ? text + (/[、．）)]$/.test(text) ? '' : ' ') : ''));
        continue;
      }
      if (group && group.root !== p.previousElementSibling) group = null;
      if (!group) {
        const list = doc.createElement(kind);
        p.before(list);
        group = { root: list, stack: [{ list, level, kind }] };
      } else {
        let top = group.stack[group.stack.length - 1];
        while (group.stack.length > 1 && top.level > level) {
          group.stack.pop();
          top = group.stack[group.stack.length - 1];
        }
        if (level > top.level) {
          const list = doc.createElement(kind);
          const lastItem = top.list.lastElementChild || top.list.appendChild(doc.createElement('li'));
          lastItem.append(list);
          group.stack.push({ list, level, kind });
        } else if (top.kind !== kind) {
          const list = doc.createElement(kind);
          top.list.after(list);
          group.stack[group.stack.length - 1] = { list, level: top.level, kind };
          if (group.stack.length === 1) group.root = list;
        }
      }
      const top = group.stack[group.stack.length - 1];
      if (kind === 'ol' && !top.list.children.length && number && number[1] !== '1') top.list.setAttribute('start', number[1]);
      marker.remove();
      const item = doc.createElement('li');
      item.append(...Array.from(p.childNodes));
      top.list.append(item);
      p.remove();
    }
  }

  /** Rebuild a table as a plain grid whose first row is the heading row, so that it becomes a GFM table. */
  function normalizeTable(table) {
    const doc = table.ownerDocument;
    const caption = table.querySelector(':scope > caption');
    if (caption) {
      const p = doc.createElement('p');
      p.append(...Array.from(caption.childNodes));
      table.before(p);
    }
    const rows = Array.from(table.rows);
    if (!rows.length) { table.remove(); return; }
    const grid = rows.map(() => []);
    rows.forEach((tr, r) => {
      let c = 0;
      for (const cell of Array.from(tr.cells)) {
        while (grid[r][c] !== undefined) c++;
        const colSpan = Math.min(Math.max(cell.colSpan || 1, 1), 50);
        const rowSpan = Math.min(Math.max(cell.rowSpan || 1, 1), rows.length - r);
        for (let i = 0; i < rowSpan; i++) {
          for (let j = 0; j < colSpan; j++) grid[r + i][c + j] = i === 0 && j === 0 ? cell : null;
        }
        c += colSpan;
      }
    });
    const width = Math.max(1, ...grid.map((row) => row.length));
    const out = doc.createElement('table');
    const head = out.createTHead();
    const bodySection = out.createTBody();
    grid.forEach((row, r) => {
      const tr = doc.createElement('tr');
      for (let c = 0; c < width; c++) {
        const cell = doc.createElement(r === 0 ? 'th' : 'td');
        const source = row[c];
        if (source) {
          source.querySelectorAll('br').forEach((br) => br.replaceWith(' '));
          source.querySelectorAll('p, div, h1, h2, h3, h4, h5, h6, li, ul, ol, dl, dt, dd, blockquote, pre')
            .forEach((block) => { block.after(' '); unwrap(block); });
          cell.append(...Array.from(source.childNodes));
        }
        tr.append(cell);
      }
      (r === 0 ? head : bodySection).append(tr);
    });
    if (!bodySection.rows.length) bodySection.remove();
    table.replaceWith(out);
  }

  /** Word splits one bold run into several <b>: "**a****b**" would not render, "**ab**" does. */
  function mergeAdjacentInline(body) {
    const canonical = { B: 'STRONG', STRONG: 'STRONG', I: 'EM', EM: 'EM', S: 'DEL', STRIKE: 'DEL', DEL: 'DEL', U: 'U' };
    for (const el of Array.from(body.querySelectorAll('b, strong, i, em, s, strike, del, u'))) {
      if (!el.isConnected) continue;
      let next = el.nextSibling;
      while (next && next.nodeType === Node.ELEMENT_NODE && canonical[next.tagName] === canonical[el.tagName]) {
        el.append(...Array.from(next.childNodes));
        next.remove();
        next = el.nextSibling;
      }
    }
  }

  const KEEP_ATTRIBUTES = { A: ['href', 'title'], IMG: ['src', 'alt', 'title'], OL: ['start'], INPUT: ['type', 'checked'] };

  /**
   * Turn clipboard HTML into Markdown. Returns null when the plain text is the better paste
   * (text copied from a code editor, from this editor itself, or with no formatting worth keeping).
   */
  function htmlToMarkdown(html) {
    const service = turndown();
    if (!service || !html) return null;
    if (/class="?[^">]*CodeMirror/.test(html)) return null;
    const doc = parseInert(html);
    const body = doc.body;
    if (!body) return null;
    if (Array.from(body.querySelectorAll('[' + STYLE_ATTR + '*="white-space"]'))
      .some((el) => /white-space\s*:\s*pre/i.test(el.getAttribute(STYLE_ATTR)))) return null;

    // Comments (StartFragment, conditional comments) and everything that is not content.
    const comments = [];
    const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
    while (walker.nextNode()) comments.push(walker.currentNode);
    comments.forEach((c) => c.remove());
    body.querySelectorAll('style, script, meta, link, title, xml, template, noscript, iframe, frame, object, embed, ' +
      'svg, math, canvas, video, audio, button, select, textarea, input:not([type="checkbox"]), colgroup, col')
      .forEach((el) => el.remove());
    for (const el of Array.from(body.querySelectorAll('*'))) {
      if (!el.isConnected || !el.tagName.includes(':')) continue;
      // o:p, v:shape, w:… are Office junk; smart tags such as st1:chsdate wrap real text.
      if (/^(o|v|w|m):/i.test(el.tagName)) el.remove(); else unwrap(el);
    }

    // Formatting that only lives in style attributes (Google Docs, WPS); Google's wrapper <b style="font-weight:normal">.
    for (const el of Array.from(body.querySelectorAll('b[' + STYLE_ATTR + '], strong[' + STYLE_ATTR + ']'))) {
      if (NORMAL_WEIGHT_STYLE.test(el.getAttribute(STYLE_ATTR))) unwrap(el);
    }
    for (const span of Array.from(body.querySelectorAll('span[' + STYLE_ATTR + '], font[' + STYLE_ATTR + ']'))) {
      const style = span.getAttribute(STYLE_ATTR);
      let inner = span;
      for (const [test, tag] of [[BOLD_STYLE, 'strong'], [ITALIC_STYLE, 'em'], [STRIKE_STYLE, 'del']]) {
        if (!test.test(style) || !inner.textContent.trim()) continue;
        const wrapper = doc.createElement(tag);
        wrapper.append(...Array.from(inner.childNodes));
        inner.append(wrapper);
        inner = wrapper;
      }
    }

    rebuildWordLists(body);

    let skippedImages = 0;
    for (const img of Array.from(body.querySelectorAll('img'))) {
      const src = safeUrl(img.getAttribute('src'), ['http:', 'https:']);
      if (src && src.startsWith('/')) {
        img.setAttribute('src', src);
      } else {
        // Word's file:///C:/… pictures, data: URLs and other sites' images cannot be kept: say so.
        skippedImages++;
        img.replaceWith(doc.createTextNode(IMAGE_PLACEHOLDER));
      }
    }
    for (const a of Array.from(body.querySelectorAll('a'))) {
      const href = (a.getAttribute('href') || '').trim();
      const safe = href.startsWith('#') ? null : safeUrl(href, ['http:', 'https:', 'mailto:', 'tel:']);
      if (safe) a.setAttribute('href', safe); else unwrap(a);
    }

    const tables = Array.from(body.querySelectorAll('table')).reverse();
    for (const table of tables) {
      if (table.parentElement && table.parentElement.closest('td, th')) {
        table.replaceWith(doc.createTextNode(' ' + table.textContent.replace(/\s+/g, ' ').trim() + ' '));
      }
    }
    Array.from(body.querySelectorAll('table')).forEach(normalizeTable);
    body.querySelectorAll('th b, th strong').forEach(unwrap); // a heading cell is bold already
    mergeAdjacentInline(body);

    for (const el of Array.from(body.querySelectorAll('*'))) {
      const keep = KEEP_ATTRIBUTES[el.tagName] || [];
      for (const attr of Array.from(el.attributes)) {
        const keepClass = attr.name === 'class' && el.tagName === 'CODE' && /^language-[\w-]+$/.test(attr.value);
        if (!keep.includes(attr.name) && !keepClass) el.removeAttribute(attr.name);
      }
    }

    // Word breaks its HTML source inside Chinese sentences; a line break there is not a space.
    const textWalker = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    while (textWalker.nextNode()) {
      const node = textWalker.currentNode;
      if (!node.parentElement || !node.parentElement.closest('pre, code')) node.data = node.data.replace(CJK_LINE_BREAK, '$1');
    }
    // The public stylesheet sets paragraph indentation: drop the full-width spaces typed for it.
    for (const block of Array.from(body.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6'))) {
      const first = doc.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      while (first.nextNode()) {
        const node = first.currentNode;
        node.data = node.data.replace(/^[\s\u3000\u00a0]+/, '');
        if (node.data) break;
      }
    }

    const rich = body.querySelector('b, strong, i, em, h1, h2, h3, h4, h5, h6, ul, ol, table, a[href], img, ' +
      'blockquote, pre, code, hr, del, s, strike, sup, sub');
    const blocks = body.querySelectorAll('p, div, li, h1, h2, h3, h4, h5, h6, tr, br').length;
    if (!rich && blocks <= 1 && !skippedImages) return null;

    const markdown = service.turndown(body)
      .replace(/[ \t\u00a0]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    return { markdown, skippedImages };
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
    return items;
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
      const token = antiforgeryToken(ctx.textarea);
      const body = new URLSearchParams();
      body.set('markdown', text);
      if (token) body.set(TOKEN_FIELD, token);
      try {
        const response = await fetch(ctx.previewUrl, {
          method: 'POST',
          body,
          headers: requestHeaders(token, 'text/html'),
          credentials: 'same-origin',
          signal: controller.signal,
        });
        const html = await response.text();
        if (seq !== state.seq) return;
        if (!response.ok || response.redirected) {
          state.shown = null;
          showError(preview, failureMessage(response.status, html, response.redirected));
          return;
        }
        preview.innerHTML = html; // sanitised by the server's Markdown pipeline
        state.shown = text;
      } catch (error) {
        if (error.name === 'AbortError' || seq !== state.seq) return;
        state.shown = null;
        showError(preview, failureMessage(0, '', false));
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
        const at = bookmark.find() || ctx.cm.getDoc().getCursor();
        insertBlock(ctx.cm, at, markdownLink(data.name || name, data.url, isImage));
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

  function htmlHasText(html) {
    const doc = parseInert(html);
    return !!(doc.body && doc.body.textContent.trim());
  }

  function onPaste(ctx, cm, event) {
    const data = event.clipboardData;
    if (!data) return;
    const html = data.getData('text/html');
    const files = clipboardFiles(data);
    if (files.length && ctx.uploadUrl && !data.getData('text/plain').trim() && (!html || !htmlHasText(html))) {
      event.preventDefault();
      uploadFiles(ctx, files, cm.getDoc().getCursor());
      return;
    }
    if (!html) return; // plain text: CodeMirror pastes it as is
    let result = null;
    try { result = htmlToMarkdown(html); } catch (error) { result = null; }
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
    ctx.ui.clearErrors();
    if (result.skippedImages) {
      ctx.ui.error('粘贴的内容里有 ' + result.skippedImages + ' 张图片无法直接带过来，已用“〔此处图片未能粘贴…〕”标出，' +
        '请把图片另存为文件后用“图片”按钮上传。');
    }
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
      const at = c.coordsChar({ left: e.clientX, top: e.clientY }, 'window');
      c.focus();
      c.getDoc().setCursor(at);
      uploadFiles(ctx, files, at);
    });

    const form = textarea.form;
    if (form) {
      form.addEventListener('submit', (e) => {
        cm.save();
        const submitter = e.submitter;
        const validate = !form.noValidate && !(submitter && submitter.formNoValidate);
        if (validate && ctx.required && !editor.value().trim()) {
          e.preventDefault();
          e.stopImmediatePropagation();
          ctx.ui.clearErrors();
          ctx.ui.error('请填写“' + ctx.label + '”。');
          cm.focus();
          return;
        }
        if (ctx.uploading > 0 && !window.confirm('还有文件正在上传，现在提交会漏掉它们。仍然提交吗？')) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      });
    }

    textarea.setAttribute('data-editor-ready', 'true');
    editors.set(textarea, editor);
  }

  // ---------------------------------------------------------------- confirm and auto-submit

  function initForms() {
    document.addEventListener('submit', (e) => {
      const form = e.target;
      if (!(form instanceof HTMLFormElement)) return;
      const submitter = e.submitter;
      const message = (submitter && submitter.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
      if (message && !window.confirm(message)) e.preventDefault();
    });

    // A keyboard user changing a select with the arrow keys must not be sent away on the first key press:
    // after a key press the form waits for its own submit button.
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
    initForms();
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

  window.lnAdminEditor = { htmlToMarkdown, editorFor: (textarea) => editors.get(textarea) };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
