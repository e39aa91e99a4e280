/**
 * Spectrogram figures: the matrix is coloured into a PNG and placed in a small SVG with time and frequency
 * axes and a colour bar; one self-contained HTML snippet. Measured for 500 frames × 513 bins (8 s at hop
 * 256): 32 ms and 99 KB this way, against 3.2 s and 50 MB of SVG as a Vega-Lite `rect` heatmap.
 */
import type { Matrix } from '../types';
import { ParameterError } from '../errors';
import { assertMatrix } from '../util/matrix';
import { colormapLut, COLORMAP_STOPS, type ColormapName } from './colormap';
import { encodePng, pngDataUri } from './png';
import { formatHz, hzToMelSlaney, LOG_FREQUENCY_TICKS, melToHzSlaney, niceTicks, svgText } from './axes';
import { figureHtml } from './html';
import { displayBundle } from './output';

/** Options of {@link spectrogramChart} / {@link showSpectrogram}. */
export interface SpectrogramChartOptions {
  /** Sample rate of the audio in Hz; labels the axes. Default 16000 (the bundled dataset's rate). */
  sampleRate?: number;
  /** Hop between frames in samples; labels the time axis. Default 256 (librosa: nFft / 4 with nFft = 1024). */
  hopLength?: number;
  /**
   * What the columns are and how to draw them: 'linear' or 'log' for STFT bins 0 … sampleRate/2
   * (log stretches the low frequencies where musical pitch lives), 'mel' for mel bands between
   * `fMin` and `fMax` (drawn evenly, labelled in Hz). Default 'log'.
   */
  yScale?: 'linear' | 'log' | 'mel';
  /** Lowest frequency of mel bands, Hz (only for yScale 'mel'). Default 0, as librosa. */
  fMin?: number;
  /** Highest frequency of mel bands, Hz (only for yScale 'mel'). Default sampleRate / 2. */
  fMax?: number;
  /**
   * Convert values (magnitudes) to decibels relative to the maximum before colouring. Default true;
   * pass false for data already in dB, log-compressed or standardised.
   */
  db?: boolean;
  /** Dynamic range shown when `db` is true, in dB below the maximum. Default 80 (librosa's top_db). */
  topDb?: number;
  /** Colormap. Default 'magma' (librosa.display's default for spectrograms). */
  colormap?: ColormapName;
  /**
   * Colour range, in the colour bar's units (dB when `db` is true): values at or below `vmin` get the colormap's
   * first colour, at or above `vmax` its last (matplotlib's vmin/vmax). Default: the figure's own range (with `db`,
   * its maximum and `topDb` below it). Give several figures the same range (see {@link spectrogramRange}) to
   * compare their levels by eye.
   */
  vmin?: number;
  vmax?: number;
  /** Plot width and height in CSS pixels (axes excluded). Default 640 × 240. */
  width?: number;
  height?: number;
  /** Title above the figure. */
  title?: string;
  /** Caption below the figure. */
  caption?: string;
}

/** Defaults of {@link SpectrogramChartOptions}. */
export const SPECTROGRAM_CHART_DEFAULTS: Readonly<Required<Omit<SpectrogramChartOptions, 'title' | 'caption' | 'fMax' | 'vmin' | 'vmax'>>> = {
  sampleRate: 16000, hopLength: 256, yScale: 'log', fMin: 0, db: true, topDb: 80, colormap: 'magma', width: 640, height: 240,
};

type ResolvedOptions = Required<Omit<SpectrogramChartOptions, 'title' | 'caption' | 'vmin' | 'vmax'>> & { min: number; max: number };

/** Largest number of frame columns kept in the image; longer spectrograms are max-pooled over time. */
const MAX_IMAGE_COLUMNS = 1200;

/** Maps pixel row p (0 = top) of an image with `h` rows to a fractional column index of the matrix. */
function rowToColumn(p: number, h: number, cols: number, yScale: 'linear' | 'log' | 'mel', sampleRate: number): number {
  const u = 1 - p / (h - 1); // 0 at the bottom, 1 at the top
  if (yScale !== 'log') return u * (cols - 1);
  const nyquist = sampleRate / 2, binHz = nyquist / (cols - 1);
  const lo = Math.max(2 * binHz, 30); // below two bins a log axis only magnifies interpolation blur
  return (lo * (nyquist / lo) ** u) / binHz;
}

/** Frequency → vertical position in [0, 1] (0 = bottom) for the axis labels. */
function frequencyToUnit(hz: number, o: { yScale: string; sampleRate: number; cols: number; fMin: number; fMax: number }): number {
  const nyquist = o.sampleRate / 2;
  if (o.yScale === 'linear') return hz / nyquist;
  if (o.yScale === 'mel') return (hzToMelSlaney(hz) - hzToMelSlaney(o.fMin)) / (hzToMelSlaney(o.fMax) - hzToMelSlaney(o.fMin));
  const lo = Math.max((2 * nyquist) / (o.cols - 1), 30);
  return Math.log(hz / lo) / Math.log(nyquist / lo);
}

