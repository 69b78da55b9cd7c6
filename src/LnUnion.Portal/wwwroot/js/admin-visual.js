/*
 * LnUnion.Portal admin area: the visual ("所见即所得") mode of the body editor. Plain ES2020, no build step, nothing
 * inline (CSP: script-src 'self'; style-src 'self'): formatting is applied as elements and allow-listed classes,
 * never as style attributes.
 *
 * How it round-trips: the Markdown is shown as the server renders it (the preview endpoint, the same pipeline as the
 * public page), edited in place as HTML, and written back to Markdown by admin-paste.js's visualToMarkdown, which
 * reads exactly what the renderer's allow-list lets through. So what is stored is always Markdown the public page
 * renders, and what the editor sees is what the reader will see.
 *
 * Used by admin-editor.js: lnVisualEditor.create(options) → { element, show(markdown), markdown(), insertUpload(), focus() }
 *   options.label            the field's name ("正文")
 *   options.onChange()       the visual text changed (admin-editor writes it back to the Markdown, debounced)
 *   options.onImage() / options.onFile()   the 图片 / 附件 buttons
 *   options.onPaste(html)    clipboard HTML → Promise<string|null> of sanitised HTML to insert (null: paste as text)
 *   options.onMarkdownView() the "Markdown 源码" button
 */
