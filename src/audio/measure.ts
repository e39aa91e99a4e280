/** Small measurements the notebooks and quality checks use: duration, peak level, RMS level. */
import type { AudioClip, Seconds } from '../types';
import { validAudio, validClip } from './validAudio';

/**
 * Length of a clip in seconds (frames / sampleRate).
 * @throws {ParameterError} If `clip` is not a valid AudioClip.
 * @example
 * audioDuration({ sampleRate: 16000, channels: [new Float32Array(8000)] }); // 0.5
 */
export function audioDuration(clip: AudioClip): Seconds {
  validClip(clip);
  return clip.channels[0].length / clip.sampleRate;
}

/**
 * Largest absolute sample over all channels (linear, 1 = full scale). Useful before saving: a peak above 1
 * will be clipped by {@link encodeWav}.
 * @throws {ParameterError} If `clip` is not a valid AudioClip.
 * @example
 * audioPeak({ sampleRate: 8000, channels: [Float32Array.of(0.1, -0.7)] }); // 0.7 (as float32)
 */
export function audioPeak(clip: AudioClip): number {
  validClip(clip);
  let m = 0;
  for (const y of clip.channels) for (let i = 0; i < y.length; i++) m = Math.max(m, Math.abs(y[i]));
  return m;
}

/**
 * Root-mean-square level of one channel (linear; a full-scale sine has RMS 1/√2 ≈ 0.707).
 * Summed in float64 so long clips do not lose precision.
 * @throws {ParameterError} If `y` fails {@link validAudio}.
 * @example
 * audioRms(Float32Array.of(1, -1, 1, -1)); // 1
 */
export function audioRms(y: Float32Array): number {
  validAudio(y);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i];
  return Math.sqrt(s / y.length);
}
