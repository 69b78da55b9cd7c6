// Fixture tests of the admin editor's Word/WPS paste converter (src/LnUnion.Portal/wwwroot/js/admin-paste.js):
// the clipboard HTML as Word and WPS put it there, through the same file the browser loads.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { DOMParser, HTMLElement } = require('linkedom');

// The GFM plugin reads table.rows, which linkedom does not implement (a browser does).
Object.defineProperty(HTMLElement.prototype, 'rows', {
  get() {
    return this.tagName === 'TABLE' ? Array.from(this.querySelectorAll('tr')).filter((tr) => tr.closest('table') === this) : undefined;
  },
});

const js = path.join(__dirname, '../../src/LnUnion.Portal/wwwroot');
const paste = require(path.join(js, 'js/admin-paste.js'));
const TurndownService = require(path.join(js, 'lib/turndown/lib/turndown.browser.umd.js'));
// The GFM plugin's browser build only declares a global.
const gfm = vm.runInThisContext(fs.readFileSync(path.join(js, 'lib/turndown-plugin-gfm/dist/turndown-plugin-gfm.js'), 'utf8') + ';turndownPluginGfm').gfm;

// A browser's DOMParser adds the <html> and <body> a fragment lacks; linkedom's does not.
class FragmentParser {
  parseFromString(html, type) {
    return new DOMParser().parseFromString(/<html[\s>]/i.test(html) ? html : '<html><body>' + html + '</body></html>', type);
  }
}

const env = { DOMParser: FragmentParser, TurndownService, gfm, baseUrl: 'https://portal.example.cn/admin/articles/new' };
const fixture = (name) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const convert = (html) => paste.htmlToMarkdown(html, env);

test('Word: the centred red title stays centred, bold and red', () => {
  const { markdown } = convert(fixture('word-notice.html'));
  assert.match(markdown, /^\*\*<span class="text-red">关于开展职工技能大赛的通知<\/span>\*\* \{\.align-center\}$/m);
});

test('Word: dark red text and underlined text are kept through the allow-list', () => {
  const { markdown } = convert(fixture('word-notice.html'));
  assert.match(markdown, /请于<span class="text-red">十月十日前<\/span>报送名单，<u>逾期不再受理<\/u>。/);
  assert.doesNotMatch(markdown, /style=|mso-|MsoNormal|font-family/);
});

test('Word: numbered list items with a nested bullet become a nested Markdown list', () => {
  const { markdown } = convert(fixture('word-notice.html'));
  assert.match(markdown, /^1\. 参赛对象\n {3}- 在岗职工\n2\. 报名方式$/m);
  assert.doesNotMatch(markdown, /supportLists|o:p/);
});

test('Word: a table with merged cells is kept as an HTML table with its colspan and rowspan', () => {
  const { markdown } = convert(fixture('word-notice.html'));
  assert.match(markdown, /<table>\n<tbody>\n<tr><td rowspan="2" class="align-center">工种<\/td><td colspan="2" class="align-center">比赛时间<\/td><\/tr>\n<tr><td>理论<\/td><td>实操<\/td><\/tr>\n<\/tbody>\n<\/table>/);
  const table = /<table>[\s\S]*?<\/table>/.exec(markdown)[0];
  assert.doesNotMatch(table, /\n\s*\n/, 'a blank line would end the HTML block');
  assert.doesNotMatch(table, /width|valign|style|border/);
});

test('Word: the right-aligned signature and date stay right-aligned', () => {
  const { markdown } = convert(fixture('word-notice.html'));
  assert.match(markdown, /^辽宁省总工会 \{\.align-right\}$/m);
  assert.match(markdown, /^2026年9月1日 \{\.align-right\}$/m);
});

test('Word: a file:/// picture becomes one placeholder and is counted', () => {
  const { markdown, skippedImages } = convert(fixture('word-notice.html'));
  assert.equal(skippedImages, 1);
  assert.equal(markdown.split(paste.IMAGE_PLACEHOLDER).length - 1, 1);
  assert.doesNotMatch(markdown, /file:|clip_image/);
});

test('WPS: the rgb() red title and the text-underline style are kept', () => {
  const { markdown } = convert(fixture('wps-notice.html'));
  assert.match(markdown, /^\*\*<span class="text-red">辽宁省总工会办公室通知<\/span>\*\* \{\.align-center\}$/m);
  assert.match(markdown, /请各单位<u>按时报送<\/u>/);
});

