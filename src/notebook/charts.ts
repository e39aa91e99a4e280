/**
 * Vega-Lite spec builders for the charts the notebooks need: training curves and waveforms.
 * They return plain specs, so a researcher can tweak any field before calling {@link showChart}.
 */
import type { AudioClip } from '../types';
import { ParameterError } from '../errors';
import type { VegaLiteSpec } from './chart';

/** One named curve: y values, and optionally their x values (default 1, 2, 3, …: epochs). */
export interface LineSeries {
  name: string;
  y: ArrayLike<number>;
  x?: ArrayLike<number>;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  /** Chart title. */
  title?: string;
  /** x-axis title. Default 'epoch'. */
  xTitle?: string;
  /** y-axis title. Default 'value'. */
  yTitle?: string;
  /** y scale; 'log' suits errors spanning decades. Default 'linear'. */
  yScale?: 'linear' | 'log';
  /** x scale; 'log' suits frequencies (octaves equally spaced). Default 'linear'. */
  xScale?: 'linear' | 'log';
  /**
   * Fixed y range `[min, max]`: values outside are clipped at the edge (a single spike cannot squash the
   * rest of the curve). Default: fitted to the data.
   */
  yDomain?: [number, number];
  /** Plot size in pixels. Default 480 × 220. */
  width?: number;
  height?: number;
  /** Draw a dot on every point (good for a few epochs). Default: when each series has ≤ 30 points. */
  points?: boolean;
}

/**
 * A multi-series line chart, e.g. training curves.
 *
 * @param series - named curves: `[{ name, y, x? }]` or `{ name: yValues }`. Non-finite values are dropped.
 * @example
 * await showChart(lineChart({ train: [0.9, 0.5, 0.4], heldOut: [1, 0.7, 0.65] }, { yTitle: 'reconstruction error' }));
 */
export function lineChart(series: LineSeries[] | Record<string, ArrayLike<number>>, options: LineChartOptions = {}): VegaLiteSpec {
  const list: LineSeries[] = Array.isArray(series) ? series : Object.entries(series).map(([name, y]) => ({ name, y }));
  if (list.length === 0) throw new ParameterError('lineChart: series is empty; pass at least one { name, y }');
  const values: { x: number; y: number; series: string }[] = [];
  let longest = 0;
  for (const s of list) {
    longest = Math.max(longest, s.y.length);
    for (let i = 0; i < s.y.length; i++) {
      const x = s.x ? s.x[i] : i + 1, y = s.y[i];
      if (Number.isFinite(x) && Number.isFinite(y) && (options.yScale !== 'log' || y > 0) && (options.xScale !== 'log' || x > 0)) {
        values.push({ x, y, series: s.name });
      }
    }
  }
  const xTitle = options.xTitle ?? 'epoch', yTitle = options.yTitle ?? 'value';
  const yScale: Record<string, unknown> = options.yScale === 'log' ? { type: 'log' } : { zero: false };
  if (options.yDomain) Object.assign(yScale, { domain: options.yDomain, clamp: true });
  return {
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 480,
    height: options.height ?? 220,
    data: { values },
    mark: { type: 'line', point: options.points ?? longest <= 30, strokeWidth: 2, ...(options.yDomain ? { clip: true } : {}) },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle, scale: options.xScale === 'log' ? { type: 'log' } : { zero: false } },
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: yScale },
      // The legend lists the series in the order given (vega-lite would sort names: "band 120" before "band 30").
      color: { field: 'series', type: 'nominal', title: null, sort: list.map((s) => s.name), legend: list.length > 1 ? { orient: 'top' } : null },
    },
  };
}

/** Options of {@link waveformChart}. */
export interface WaveformChartOptions {
  /** Sample rate in Hz when passing bare samples. Default 16000. */
  sampleRate?: number;
  /** Chart title. */
  title?: string;
  /** Number of envelope columns (min/max per column, like an audio editor). Default 600. */
  columns?: number;
  /** Plot size in pixels. Default 640 × 140. */
  width?: number;
  height?: number;
  /** Fill colour. Default '#4c78a8'. */
  color?: string;
}

/**
 * A waveform as a min/max envelope (what audio editors draw), so a 30 s clip becomes ~600 columns
 * instead of 480 000 points. Multi-channel clips get one lane per channel.
 *
 * @param clipOrSamples - an {@link AudioClip} or mono samples.
 * @throws {ParameterError} for an empty signal.
 * @example
 * await showChart(waveformChart(clip, { title: 'city_blues, first 5 s' }));
 */
export function waveformChart(clipOrSamples: AudioClip | Float32Array, options: WaveformChartOptions = {}): VegaLiteSpec {
  const clip: AudioClip = clipOrSamples instanceof Float32Array
    ? { sampleRate: options.sampleRate ?? 16000, channels: [clipOrSamples] }
    : clipOrSamples;
  const n = clip.channels[0]?.length ?? 0;
  if (n === 0) throw new ParameterError('waveformChart: the signal is empty (0 samples)');
  const cols = Math.max(1, Math.min(options.columns ?? 600, n));
  const values: { t: number; lo: number; hi: number; channel: string }[] = [];
  clip.channels.forEach((y, c) => {
    for (let k = 0; k < cols; k++) {
      const a = Math.floor((k * n) / cols), b = Math.max(a + 1, Math.floor(((k + 1) * n) / cols));
      let lo = Infinity, hi = -Infinity;
      for (let i = a; i < b; i++) { const v = y[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
      values.push({ t: Number((a / clip.sampleRate).toFixed(5)), lo, hi, channel: `channel ${c + 1}` });
    }
  });
  const multi = clip.channels.length > 1;
  const height = options.height ?? 140;
  return {
    ...(options.title ? { title: options.title } : {}),
    data: { values },
    ...(multi ? { facet: { row: { field: 'channel', title: null } }, spec: layer(options, height) } : layer(options, height)),
  };
}

function layer(options: WaveformChartOptions, height: number): VegaLiteSpec {
  return {
    width: options.width ?? 640,
    height: height,
    mark: { type: 'area', color: options.color ?? '#4c78a8', interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      y: { field: 'lo', type: 'quantitative', title: 'amplitude', scale: { domain: [-1, 1] } },
      y2: { field: 'hi' },
    },
  };
}
