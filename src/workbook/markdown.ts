/**
 * Markdown with maths for the static site: `$…$` (inline) and `$$…$$` (display) LaTeX, the delimiters
 * Jupyter's MathJax understands, typeset on the server with KaTeX so pages need no JavaScript and open
 * offline. The maths is cut out before `marked` sees the text (marked would read `_` and `*` inside it
 * as emphasis) and pasted back as KaTeX HTML afterwards. Code spans and fenced code are left alone, so
 * `${x}` in a code sample is not maths.
 *
 * Delimiter rules follow pandoc's `tex_math_dollars`: an opening `$` is not followed by a space, a
 * closing `$` is not preceded by a space nor followed by a digit ("costs $5 or $6" is not maths), and
 * `\$` is a literal dollar.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'fs';
import { createRequire } from 'module';
import path from 'path';
import katex from 'katex';
import { marked } from 'marked';

/** Folder, relative to the site root, that holds KaTeX's stylesheet and fonts. */
export const KATEX_ASSET_DIR = 'katex';

/** Placeholder for the n-th maths fragment: letters and digits only, so marked leaves it as is. */
const token = (n: number) => `KATEXMATHTOKEN${n}X`;

/** Fenced code blocks, inline code spans, `$$…$$`, `$…$` — the first alternative that matches wins. */
const PATTERN = /(^|\n)(```|~~~)[\s\S]*?\n\2[^\n]*|(`+)[\s\S]*?\3|\\\$|\$\$([\s\S]+?)\$\$|\$(?!\s)((?:\\.|[^$\\\n])+?)(?<!\s)\$(?!\d)/g;

/** The maths fragments of a Markdown text (for tests and checks), in order. */
export function findMath(markdown: string): { tex: string; display: boolean }[] {
  const found: { tex: string; display: boolean }[] = [];
  for (const m of markdown.matchAll(PATTERN)) {
    if (m[4] !== undefined) found.push({ tex: m[4].trim(), display: true });
    else if (m[5] !== undefined) found.push({ tex: m[5], display: false });
  }
  return found;
}

/** KaTeX HTML of one fragment; a LaTeX error shows the source in red instead of failing the page. */
export function renderMath(tex: string, display: boolean): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
}

/**
 * Markdown → HTML with typeset maths.
 *
 * @example
 * renderMarkdown('energy $E(v, h) = -v^\\top W h$'); // '<p>energy <span class="katex">…</span></p>\n'
 */
export function renderMarkdown(markdown: string): string {
  const pieces: string[] = [];
  const protectedText = markdown.replace(PATTERN, (whole, _nl, _fence, _ticks, display?: string, inline?: string) => {
    if (display === undefined && inline === undefined) return whole; // code, or an escaped dollar (marked unescapes it)
    pieces.push(renderMath(display !== undefined ? display.trim() : inline!, display !== undefined));
    // Display maths gets its own paragraph, so marked does not glue it into the surrounding text.
    return display !== undefined ? `\n\n${token(pieces.length - 1)}\n\n` : token(pieces.length - 1);
  });
  let html = marked.parse(protectedText, { async: false });
  pieces.forEach((piece, n) => {
    const t = token(n);
    html = html.replace(`<p>${t}</p>`, `<div class="math-display">${piece}</div>`).replace(t, piece);
  });
  return html;
}

/** True when the HTML contains KaTeX output (the page then links KaTeX's stylesheet). */
export function hasMath(html: string): boolean {
  return html.includes('class="katex');
}

/** Copies KaTeX's stylesheet and fonts to `<siteDir>/katex/` (pages link them relatively: offline, file:// works). */
export function writeKatexAssets(siteDir: string): void {
  const dist = path.join(path.dirname(createRequire(__filename).resolve('katex/package.json')), 'dist');
  const target = path.join(siteDir, KATEX_ASSET_DIR);
  mkdirSync(path.join(target, 'fonts'), { recursive: true });
  copyFileSync(path.join(dist, 'katex.min.css'), path.join(target, 'katex.min.css'));
  for (const f of readdirSync(path.join(dist, 'fonts'))) copyFileSync(path.join(dist, 'fonts', f), path.join(target, 'fonts', f));
}
