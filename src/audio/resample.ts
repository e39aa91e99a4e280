/**
 * Band-limited sample-rate conversion: Kaiser-windowed sinc interpolation (J. O. Smith, "Digital Audio
 * Resampling", https://ccrma.stanford.edu/~jos/resample/), the algorithm and filter presets of resampy,
 * which librosa used for years as `res_type='kaiser_best'` / `'kaiser_fast'`.
 *
 * Why not wavefile's resampler: measured here, it maps output sample i to input i·(N−1)/M instead of i·N/M
 * (a frequency error of 1/N, 1 % on a 100-sample clip), its Gaussian-windowed sinc droops 3.4 dB at 0.9 ×
 * Nyquist when upsampling, and it filters its input array in place. libsamplerate-js is async-only, which
 * the synchronous decodeWav cannot use.
 */
import { ParameterError } from '../errors';
import type { AudioClip, SampleRate } from '../types';
import { validAudio, validClip } from './validAudio';
import { checkMemory, float32Bytes } from '../util/memoryBudget';

/** Filter quality presets (resampy's kaiser_best and kaiser_fast). */
export type ResampleQuality = 'best' | 'fast';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /**
   * `'best'` (default): 64 zero crossings, Kaiser β = 14.77, passband to 94.8 % of the output Nyquist,
   * stopband below −100 dB. `'fast'`: 16 zero crossings, β = 8.56, passband to 85 %, ~4× faster.
   */
  quality?: ResampleQuality;
}

/** Defaults of {@link resample}: best quality, because resampling happens once per file. */
export const RESAMPLE_DEFAULTS: Required<ResampleOptions> = { quality: 'best' };

interface Filter {
  /** Half of the windowed sinc, sampled `perCrossing` times per zero crossing. */
  win: Float64Array;
  /** win[i+1] − win[i], for linear interpolation between table entries. */
  delta: Float64Array;
  perCrossing: number;
  rolloff: number;
}

const PRESETS: Record<ResampleQuality, { zeros: number; beta: number; rolloff: number }> = {
  best: { zeros: 64, beta: 14.769656459379492, rolloff: 0.9475937167399596 },
  fast: { zeros: 16, beta: 8.555504641634386, rolloff: 0.85 },
};
const filters = new Map<ResampleQuality, Filter>();

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 100 && term > 1e-17 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

function filterFor(quality: ResampleQuality): Filter {
  const cached = filters.get(quality);
  if (cached) return cached;
  const { zeros, beta, rolloff } = PRESETS[quality];
  const perCrossing = 512; // resampy's precision=9: table interpolation error is far below the stopband
  const n = zeros * perCrossing;
  const win = new Float64Array(n + 1);
  const i0b = besselI0(beta);
  for (let i = 0; i <= n; i++) {
    const x = (rolloff * i) / perCrossing; // in units of input samples (times rolloff)
    const sinc = i === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const r = i / n;
    win[i] = rolloff * sinc * (besselI0(beta * Math.sqrt(1 - r * r)) / i0b);
  }
  const delta = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) delta[i] = win[i + 1] - win[i];
  const f = { win, delta, perCrossing, rolloff };
  filters.set(quality, f);
  return f;
}

function checkRate(rate: number, name: string): void {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    throw new ParameterError(`${name} is ${rate}; it must be a positive number of Hz (e.g. 16000)`);
  }
}

/**
 * Converts one channel from `fromRate` to `toRate` with a band-limited (anti-aliased) windowed-sinc filter.
 * Content above the lower of the two Nyquist frequencies is removed rather than folded back; tones below it
 * keep their frequency and amplitude (within 0.01 dB up to ~90 % of Nyquist with `'best'`).
 *
 * @param y - Samples at `fromRate` (validated with {@link validAudio}).
 * @param fromRate - Input sample rate in Hz.
 * @param toRate - Output sample rate in Hz.
 * @param opts - {@link ResampleOptions}; defaults in {@link RESAMPLE_DEFAULTS}.
 * @returns `ceil(y.length · toRate / fromRate)` samples (librosa's length), time-aligned with the input. When
 *   the rates are equal, a copy of `y`.
 * @throws {ParameterError} If a rate is not a positive finite number, `y` is not valid audio, or the output
 *   would exceed the memory limit ({@link checkMemory}).
 * @example
 * const y16k = resample(y44k, 44100, 16000); // 1 s → 16000 samples
 */
export function resample(y: Float32Array, fromRate: SampleRate, toRate: SampleRate, opts: ResampleOptions = {}): Float32Array {
  validAudio(y);
  checkRate(fromRate, 'fromRate');
  checkRate(toRate, 'toRate');
  const quality = opts.quality ?? RESAMPLE_DEFAULTS.quality;
  if (quality !== 'best' && quality !== 'fast') throw new ParameterError(`quality is '${quality}'; valid: 'best' or 'fast'`);
  if (fromRate === toRate) return y.slice();
  const { win, delta, perCrossing } = filterFor(quality);
  const ratio = toRate / fromRate;
  const nOut = Math.ceil((y.length * toRate) / fromRate); // not y.length * ratio: 22050·(12000/44100) > 6000
  checkMemory(float32Bytes(nOut), `resample(y, ${fromRate}, ${toRate}): ${y.length} samples become ${nOut}`, { hint: 'check the sample rates' });
  const out = new Float32Array(nOut);
  // When downsampling the sinc is stretched by 1/ratio (its cut-off moves to the output Nyquist) and scaled
  // by ratio to keep unit gain; when upsampling it stays at the input Nyquist.
  const scale = Math.min(1, ratio);
  const step = scale * perCrossing; // table entries per input sample
  const nWin = win.length;
  const nIn = y.length;
  for (let t = 0; t < nOut; t++) {
    const time = (t * fromRate) / toRate; // position in input samples (exact for integer rates)
    const n = Math.floor(time);
    let acc = 0;
    // Left wing: input samples n, n−1, … at distances frac, frac+1, … (in table units: pos += step).
    const fracL = time - n;
    const lim = nWin - 1;
    let pos = fracL * step;
    for (let i = n; i >= 0 && pos < lim; i--, pos += step) {
      const k = pos | 0;
      acc += (win[k] + (pos - k) * delta[k]) * y[i];
    }
    // Right wing: input samples n+1, n+2, … at distances 1−frac, 2−frac, …
    pos = (1 - fracL) * step;
    for (let i = n + 1; i < nIn && pos < lim; i++, pos += step) {
      const k = pos | 0;
      acc += (win[k] + (pos - k) * delta[k]) * y[i];
    }
    out[t] = acc * scale;
  }
  return out;
}

/**
 * Resamples every channel of a clip with {@link resample}.
 *
 * @param clip - The clip to convert.
 * @param toRate - Target sample rate in Hz.
 * @param opts - {@link ResampleOptions}.
 * @returns A new clip at `toRate` (the input clip when it is already at `toRate`).
 * @throws {ParameterError} If `clip` is invalid or `toRate` is not a positive number.
 * @example
 * const clip16k = resampleClip(clip, 16000);
 */
export function resampleClip(clip: AudioClip, toRate: SampleRate, opts: ResampleOptions = {}): AudioClip {
  validClip(clip);
  checkRate(toRate, 'toRate');
  if (clip.sampleRate === toRate) return clip;
  return { sampleRate: toRate, channels: clip.channels.map((y) => resample(y, clip.sampleRate, toRate, opts)) };
}
