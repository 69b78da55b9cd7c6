/*
 * LnUnion.Portal admin area: the dialog that asks for a picture's description, caption, width and alignment when it
 * is uploaded into the body editor. Plain ES2020, no build step, nothing inline (CSP). A native modal <dialog>:
 * labelled, focus moves into it and back to where it was, Esc cancels.
 *
 *   lnImageDialog.ask({ name, url }) → Promise<details | null>   (null: the editor cancelled)
 *     details = { url, alt, decorative, caption, width: 'full' | 'half', align: 'center' | 'left' | 'right' }
 *   lnImageDialog.toMarkdown(details)  the Markdown (a plain picture) or the allow-listed <figure> on one line
 *   lnImageDialog.toElement(details)   the same as DOM, for the visual editor
 *
 * The description is required unless the picture is marked decorative (then alt="" role="presentation", written as
 * HTML, since Markdown's ![](…) cannot tell "decorative" from "not described", and the server's check tells them
 * apart), so that a screen reader never reads out a file name such as "IMG_2041.jpg".
 */
(function () {
  'use strict';

  const ALIGN_CLASSES = { center: '', left: 'align-left', right: 'align-right' };
  let uid = 0;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) node.append(child);
    return node;
  }

  function radios(legend, name, options, checked) {
    const fieldset = el('fieldset', { className: 'md-image-choice' }, [el('legend', { className: 'form-label', textContent: legend })]);
    for (const [value, label] of options) {
      const id = 'md-image-' + name + '-' + value + '-' + uid;
      const input = el('input', { type: 'radio', name: name + '-' + uid, value, id, className: 'form-check-input', checked: value === checked });
      fieldset.append(el('div', { className: 'form-check form-check-inline' }, [input, el('label', { htmlFor: id, className: 'form-check-label', textContent: label })]));
    }
    return fieldset;
  }

  function classesOf(details) {
    return [details.width === 'half' ? 'image-half' : '', ALIGN_CLASSES[details.align] || ''].filter(Boolean);
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function toMarkdown(details) {
    const classes = classesOf(details);
    const role = details.decorative ? ' role="presentation"' : '';
    if (!details.caption && !classes.length && details.decorative) {
      return '<img src="' + escapeHtml(details.url) + '" alt=""' + role + '>';
    }
    if (!details.caption && !classes.length) {
      const text = details.alt.replace(/\s+/g, ' ').replace(/[\\[\]]/g, '\\$&');
      return '![' + text + '](' + details.url + ')';
    }
    return '<figure' + (classes.length ? ' class="' + classes.join(' ') + '"' : '') + '><img src="' + escapeHtml(details.url) +
      '" alt="' + escapeHtml(details.alt) + '"' + role + '>' + (details.caption ? '<figcaption>' + escapeHtml(details.caption) + '</figcaption>' : '') + '</figure>';
  }

  function toElement(details) {
    const img = el('img', { src: details.url, alt: details.alt });
    if (details.decorative) img.setAttribute('role', 'presentation');
    const classes = classesOf(details);
    if (!details.caption && !classes.length) return el('p', {}, [img]);
    const figure = el('figure', {}, [img]);
    if (classes.length) figure.className = classes.join(' ');
    if (details.caption) figure.append(el('figcaption', { textContent: details.caption }));
    return figure;
  }

  function ask(file) {
    uid++;
    const returnFocus = document.activeElement;
    const titleId = 'md-image-title-' + uid;
    const altId = 'md-image-alt-' + uid;
    const helpId = 'md-image-alt-help-' + uid;
    const decorativeId = 'md-image-decorative-' + uid;
    const captionId = 'md-image-caption-' + uid;

    const alt = el('input', { type: 'text', id: altId, className: 'form-control', maxLength: 200, autocomplete: 'off' });
    alt.setAttribute('aria-describedby', helpId);
    alt.setAttribute('aria-required', 'true');
    const decorative = el('input', { type: 'checkbox', id: decorativeId, className: 'form-check-input' });
    const caption = el('input', { type: 'text', id: captionId, className: 'form-control', maxLength: 200, autocomplete: 'off' });
    const width = radios('宽度', 'width', [['full', '通栏'], ['half', '半栏']], 'full');
    const align = radios('对齐', 'align', [['center', '居中'], ['left', '居左'], ['right', '居右']], 'center');
    const error = el('p', { className: 'md-image-error' });
    error.setAttribute('role', 'alert');
    const insert = el('button', { type: 'submit', className: 'btn btn-primary', textContent: '插入图片' });
    const cancel = el('button', { type: 'button', className: 'btn btn-outline-secondary', textContent: '取消' });
    const preview = el('img', { src: file.url, alt: '', className: 'md-image-preview' });

    const form = el('form', { method: 'dialog' }, [
      el('h2', { id: titleId, className: 'h5', textContent: '插入图片：' + file.name }),
      preview,
      el('div', { className: 'mb-2' }, [
        el('label', { htmlFor: altId, className: 'form-label', textContent: '图片描述（必填）' }),
        alt,
        el('div', { id: helpId, className: 'form-text', textContent: '告诉看不到图片的读者图上是什么，例如“技能大赛开幕式现场，选手在焊接工位比赛”。不要填文件名。' }),
      ]),
      el('div', { className: 'form-check mb-2' }, [decorative, el('label', { htmlFor: decorativeId, className: 'form-check-label', textContent: '这是装饰性图片，不需要描述' })]),
      el('div', { className: 'mb-2' }, [
        el('label', { htmlFor: captionId, className: 'form-label', textContent: '图注（可选，显示在图片下方）' }),
        caption,
      ]),
      width,
      align,
      error,
      el('div', { className: 'md-image-actions' }, [insert, cancel]),
    ]);
    const dialog = el('dialog', { className: 'md-image-dialog' }, [form]);
    dialog.setAttribute('aria-labelledby', titleId);
    document.body.append(dialog);

    decorative.addEventListener('change', () => {
      alt.disabled = decorative.checked;
      alt.setAttribute('aria-required', String(!decorative.checked));
      if (decorative.checked) error.textContent = '';
    });

    return new Promise((resolve) => {
      let result = null;
      form.addEventListener('submit', (e) => {
        const description = alt.value.replace(/\s+/g, ' ').trim();
        if (!decorative.checked && !description) {
          e.preventDefault();
          error.textContent = '请填写图片描述，或勾选“这是装饰性图片”。';
          alt.setAttribute('aria-invalid', 'true');
          alt.focus();
          return;
        }
        result = {
          url: file.url,
          alt: decorative.checked ? '' : description,
          decorative: decorative.checked,
          caption: caption.value.replace(/\s+/g, ' ').trim(),
          width: form.querySelector('input[name="width-' + uid + '"]:checked').value,
          align: form.querySelector('input[name="align-' + uid + '"]:checked').value,
        };
      });
      cancel.addEventListener('click', () => dialog.close());
      dialog.addEventListener('close', () => {
        dialog.remove();
        if (returnFocus && returnFocus.isConnected) returnFocus.focus();
        resolve(result);
      });
      dialog.showModal();
      alt.focus();
    });
  }

  window.lnImageDialog = { ask, toMarkdown, toElement };
})();
