/** Mixdown of a multichannel clip to one channel. */
import type { AudioClip } from '../types';
import { validClip } from './validAudio';

/**
 * Mixes all channels down to one by averaging them, as librosa's `to_mono` does (so a full-scale stereo
 * signal stays full scale; summing would clip).
 *
 * @param clip - Any number of channels. A clip that is already mono is returned as-is (no copy).
 * @returns A clip with one channel at the same sample rate.
 * @throws {ParameterError} If `clip` is not a valid AudioClip.
 * @example
 * const y = toMono(await loadAudio('stereo.wav')).channels[0];
 */
export function toMono(clip: AudioClip): AudioClip {
  validClip(clip);
  if (clip.channels.length === 1) return clip;
  const n = clip.channels[0].length;
  const k = clip.channels.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += clip.channels[c][i];
    out[i] = s / k;
  }
  return { sampleRate: clip.sampleRate, channels: [out] };
}
