/**
 * Hidden units as one heat map: a row per hidden unit, a column per visible unit (mel band), the weight as
 * colour on ONE symmetric scale shared by all units (blue negative, white zero, red positive), rows sorted
 * by the band where each unit's weight peaks, so the picture reads as "which unit listens where". This
 * replaces a dozen separately scaled line plots, whose heights cannot be compared.
 */
import { ParameterError } from '../errors';
import { figureHtml } from './html';
import { displayBundle } from './output';
import { encodePng, pngDataUri } from './png';
import { formatHz, svgText } from './axes';

/** Options of {@link weightHeatmapHtml}. */
export interface WeightHeatmapOptions {
  nVisible: number;
  nHidden: number;
  /** Centre frequency of each visible unit in Hz (labels the x axis); default: band numbers. */
  freqs?: ArrayLike<number>;
  /** Show only the strongest units (largest weight norm). Default: all. */
  maxUnits?: number;
  /** Plot size in pixels. Default 640 × min(400, 6 px per unit). */
  width?: number;
  height?: number;
  title?: string;
  caption?: string;
}

/** Diverging colour for t in [−1, 1]: blue – white – red. */
function diverging(t: number): [number, number, number] {
  const a = Math.min(1, Math.abs(t));
  const [r, g, b] = t < 0 ? [33, 102, 172] : [178, 24, 43];
  return [Math.round(255 + (r - 255) * a), Math.round(255 + (g - 255) * a), Math.round(255 + (b - 255) * a)];
}

/**
 * Unit order of the heat map: the chosen units (all, or the `maxUnits` with the largest weight norm) sorted
 * by the visible unit where their weight is largest (ties by unit index).
 */
export function heatmapUnitOrder(W: Float32Array, nVisible: number, nHidden: number, maxUnits = nHidden): number[] {
  const norm = (j: number) => { let s = 0; for (let i = 0; i < nVisible; i++) s += W[i * nHidden + j] ** 2; return s; };
  const peak = (j: number) => { let best = 0; for (let i = 1; i < nVisible; i++) if (W[i * nHidden + j] > W[best * nHidden + j]) best = i; return best; };
  const units = Array.from({ length: nHidden }, (_, j) => j).sort((a, b) => norm(b) - norm(a) || a - b).slice(0, maxUnits);
  return units.sort((a, b) => peak(a) - peak(b) || a - b);
}

/**
 * The heat map as an HTML figure (an SVG frame around a PNG, like the spectrograms).
 *
 * @param W - weights, nVisible × nHidden, row-major (`W[i * nHidden + j]`).
 * @throws {ParameterError} when W's length is not nVisible × nHidden.
 */
export function weightHeatmapHtml(W: Float32Array, options: WeightHeatmapOptions): string {
  const { nVisible, nHidden } = options;
  if (W.length !== nVisible * nHidden) {
    throw new ParameterError(`weightHeatmap: W has ${W.length} values, expected nVisible × nHidden = ${nVisible} × ${nHidden}`);
  }
  const units = heatmapUnitOrder(W, nVisible, nHidden, options.maxUnits ?? nHidden);
  let max = 0;
  for (const j of units) for (let i = 0; i < nVisible; i++) max = Math.max(max, Math.abs(W[i * nHidden + j]));
  max = max || 1;
  const rgb = new Uint8Array(nVisible * units.length * 3);
  units.forEach((j, r) => {
    for (let i = 0; i < nVisible; i++) rgb.set(diverging(W[i * nHidden + j] / max), (r * nVisible + i) * 3);
  });
  const png = pngDataUri(encodePng(rgb, nVisible, units.length));
  const Wpx = options.width ?? 640, Hpx = options.height ?? Math.min(400, Math.max(120, 6 * units.length));
  const L = 56, T = 6, B = 36, R = 80, parts: string[] = [];
  parts.push(`<image x="${L}" y="${T}" width="${Wpx}" height="${Hpx}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${png}"/>`);
  for (let k = 0; k <= 5; k++) {
    const i = Math.round((k / 5) * (nVisible - 1)), x = L + ((i + 0.5) / nVisible) * Wpx;
    const text = options.freqs ? formatHz(options.freqs[i]) : String(i);
    parts.push(`<line x1="${x}" x2="${x}" y1="${T + Hpx}" y2="${T + Hpx + 4}" stroke="#888"/>`, svgText(x, T + Hpx + 16, text));
  }
  parts.push(svgText(L + Wpx / 2, T + Hpx + 31, options.freqs ? 'visible unit (mel band centre, Hz)' : 'visible unit'));
  parts.push(svgText(14, T + Hpx / 2, `hidden unit (${units.length}, sorted by peak band)`, 'middle', ` transform="rotate(-90 14 ${T + Hpx / 2})"`));
  // Colour bar, top = +max (red) to bottom = −max (blue).
  const stops = [1, 0.5, 0, -0.5, -1].map((t, k) => `<stop offset="${k / 4}" stop-color="rgb(${diverging(t).join(',')})"/>`).join('');
  parts.push(`<defs><linearGradient id="wh-div" x1="0" y1="0" x2="0" y2="1">${stops}</linearGradient></defs>`);
  parts.push(`<rect x="${L + Wpx + 10}" y="${T}" width="10" height="${Hpx}" fill="url(#wh-div)" stroke="#ccc"/>`);
  parts.push(svgText(L + Wpx + 24, T + 10, `+${max.toPrecision(2)}`, 'start'), svgText(L + Wpx + 24, T + Hpx / 2 + 4, '0', 'start'),
    svgText(L + Wpx + 24, T + Hpx, `−${max.toPrecision(2)}`, 'start'));
  parts.push(svgText(L + Wpx + 72, T + Hpx / 2, 'weight Wᵢⱼ (one scale)', 'middle', ` transform="rotate(-90 ${L + Wpx + 72} ${T + Hpx / 2})"`));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${L + Wpx + R}" height="${T + Hpx + B}" viewBox="0 0 ${L + Wpx + R} ${T + Hpx + B}" style="background:#fff">${parts.join('')}</svg>`;
  return figureHtml(svg, { title: options.title, caption: options.caption });
}

/**
 * Shows {@link weightHeatmapHtml}.
 *
 * @example
 * showWeightHeatmap(rbm.W, { nVisible: 128, nHidden: 256, freqs: melHz, title: 'What each hidden unit listens to' });
 */
export function showWeightHeatmap(W: Float32Array, options: WeightHeatmapOptions): void {
  displayBundle({
    'text/html': weightHeatmapHtml(W, options),
    'text/plain': `<weight heat map: ${options.maxUnits ?? options.nHidden} hidden units × ${options.nVisible} visible units>`,
  });
}