(function () {
  'use strict';

  const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, td, th, figcaption, blockquote, div';
  const ALIGN = { center: 'align-center', right: 'align-right' };
  const COLOURS = { red: 'text-red', blue: 'text-blue' };
  const GRID = { rows: 8, cols: 6 };

  function button(text, title, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'md-visual-btn';
    b.textContent = text;
    if (title && title !== text) b.title = title;
    b.addEventListener('mousedown', (e) => e.preventDefault()); // keep the selection in the text
    b.addEventListener('click', onClick);
    return b;
  }

  function separator() {
    const s = document.createElement('span');
    s.className = 'md-visual-sep';
    s.setAttribute('aria-hidden', 'true');
    return s;
  }

  function create(options) {
    const root = document.createElement('div');
    root.className = 'md-visual';
    const bar = document.createElement('div');
    bar.className = 'md-visual-toolbar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', options.label + '：编辑工具');
    const surface = document.createElement('div');
    surface.className = 'md-visual-surface article-like';
    surface.contentEditable = 'true';
    surface.setAttribute('role', 'textbox');
    surface.setAttribute('aria-multiline', 'true');
    surface.setAttribute('aria-label', options.label);
    surface.spellcheck = false;
    root.append(bar, surface);

    let savedRange = null;
    document.addEventListener('selectionchange', () => {
      const selection = document.getSelection();
      if (selection && selection.rangeCount && surface.contains(selection.getRangeAt(0).commonAncestorContainer)) {
        savedRange = selection.getRangeAt(0).cloneRange();
      }
    });

    function restoreSelection() {
      surface.focus({ preventScroll: true });
      const selection = document.getSelection();
      if (savedRange && surface.contains(savedRange.commonAncestorContainer)) {
        selection.removeAllRanges();
        selection.addRange(savedRange);
      }
      return selection.rangeCount ? selection.getRangeAt(0) : null;
    }

    function changed() {
      ensureParagraph();
      options.onChange();
    }

    function ensureParagraph() {
      if (!surface.firstElementChild && !surface.textContent.trim()) {
        const p = document.createElement('p');
        p.append(document.createElement('br'));
        surface.replaceChildren(p);
      }
    }

    function exec(command, value) {
      restoreSelection();
      document.execCommand('styleWithCSS', false, false);
      document.execCommand(command, false, value);
      changed();
    }

    /** The innermost blocks the selection touches (paragraphs, headings, cells), for alignment. */
    function selectedBlocks(range) {
      const start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      const own = start.closest(BLOCKS);
      const found = Array.from(surface.querySelectorAll(BLOCKS))
        .filter((block) => range.intersectsNode(block) && !block.querySelector(BLOCKS));
      if (own && surface.contains(own) && own !== surface && !found.includes(own)) found.push(own);
      return found.filter((block) => block !== surface);
    }

    function align(where) {
      const range = restoreSelection();
      if (!range) return;
      const blocks = selectedBlocks(range);
      const cls = ALIGN[where];
      const all = blocks.length && blocks.every((b) => b.classList.contains(cls));
      for (const block of blocks) {
        Object.values(ALIGN).forEach((c) => block.classList.remove(c));
        if (!all && cls) block.classList.add(cls);
        if (!block.classList.length) block.removeAttribute('class');
      }
      changed();
    }

    /** Red (or blue) for the selected words; on text that already has the colour, takes it off. */
    function colour(name) {
      const range = restoreSelection();
      if (!range) return;
      const cls = COLOURS[name];
      const node = range.commonAncestorContainer;
      const existing = (node.nodeType === 1 ? node : node.parentElement).closest('span.' + cls);
      if (existing && surface.contains(existing)) {
        existing.replaceWith(...Array.from(existing.childNodes));
        changed();
        return;
      }
      if (range.collapsed) {
        options.onMessage('请先选中要设为' + (name === 'red' ? '红色' : '蓝色') + '的文字。');
        return;
      }
      const span = document.createElement('span');
      span.className = cls;
      const contents = range.extractContents();
      // A colour lives inside one paragraph: blocks taken along keep their text only.
      contents.querySelectorAll(BLOCKS).forEach((block) => block.replaceWith(...Array.from(block.childNodes)));
      span.append(contents);
      range.insertNode(span);
      const selection = document.getSelection();
      selection.removeAllRanges();
      const after = document.createRange();
      after.selectNodeContents(span);
      selection.addRange(after);
      changed();
    }

    /** Puts a block (table, figure) after the paragraph the caret is in, or in place of an empty one. */
    function insertBlock(node) {
      const range = restoreSelection();
      let anchor = range ? range.startContainer : null;
      while (anchor && anchor.parentNode !== surface) anchor = anchor.parentNode;
      if (anchor && anchor.nodeType === 1 && !anchor.textContent.trim() && !anchor.querySelector('img, table')) {
        anchor.replaceWith(node);
      } else if (anchor) {
        anchor.after(node);
      } else {
        surface.append(node);
      }
      if (!node.nextElementSibling) {
        const p = document.createElement('p');
        p.append(document.createElement('br'));
        node.after(p);
      }
      const selection = document.getSelection();
      const caret = document.createRange();
      caret.setStart(node.nextElementSibling, 0);
      selection.removeAllRanges();
      selection.addRange(caret);
      changed();
    }

    function insertInline(node) {
      const range = restoreSelection();
      if (!range) { surface.append(node); changed(); return; }
      const last = node.nodeType === 11 ? node.lastChild : node;
      range.deleteContents();
      range.insertNode(node);
      if (last) range.setStartAfter(last);
      range.collapse(true);
      const selection = document.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      changed();
    }

    function table(rows, cols) {
      const t = document.createElement('table');
      const head = t.createTHead().insertRow();
      for (let c = 0; c < cols; c++) {
        const th = document.createElement('th');
        th.textContent = '标题' + (c + 1);
        head.append(th);
      }
      const body = t.createTBody();
      for (let r = 1; r < rows; r++) {
        const tr = body.insertRow();
        for (let c = 0; c < cols; c++) tr.insertCell().append(document.createElement('br'));
      }
      insertBlock(t);
      const selection = document.getSelection();
      const first = document.createRange();
      first.selectNodeContents(t.querySelector('th'));
      selection.removeAllRanges();
      selection.addRange(first);
    }

    function tablePicker(opener) {
      const box = document.createElement('div');
      box.className = 'md-visual-grid';
      box.hidden = true;
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', '选择表格的行数和列数');
      const hint = document.createElement('div');
      hint.className = 'md-visual-grid-hint';
      hint.textContent = '选择行数和列数';
      const cells = [];
      const grid = document.createElement('div');
      grid.className = 'md-visual-grid-cells';
      const mark = (rows, cols) => {
        cells.forEach((b) => b.classList.toggle('is-in', Number(b.dataset.r) <= rows && Number(b.dataset.c) <= cols));
        hint.textContent = rows + ' 行 × ' + cols + ' 列';
      };
      for (let r = 1; r <= GRID.rows; r++) {
        for (let c = 1; c <= GRID.cols; c++) {
          const b = document.createElement('button');
          b.type = 'button';
          b.dataset.r = String(r);
          b.dataset.c = String(c);
          b.setAttribute('aria-label', '插入 ' + r + ' 行 ' + c + ' 列的表格');
          b.addEventListener('mousedown', (e) => e.preventDefault());
          b.addEventListener('mouseenter', () => mark(r, c));
          b.addEventListener('focus', () => mark(r, c));
          b.addEventListener('click', () => { close(); table(r, c); });
          cells.push(b);
          grid.append(b);
        }
      }
      box.append(hint, grid);
      const close = () => {
        box.hidden = true;
        opener.setAttribute('aria-expanded', 'false');
      };
      box.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') { e.preventDefault(); close(); opener.focus(); }
      });
      opener.setAttribute('aria-expanded', 'false');
      opener.addEventListener('click', () => {
        const open = box.hidden;
        box.hidden = !open;
        opener.setAttribute('aria-expanded', String(open));
        if (open) { mark(1, 1); cells[0].focus(); }
      });
      return box;
    }

    function link() {
      const range = restoreSelection();
      if (!range || range.collapsed) {
        options.onMessage('请先选中要加链接的文字。');
        return;
      }
      const url = window.prompt('链接地址（以 https:// 开头，或本站的 /…）', 'https://');
      if (!url || !/^(https?:\/\/|\/|mailto:|tel:)/i.test(url.trim())) return;
      exec('createLink', url.trim());
    }

    const items = [
      ['正文', '正文（普通段落）', () => exec('formatBlock', 'p')],
      ['标题 1', null, () => exec('formatBlock', 'h2')],
      ['标题 2', null, () => exec('formatBlock', 'h3')],
      ['标题 3', null, () => exec('formatBlock', 'h4')],
      '|',
      ['粗体', null, () => exec('bold')],
      ['斜体', null, () => exec('italic')],
      ['下划线', null, () => exec('underline')],
      ['红色', '红色文字（再点一次取消）', () => colour('red')],
      ['蓝色', '蓝色文字（再点一次取消）', () => colour('blue')],
      '|',
      ['居左', '居左（默认）', () => align('left')],
      ['居中', null, () => align('center')],
      ['居右', '居右（落款、日期）', () => align('right')],
      '|',
      ['无序列表', null, () => exec('insertUnorderedList')],
      ['有序列表', null, () => exec('insertOrderedList')],
      ['链接', null, link],
    ];
    const buttons = [];
    for (const item of items) {
      if (item === '|') { bar.append(separator()); continue; }
      const b = button(item[0], item[1], item[2]);
      buttons.push(b);
      bar.append(b);
    }
    if (options.onImage) {
      const b = button('图片', '图片：上传图片文件（也可拖放或粘贴）', () => { restoreSelection(); options.onImage(); });
      buttons.push(b);
      bar.append(b);
    }
    if (options.onFile) {
      const b = button('附件', '附件：上传文件', () => { restoreSelection(); options.onFile(); });
      buttons.push(b);
      bar.append(b);
    }
    const tableButton = button('表格', '表格：选择行数和列数', () => {});
    buttons.push(tableButton);
    const wrap = document.createElement('span');
    wrap.className = 'md-visual-table';
    wrap.append(tableButton, tablePicker(tableButton));
    bar.append(wrap, separator());
    for (const [text, command] of [['撤销', 'undo'], ['重做', 'redo']]) {
      const b = button(text, null, () => exec(command));
      buttons.push(b);
      bar.append(b);
    }
    bar.append(separator());
    const source = button('Markdown 源码', '切换到 Markdown 源码编辑', () => options.onMarkdownView());
    buttons.push(source);
    bar.append(source);

    // One tab stop for the toolbar, arrow keys inside it (as in the Markdown mode's toolbar).
    const makeCurrent = (current) => buttons.forEach((b) => { b.tabIndex = b === current ? 0 : -1; });
    makeCurrent(buttons[0]);
    bar.addEventListener('keydown', (e) => {
      const i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      const target = { ArrowRight: buttons[(i + 1) % buttons.length], ArrowLeft: buttons[(i - 1 + buttons.length) % buttons.length],
        Home: buttons[0], End: buttons[buttons.length - 1] }[e.key];
      if (!target) return;
      e.preventDefault();
      makeCurrent(target);
      target.focus();
    });
    bar.addEventListener('focusin', (e) => { if (buttons.includes(e.target)) makeCurrent(e.target); });

    // Enter starts a new <p> (Chromium's default is a <div>), and formatting is elements, never style attributes.
    surface.addEventListener('focus', () => {
      document.execCommand('defaultParagraphSeparator', false, 'p');
      document.execCommand('styleWithCSS', false, false);
    });
    surface.addEventListener('input', changed);
    surface.addEventListener('paste', (e) => {
      const data = e.clipboardData;
      if (!data) return;
      const html = data.getData('text/html');
      const text = data.getData('text/plain');
      if (options.onPasteFiles && options.onPasteFiles(e)) return;
      e.preventDefault();
      if (!html) { document.execCommand('insertText', false, text); return; }
      const range = restoreSelection();
      const at = range ? range.cloneRange() : null;
      options.onPaste(html).then((rendered) => {
        if (rendered === null) { restoreSelection(); document.execCommand('insertText', false, text); return; }
        const template = document.createElement('template');
        template.innerHTML = rendered; // sanitised by the server's pipeline
        const fragment = template.content;
        const blocks = Array.from(fragment.children);
        if (at) savedRange = at;
        if (blocks.length === 1 && blocks[0].tagName === 'P') {
          const inline = document.createDocumentFragment();
          inline.append(...Array.from(blocks[0].childNodes));
          insertInline(inline);
        } else {
          let last = null;
          for (const block of blocks) { if (last) { last.after(block); } else { insertBlock(block); } last = block; }
          changed();
        }
      });
    });

    return {
      element: root,
      surface,
      /** Shows server-rendered HTML (already sanitised) for editing. */
      show(html) {
        surface.innerHTML = html;
        ensureParagraph();
      },
      html() { return surface.innerHTML; },
      focus() { surface.focus(); },
      insertBlock,
      insertInline,
      setBusy(busy) {
        surface.contentEditable = busy ? 'false' : 'true';
        surface.setAttribute('aria-busy', String(busy));
      },
    };
  }

  window.lnVisualEditor = { create };
})();
