/**
 * Tables, markdown and raw HTML outputs.
 */
import { escapeHtml } from './html';
import { displayBundle } from './output';

/** Options of {@link tableHtml} / {@link showTable}. */
export interface ShowTableOptions {
  /** Columns to show, in order. Default: the keys of all rows, in first-seen order. */
  columns?: string[];
  /** Significant digits for non-integer numbers. Default 4. */
  digits?: number;
  /** Caption under the table. */
  caption?: string;
}

function formatCell(v: unknown, digits: number): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toPrecision(digits) : String(v);
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** HTML table of row objects (numbers right-aligned and rounded to `digits` significant digits). */
export function tableHtml(rows: Record<string, unknown>[], options: ShowTableOptions = {}): string {
  const digits = options.digits ?? 4;
  const columns = options.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const th = 'style="text-align:left;padding:3px 10px;border-bottom:1px solid #999;font-weight:600"';
  const head = columns.map((c) => `<th ${th}>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => {
    const align = typeof r[c] === 'number' ? 'right' : 'left';
    return `<td style="text-align:${align};padding:2px 10px;border-bottom:1px solid #eee;font-variant-numeric:tabular-nums">${escapeHtml(formatCell(r[c], digits))}</td>`;
  }).join('')}</tr>`).join('');
  const caption = options.caption ? `<caption style="caption-side:bottom;font-size:12px;color:#555;padding-top:4px">${escapeHtml(options.caption)}</caption>` : '';
  return `<table class="rbm-table" style="border-collapse:collapse;font:13px system-ui,sans-serif;margin:6px 0">${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Plain-text version of a table, for consoles and the `text/plain` fallback. */
export function tableText(rows: Record<string, unknown>[], options: ShowTableOptions = {}): string {
  const digits = options.digits ?? 4;
  const columns = options.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = [columns, ...rows.map((r) => columns.map((c) => formatCell(r[c], digits)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((s, i) => s.padEnd(widths[i])).join('  ')).join('\n');
}

/**
 * Shows rows of objects as a table.
 *
 * @example
 * showTable([{ nFft: 512, ms: 32 }, { nFft: 2048, ms: 128 }], { caption: 'window lengths at 16 kHz' });
 */
export function showTable(rows: Record<string, unknown>[], options: ShowTableOptions = {}): void {
  displayBundle({ 'text/html': tableHtml(rows, options), 'text/plain': tableText(rows, options) });
}

/** Shows Markdown text (rendered by the frontend; the static site renders it with `marked`). */
export function showMarkdown(markdown: string): void {
  displayBundle({ 'text/markdown': markdown, 'text/plain': markdown });
}

/** Shows raw HTML (trusted: it is your own notebook's output). */
export function showHtml(html: string): void {
  displayBundle({ 'text/html': html, 'text/plain': html.replace(/<[^>]*>/g, '') });
}
