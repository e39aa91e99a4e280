/**
 * Spectral convergence, the standard score of a phase-reconstruction or spectrogram-inversion result.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { checkComplex, ComplexSpectrogram, magnitude } from './stft';
import { checkMatrix } from './validate';

function magnitudes(name: string, X: Matrix | ComplexSpectrogram): Matrix {
  if (X && typeof X === 'object' && 're' in X) {
    checkComplex(name, X);
    return magnitude(X);
  }
  return checkMatrix(name, X);
}

/**
 * Spectral convergence ‖|T| − |E|‖_F / ‖|T|‖_F: the Frobenius norm of the magnitude error relative to the
 * target's (Sturmel & Daudet 2011). 0 is a perfect match; 1 is as bad as predicting silence. For
 * Griffin-Lim, pass the target magnitude T and the STFT of the reconstructed audio E (same framing).
 *
 * @param target T, frames × bins: a magnitude (absolute values are taken) or a complex spectrogram.
 * @param estimate E, same shape.
 * @returns a non-negative number (0 when T and E are both all zero).
 * @throws {ParameterError} if the shapes differ or a value is non-finite.
 * @example spectralConvergence(S, magnitude(stft(griffinLim(S)))) // ≈ 0.1 after 32 fast-GL iterations
 */
export function spectralConvergence(target: Matrix | ComplexSpectrogram, estimate: Matrix | ComplexSpectrogram): number {
  const T = magnitudes('target', target);
  const E = magnitudes('estimate', estimate);
  if (T.rows !== E.rows || T.cols !== E.cols) {
    throw new ParameterError(`target is ${T.rows} × ${T.cols} but estimate is ${E.rows} × ${E.cols}; they must have the same shape (same signal length and STFT framing)`);
  }
  let num = 0, den = 0;
  for (let i = 0; i < T.data.length; i++) {
    const t = Math.abs(T.data[i]);
    const d = t - Math.abs(E.data[i]);
    num += d * d;
    den += t * t;
  }
  if (den === 0) return num === 0 ? 0 : Infinity;
  return Math.sqrt(num / den);
}
