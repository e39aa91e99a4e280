/**
 * Original versus reconstruction, side by side: two spectrograms with the same axes and colour
 * settings, and a player under each when audio is given.
 */
import type { Matrix } from '../types';
import { ParameterError } from '../errors';
import { audioPlayerHtml } from './audio';
import { figureHtml } from './html';
import { displayBundle } from './output';
import { spectrogramChart, spectrogramRange, type SpectrogramChartOptions } from './spectrogram';

/** Options of {@link showReconstruction}: spectrogram options plus optional audio and labels. */
export interface ShowReconstructionOptions extends SpectrogramChartOptions {
  /** Audio of the original (mono samples at `sampleRate`). */
  originalAudio?: Float32Array;
  /** Audio of the reconstruction (mono samples at `sampleRate`); normalised for playback. */
  reconstructionAudio?: Float32Array;
  /** Panel labels. Default 'original' and 'reconstruction'. */
  labels?: [string, string];
  /**
   * Colour both panels on ONE scale (the same vmin/vmax, from {@link spectrogramRange} over both), so a
   * reconstruction that is quieter or flatter than the original also looks it. Default true. With false each
   * panel stretches its colours over its own range, which shows its detail but hides level differences.
   * Explicit `vmin` / `vmax` options win over the computed range.
   */
  sharedScale?: boolean;
}

/** Defaults of {@link ShowReconstructionOptions} beyond the spectrogram's. */
export const SHOW_RECONSTRUCTION_DEFAULTS = { labels: ['original', 'reconstruction'] as [string, string], sharedScale: true } as const;

/** One panel of {@link showSpectrograms}: a spectrogram, its label and optionally its audio. */
export interface SpectrogramPanel {
  S: Matrix;
  title: string;
  /** Mono samples at the options' `sampleRate`, played under the panel. */
  audio?: Float32Array;
  /** Normalise the audio's peak for playback (model output). Default false. */
  normalize?: boolean;
}

/**
 * HTML of several spectrograms side by side (each 300 px wide unless `width` is given, so two fit a notebook's width), with a player under
 * each panel that has audio. All panels share the axis options.
 */
export function spectrogramsHtml(panels: SpectrogramPanel[], options: SpectrogramChartOptions = {}): string {
  const spec = { ...options, width: options.width ?? 300, height: options.height ?? 200, caption: undefined, title: undefined };
  const sr = options.sampleRate ?? 16000;
  const cells = panels.map((p) =>
    `<div>${spectrogramChart(p.S, { ...spec, title: p.title })}${p.audio ? audioPlayerHtml(p.audio, { sampleRate: sr, caption: p.title, normalize: p.normalize }) : ''}</div>`);
  return figureHtml(`<div style="display:flex;flex-wrap:wrap;gap:12px">${cells.join('')}</div>`, { title: options.title, caption: options.caption });
}

/**
 * Shows spectrograms side by side, each with an optional player: compare settings, algorithms, models.
 *
 * @example
 * showSpectrograms([{ S: S1, title: 'nFft 256', audio: y1 }, { S: S2, title: 'nFft 2048', audio: y2 }], { sampleRate: 16000 });
 */
export function showSpectrograms(panels: SpectrogramPanel[], options: SpectrogramChartOptions = {}): void {
  displayBundle({ 'text/html': spectrogramsHtml(panels, options), 'text/plain': `<${panels.map((p) => p.title).join(' | ')}>` });
}

/**
 * HTML of two spectrograms side by side (each 300 px wide unless `width` is given, so two fit a notebook's width), with players,
 * on one colour scale by default (`sharedScale`).
 *
 * @throws {ParameterError} when the two matrices have different numbers of columns.
 */
export function reconstructionHtml(original: Matrix, reconstruction: Matrix, options: ShowReconstructionOptions = {}): string {
  if (original.cols !== reconstruction.cols) {
    throw new ParameterError(`showReconstruction: original has ${original.cols} columns but reconstruction has ${reconstruction.cols}; they must match`);
  }
  const [a, b] = options.labels ?? SHOW_RECONSTRUCTION_DEFAULTS.labels;
  const shared = (options.sharedScale ?? SHOW_RECONSTRUCTION_DEFAULTS.sharedScale)
    ? { ...spectrogramRange([original, reconstruction], options), ...definedRange(options) } : {};
  return spectrogramsHtml([
    { S: original, title: a, audio: options.originalAudio },
    { S: reconstruction, title: b, audio: options.reconstructionAudio, normalize: true },
  ], { ...options, ...shared });
}

/** The vmin / vmax the caller set explicitly (undefined ones left out, so they do not erase the shared range). */
function definedRange(o: ShowReconstructionOptions): { vmin?: number; vmax?: number } {
  return { ...(o.vmin !== undefined ? { vmin: o.vmin } : {}), ...(o.vmax !== undefined ? { vmax: o.vmax } : {}) };
}

/**
 * Shows an original spectrogram next to its reconstruction (e.g. by an RBM or Griffin-Lim), with
 * optional players. Both panels share one colour range unless `sharedScale: false`.
 *
 * @example
 * showReconstruction(S, rbm.reconstruct(S), { sampleRate: 16000, originalAudio: y, reconstructionAudio: yHat });
 */
export function showReconstruction(original: Matrix, reconstruction: Matrix, options: ShowReconstructionOptions = {}): void {
  displayBundle({ 'text/html': reconstructionHtml(original, reconstruction, options), 'text/plain': '<original vs reconstruction>' });
}
