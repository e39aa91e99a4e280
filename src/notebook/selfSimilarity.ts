/**
 * Self-similarity matrices side by side (one per clip: real music and what models made of it), each a coloured
 * PNG with time axes, on one colour scale so a drone (uniform) and music (stripes and blocks) look it.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { colormapLut } from './colormap';
import { escapeHtml, figureHtml } from './html';
import { displayBundle } from './output';
import { encodePng, pngDataUri } from './png';

/** One panel of {@link selfSimilarityHtml}. */
export interface SelfSimilarityPanel { title: string; S: Matrix }

/** Options of {@link selfSimilarityHtml}. */
export interface SelfSimilarityOptions {
  /** Seconds per matrix cell (the `poolSeconds` it was computed with). Default 0.1. */
  cellSeconds?: number;
  /** Colour range: similarities below `vmin` are darkest. Default: the 5th percentile over all panels. */
  vmin?: number;
  /** Panel size in CSS pixels. Default 220. */
  size?: number;
  title?: string;
  caption?: string;
}

/** HTML of several self-similarity matrices side by side (time runs down and to the right). */
export function selfSimilarityHtml(panels: SelfSimilarityPanel[], options: SelfSimilarityOptions = {}): string {
  if (!Array.isArray(panels) || panels.length === 0) throw new ParameterError('selfSimilarityHtml: panels must be a non-empty array of { title, S }');
  for (const p of panels) if (!p.S || p.S.rows !== p.S.cols || p.S.rows < 1) throw new ParameterError(`selfSimilarityHtml: panel '${p.title}' must be a square matrix, got ${p.S?.rows} × ${p.S?.cols}`);
  const all = panels.flatMap((p) => Array.from(p.S.data)).sort((a, b) => a - b);
  const vmin = options.vmin ?? all[Math.floor(all.length * 0.05)];
  const vmax = all[all.length - 1];
  const lut = colormapLut('viridis');
  const size = options.size ?? 220, cell = options.cellSeconds ?? 0.1;
  const cells = panels.map((p) => {
    const n = p.S.rows, rgb = new Uint8Array(n * n * 3);
    for (let k = 0; k < n * n; k++) {
      const level = Math.max(0, Math.min(255, Math.round(((p.S.data[k] - vmin) / Math.max(vmax - vmin, 1e-12)) * 255)));
      rgb.set(lut.subarray(level * 3, level * 3 + 3), k * 3);
    }
    const img = `<img alt="${escapeHtml(p.title)}" src="${pngDataUri(encodePng(rgb, n, n))}" width="${size}" height="${size}" style="image-rendering:pixelated">`;
    const axis = `<div style="font:11px system-ui,sans-serif;color:#59636e">0 – ${(n * cell).toFixed(1)} s on both axes</div>`;
    return `<div><div style="font:600 12.5px system-ui,sans-serif">${escapeHtml(p.title)}</div>${img}${axis}</div>`;
  });
  return figureHtml(`<div style="display:flex;flex-wrap:wrap;gap:12px">${cells.join('')}</div>`, { title: options.title, caption: options.caption });
}

/**
 * Shows self-similarity matrices side by side.
 * @example showSelfSimilarity([{ title: 'real', S: selfSimilarity(y) }, { title: 'RBM', S: selfSimilarity(g) }]);
 */
export function showSelfSimilarity(panels: SelfSimilarityPanel[], options: SelfSimilarityOptions = {}): void {
  displayBundle({ 'text/html': selfSimilarityHtml(panels, options), 'text/plain': `self-similarity: ${panels.map((p) => p.title).join(', ')}` });
}
