/**
 * Hidden-unit receptive fields: each hidden unit's weight vector drawn as a spectrum (weight per
 * visible frequency bin) on a log-frequency axis, as small multiples, each with a player that lets
 * you HEAR what the unit responds to.
 */
import { ParameterError } from '../errors';
import { audioPlayerHtml } from './audio';
import { escapeHtml, figureHtml } from './html';
import { displayBundle } from './output';
import { sparklineSvg } from './sparkline';

/** Options of {@link hiddenUnitsHtml} / {@link showHiddenUnits}. */
export interface ShowHiddenUnitsOptions {
  /** Number of visible units (rows of W). */
  nVisible: number;
  /** Number of hidden units (columns of W). */
  nHidden: number;
  /**
   * Centre frequency in Hz of each visible unit (length nVisible), e.g. STFT bin or mel-band centres
   * (`FeaturePipeline.frequencies` gives them for the pipeline's features); enables the log-frequency axis.
   * Default: plot against the visible index.
   */
  freqs?: ArrayLike<number>;
  /** Which hidden units to draw. Default: the `maxUnits` with the largest weight norm (the most active). */
  units?: number[];
  /** How many units to draw when `units` is not given. Default 16. */
  maxUnits?: number;
  /** Returns audio for a unit (e.g. its weights as a magnitude spectrum → Griffin-Lim); adds a player per unit. */
  sonify?: (unit: number) => Float32Array;
  /** Sample rate of the `sonify` audio in Hz. Default 16000. */
  sampleRate?: number;
  /** Title above the grid. */
  title?: string;
  /** Caption below the grid. */
  caption?: string;
}

/** The `count` hidden units with the largest L2 norm of their weights, largest first (ties → lower index). */
export function strongestUnits(W: Float32Array, nVisible: number, nHidden: number, count: number): number[] {
  const norms = new Float64Array(nHidden);
  for (let i = 0; i < nVisible; i++) for (let j = 0; j < nHidden; j++) norms[j] += W[i * nHidden + j] ** 2;
  return Array.from({ length: nHidden }, (_, j) => j).sort((a, b) => norms[b] - norms[a] || a - b).slice(0, count);
}

/**
 * HTML grid of receptive fields (one sparkline per hidden unit, optional player under each).
 *
 * @param W - weights, nVisible × nHidden row-major (`W[i * nHidden + j]`), as `rbm.params().W`.
 * @throws {ParameterError} when sizes disagree or a unit index is out of range.
 */
export function hiddenUnitsHtml(W: Float32Array, options: ShowHiddenUnitsOptions): string {
  const { nVisible, nHidden } = options;
  if (!(nVisible > 0 && nHidden > 0) || W.length !== nVisible * nHidden) {
    throw new ParameterError(`showHiddenUnits: W has ${W.length} values, expected nVisible*nHidden = ${nVisible}*${nHidden}`);
  }
  if (options.freqs && options.freqs.length !== nVisible) {
    throw new ParameterError(`showHiddenUnits: freqs has ${options.freqs.length} values, expected nVisible = ${nVisible}`);
  }
  const units = options.units ?? strongestUnits(W, nVisible, nHidden, Math.min(nHidden, options.maxUnits ?? 16));
  const bad = units.find((j) => !Number.isInteger(j) || j < 0 || j >= nHidden);
  if (bad !== undefined) throw new ParameterError(`showHiddenUnits: unit ${bad} is out of range 0..${nHidden - 1}`);
  // With frequencies, drop the 0 Hz bin so the log axis is defined.
  const keep = Array.from({ length: nVisible }, (_, i) => i).filter((i) => !options.freqs || options.freqs[i] > 0);
  const x = options.freqs ? keep.map((i) => options.freqs![i]) : undefined;
  const cells = units.map((j) => {
    const w = keep.map((i) => W[i * nHidden + j]);
    const svg = sparklineSvg(w, { x, logX: !!x, width: 200, height: 80, label: `unit ${j}`, zeroLine: true, yLabels: false, color: '#e45756' });
    const player = options.sonify ? audioPlayerHtml(options.sonify(j), { sampleRate: options.sampleRate ?? 16000, normalize: true }) : '';
    // border-box card: 200 px of content (the sparkline's width) inside; the player fills exactly that width
    // (width:100% + border-box), whatever the frontend's default audio width is, so it cannot overflow the card.
    const fitted = player.replace('<audio ', '<audio style="display:block;width:100%;max-width:100%;box-sizing:border-box;height:28px" ');
    return `<div style="border:1px solid #eee;border-radius:4px;padding:4px;width:210px;box-sizing:border-box">${svg}${fitted}</div>`;
  });
  const axis = x ? 'x: log frequency' : 'x: visible unit';
  const caption = options.caption ?? `${units.length} of ${nHidden} hidden units (${axis}, ${x ? `${Math.round(x[0])}–${Math.round(x[x.length - 1])} Hz` : `0–${nVisible - 1}`}; y: weight, grey line = 0)`;
  return figureHtml(`<div style="display:flex;flex-wrap:wrap;gap:6px">${cells.join('')}</div>`, { title: options.title, caption });
}

/**
 * Shows hidden-unit receptive fields as small multiples of spectra, with a player per unit if
 * `sonify` is given.
 *
 * @example
 * // `fp` is the FeaturePipeline the model was trained on; `fp.frequencies` gives each feature column's centre in Hz
 * // (mel band centres, or STFT bin centres for linear features), which puts the units on a log-frequency axis.
 * const p = rbm.params();
 * // what unit j "draws": 1 s (62 frames) of the visible bias plus the unit's weights, as features
 * const unitFrames = (j: number) => matrix(62, p.nVisible, new Float32Array(62 * p.nVisible)
 *   .map((_, k) => p.visibleBias[k % p.nVisible] + p.W[(k % p.nVisible) * p.nHidden + j]));
 * showHiddenUnits(p.W, { nVisible: p.nVisible, nHidden: p.nHidden, freqs: fp.frequencies,
 *   sonify: (j) => fp.toAudio(unitFrames(j)) });
 */
export function showHiddenUnits(W: Float32Array, options: ShowHiddenUnitsOptions): void {
  displayBundle({
    'text/html': hiddenUnitsHtml(W, options),
    'text/plain': `<receptive fields of ${escapeHtml(String(options.units?.length ?? Math.min(options.nHidden, options.maxUnits ?? 16)))} hidden units>`,
  });
}
