/**
 * Phase reconstruction from a magnitude spectrogram: fast Griffin-Lim (librosa.griffinlim ≥ 0.10).
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { Random } from '../util/random';
import { StftKernel } from './kernel';
import { resolveStftOptions, StftOptions } from './stftOptions';
import { checkInteger, checkMatrix, checkNonNegative, checkNumber } from './validate';

/** Options of {@link griffinLim}. */
export interface GriffinLimOptions extends Omit<StftOptions, 'nFft'> {
  /** Iterations. Default 32 (librosa): fast GL is usually close to its plateau by then. */
  nIter?: number;
  /** Momentum α of fast Griffin-Lim; 0 gives the classic algorithm. Default 0.99 (librosa, Perraudin 2013). */
  momentum?: number;
  /** Output length in samples (trim or zero-pad); by default frames·hop − hop (centred framing). */
  length?: number;
  /** Initial phases: `'random'` (uniform, seeded; default, as librosa) or `null` (all zero phase). */
  init?: 'random' | null;
  /** Seed of the random initial phases. Default 0. */
  seed?: number;
  /**
   * Called after each iteration with its index (0-based) and the spectral convergence between S and the
   * STFT of the current signal estimate (so a notebook can plot convergence). Costs one extra pass over S.
   */
  onIteration?: (iteration: number, spectralConvergence: number) => void;
}

/** Defaults of {@link griffinLim}. */
export const DEFAULT_GRIFFIN_LIM = { nIter: 32, momentum: 0.99, init: 'random' as 'random' | null, seed: 0 } as const;

/**
 * Fast Griffin-Lim (Perraudin, Balazs & Søndergaard 2013), exactly as librosa.griffinlim: starting from
 * S with random phases, repeat `rebuilt = stft(istft(angles))`, `angles = rebuilt − α/(1+α)·tprev`,
 * keep the phase of `angles` and the magnitude S, `tprev = rebuilt`. With momentum 0 it is the classic
 * Griffin & Lim (1984) algorithm, which converges monotonically but more slowly.
 *
 * One difference: the loop uses the natural signal length (so every frame count matches S) and `length`
 * is applied to the final signal only.
 *
 * @param S magnitude spectrogram, frames × (nFft/2 + 1), non-negative (not a mel or dB spectrogram: see
 *   {@link melToLinear} and {@link dbToAmplitude}).
 * @param options framing (must match how S was made), iterations, momentum, seed.
 * @returns the reconstructed signal.
 * @throws {ParameterError} for a negative/non-finite S, momentum < 0, nIter < 0 or a bad framing option.
 * @example
 * const S = magnitude(stft(y));
 * const y2 = griffinLim(S, { nIter: 32, seed: 1 });
 * spectralConvergence(S, magnitude(stft(y2)));
 */
export function griffinLim(S: Matrix, options: GriffinLimOptions = {}): Float32Array {
  checkMatrix('S', S, { minRows: 1 });
  checkNonNegative('S', S);
  if (S.cols < 2) throw new ParameterError(`S has ${S.cols} frequency bins; need nFft/2 + 1 ≥ 2`);
  // nFft is not an option: it follows from S (librosa too). Say so when the bins fit no FFT size, or when a
  // caller passes nFft anyway and it disagrees, instead of complaining about an nFft they never wrote.
  const nFft = 2 * (S.cols - 1);
  const given = (options as { nFft?: unknown }).nFft;
  if (given !== undefined && given !== nFft) {
    throw new ParameterError(`S has ${S.cols} frequency bins (nFft = 2·(${S.cols} − 1) = ${nFft}) but nFft=${String(given)} was given; S must have nFft/2 + 1 columns`);
  }
  if ((nFft & (nFft - 1)) !== 0) {
    throw new ParameterError(`S has ${S.cols} frequency bins, so nFft = 2·(${S.cols} − 1) = ${nFft}, which must be a power of two: S must have nFft/2 + 1 columns (e.g. 513 for nFft=1024)`);
  }
  const o = resolveStftOptions({ ...options, padMode: options.padMode ?? 'constant' }, nFft);
  const nIter = checkInteger('nIter', options.nIter ?? DEFAULT_GRIFFIN_LIM.nIter, 0);
  const momentum = checkNumber('momentum', options.momentum ?? DEFAULT_GRIFFIN_LIM.momentum, 0);
  const init = options.init === undefined ? DEFAULT_GRIFFIN_LIM.init : options.init;
  if (init !== 'random' && init !== null) throw new ParameterError(`init=${JSON.stringify(init)} must be 'random' or null`);
  const seed = checkNumber('seed', options.seed ?? DEFAULT_GRIFFIN_LIM.seed);
  if (options.length !== undefined) checkInteger('length', options.length, 0);
  const onIteration = options.onIteration;

  const kernel = new StftKernel(o);
  const n = S.data.length, nFrames = S.rows, mag = S.data;
  // the natural length (frames − 1)·hop (+ nFft uncentred) always re-analyses to exactly nFrames frames
  const sigLen = kernel.synthesisLength(nFrames);
  const angRe = new Float32Array(n), angIm = new Float32Array(n);
  let rebRe = new Float32Array(n), rebIm = new Float32Array(n);
  let prevRe = new Float32Array(n), prevIm = new Float32Array(n);
  const signal = new Float32Array(sigLen);

  // angles = S · e^{iφ}, φ uniform in [0, 2π) (librosa: phasor(2π·rng.random))
  const rng = new Random(seed);
  for (let i = 0; i < n; i++) {
    const phi = init === 'random' ? 2 * Math.PI * rng.next() : 0;
    angRe[i] = mag[i] * Math.cos(phi);
    angIm[i] = mag[i] * Math.sin(phi);
  }
  const beta = momentum / (1 + momentum);
  const eps = 1.1754943508222875e-38; // librosa: util.tiny(complex64)
  for (let it = 0; it < nIter; it++) {
    kernel.synthesize(angRe, angIm, nFrames, signal);
    kernel.analyze(signal, rebRe, rebIm);
    if (onIteration) onIteration(it, convergence(mag, rebRe, rebIm));
    const useMomentum = it > 0 && beta !== 0;
    for (let i = 0; i < n; i++) {
      let re = rebRe[i], im = rebIm[i];
      if (useMomentum) {
        re -= beta * prevRe[i];
        im -= beta * prevIm[i];
      }
      const scale = mag[i] / (Math.sqrt(re * re + im * im) + eps); // not Math.hypot: ~10× slower in V8
      angRe[i] = re * scale;
      angIm[i] = im * scale;
    }
    // swap buffers: this rebuilt becomes tprev (no allocation)
    [rebRe, prevRe] = [prevRe, rebRe];
    [rebIm, prevIm] = [prevIm, rebIm];
  }
  if (options.length === undefined) return kernel.synthesize(angRe, angIm, nFrames, signal);
  return kernel.synthesize(angRe, angIm, nFrames, new Float32Array(options.length), options.length);
}

/** Spectral convergence of the rebuilt STFT against the target magnitude. */
function convergence(mag: Float32Array, re: Float32Array, im: Float32Array): number {
  let num = 0, den = 0;
  for (let i = 0; i < mag.length; i++) {
    const d = mag[i] - Math.sqrt(re[i] * re[i] + im[i] * im[i]);
    num += d * d;
    den += mag[i] * mag[i];
  }
  return den > 0 ? Math.sqrt(num / den) : 0;
}
