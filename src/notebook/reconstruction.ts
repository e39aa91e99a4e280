/**
 * Original versus reconstruction, side by side: two spectrograms with the same axes and colour
 * settings, and a player under each when audio is given.
 */
import type { Matrix } from '../types';
import { ParameterError } from '../errors';
import { audioPlayerHtml } from './audio';
import { figureHtml } from './html';
import { displayBundle } from './output';
import { spectrogramChart, type SpectrogramChartOptions } from './spectrogram';

/** Options of {@link showReconstruction}: spectrogram options plus optional audio and labels. */
export interface ShowReconstructionOptions extends SpectrogramChartOptions {
  /** Audio of the original (mono samples at `sampleRate`). */
  originalAudio?: Float32Array;
  /** Audio of the reconstruction (mono samples at `sampleRate`); normalised for playback. */
  reconstructionAudio?: Float32Array;
  /** Panel labels. Default 'original' and 'reconstruction'. */
  labels?: [string, string];
}

/**
 * HTML of two spectrograms side by side (each 360 px wide unless `width` is given), with players.
 *
 * @throws {ParameterError} when the two matrices have different numbers of columns.
 */
export function reconstructionHtml(original: Matrix, reconstruction: Matrix, options: ShowReconstructionOptions = {}): string {
  if (original.cols !== reconstruction.cols) {
    throw new ParameterError(`showReconstruction: original has ${original.cols} columns but reconstruction has ${reconstruction.cols}; they must match`);
  }
  const [a, b] = options.labels ?? ['original', 'reconstruction'];
  const spec = { ...options, width: options.width ?? 360, height: options.height ?? 200, caption: undefined, title: undefined };
  const sr = options.sampleRate ?? 16000;
  const panel = (S: Matrix, label: string, audio?: Float32Array, normalize = false) =>
    `<div>${spectrogramChart(S, { ...spec, title: label })}${audio ? audioPlayerHtml(audio, { sampleRate: sr, caption: label, normalize }) : ''}</div>`;
  return figureHtml(`<div style="display:flex;flex-wrap:wrap;gap:12px">${panel(original, a, options.originalAudio)}${panel(reconstruction, b, options.reconstructionAudio, true)}</div>`,
    { title: options.title, caption: options.caption });
}

/**
 * Shows an original spectrogram next to its reconstruction (e.g. by an RBM or Griffin-Lim), with
 * optional players.
 *
 * @example
 * showReconstruction(S, rbm.reconstruct(S), { sampleRate: 16000, originalAudio: y, reconstructionAudio: yHat });
 */
export function showReconstruction(original: Matrix, reconstruction: Matrix, options: ShowReconstructionOptions = {}): void {
  displayBundle({ 'text/html': reconstructionHtml(original, reconstruction, options), 'text/plain': '<original vs reconstruction>' });
}
