/**
 * The static HTML site: one self-contained page per executed notebook (markdown rendered with
 * `marked`, LaTeX maths typeset with KaTeX on the server, code highlighted with highlight.js, outputs
 * inline: SVG charts, PNG spectrograms, audio players as data URIs) and an index page. No JavaScript, no
 * CDN: pages open offline from file://; pages with maths link `katex/katex.min.css` (written beside them
 * by {@link writeKatexAssets}) for KaTeX's fonts.
 */
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import { escapeHtml } from '../notebook/html';
import { joinSource, type Notebook, type NotebookOutput } from './nbformat';
import { siteCss } from './siteStyle';
import { hasMath, KATEX_ASSET_DIR, renderMarkdown } from './markdown';

hljs.registerLanguage('typescript', typescript);

/** One notebook as listed on the index page and in page navigation. */
export interface SiteEntry {
  /** File stem, e.g. `01-audio-loading`; the page is `<name>.html`. */
  name: string;
  title: string;
  /** Undefined when the notebook was not run in this or an earlier invocation. */
  status?: 'ok' | 'failed';
  seconds?: number;
  /** First paragraph of the notebook's introduction (plain text), shown on the index. */
  summary?: string;
}

/** The first paragraph after the title, as plain text (Markdown emphasis and code marks removed), ≤ 240 chars. */
export function notebookSummary(nb: Notebook): string {
  const md = nb.cells.find((c) => c.cell_type === 'markdown');
  if (!md) return '';
  const para = joinSource(md.source).split(/\n\s*\n/).map((p) => p.trim()).find((p) => p && !p.startsWith('#')) ?? '';
  const text = para.replace(/[*_`]/g, '').replace(/\s+/g, ' ');
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

/** The notebook's title: the first `# heading` in a markdown cell, else the file stem. */
export function notebookTitle(nb: Notebook, fallback: string): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'markdown') continue;
    const m = /^#\s+(.+)$/m.exec(joinSource(cell.source));
    if (m) return m[1].trim();
  }
  return fallback;
}

function renderOutput(o: NotebookOutput): string {
  switch (o.output_type) {
    case 'stream':
      return `<pre class="${o.name}">${escapeHtml(joinSource(o.text))}</pre>`;
    case 'error':
      return `<pre class="error">${escapeHtml(o.traceback.join('\n'))}</pre>`;
    default: {
      const d = o.data as Record<string, string | string[]>;
      const get = (mime: string) => (d[mime] === undefined ? undefined : joinSource(d[mime]));
      const html = get('text/html'), svg = get('image/svg+xml'), png = get('image/png'), md = get('text/markdown'), text = get('text/plain');
      if (html !== undefined) return `<div class="html">${html}</div>`;
      if (svg !== undefined) return `<div class="svg">${svg}</div>`;
      if (png !== undefined) return `<img alt="figure" src="data:image/png;base64,${png.replace(/\s/g, '')}">`;
      if (md !== undefined) return `<div class="md">${renderMarkdown(md)}</div>`;
      return text !== undefined ? `<pre>${escapeHtml(text)}</pre>` : '';
    }
  }
}

function page(title: string, body: string, nav: string): string {
  const katexCss = hasMath(body) ? `<link rel="stylesheet" href="${KATEX_ASSET_DIR}/katex.min.css">` : '';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title>${katexCss}<style>${siteCss()}</style></head><body>` +
    `<header class="site"><div class="bar"><a class="brand" href="index.html">rbm-music workbook</a><span class="spacer"></span><nav class="nav">${nav}</nav></div></header>` +
    `<main>${body}</main></body></html>\n`;
}

/**
 * HTML page of an executed notebook.
 *
 * @param nb - the executed notebook.
 * @param entry - this notebook's entry (title, status, runtime).
 * @param prev - previous and next notebooks for navigation.
 */
export function renderNotebookPage(nb: Notebook, entry: SiteEntry, prev?: SiteEntry, next?: SiteEntry): string {
  const nav = [prev ? `<a href="${prev.name}.html">← ${escapeHtml(prev.title)}</a>` : '', next ? `<a href="${next.name}.html">${escapeHtml(next.title)} →</a>` : '']
    .filter(Boolean).join('');
  const cells = nb.cells.map((cell) => {
    const src = joinSource(cell.source);
    if (cell.cell_type === 'markdown') return `<div class="cell md">${renderMarkdown(src)}</div>`;
    if (cell.cell_type !== 'code') return `<div class="cell"><pre>${escapeHtml(src)}</pre></div>`;
    const code = hljs.highlight(src, { language: 'typescript', ignoreIllegals: true }).value;
    const prompt = cell.execution_count ? `[${cell.execution_count}]` : '[ ]';
    const outs = (cell.outputs ?? []).map(renderOutput).join('');
    return `<div class="cell"><div class="code"><div class="prompt">${prompt}</div><pre><code class="hljs language-typescript">${code}</code></pre></div>` +
      (outs ? `<div class="outputs">${outs}</div>` : '') + '</div>';
  });
  const status = entry.status === 'failed' ? '<span class="badge failed">failed</span>' : '';
  const meta = `<div class="meta">notebooks/${escapeHtml(entry.name)}.ipynb · executed headless with tslab${entry.seconds !== undefined ? ` in ${entry.seconds.toFixed(1)} s` : ''}${status}</div>`;
  return page(entry.title, meta + cells.join('\n'), nav);
}

/** The index page: every notebook with its status and runtime. */
export function renderIndexPage(entries: SiteEntry[]): string {
  const items = entries.map((e) => {
    const badge = e.status === 'ok' ? '<span class="badge ok">ran</span>' : e.status === 'failed' ? '<span class="badge failed">failed</span>' : '<span class="badge notrun">not run</span>';
    const time = e.seconds !== undefined ? ` <span class="meta">${e.seconds.toFixed(1)} s</span>` : '';
    const link = e.status ? `<a href="${e.name}.html">${escapeHtml(e.title)}</a>` : `<span>${escapeHtml(e.title)}</span>`;
    const summary = e.summary ? `<p class="summary">${escapeHtml(e.summary)}</p>` : '';
    return `<li>${link}${badge}${time}${summary}<div class="meta">notebooks/${escapeHtml(e.name)}.ipynb</div></li>`;
  }).join('');
  const intro = '<div class="md"><h1>rbm-music workbook</h1><p>Restricted Boltzmann Machines on music audio, step by step. ' +
    'Each page is a notebook executed headless by <code>npm start</code>; open the <code>.ipynb</code> files in Jupyter ' +
    '(<code>npm run notebook</code>) to run and edit them.</p></div>';
  return page('rbm-music workbook', `${intro}<ul class="index-list">${items}</ul>`, '');
}