/**
 * Renders a spectrogram (frames × bins) to an HTML figure: a coloured PNG with time/frequency axes
 * and a colour bar, all inline (works offline and in every notebook frontend).
 *
 * @param S - magnitude (or dB / feature) spectrogram, frames × bins, row-major (`S.data[t * S.cols + f]`).
 * @param options - see {@link SpectrogramChartOptions}; defaults in {@link SPECTROGRAM_CHART_DEFAULTS}.
 * @returns an HTML string (`<figure>` with an inline `<svg>`).
 * @throws {ParameterError} when `S` is not a valid non-empty matrix.
 * @example
 * const html = spectrogramChart(S, { sampleRate: 16000, hopLength: 256, title: 'STFT magnitude' });
 */
export function spectrogramChart(S: Matrix, options: SpectrogramChartOptions = {}): string {
  assertMatrix(S, 'S', { minRows: 1 });
  if (S.cols < 2) throw new ParameterError(`spectrogramChart: S must have at least 2 frequency bins, got cols=${S.cols}`);
  const o = { ...SPECTROGRAM_CHART_DEFAULTS, ...options };
  checkRange(options.vmin, options.vmax);
  const fMax = options.fMax ?? o.sampleRate / 2;
  const w = Math.min(S.rows, MAX_IMAGE_COLUMNS), h = Math.min(o.height, 256);
  const pool = S.rows / w;

  // 1. Max-pool frames into w columns (keeps short notes visible) and map pixel rows to bins.
  const img = new Float32Array(w * h);
  const rowCol = Array.from({ length: h }, (_, p) => rowToColumn(p, h, S.cols, o.yScale, o.sampleRate));
  for (let x = 0; x < w; x++) {
    const t0 = Math.floor(x * pool), t1 = Math.max(t0 + 1, Math.floor((x + 1) * pool));
    for (let p = 0; p < h; p++) {
      const c = rowCol[p], c0 = Math.min(S.cols - 1, Math.floor(c)), c1 = Math.min(S.cols - 1, c0 + 1), f = c - c0;
      let best = -Infinity;
      for (let t = t0; t < t1; t++) {
        const v = S.data[t * S.cols + c0] * (1 - f) + S.data[t * S.cols + c1] * f;
        if (v > best) best = v;
      }
      img[p * w + x] = best;
    }
  }
  // 2. Level scaling: dB below the maximum, or the data's own min..max.
  let max = -Infinity, min = Infinity;
  if (o.db) for (let i = 0; i < img.length; i++) img[i] = 20 * Math.log10(Math.max(Math.abs(img[i]), 1e-10));
  for (const v of img) if (Number.isFinite(v)) { if (v > max) max = v; if (v < min) min = v; }
  if (o.db) min = Math.max(min, max - o.topDb);
  if (options.vmin !== undefined) min = options.vmin;
  if (options.vmax !== undefined) max = options.vmax;
  const span = max > min ? max - min : 1;
  const lut = colormapLut(o.colormap), rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < img.length; i++) {
    const v = Number.isFinite(img[i]) ? img[i] : min;
    const k = Math.max(0, Math.min(255, Math.round(((v - min) / span) * 255)));
    rgb.set(lut.subarray(k * 3, k * 3 + 3), i * 3);
  }
  const png = pngDataUri(encodePng(rgb, w, h));
  return figureHtml(frame(png, S, { ...o, fMax, min, max }), options);
}

/** vmin / vmax, when given, must be finite and in order. */
function checkRange(vmin: number | undefined, vmax: number | undefined): void {
  for (const [name, v] of [['vmin', vmin], ['vmax', vmax]] as const) {
    if (v !== undefined && !Number.isFinite(v)) throw new ParameterError(`spectrogramChart: ${name} must be a finite number, got ${v}`);
  }
  if (vmin !== undefined && vmax !== undefined && !(vmin < vmax)) {
    throw new ParameterError(`spectrogramChart: vmin must be below vmax, got vmin=${vmin}, vmax=${vmax}`);
  }
}

/**
 * One colour range covering several spectrograms, in the units {@link spectrogramChart} colours in: with `db`
 * (default true) the largest level over all of them in dB and `topDb` below it (or the quietest value, if higher);
 * otherwise their overall min and max. Pass it as `vmin` / `vmax` so the figures share one colour scale.
 *
 * @param matrices - spectrograms (frames × bins), at least one.
 * @param options - `db` and `topDb` as for {@link spectrogramChart}.
 * @returns `{ vmin, vmax }` (vmax > vmin: a constant input gets a range of 1 above its value).
 * @throws {ParameterError} when a matrix is invalid or none is given.
 * @example
 * const range = spectrogramRange([S, R]);
 * showSpectrogram(S, range); showSpectrogram(R, range);
 */
