/**
 * The mel scale and the mel filterbank (librosa.hz_to_mel, mel_to_hz, mel_frequencies, filters.mel ≥ 0.10).
 */
import { ParameterError } from '../errors';
import type { Hertz, Matrix } from '../types';
import { checkFftSize, checkInteger, checkNumber } from './validate';

// Slaney's Auditory Toolbox mel scale: linear (3 mels per 200 Hz) below 1 kHz, logarithmic above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27;

/**
 * Hz → mel. Default: Slaney's scale (librosa's default, linear below 1 kHz); `htk`: 2595·log10(1 + f/700).
 * @example hzToMel(1000) // 15
 */
export function hzToMel(f: Hertz, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + f / 700);
  return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOGSTEP : f / F_SP;
}

/**
 * mel → Hz, the inverse of {@link hzToMel}.
 * @example melToHz(15) // 1000
 */
export function melToHz(m: number, htk = false): Hertz {
  if (htk) return 700 * (10 ** (m / 2595) - 1);
  return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (m - MIN_LOG_MEL)) : F_SP * m;
}

/**
 * `n` frequencies (Hz) evenly spaced on the mel scale from fMin to fMax inclusive (librosa.mel_frequencies;
 * numpy.linspace's arithmetic so the band edges match to the last bit).
 */
export function melFrequencies(n: number, fMin: Hertz, fMax: Hertz, htk = false): Float64Array {
  const lo = hzToMel(fMin, htk), hi = hzToMel(fMax, htk);
  const out = new Float64Array(n);
  const step = n > 1 ? (hi - lo) / (n - 1) : 0;
  for (let i = 0; i < n; i++) out[i] = melToHz(i * step + lo, htk);
  if (n > 1) out[n - 1] = melToHz(hi, htk);
  return out;
}

/** Centre frequency (Hz) of each of the nFft/2 + 1 STFT bins: f·sampleRate/nFft (numpy.fft.rfftfreq). */
export function fftFrequencies(sampleRate: number, nFft: number): Float64Array {
  const out = new Float64Array((nFft >> 1) + 1);
  for (let k = 0; k < out.length; k++) out[k] = (k * sampleRate) / nFft;
  return out;
}

/** Filter normalisation: `'slaney'` (area: 2/bandwidth in Hz), `null` (peak 1), or a p-norm per filter (1, 2, Infinity). */
export type MelNorm = 'slaney' | null | 1 | 2 | typeof Infinity;

/** Options of {@link melFilterbank}. */
export interface MelFilterbankOptions {
  /** Sample rate in Hz (required). */
  sampleRate: number;
  /** FFT size the filters apply to (required; the filterbank has nFft/2 + 1 columns). */
  nFft: number;
  /** Number of mel bands. Default 128 (librosa). */
  nMels?: number;
  /** Lowest band edge in Hz. Default 0. */
  fMin?: Hertz;
  /** Highest band edge in Hz. Default sampleRate/2 (Nyquist). */
  fMax?: Hertz;
  /** Use the HTK mel formula instead of Slaney's. Default false (librosa). */
  htk?: boolean;
  /** Filter normalisation, default `'slaney'` (constant energy per band, librosa's default). */
  norm?: MelNorm;
}

/** Defaults of {@link melFilterbank} (fMax defaults to sampleRate/2). */
export const DEFAULT_MEL_OPTIONS = { nMels: 128, fMin: 0, htk: false, norm: 'slaney' as MelNorm } as const;

/**
 * Triangular mel filterbank, numerically the same as `librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax,
 * htk, norm)`: band i rises linearly from mel edge i to edge i+1 and falls to edge i+2 (edges evenly spaced
 * in mel), evaluated at the STFT bin frequencies.
 *
 * @returns Matrix nMels × (nFft/2 + 1); multiply a frames × bins spectrogram by its transpose
 *   ({@link applyMelFilterbank}).
 * @throws {ParameterError} for a bad sampleRate/nFft/nMels, fMin < 0, fMax ≤ fMin, or an unknown norm.
 * @example
 * const fb = melFilterbank({ sampleRate: 16000, nFft: 1024, nMels: 128 }); // 128 × 513
 */
export function melFilterbank(options: MelFilterbankOptions): Matrix {
  if (!options || typeof options !== 'object') throw new ParameterError('melFilterbank needs an options object { sampleRate, nFft, ... }');
  const sampleRate = checkNumber('sampleRate', options.sampleRate, 0, Infinity, true);
  const nFft = checkFftSize('nFft', options.nFft);
  const nMels = checkInteger('nMels', options.nMels ?? DEFAULT_MEL_OPTIONS.nMels);
  const fMin = checkNumber('fMin', options.fMin ?? DEFAULT_MEL_OPTIONS.fMin, 0);
  // above the Nyquist frequency sampleRate/2 there are no FFT bins: those bands would be silently all-zero
  const fMax = checkNumber('fMax', options.fMax ?? sampleRate / 2, 0, sampleRate / 2);
  if (fMax <= fMin) throw new ParameterError(`fMax=${fMax} must be greater than fMin=${fMin}`);
  const htk = options.htk ?? DEFAULT_MEL_OPTIONS.htk;
  if (typeof htk !== 'boolean') throw new ParameterError(`htk=${String(htk)} must be true or false`);
  const norm = options.norm === undefined ? DEFAULT_MEL_OPTIONS.norm : options.norm;
  if (!(norm === 'slaney' || norm === null || norm === 1 || norm === 2 || norm === Infinity)) {
    throw new ParameterError(`norm=${JSON.stringify(norm)} must be 'slaney', null, 1, 2 or Infinity`);
  }
  const nBins = (nFft >> 1) + 1;
  const freqs = fftFrequencies(sampleRate, nFft);
  const edges = melFrequencies(nMels + 2, fMin, fMax, htk);
  const w = new Float32Array(nMels * nBins);
  for (let i = 0; i < nMels; i++) {
    const d0 = edges[i + 1] - edges[i], d1 = edges[i + 2] - edges[i + 1];
    const scale = norm === 'slaney' ? 2 / (edges[i + 2] - edges[i]) : 1;
    for (let k = 0; k < nBins; k++) {
      const lower = (freqs[k] - edges[i]) / d0;
      const upper = (edges[i + 2] - freqs[k]) / d1;
      // librosa stores the triangle in float32 first, then scales by the slaney factor
      const v = Math.fround(Math.max(0, Math.min(lower, upper)));
      w[i * nBins + k] = v * scale;
    }
    if (norm !== 'slaney' && norm !== null) normalizeRow(w.subarray(i * nBins, (i + 1) * nBins), norm);
  }
  return { rows: nMels, cols: nBins, data: w };
}

/** librosa.util.normalize along a row: divide by its p-norm unless that is below float32 tiny. */
function normalizeRow(r: Float32Array, p: number): void {
  let len = 0;
  if (p === Infinity) for (let k = 0; k < r.length; k++) len = Math.max(len, Math.abs(r[k]));
  else {
    for (let k = 0; k < r.length; k++) len += Math.abs(r[k]) ** p;
    len **= 1 / p;
  }
  if (len < 1.1754943508222875e-38) return;
  for (let k = 0; k < r.length; k++) r[k] /= len;
}
