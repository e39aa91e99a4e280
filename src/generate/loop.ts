/**
 * Seamless loops for background music: the end of a clip is crossfaded into its start in the sample domain,
 * so playing the result on repeat has no click at the wrap point.
 *
 * Layout: for a signal `y` of N samples and a crossfade of L samples the loop is
 * `[ y[L .. N-L) , fade(y[N-L .. N) → y[0 .. L)) ]` (length N − L). Its last sample is (almost exactly)
 * `y[L-1]` and its first is `y[L]`: neighbours in the original signal, so the wrap is as smooth as any other
 * sample step. The same layout is used by the streaming writer ({@link LoopTail}), which can hold back just
 * the first L samples instead of the whole clip.
 */
import { ParameterError } from '../errors';
import type { Seconds, SampleRate } from '../types';

/** Defaults for {@link makeSeamlessLoop}. */
export const DEFAULT_LOOP_OPTIONS = {
  /** Crossfade length. 2 s is long enough to hide a change of harmony and short next to a 2-minute loop. */
  crossfadeSeconds: 2 as Seconds,
  /**
   * Equal-power (sin/cos) fade: keeps loudness constant when the two ends are uncorrelated, which is the case
   * for independently generated music; 'linear' suits correlated material.
   */
  curve: 'equal-power' as 'equal-power' | 'linear',
};

/** Options for {@link makeSeamlessLoop}. */
export interface LoopOptions {
  /** Sample rate of `y` in Hz (needed to turn `crossfadeSeconds` into samples). */
  sampleRate: SampleRate;
  /** Crossfade length in seconds (default 2; clipped to a third of the signal). */
  crossfadeSeconds?: Seconds;
  /** Fade shape (default 'equal-power'). */
  curve?: 'equal-power' | 'linear';
}

/** The fade-in gain at position i of L (fade-out is the mirror image). */
export function fadeGain(i: number, L: number, curve: 'equal-power' | 'linear'): number {
  const x = L <= 1 ? 1 : i / (L - 1);
  return curve === 'linear' ? x : Math.sin((x * Math.PI) / 2);
}

/** Crossfade length in samples for `seconds`, limited to a third of `n` so a middle part always remains. */
export function crossfadeSamples(n: number, seconds: Seconds, sampleRate: SampleRate): number {
  if (!(seconds >= 0) || !Number.isFinite(seconds)) {
    throw new ParameterError(`crossfadeSeconds must be a finite number >= 0, got ${seconds}`);
  }
  return Math.min(Math.round(seconds * sampleRate), Math.floor(n / 3));
}

/**
 * Mixes `tail` (fading out) into `head` (fading in), sample by sample: `out[i] = tail[i]·g_out(i) + head[i]·g_in(i)`.
 * Both must have the same length L; the result starts at `tail[0]` and ends at `head[L-1]`.
 */
export function crossfade(tail: Float32Array, head: Float32Array, curve: 'equal-power' | 'linear' = 'equal-power'): Float32Array {
  if (tail.length !== head.length) {
    throw new ParameterError(`crossfade: tail has ${tail.length} samples but head has ${head.length}; they must match`);
  }
  const L = head.length;
  const out = new Float32Array(L);
  for (let i = 0; i < L; i++) {
    out[i] = tail[i] * fadeGain(L - 1 - i, L, curve) + head[i] * fadeGain(i, L, curve);
  }
  return out;
}

/**
 * Turns a mono signal into a seamless loop by crossfading its end into its start (see the module comment).
 *
 * @param y mono samples; length N.
 * @returns a new signal of N − L samples (L = crossfade length) that can be played on repeat without a click.
 * @throws {ParameterError} for a negative crossfade or a signal shorter than 3 samples.
 * @example
 * const loop = makeSeamlessLoop(clip.channels[0], { sampleRate: clip.sampleRate, crossfadeSeconds: 1 });
 */
export function makeSeamlessLoop(y: Float32Array, opts: LoopOptions): Float32Array {
  const o = { ...DEFAULT_LOOP_OPTIONS, ...opts };
  if (y.length < 3) throw new ParameterError(`makeSeamlessLoop: the signal has ${y.length} samples; need at least 3`);
  const L = crossfadeSamples(y.length, o.crossfadeSeconds, o.sampleRate);
  const n = y.length;
  const out = new Float32Array(n - L);
  out.set(y.subarray(L, n - L), 0);
  out.set(crossfade(y.subarray(n - L), y.subarray(0, L), o.curve), n - 2 * L);
  return out;
}

/**
 * The size of the jump at a loop's wrap point, relative to the signal's large sample-to-sample steps:
 * `|y[0] − y[N−1]| / p99_t |y[t+1] − y[t]|` (99th percentile). At most about 1 means the wrap is no bigger
 * than steps the signal takes anyway; a click from an unprepared loop of music is typically 5–50.
 */
export function wrapDiscontinuity(y: Float32Array): number {
  const n = y.length;
  if (n < 2) return 0;
  const steps = new Float32Array(n - 1);
  for (let t = 0; t + 1 < n; t++) steps[t] = Math.abs(y[t + 1] - y[t]);
  steps.sort();
  const p99 = steps[Math.floor(0.99 * (steps.length - 1))] || 1e-12;
  return Math.abs(y[0] - y[n - 1]) / p99;
}
