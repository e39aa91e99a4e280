/**
 * Spectrogram pictures for the CLI: a viridis heatmap PNG (the notebook stage's PNG encoder and colormaps) and an
 * SVG that embeds it with a title and axes. Frames run left → right, bins bottom → top (low frequencies at the bottom).
 */
import type { Matrix } from '../types';
import { ParameterError } from '../errors';
import { encodePng } from '../notebook/png';
import { colormapLut } from '../notebook/colormap';

/** Options for {@link renderSpectrogramPng} and {@link renderSpectrogramSvg}. */
export interface SpectrogramImageOptions {
  /** Largest image width in pixels (default 800); longer spectrograms are averaged down, shorter ones stretched. */
  width?: number;
  /** Image height in pixels (default 256). */
  height?: number;
  /** Frames per second, for the time axis of the SVG (default 62.5: 16 kHz / hop 256). */
  frameRate?: number;
  /** Title above the SVG picture. */
  title?: string;
  /** Label of the vertical axis (default 'bin'). */
  yLabel?: string;
}

/** Defaults of the spectrogram pictures. */
export const SPECTROGRAM_IMAGE_DEFAULTS = { width: 800, height: 256, frameRate: 62.5, title: '', yLabel: 'bin' };

/**
 * A frames × bins spectrogram too long to hold in memory, visited in consecutive blocks of rows (e.g. read back
 * from a file by FrameSpool.forEach): `forEach(visit)` calls `visit(block, firstRow)` for rows 0 … rows − 1 in order.
 */
export interface RowBlocks {
  rows: number;
  cols: number;
  forEach(visit: (X: Matrix, startRow: number) => void): void;
}

const isMatrix = (S: Matrix | RowBlocks): S is Matrix => (S as Matrix).data !== undefined;
const asBlocks = (S: Matrix | RowBlocks): RowBlocks => (isMatrix(S) ? { rows: S.rows, cols: S.cols, forEach: (visit) => visit(S, 0) } : S);

/**
 * Average-pools (or stretches) a frames × bins spectrogram onto a w × h grid, scaled to [0, 1] by its 1st–99th
 * percentiles. Row blocks are summed into each cell as they come (rows in order, bins in order within a row: the
 * same sums as with the whole matrix in hand), so memory holds one block and the grid.
 */
function toGrid(S: RowBlocks, w: number, h: number): Float32Array {
  const grid = new Float32Array(w * h);
  const sums = new Float64Array(w * h);
  const t0s = new Int32Array(w), t1s = new Int32Array(w);
  for (let x = 0; x < w; x++) {
    t0s[x] = Math.floor((x * S.rows) / w);
    t1s[x] = Math.max(t0s[x] + 1, Math.floor(((x + 1) * S.rows) / w));
  }
  const f0s = new Int32Array(h), f1s = new Int32Array(h);
  for (let y = 0; y < h; y++) {
    f0s[y] = Math.floor((y * S.cols) / h);
    f1s[y] = Math.max(f0s[y] + 1, Math.floor(((y + 1) * S.cols) / h));
  }
  S.forEach((B, r0) => {
    const r1 = r0 + B.rows;
    for (let x = 0; x < w; x++) {
      const a = Math.max(t0s[x], r0), b = Math.min(t1s[x], r1);
      for (let t = a; t < b; t++) {
        const row = (t - r0) * S.cols;
        for (let y = 0; y < h; y++) {
          let sum = sums[y * w + x];
          for (let f = f0s[y]; f < f1s[y]; f++) sum += B.data[row + f];
          sums[y * w + x] = sum;
        }
      }
    }
  });
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      grid[(h - 1 - y) * w + x] = sums[y * w + x] / ((t1s[x] - t0s[x]) * (f1s[y] - f0s[y])); // low bins at the bottom
    }
  }
  // Robust range: a few extreme cells (silence at −100 dB, one loud onset) should not wash out the picture.
  const sorted = Float32Array.from(grid).sort();
  const lo = sorted[Math.floor(0.01 * (sorted.length - 1))], hi = sorted[Math.ceil(0.99 * (sorted.length - 1))];
  for (let i = 0; i < grid.length; i++) grid[i] = hi > lo ? (grid[i] - lo) / (hi - lo) : 0.5;
  return grid;
}

