/**
 * Analysis windows, periodic ("DFT-even") like `scipy.signal.get_window(window, n, fftbins=True)`, which
 * is what librosa's STFT uses: a periodic window overlap-adds to a constant (COLA), so iSTFT can
 * reconstruct the signal exactly.
 */
import { ParameterError } from '../errors';
import { checkInteger, describe } from './validate';

/** The window names understood by {@link getWindow}, as in scipy (`'boxcar'` is the rectangular window). */
export type WindowName = 'hann' | 'hamming' | 'blackman' | 'boxcar';

/** A window: a name, or your own samples (a Float32Array of length `winLength`). */
export type WindowSpec = WindowName | Float32Array;

/** The names {@link getWindow} accepts. */
export const WINDOW_NAMES: readonly WindowName[] = ['hann', 'hamming', 'blackman', 'boxcar'];

/**
 * A periodic window of `n` samples (scipy's `fftbins=True`): the symmetric window of length n + 1 with the
 * last sample dropped. Hann: 0.5 − 0.5·cos(2πk/n); Hamming: 0.54 − 0.46·cos(2πk/n);
 * Blackman: 0.42 − 0.5·cos(2πk/n) + 0.08·cos(4πk/n); boxcar: all ones.
 *
 * @param window a {@link WindowName} or a Float32Array of exactly `n` samples (copied).
 * @param n window length in samples (positive integer).
 * @returns a new Float64Array of length `n`.
 * @throws {ParameterError} for an unknown name or a custom window of the wrong length.
 * @example getWindow('hann', 4) // [0, 0.5, 1, 0.5]
 */
export function getWindow(window: WindowSpec, n: number, name = 'window'): Float64Array {
  checkInteger(name === 'window' ? 'winLength' : `${name} length`, n);
  if (window instanceof Float32Array) {
    if (window.length !== n) {
      throw new ParameterError(`${name} has ${window.length} samples but winLength=${n}; a custom window must have winLength samples`);
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(window[i])) throw new ParameterError(`${name} contains a non-finite value at sample ${i}`);
    }
    return Float64Array.from(window);
  }
  const w = new Float64Array(n);
  const a = (2 * Math.PI) / n;
  switch (window) {
    case 'hann':
      for (let k = 0; k < n; k++) w[k] = 0.5 - 0.5 * Math.cos(a * k);
      break;
    case 'hamming':
      for (let k = 0; k < n; k++) w[k] = 0.54 - 0.46 * Math.cos(a * k);
      break;
    case 'blackman':
      for (let k = 0; k < n; k++) w[k] = 0.42 - 0.5 * Math.cos(a * k) + 0.08 * Math.cos(2 * a * k);
      break;
    case 'boxcar':
      w.fill(1);
      break;
    default:
      throw new ParameterError(`${name}=${typeof window === 'string' ? JSON.stringify(window) : describe(window)} must be one of ${WINDOW_NAMES.map((x) => `'${x}'`).join(', ')} or a Float32Array of winLength samples`);
  }
  if (n === 1) w[0] = 1; // scipy: a 1-point window is [1]
  return w;
}

/**
 * librosa.util.pad_center: centres `w` in a zero array of length `size` (left pad = ⌊(size − len)/2⌋),
 * so a window shorter than nFft sits in the middle of each frame.
 */
export function padCenter(w: Float64Array, size: number): Float64Array {
  if (w.length > size) throw new ParameterError(`winLength=${w.length} must be ≤ nFft=${size}`);
  const out = new Float64Array(size);
  out.set(w, (size - w.length) >> 1);
  return out;
}
