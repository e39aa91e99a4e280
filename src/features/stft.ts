/**
 * The short-time Fourier transform (librosa.stft ≥ 0.10) and the complex spectrogram type.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { StftKernel } from './kernel';
import { resolveStftOptions, StftOptions } from './stftOptions';
import { validAudio } from '../audio/validAudio';

/**
 * A complex STFT `D` in our frames × bins layout (librosa's `D` transposed): `re.data[t * nBins + f]` and
 * `im.data[t * nBins + f]` are the real and imaginary parts of frame t, frequency bin f (f·sampleRate/nFft Hz),
 * with nBins = nFft/2 + 1.
 */
export interface ComplexSpectrogram {
  re: Matrix;
  im: Matrix;
}

/**
 * Short-time Fourier transform, numerically the same as `librosa.stft(y, n_fft, hop_length, win_length,
 * window, center, pad_mode)` (periodic window padded to nFft, frames centred by padding nFft/2 samples at
 * each end, unnormalised FFT), returned frames × bins.
 *
 * @param y mono signal (finite samples).
 * @param options see {@link StftOptions}; defaults in {@link DEFAULT_STFT_OPTIONS}.
 * @returns `{ re, im }`, each (1 + ⌊len/hop⌋ when centred) × (nFft/2 + 1).
 * @throws {ParameterError} for a bad option, a non-finite or empty signal, or (center=false) a signal
 *   shorter than nFft.
 * @example
 * const D = stft(y, { nFft: 1024, hopLength: 256 });
 * const S = magnitude(D); // frames × 513
 */
export function stft(y: Float32Array, options: StftOptions = {}): ComplexSpectrogram {
  validAudio(y, 'y');
  const o = resolveStftOptions(options);
  if (!o.center && y.length < o.nFft) {
    throw new ParameterError(`y has ${y.length} samples, fewer than nFft=${o.nFft}; use center=true or a smaller nFft`);
  }
  if (o.center && o.padMode === 'reflect' && y.length <= o.nFft >> 1) {
    throw new ParameterError(`y has ${y.length} samples; padMode='reflect' needs more than nFft/2=${o.nFft >> 1} (use padMode='constant')`);
  }
  const kernel = new StftKernel(o);
  const nFrames = kernel.frameCount(y.length);
  const re = new Float32Array(nFrames * kernel.nBins);
  const im = new Float32Array(nFrames * kernel.nBins);
  kernel.analyze(y, re, im);
  return { re: { rows: nFrames, cols: kernel.nBins, data: re }, im: { rows: nFrames, cols: kernel.nBins, data: im } };
}

/** Throws unless `D` is a well-formed complex spectrogram (re and im of the same shape, ≥ 2 bins). */
export function checkComplex(name: string, D: ComplexSpectrogram): void {
  if (!D || typeof D !== 'object' || !D.re || !D.im || !(D.re.data instanceof Float32Array) || !(D.im.data instanceof Float32Array)) {
    throw new ParameterError(`${name} must be a ComplexSpectrogram { re: Matrix, im: Matrix }`);
  }
  if (D.re.rows !== D.im.rows || D.re.cols !== D.im.cols || D.re.data.length !== D.re.rows * D.re.cols || D.im.data.length !== D.re.data.length) {
    throw new ParameterError(`${name}.re (${D.re.rows} × ${D.re.cols}) and ${name}.im (${D.im.rows} × ${D.im.cols}) must have the same consistent shape`);
  }
  if (D.re.cols < 2) throw new ParameterError(`${name} has ${D.re.cols} frequency bins; need nFft/2 + 1 ≥ 2`);
}

/**
 * |D|: the magnitude spectrogram, frames × bins.
 * @example const S = magnitude(stft(y));
 */
export function magnitude(D: ComplexSpectrogram): Matrix {
  checkComplex('D', D);
  const out = new Float32Array(D.re.data.length);
  const re = D.re.data, im = D.im.data;
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(re[i] * re[i] + im[i] * im[i]);
  return { rows: D.re.rows, cols: D.re.cols, data: out };
}

/**
 * |D|²: the power spectrogram, frames × bins.
 * @example const P = power(stft(y));
 */
export function power(D: ComplexSpectrogram): Matrix {
  checkComplex('D', D);
  const out = new Float32Array(D.re.data.length);
  const re = D.re.data, im = D.im.data;
  for (let i = 0; i < out.length; i++) out[i] = re[i] * re[i] + im[i] * im[i];
  return { rows: D.re.rows, cols: D.re.cols, data: out };
}