function check(S: Matrix | RowBlocks): void {
  if (S && !isMatrix(S) && typeof S.forEach === 'function' && Number.isInteger(S.rows) && S.rows >= 1 && Number.isInteger(S.cols) && S.cols >= 1) return;
  const m = S as Matrix;
  if (!m || !(m.data instanceof Float32Array) || m.rows < 1 || m.cols < 1 || m.data.length !== m.rows * m.cols) {
    throw new ParameterError('S must be a non-empty Matrix { rows, cols, data: Float32Array(rows × cols) } of frames × bins, or RowBlocks { rows, cols, forEach }');
  }
}

/**
 * A spectrogram (frames × bins, any scale: it is min–max coloured by percentiles; a Matrix or {@link RowBlocks}) as a viridis heatmap PNG.
 * @throws ParameterError for an empty or malformed matrix.
 * @example writeFileSync('spec.png', renderSpectrogramPng(X, { width: 600 }));
 */
export function renderSpectrogramPng(S: Matrix | RowBlocks, opts: SpectrogramImageOptions = {}): Uint8Array {
  check(S);
  const o = { ...SPECTROGRAM_IMAGE_DEFAULTS, ...opts };
  const w = Math.max(1, Math.min(o.width, Math.max(S.rows, 200))), h = Math.max(1, o.height);
  const grid = toGrid(asBlocks(S), w, h);
  const lut = colormapLut('viridis');
  const rgb = new Uint8Array(3 * w * h);
  for (let i = 0; i < grid.length; i++) {
    const level = Math.round(Math.min(1, Math.max(0, grid[i])) * 255);
    rgb.set(lut.subarray(3 * level, 3 * level + 3), 3 * i);
  }
  return encodePng(rgb, w, h);
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' }[c]!));

/**
 * The same heatmap as an SVG document with a title, a time axis in seconds and a bin axis; the pixels are an
 * embedded PNG, so the file stays small (~50–150 KB) whatever the spectrogram's length.
 * @example writeFileSync('spec.svg', renderSpectrogramSvg(X, { title: 'city_blues: log-mel', yLabel: 'mel band' }));
 */
export function renderSpectrogramSvg(S: Matrix | RowBlocks, opts: SpectrogramImageOptions = {}): string {
  const o = { ...SPECTROGRAM_IMAGE_DEFAULTS, ...opts };
  const png = renderSpectrogramPng(S, o);
  const w = Math.max(1, Math.min(o.width, Math.max(S.rows, 200))), h = o.height;
  const left = 50, top = o.title ? 28 : 8, bottom = 36;
  const seconds = S.rows / o.frameRate;
  const step = [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300].find((s) => seconds / s <= 10) ?? 600;
  const ticks: string[] = [];
  for (let t = 0; t <= seconds + 1e-9; t += step) {
    const x = left + (t / seconds) * w;
    ticks.push(`<line x1="${x.toFixed(1)}" y1="${top + h}" x2="${x.toFixed(1)}" y2="${top + h + 4}" stroke="#333"/>` +
      `<text x="${x.toFixed(1)}" y="${top + h + 16}" text-anchor="middle">${+t.toFixed(2)}</text>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + w + 10}" height="${top + h + bottom}" font-family="sans-serif" font-size="11">`,
    o.title ? `<text x="${left}" y="18" font-size="13">${escapeXml(o.title)}</text>` : '',
    `<image x="${left}" y="${top}" width="${w}" height="${h}" preserveAspectRatio="none" href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/>`,
    `<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#333"/>`,
    ...ticks,
    `<text x="${left + w / 2}" y="${top + h + 30}" text-anchor="middle">time (s)</text>`,
    `<text x="${left - 6}" y="${top + h}" text-anchor="end">0</text>`,
    `<text x="${left - 6}" y="${top + 10}" text-anchor="end">${S.cols - 1}</text>`,
    `<text transform="translate(14 ${top + h / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>`,
    '</svg>',
  ].join('\n') + '\n';
}
