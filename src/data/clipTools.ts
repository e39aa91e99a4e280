/**
 * Small clip clean-ups used after rendering: trim silence at the ends and normalise the peak level.
 * They work on mono or multichannel clips and return new clips (inputs are never modified).
 */
import type { AudioClip, Decibels } from '../types';
import { ParameterError } from '../errors';

/** Options for {@link trimSilence}. */
export interface TrimSilenceOptions {
  /** A 10 ms frame counts as silent when its peak is this far below the clip's peak (default −60 dB: inaudible). */
  thresholdDb?: Decibels;
  /** Trim the start (default true). */
  start?: boolean;
  /** Trim the end (default true). */
  end?: boolean;
}

/** Defaults of {@link trimSilence}. */
export const TRIM_SILENCE_DEFAULTS: Required<TrimSilenceOptions> = { thresholdDb: -60, start: true, end: true };

function framePeak(clip: AudioClip, from: number, to: number): number {
  let p = 0;
  for (const ch of clip.channels) for (let i = from; i < to; i++) { const a = Math.abs(ch[i]); if (a > p) p = a; }
  return p;
}

/**
 * Removes leading and/or trailing silence, in whole 10 ms frames (so a note's soft attack is kept).
 * An all-silent clip comes back empty (length 0).
 *
 * @example trimSilence(clip, { thresholdDb: -50 })
 */
export function trimSilence(clip: AudioClip, opts: TrimSilenceOptions = {}): AudioClip {
  const o = { ...TRIM_SILENCE_DEFAULTS, ...opts };
  if (!(o.thresholdDb < 0)) throw new ParameterError(`thresholdDb=${o.thresholdDb} must be a negative number of dB below the peak`);
  const n = clip.channels[0]?.length ?? 0;
  const hop = Math.max(1, Math.round(clip.sampleRate * 0.01));
  const limit = framePeak(clip, 0, n) * 10 ** (o.thresholdDb / 20);
  let from = 0, to = n;
  if (o.start) while (from < n && framePeak(clip, from, Math.min(n, from + hop)) <= limit) from += hop;
  if (o.end) while (to > from && framePeak(clip, Math.max(from, to - hop), to) <= limit) to -= hop;
  from = Math.min(from, n);
  return { sampleRate: clip.sampleRate, channels: clip.channels.map((c) => c.slice(from, Math.max(from, to))) };
}

/**
 * Scales a clip so its largest absolute sample is `peakDb` dBFS (default −1 dBFS ≈ 0.891, a little headroom so
 * later resampling or mixing does not clip). A silent clip is returned unchanged.
 *
 * @example normalizePeak(clip, -3) // peak = 0.708
 */
export function normalizePeak(clip: AudioClip, peakDb: Decibels = -1): AudioClip {
  if (!(peakDb <= 0)) throw new ParameterError(`peakDb=${peakDb} must be ≤ 0 dBFS (a peak above full scale would clip)`);
  const n = clip.channels[0]?.length ?? 0;
  const p = framePeak(clip, 0, n);
  const gain = p > 0 ? 10 ** (peakDb / 20) / p : 1;
  return { sampleRate: clip.sampleRate, channels: clip.channels.map((c) => c.map((x) => x * gain)) };
}