export function spectrogramRange(matrices: Matrix[], options: Pick<SpectrogramChartOptions, 'db' | 'topDb'> = {}): { vmin: number; vmax: number } {
  if (matrices.length === 0) throw new ParameterError('spectrogramRange: matrices must hold at least one spectrogram, got 0');
  const db = options.db ?? SPECTROGRAM_CHART_DEFAULTS.db, topDb = options.topDb ?? SPECTROGRAM_CHART_DEFAULTS.topDb;
  let min = Infinity, max = -Infinity;
  matrices.forEach((S, k) => {
    assertMatrix(S, `matrices[${k}]`, { minRows: 1 });
    for (const x of S.data) {
      const v = db ? 20 * Math.log10(Math.max(Math.abs(x), 1e-10)) : x;
      if (Number.isFinite(v)) { if (v > max) max = v; if (v < min) min = v; }
    }
  });
  if (!Number.isFinite(min)) return { vmin: 0, vmax: 1 }; // no finite value at all
  if (db) min = Math.max(min, max - topDb);
  if (!(max > min)) max = min + 1; // the chart draws a constant input with a span of 1 too
  return { vmin: min, vmax: max };
}

/** The SVG around the image: axes, ticks, labels and colour bar. */
function frame(png: string, S: Matrix, o: ResolvedOptions): string {
  const L = 48, T = 6, B = 34, R = o.db ? 90 : 70, W = o.width, H = o.height;
  const parts: string[] = [];
  parts.push(`<image x="${L}" y="${T}" width="${W}" height="${H}" preserveAspectRatio="none" href="${png}"/>`);
  const seconds = (S.rows * o.hopLength) / o.sampleRate;
  for (const t of niceTicks(0, seconds, 8)) {
    const x = L + (t / seconds) * W;
    parts.push(`<line x1="${x}" x2="${x}" y1="${T + H}" y2="${T + H + 4}" stroke="#888"/>`, svgText(x, T + H + 16, `${t}`));
  }
  parts.push(svgText(L + W / 2, T + H + 30, 'time (s)'));
  const fTicks = o.yScale === 'linear' ? niceTicks(0, o.sampleRate / 2, 6) : LOG_FREQUENCY_TICKS;
  const ctx = { yScale: o.yScale, sampleRate: o.sampleRate, cols: S.cols, fMin: o.fMin, fMax: o.fMax };
  let lastY = Infinity;
  for (const hz of fTicks) {
    const u = frequencyToUnit(hz, ctx);
    if (!(u >= 0 && u <= 1.0001)) continue;
    const y = T + (1 - u) * H;
    if (lastY - y < 14) continue; // labels would overlap (e.g. 20/50/100 Hz on a mel axis)
    lastY = y;
    parts.push(`<line x1="${L - 4}" x2="${L}" y1="${y}" y2="${y}" stroke="#888"/>`, svgText(L - 6, y + 4, formatHz(hz), 'end'));
  }
  parts.push(svgText(12, T + H / 2, 'Hz', 'middle', ` transform="rotate(-90 12 ${T + H / 2})"`));
  // Colour bar: an SVG gradient over the same stops as the image's colormap.
  const stops = COLORMAP_STOPS[o.colormap].map((c, i, a) => `<stop offset="${i / (a.length - 1)}" stop-color="${c}"/>`).join('');
  const gid = `cb-${o.colormap}`;
  parts.push(`<defs><linearGradient id="${gid}" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>`);
  parts.push(`<rect x="${L + W + 10}" y="${T}" width="10" height="${H}" fill="url(#${gid})"/>`);
  const unit = o.db ? ' dB' : '';
  // Decibels need a reference: here 20·log10|S| relative to an amplitude of 1 (not to the loudest bin).
  if (o.db) parts.push(svgText(L + W + 82, T + H / 2, 'dB re 1: 20·log10|S|', 'middle', ` transform="rotate(-90 ${L + W + 82} ${T + H / 2})"`));
  parts.push(svgText(L + W + 24, T + 10, `${o.max.toPrecision(3)}${unit}`, 'start'), svgText(L + W + 24, T + H, `${o.min.toPrecision(3)}${unit}`, 'start'));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${L + W + R}" height="${T + H + B}" viewBox="0 0 ${L + W + R} ${T + H + B}" style="background:#fff">${parts.join('')}</svg>`;
}

/**
 * Shows a spectrogram in the notebook; see {@link spectrogramChart} for the options.
 *
 * @example
 * showSpectrogram(magnitude(stft(y)), { sampleRate: 16000, title: 'A ragtime clip' });
 */
export function showSpectrogram(S: Matrix, options: SpectrogramChartOptions = {}): void {
  displayBundle({ 'text/html': spectrogramChart(S, options), 'text/plain': `<spectrogram ${S.rows} frames × ${S.cols} bins>` });
}
