/*
 * LnUnion.Portal admin area: clipboard HTML from Word, WPS, web pages → the Markdown the site stores.
 * Plain ES2020, no build step; loadable by the browser (global lnPaste) and by node (CommonJS) for the fixture tests
 * in tests/paste. It touches the page through nothing but the DOM parser and Turndown it is given.
 *
 * What it keeps beyond Markdown, as the renderer's allow-list (Content/MarkdownRenderer.cs) lets through:
 *   centred / right-aligned paragraphs and headings  → Markdig generic attributes: "落款 {.align-right}"
 *   underline, red or blue text                      → <u>…</u>, <span class="text-red">…</span>
 *   tables with merged cells                         → an HTML <table> with colspan/rowspan (pipe tables cannot merge)
 * An image that cannot be carried (Word's file:///, data:, another site's) becomes IMAGE_PLACEHOLDER, which the
 * server refuses to submit for review until it is replaced or removed.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.lnPaste = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const ELEMENT_NODE = 1;
  const SHOW_TEXT = 4;
  const SHOW_COMMENT = 128;
  const IMAGE_PLACEHOLDER = '〔此处图片未能粘贴，请用“图片”按钮上传〕';
  const CJK = '\\u2E80-\\u2FFF\\u3000-\\u303F\\u3040-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF';
  const CJK_LINE_BREAK = new RegExp('([' + CJK + '])[ \\t]*[\\r\\n]+[ \\t]*(?=[' + CJK + '])', 'g');
  const ALIGN_CLASSES = { center: 'align-center', right: 'align-right' };
  const MAX_SPAN = 50;
  const FIGURE_CLASSES = ['image-half', 'align-left', 'align-center', 'align-right'];

  function unwrap(el) {
    el.replaceWith(...Array.from(el.childNodes));
  }

  /** In the browser, the page's own DOMParser, Turndown and address; node's tests pass theirs. */
  function browserEnvironment() {
    const w = typeof window !== 'undefined' ? window : null;
    if (!w || typeof w.TurndownService !== 'function') return null;
    return { DOMParser: w.DOMParser, TurndownService: w.TurndownService, gfm: w.turndownPluginGfm && w.turndownPluginGfm.gfm, baseUrl: w.location.href };
  }

  function turndown(env) {
    const service = new env.TurndownService({
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
    if (env.gfm) service.use(env.gfm);
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
    addKeptFormatting(service);
    return service;
  }

  function safeUrl(raw, protocols, baseUrl) {
    if (!raw) return null;
    let url;
    let base;
    try { base = new URL(baseUrl); url = new URL(raw.trim(), base); } catch { return null; }
    if (!protocols.includes(url.protocol)) return null;
    if (url.origin === base.origin) return url.pathname + url.search + url.hash;
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
  function parseInert(html, env) {
    const cleaned = markListMarkers(html)
      .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
      .replace(/<link\b[^>]*>/gi, '')
      .replace(/<[a-zA-Z][^>]*>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, '$1' + STYLE_ATTR + '$2'));
    return new env.DOMParser().parseFromString(cleaned, 'text/html');
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

  function tableRows(table) {
    return Array.from(table.querySelectorAll('tr')).filter((tr) => tr.closest('table') === table);
  }

  function rowCells(tr) {
    return Array.from(tr.children).filter((cell) => cell.tagName === 'TD' || cell.tagName === 'TH');
  }

  function span(cell, name, limit) {
    const value = Number.parseInt(cell.getAttribute(name) || '1', 10);
    return Math.min(Math.max(Number.isFinite(value) ? value : 1, 1), limit);
  }

  /** A cell's content on one line: block boundaries become spaces (GFM) or <br> (HTML table). */
  function flattenCell(source, separator) {
    const doc = source.ownerDocument;
    source.querySelectorAll('br').forEach((br) => br.replaceWith(doc.createTextNode(' ')));
    const blocks = Array.from(source.querySelectorAll('p, div, h1, h2, h3, h4, h5, h6, li, ul, ol, dl, dt, dd, blockquote, pre'));
    blocks.forEach((block, i) => {
      if (i < blocks.length - 1 && block.textContent.trim()) block.after(separator());
      unwrap(block);
    });
  }

  /**
   * A table without merged cells becomes a plain grid whose first row is the heading row, so that it turns into a
   * GFM table. One with merged cells keeps them as an HTML table (marked ln-html-table, written as is by Turndown).
   */
  function normalizeTable(table) {
    const doc = table.ownerDocument;
    const caption = Array.from(table.children).find((el) => el.tagName === 'CAPTION');
    if (caption) {
      const p = doc.createElement('p');
      p.append(...Array.from(caption.childNodes));
      table.before(p);
      caption.remove();
    }
    const rows = tableRows(table);
    if (!rows.length) { table.remove(); return; }
    const merged = rows.some((tr) => rowCells(tr).some((cell) => span(cell, 'colspan', MAX_SPAN) > 1 || span(cell, 'rowspan', rows.length) > 1));
    if (merged) {
      const out = doc.createElement('table');
      out.setAttribute('ln-html-table', '');
      const bodySection = doc.createElement('tbody');
      out.append(bodySection);
      rows.forEach((tr, r) => {
        const row = doc.createElement('tr');
        for (const source of rowCells(tr)) {
          const cell = doc.createElement(source.tagName === 'TH' ? 'th' : 'td');
          const colSpan = span(source, 'colspan', MAX_SPAN);
          const rowSpan = span(source, 'rowspan', rows.length - r);
          if (colSpan > 1) cell.setAttribute('colspan', String(colSpan));
          if (rowSpan > 1) cell.setAttribute('rowspan', String(rowSpan));
          const align = alignmentOf(source) || alignmentOf(source.querySelector('p, div'));
          if (align) cell.setAttribute('ln-align', align);
          flattenCell(source, () => doc.createElement('br'));
          cell.append(...Array.from(source.childNodes));
          row.append(cell);
        }
        bodySection.append(row);
      });
      table.replaceWith(out);
      return;
    }
    const grid = rows.map((tr) => rowCells(tr));
    const width = Math.max(1, ...grid.map((row) => row.length));
    const out = doc.createElement('table');
    const head = doc.createElement('thead');
    const bodySection = doc.createElement('tbody');
    grid.forEach((row, r) => {
      const tr = doc.createElement('tr');
      for (let c = 0; c < width; c++) {
        const cell = doc.createElement(r === 0 ? 'th' : 'td');
        const source = row[c];
        if (source) {
          flattenCell(source, () => doc.createTextNode(' '));
          cell.append(...Array.from(source.childNodes));
        }
        tr.append(cell);
      }
      (r === 0 ? head : bodySection).append(tr);
    });
    out.append(head);
    if (bodySection.children.length) out.append(bodySection);
    table.replaceWith(out);
  }

  /** 'center' or 'right' from Word's align="center" / WPS's text-align:center, else null (left is the default). */
  function alignmentOf(el) {
    if (!el) return null;
    const style = el.getAttribute(STYLE_ATTR) || '';
    const value = ((/(?:^|;)\s*text-align\s*:\s*([a-z]+)/i.exec(style) || [])[1] || el.getAttribute('align') || '').toLowerCase();
    if (value === 'center' || value === 'right') return value;
    // The site's own HTML (the visual editor, a copy from an article page) says it with the allow-listed class.
    const classes = (el.getAttribute('class') || '').split(/\s+/);
    return classes.includes('align-center') ? 'center' : classes.includes('align-right') ? 'right' : null;
  }

  /** The allow-listed colour a CSS colour is closest to in meaning: red (红头 emphasis), blue, or none. */
  function colourName(value) {
    const v = String(value || '').trim().toLowerCase();
    const named = { red: 'red', darkred: 'red', crimson: 'red', firebrick: 'red', blue: 'blue', navy: 'blue', darkblue: 'blue', mediumblue: 'blue' };
    if (named[v]) return named[v];
    let rgb = null;
    const hex = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/.exec(v);
    if (hex) {
      const h = hex[1].length === 3 ? hex[1].replace(/./g, '$&$&') : hex[1];
      rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    }
    const fn = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(v);
    if (fn) rgb = fn.slice(1, 4).map(Number);
    if (!rgb) return null;
    const [r, g, b] = rgb;
    if (r >= 150 && g <= 90 && b <= 90) return 'red';
    if (b >= 150 && r <= 90 && g <= 130) return 'blue';
    return null;
  }

  /** Marks alignment, colour and underline, which live in attributes and styles that are about to be dropped. */
  function markKeptFormatting(body) {
    const doc = body.ownerDocument;
    for (const block of Array.from(body.querySelectorAll('p, h1, h2, h3, h4, h5, h6, div'))) {
      const align = alignmentOf(block);
      if (align) block.setAttribute('ln-align', align);
    }
    for (const figure of Array.from(body.querySelectorAll('figure'))) {
      const classes = (figure.getAttribute('class') || '').split(/\s+/).filter((c) => FIGURE_CLASSES.includes(c));
      figure.setAttribute('ln-figure', classes.join(' '));
    }
    for (const el of Array.from(body.querySelectorAll('span.text-red, span.text-blue'))) {
      el.setAttribute('ln-colour', el.classList.contains('text-red') ? 'red' : 'blue');
    }
    for (const el of Array.from(body.querySelectorAll('span, font'))) {
      if (el.hasAttribute('ln-colour')) continue;
      const style = el.getAttribute(STYLE_ATTR) || '';
      let inner = el;
      const wrap = (tag, attrs) => {
        if (!inner.textContent.trim()) return;
        const wrapper = doc.createElement(tag);
        for (const [k, v] of Object.entries(attrs)) wrapper.setAttribute(k, v);
        wrapper.append(...Array.from(inner.childNodes));
        inner.append(wrapper);
        inner = wrapper;
      };
      const colour = colourName(el.getAttribute('color') || (/(?:^|;)\s*color\s*:\s*([^;]+)/i.exec(style) || [])[1]);
      if (colour) wrap('span', { 'ln-colour': colour });
      if (/(?:^|;)\s*text-decoration[^;:]*:[^;]*underline|(?:^|;)\s*text-underline\s*:\s*(?!none)/i.test(style)) wrap('u', {});
    }
  }

  /** Turndown rules for what Markdown has no syntax for; the renderer's allow-list lets exactly these through. */
  function addKeptFormatting(service) {
    service.addRule('alignedBlock', {
      filter: (node) => /^(P|H[1-6])$/.test(node.nodeName) && !!ALIGN_CLASSES[node.getAttribute('ln-align')] && !node.closest('td, th, li'),
      replacement: (content, node, options) => {
        const attribute = ' {.' + ALIGN_CLASSES[node.getAttribute('ln-align')] + '}';
        const text = content.replace(/\n+/g, ' ').trim();
        if (!text) return '';
        const heading = /^H([1-6])$/.exec(node.nodeName);
        return '\n\n' + (heading ? '#'.repeat(Number(heading[1])) + ' ' : '') + text + attribute + '\n\n';
      },
    });
    service.addRule('underline', {
      filter: 'u',
      replacement: (content) => (content.trim() ? '<u>' + content + '</u>' : content),
    });
    service.addRule('colour', {
      filter: (node) => node.nodeName === 'SPAN' && /^(red|blue)$/.test(node.getAttribute('ln-colour') || ''),
      replacement: (content, node) => (content.trim() ? '<span class="text-' + node.getAttribute('ln-colour') + '">' + content + '</span>' : content),
    });
    // A picture with a caption, width or alignment: the allow-listed <figure>, on one line (see tableHtml).
    service.addRule('figure', {
      filter: (node) => node.nodeName === 'FIGURE' && node.hasAttribute('ln-figure') && !!node.querySelector('img'),
      replacement: (content, node) => '\n\n' + figureHtml(node) + '\n\n',
    });
    // A picture marked decorative keeps its mark: Markdown's ![](…) cannot say "decorative", only "undescribed".
    service.addRule('decorativeImage', {
      filter: (node) => node.nodeName === 'IMG' && isDecorative(node),
      replacement: (content, node) => '<img src="' + escapeHtml(node.getAttribute('src') || '') + '" alt="" role="presentation">',
    });
    // Markdown inside an HTML block is not read as Markdown: the table is written as the allow-listed HTML itself.
    service.addRule('htmlTable', {
      filter: (node) => node.nodeName === 'TABLE' && node.hasAttribute('ln-html-table'),
      replacement: (content, node) => '\n\n' + tableHtml(node) + '\n\n',
    });
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  const INLINE_TAGS = { STRONG: 'strong', B: 'strong', EM: 'em', I: 'em', U: 'u', DEL: 'del', S: 'del', SUP: 'sup', SUB: 'sub', BR: 'br' };

  function inlineHtml(node) {
    let out = '';
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) { out += escapeHtml(child.data.replace(/\s+/g, ' ')); continue; }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const tag = INLINE_TAGS[child.tagName];
      const colour = child.tagName === 'SPAN' && child.getAttribute('ln-colour');
      if (tag === 'br') out += '<br>';
      else if (tag) out += '<' + tag + '>' + inlineHtml(child) + '</' + tag + '>';
      else if (colour) out += '<span class="text-' + colour + '">' + inlineHtml(child) + '</span>';
      else if (child.tagName === 'A' && child.getAttribute('href')) out += '<a href="' + escapeHtml(child.getAttribute('href')) + '">' + inlineHtml(child) + '</a>';
      else out += inlineHtml(child);
    }
    return out;
  }

  /** The explicit decorative mark the picture dialog writes: no description and role="presentation". */
  function isDecorative(img) {
    return !(img.getAttribute('alt') || '').trim() && /^(presentation|none)$/.test(img.getAttribute('role') || '');
  }

  function figureHtml(figure) {
    const img = figure.querySelector('img');
    const caption = figure.querySelector('figcaption');
    const classes = figure.getAttribute('ln-figure');
    return '<figure' + (classes ? ' class="' + classes + '"' : '') + '><img src="' + escapeHtml(img.getAttribute('src')) +
      '" alt="' + escapeHtml((img.getAttribute('alt') || '').replace(/\s+/g, ' ').trim()) + '"' + (isDecorative(img) ? ' role="presentation"' : '') + '>' +
      (caption && caption.textContent.trim() ? '<figcaption>' + inlineHtml(caption).trim() + '</figcaption>' : '') + '</figure>';
  }

  /** One line per row and no blank line inside: a blank line would end Markdown's HTML block. */
  function tableHtml(table) {
    const rows = tableRows(table).map((tr) => '<tr>' + rowCells(tr).map((cell) => {
      const tag = cell.tagName.toLowerCase();
      let attrs = '';
      for (const name of ['colspan', 'rowspan']) if (cell.hasAttribute(name)) attrs += ' ' + name + '="' + cell.getAttribute(name) + '"';
      const align = ALIGN_CLASSES[cell.getAttribute('ln-align')];
      if (align) attrs += ' class="' + align + '"';
      return '<' + tag + attrs + '>' + inlineHtml(cell).trim() + '</' + tag + '>';
    }).join('') + '</tr>');
    return '<table>\n<tbody>\n' + rows.join('\n') + '\n</tbody>\n</table>';
  }

  /** Word splits one bold run into several <b>: "**a****b**" would not render, "**ab**" does. */
  function mergeAdjacentInline(body) {
    const canonical = { B: 'STRONG', STRONG: 'STRONG', I: 'EM', EM: 'EM', S: 'DEL', STRIKE: 'DEL', DEL: 'DEL', U: 'U' };
    for (const el of Array.from(body.querySelectorAll('b, strong, i, em, s, strike, del, u'))) {
      if (!el.isConnected) continue;
      let next = el.nextSibling;
      while (next && next.nodeType === ELEMENT_NODE && canonical[next.tagName] === canonical[el.tagName]) {
        el.append(...Array.from(next.childNodes));
        next.remove();
        next = el.nextSibling;
      }
    }
  }

  const KEEP_ATTRIBUTES = { A: ['href', 'title'], IMG: ['src', 'alt', 'title', 'role'], OL: ['start'], INPUT: ['type', 'checked'], TD: ['colspan', 'rowspan'], TH: ['colspan', 'rowspan'] };

  /**
   * Turn clipboard HTML into Markdown. Returns null when the plain text is the better paste
   * (text copied from a code editor, from this editor itself, or with no formatting worth keeping).
   */
  function htmlToMarkdown(html, environment) {
    return convert(html, environment || browserEnvironment(), false);
  }

  /** The visual editor's HTML as Markdown, always (even a single plain paragraph), '' when empty. */
  function visualToMarkdown(html, environment) {
    const result = convert(html, environment || browserEnvironment(), true);
    return result ? result.markdown : '';
  }

  function convert(html, env, always) {
    if (!env || !html) return null;
    const service = turndown(env);
    if (!always && /class="?[^">]*CodeMirror/.test(html)) return null;
    const doc = parseInert(html, env);
    const body = doc.body;
    if (!body) return null;
    if (!always && Array.from(body.querySelectorAll('[' + STYLE_ATTR + '*="white-space"]'))
      .some((el) => /white-space\s*:\s*pre/i.test(el.getAttribute(STYLE_ATTR)))) return null;

    // Comments (StartFragment, conditional comments) and everything that is not content.
    const comments = [];
    const walker = doc.createTreeWalker(body, SHOW_COMMENT);
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
      // Already inside <b> (WPS writes both), another ** would nest and show as literal asterisks.
      for (const [test, tag, inside] of [[BOLD_STYLE, 'strong', 'b, strong'], [ITALIC_STYLE, 'em', 'i, em'], [STRIKE_STYLE, 'del', 's, strike, del']]) {
        if (!test.test(style) || !inner.textContent.trim() || inner.closest(inside)) continue;
        const wrapper = doc.createElement(tag);
        wrapper.append(...Array.from(inner.childNodes));
        inner.append(wrapper);
        inner = wrapper;
      }
    }

    // A <br> that ends its block breaks nothing (contenteditable leaves one in every empty paragraph).
    for (const br of Array.from(body.querySelectorAll('br'))) {
      let next = br.nextSibling;
      while (next && next.nodeType === 3 && !next.data.trim()) next = next.nextSibling;
      if (!next && /^(P|DIV|LI|H[1-6]|TD|TH)$/.test(br.parentNode.nodeName)) br.remove();
    }
    markKeptFormatting(body);
    rebuildWordLists(body);

    let skippedImages = 0;
    for (const img of Array.from(body.querySelectorAll('img'))) {
      const src = safeUrl(img.getAttribute('src'), ['http:', 'https:'], env.baseUrl);
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
      const safe = href.startsWith('#') ? null : safeUrl(href, ['http:', 'https:', 'mailto:', 'tel:'], env.baseUrl);
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
        const marker = attr.name.startsWith('ln-');
        if (!keep.includes(attr.name) && !keepClass && !marker) el.removeAttribute(attr.name);
      }
    }

    // Word breaks its HTML source inside Chinese sentences; a line break there is not a space.
    const textWalker = doc.createTreeWalker(body, SHOW_TEXT);
    while (textWalker.nextNode()) {
      const node = textWalker.currentNode;
      if (!node.parentElement || !node.parentElement.closest('pre, code')) node.data = node.data.replace(CJK_LINE_BREAK, '$1');
    }
    // The public stylesheet sets paragraph indentation: drop the full-width spaces typed for it.
    for (const block of Array.from(body.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6'))) {
      const first = doc.createTreeWalker(block, SHOW_TEXT);
      while (first.nextNode()) {
        const node = first.currentNode;
        node.data = node.data.replace(/^[\s\u3000\u00a0]+/, '');
        if (node.data) break;
      }
    }

    const rich = body.querySelector('b, strong, i, em, u, h1, h2, h3, h4, h5, h6, ul, ol, table, a[href], img, ' +
      'blockquote, pre, code, hr, del, s, strike, sup, sub, [ln-align], [ln-colour]');
    const blocks = body.querySelectorAll('p, div, li, h1, h2, h3, h4, h5, h6, tr, br').length;
    if (!always && !rich && blocks <= 1 && !skippedImages) return null;

    const markdown = service.turndown(body)
      .replace(/[ \t\u00a0]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    return { markdown, skippedImages };
  }

  /** Whether clipboard HTML carries any text (a copied image alone comes wrapped in an <img>-only fragment). */
  function hasText(html, environment) {
    const env = environment || browserEnvironment();
    if (!env) return false;
    const body = parseInert(html, env).body;
    return !!(body && body.textContent.trim());
  }

  return { htmlToMarkdown, visualToMarkdown, hasText, IMAGE_PLACEHOLDER };
});
