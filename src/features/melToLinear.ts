/**
 * Mel → linear-frequency inversion (librosa.feature.inverse.mel_to_stft / mel_to_audio).
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { griffinLim, GriffinLimOptions } from './griffinLim';
import { melFilterbank, MelNorm } from './mel';
import { DEFAULT_NNLS, nnls } from './nnls';
import { checkMatrix, checkNonNegative, checkNumber } from './validate';

/** Options of {@link melToLinear}. */
export interface MelToLinearOptions {
  /** Sample rate in Hz of the audio the mel spectrogram came from (required). */
  sampleRate: number;
  /** FFT size used to make it (required). */
  nFft: number;
  /** Number of mel bands; must equal M's column count (taken from M if omitted). */
  nMels?: number;
  /** Filterbank band edges, HTK formula and norm: must match how M was made (defaults as {@link melFilterbank}). */
  fMin?: number;
  fMax?: number;
  htk?: boolean;
  norm?: MelNorm;
  /** Exponent M was computed with: 2 (power, default as librosa) or 1 (magnitude). */
  power?: number;
  /** Iterations of the non-negative least-squares solver per frame. Default {@link DEFAULT_NNLS}.maxIter (100). */
  nIter?: number;
}

/**
 * Approximate linear magnitude spectrogram from a mel spectrogram, like
 * `librosa.feature.inverse.mel_to_stft`: solve min ‖fb·s − m‖² with s ≥ 0 per frame ({@link nnls}), then
 * s^(1/power). The mel basis has fewer rows than bins, so fine detail within a band is not recoverable; the
 * result is the smooth non-negative spectrum that best explains each band.
 *
 * @param M mel spectrogram, frames × nMels, non-negative.
 * @returns linear magnitude spectrogram, frames × (nFft/2 + 1), ready for {@link griffinLim}.
 * @throws {ParameterError} for a negative/non-finite M, or nMels ≠ M.cols, or a bad filterbank option.
 * @example
 * const M = melSpectrogram(y, { sampleRate: 16000, nFft: 1024, hopLength: 256 });
 * const S = melToLinear(M, { sampleRate: 16000, nFft: 1024 }); // frames × 513
 */
export function melToLinear(M: Matrix, options: MelToLinearOptions): Matrix {
  if (!options || typeof options !== 'object') throw new ParameterError('melToLinear needs options { sampleRate, nFft, ... }');
  checkMatrix('M', M, { minRows: 1 });
  checkNonNegative('M', M);
  if (options.nMels !== undefined && options.nMels !== M.cols) {
    throw new ParameterError(`nMels=${options.nMels} but M has ${M.cols} columns (mel bands); they must match`);
  }
  const p = checkNumber('power', options.power ?? 2, 0, Infinity, true);
  const fb = melFilterbank({
    sampleRate: options.sampleRate, nFft: options.nFft, nMels: M.cols,
    fMin: options.fMin, fMax: options.fMax, htk: options.htk, norm: options.norm,
  });
  const S = nnls(fb, M, { maxIter: options.nIter ?? DEFAULT_NNLS.maxIter });
  if (p !== 1) for (let i = 0; i < S.data.length; i++) S.data[i] = Math.pow(S.data[i], 1 / p);
  return S;
}

/** Options of {@link melToAudio}: mel inversion plus Griffin-Lim (the `nIter` option is Griffin-Lim's; `nnlsIter` the solver's). */
export interface MelToAudioOptions extends Omit<MelToLinearOptions, 'nIter'>, Omit<GriffinLimOptions, 'window'> {
  /** NNLS iterations for the mel inversion. Default 100. */
  nnlsIter?: number;
  window?: GriffinLimOptions['window'];
}

/**
 * Mel spectrogram → audio: {@link melToLinear} then {@link griffinLim} (librosa.feature.inverse.mel_to_audio).
 * @example const y2 = melToAudio(M, { sampleRate: 16000, nFft: 1024, hopLength: 256, seed: 0 });
 */
export function melToAudio(M: Matrix, options: MelToAudioOptions): Float32Array {
  const S = melToLinear(M, { ...options, nIter: options.nnlsIter });
  return griffinLim(S, options);
}
