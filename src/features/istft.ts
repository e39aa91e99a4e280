/**
 * The inverse STFT (librosa.istft ≥ 0.10).
 */
import { ParameterError } from '../errors';
import { StftKernel } from './kernel';
import { checkComplex, ComplexSpectrogram } from './stft';
import { resolveStftOptions, StftOptions } from './stftOptions';
import { checkInteger } from './validate';

/** Options of {@link istft}: the framing used by the forward {@link stft} (nFft comes from D's bin count), plus `length`. */
export interface IstftOptions extends Omit<StftOptions, 'nFft' | 'padMode'> {
  /** Exact output length in samples (zero-padded or trimmed), e.g. the original signal's length. */
  length?: number;
}

/**
 * Inverse short-time Fourier transform, numerically the same as `librosa.istft`: inverse real FFT of each
 * frame, multiply by the synthesis window, overlap-add, and divide by the window's sum of squares
 * (`window_sumsquare`) where it is non-zero. For a COLA window/hop pair (e.g. Hann at 75 % overlap) the
 * reconstruction `istft(stft(y))` is perfect up to float rounding.
 *
 * @param D complex spectrogram, frames × (nFft/2 + 1); nFft = 2·(bins − 1).
 * @param options `hopLength`, `winLength`, `window`, `center` as used for the forward STFT; `length`.
 * @returns the signal; without `length`, nFft + hop·(frames − 1) samples minus the centring padding.
 * @throws {ParameterError} for a malformed D (or a bin count whose nFft is not a power of two) or a bad option.
 * @example
 * const y2 = istft(stft(y), { length: y.length }); // ≈ y
 */
export function istft(D: ComplexSpectrogram, options: IstftOptions = {}): Float32Array {
  checkComplex('D', D);
  if (D.re.rows < 1) throw new ParameterError(`D has 0 frames; istft needs at least one`);
  const nFft = 2 * (D.re.cols - 1);
  const o = resolveStftOptions({ ...options, padMode: 'constant' }, nFft);
  if (options.length !== undefined) checkInteger('length', options.length, 0);
  for (const [name, m] of [['D.re', D.re], ['D.im', D.im]] as const) {
    for (let i = 0; i < m.data.length; i++) {
      if (!Number.isFinite(m.data[i])) throw new ParameterError(`${name} contains a non-finite value at row ${Math.floor(i / m.cols)}, column ${i % m.cols}`);
    }
  }
  const kernel = new StftKernel(o);
  const n = options.length ?? kernel.synthesisLength(D.re.rows);
  const out = new Float32Array(Math.max(0, n));
  return kernel.synthesize(D.re.data, D.im.data, D.re.rows, out, options.length);
}
