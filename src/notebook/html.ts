/**
 * Small HTML helpers shared by the display functions: escaping and the `<figure>` wrapper every
 * figure uses, so outputs look the same in Jupyter, VS Code and the static site.
 */

/** Escapes `&`, `<`, `>`, `"` and `'` so arbitrary text can be placed in HTML text or attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Wraps HTML in a `<figure class="rbm-figure">` with an optional title above and caption below.
 * Inline styles only: Jupyter output areas do not load our stylesheet.
 */
export function figureHtml(inner: string, options: { title?: string; caption?: string } = {}): string {
  const title = options.title
    ? `<div style="font:600 14px system-ui,sans-serif;margin:0 0 4px">${escapeHtml(options.title)}</div>`
    : '';
  const caption = options.caption
    ? `<figcaption style="font:12px system-ui,sans-serif;color:#555;margin-top:4px">${escapeHtml(options.caption)}</figcaption>`
    : '';
  return `<figure class="rbm-figure" style="margin:8px 0">${title}${inner}${caption}</figure>`;
}
