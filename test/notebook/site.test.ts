// The site's Markdown: LaTeX maths is typeset on the server with KaTeX (offline, no script), code and
// dollar amounts are left alone, and headless Chromium finds the formulas typeset with KaTeX's fonts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findMath, renderMarkdown, writeKatexAssets } from '../../src/workbook/markdown';
import { renderNotebookPage } from '../../src/workbook/site';
import type { Notebook } from '../../src/workbook/nbformat';
import { checkPageInChromium } from './browser';

test('findMath: $…$ and $$…$$ are maths; code spans, fenced code, \\$ and "$5 or $6" are not', () => {
  const md = 'a $E = -v^\\top W h$ b `${x}` costs $5 or $6, \\$7\n\n$$\nF(v) = -b^\\top v\n$$\n\n```ts\nconst s = `$${a}$`;\n```\n';
  assert.deepEqual(findMath(md), [{ tex: 'E = -v^\\top W h', display: false }, { tex: 'F(v) = -b^\\top v', display: true }]);
});

test('renderMarkdown: maths becomes KaTeX HTML with a MathML copy, untouched by Markdown emphasis; the rest is plain Markdown', () => {
  const html = renderMarkdown('The energy $E = -\\sum_{ij} v_i W_{ij} h_j$ and _this_ word.\n\n$$p(h_j = 1 \\mid v) = \\sigma(c_j)$$\n');
  assert.equal((html.match(/<span class="katex">/g) ?? []).length, 2);
  assert.match(html, /<div class="math-display"><span class="katex-display">/);
  assert.match(html, /<annotation encoding="application\/x-tex">E = -\\sum_\{ij\} v_i W_\{ij\} h_j<\/annotation>/);
  assert.match(html, /and <em>this<\/em> word/);
  assert.doesNotMatch(html, /KATEXMATHTOKEN|<em>ij/, 'no placeholder left, no emphasis inside maths');
  // A LaTeX mistake shows the source in KaTeX's error colour rather than breaking the page.
  assert.match(renderMarkdown('bad $\\frac{1}$ here'), /katex-error/);
});

test('the site typesets maths: headless Chromium finds every formula laid out, styled by KaTeX\'s stylesheet, with its fonts loaded', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbm-site-math-'));
  try {
    const nb: Notebook = {
      cells: [
        { cell_type: 'markdown', id: 'a', metadata: {}, source: '# Maths\n\nThe energy $E(\\mathbf v, \\mathbf h) = -\\mathbf v^\\top W \\mathbf h$.' },
        { cell_type: 'markdown', id: 'b', metadata: {}, source: '$$\\frac{\\partial \\log p(\\mathbf v)}{\\partial W_{ij}} = \\langle v_i h_j \\rangle_{\\text{data}} - \\langle v_i h_j \\rangle_{\\text{model}}$$' },
        { cell_type: 'code', id: 'c', metadata: {}, execution_count: 1, source: 'const s = `$${1}$`;', outputs: [] },
      ],
      metadata: {}, nbformat: 4, nbformat_minor: 5,
    };
    const html = renderNotebookPage(nb, { name: 'maths', title: 'Maths' });
    assert.match(html, /<link rel="stylesheet" href="katex\/katex.min.css">/);
    assert.doesNotMatch(html, /<script|https?:\/\/cdn/i, 'no JavaScript, no CDN');
    writeFileSync(path.join(dir, 'maths.html'), html);
    writeKatexAssets(dir);
    assert.ok(existsSync(path.join(dir, 'katex', 'fonts', 'KaTeX_Main-Regular.woff2')));
    const page = checkPageInChromium(path.join(dir, 'maths.html'));
    assert.equal(page.math.count, 2, JSON.stringify(page.math));
    assert.equal(page.math.styled, 2, 'KaTeX stylesheet applied (MathML copy visually hidden)');
    assert.equal(page.math.laidOut, 2);
    assert.ok(page.math.fontsLoaded >= 2, `KaTeX fonts loaded from the site folder: ${page.math.fontsLoaded}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