test('WPS: a numbered list with a nested bullet becomes a nested Markdown list', () => {
  const { markdown } = convert(fixture('wps-notice.html'));
  assert.match(markdown, /^1\. 请各单位<u>按时报送<\/u>\n {3}- 纸质材料\n2\. 联系人$/m);
});

test('WPS: a merged heading row and a right-aligned cell are kept', () => {
  const { markdown } = convert(fixture('wps-notice.html'));
  assert.match(markdown, /<tr><td colspan="3" class="align-center">报名汇总表<\/td><\/tr>\n<tr><td>单位<\/td><td>人数<\/td><td class="align-right">备注<\/td><\/tr>/);
});

test('WPS: the ksohtml picture becomes a placeholder and the date stays right-aligned', () => {
  const { markdown, skippedImages } = convert(fixture('wps-notice.html'));
  assert.equal(skippedImages, 1);
  assert.ok(markdown.includes(paste.IMAGE_PLACEHOLDER));
  assert.match(markdown, /^二〇二六年九月一日 \{\.align-right\}$/m);
});

test('A table without merged cells still becomes a GFM pipe table', () => {
  const { markdown } = convert('<table><tr><td><p align=center>甲</p></td><td>乙</td></tr><tr><td>1</td><td>2</td></tr></table>');
  assert.equal(markdown, '| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |');
});

test('Colours outside the allow-list and left alignment leave no trace', () => {
  const { markdown } = convert('<p style="text-align:left"><span style="color:#00B050">绿色</span>和<b>粗体</b></p>');
  assert.equal(markdown, '绿色和**粗体**');
});

test('Plain text with no formatting is left to the editor to paste as text', () => {
  assert.equal(convert('<p>只是一句话</p>'), null);
});

// The visual editor shows the server's rendering and saves it back through the same converter.
test('Visual editor: the rendered allow-listed formatting turns back into the Markdown it came from', () => {
  const markdown = paste.visualToMarkdown(
    '<h2 class="align-center">关于开展职工技能大赛的通知</h2>\n<p>各市总工会：</p>\n' +
    '<p>请于<span class="text-red"><strong>十月十日前</strong></span>报送，<u>逾期不再受理</u>。</p>\n' +
    '<p class="align-right">辽宁省总工会</p>', env);
  assert.equal(markdown, '## 关于开展职工技能大赛的通知 {.align-center}\n\n各市总工会：\n\n' +
    '请于<span class="text-red">**十月十日前**</span>报送，<u>逾期不再受理</u>。\n\n辽宁省总工会 {.align-right}');
});

test('Visual editor: a single plain paragraph is still saved', () => {
  assert.equal(paste.visualToMarkdown('<p>只是一句话</p>', env), '只是一句话');
  assert.equal(paste.visualToMarkdown('<p><br></p>', env), '');
});

test('Visual editor: a figure keeps its picture, description, caption, width and alignment', () => {
  const markdown = paste.visualToMarkdown(
    '<figure class="image-half align-center"><img src="/media/0123456789abcdef0123456789abcdef.png" alt="开幕式现场" loading="lazy" decoding="async">' +
    '<figcaption>开幕式现场</figcaption></figure>', env);
  assert.equal(markdown, '<figure class="image-half align-center"><img src="/media/0123456789abcdef0123456789abcdef.png" alt="开幕式现场"><figcaption>开幕式现场</figcaption></figure>');
});

test('Visual editor: a pipe table and a merged-cell table keep their shape', () => {
  assert.equal(paste.visualToMarkdown('<table><thead><tr><th>城市</th><th>日期</th></tr></thead><tbody><tr><td>大连</td><td>4月12日</td></tr></tbody></table>', env),
    '| 城市 | 日期 |\n| --- | --- |\n| 大连 | 4月12日 |');
  assert.match(paste.visualToMarkdown('<table><tbody><tr><td colspan="2" class="align-center">合计</td></tr><tr><td>1</td><td>2</td></tr></tbody></table>', env),
    /<tr><td colspan="2" class="align-center">合计<\/td><\/tr>\n<tr><td>1<\/td><td>2<\/td><\/tr>/);
});
