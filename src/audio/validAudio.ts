/**
 * Input validation shared by every stage that takes audio, in the spirit of librosa's `util.valid_audio`:
 * samples are a non-empty Float32Array of finite numbers. Checking once at the entry point gives a message
 * naming the argument and the first bad sample, instead of NaN spectrograms three stages later.
 */
import { ParameterError } from '../errors';
import type { AudioClip } from '../types';

/**
 * Checks that `y` is usable audio: a Float32Array, non-empty, every sample finite.
 *
 * @param y - Samples of one channel.
 * @param name - The argument's name, used in the message (default `'y'`).
 * @throws {ParameterError} If `y` is not a Float32Array, is empty, or holds NaN/±Infinity (the message gives
 *   the index of the first bad sample).
 * @example
 * validAudio(clip.channels[0], 'clip.channels[0]');
 */
export function validAudio(y: unknown, name = 'y'): asserts y is Float32Array {
  if (!(y instanceof Float32Array)) {
    const got = y === null ? 'null' : typeof y === 'object' ? (y as object).constructor?.name ?? 'object' : typeof y;
    throw new ParameterError(`${name} must be a Float32Array of audio samples, got ${got}`);
  }
  if (y.length === 0) throw new ParameterError(`${name} is empty: audio needs at least one sample`);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) {
      throw new ParameterError(`${name}[${i}] is ${y[i]}: audio samples must be finite numbers`);
    }
  }
}

/**
 * Checks an {@link AudioClip}: a positive finite sample rate and one or more channels of equal length,
 * each passing {@link validAudio}.
 *
 * @param clip - The clip to check.
 * @param name - The argument's name, used in the message (default `'clip'`).
 * @throws {ParameterError} Naming the bad field, its value and what is valid.
 * @example
 * validClip(await loadAudio('song.wav'));
 */
export function validClip(clip: unknown, name = 'clip'): asserts clip is AudioClip {
  const c = clip as Partial<AudioClip> | null;
  if (c === null || typeof c !== 'object') throw new ParameterError(`${name} must be an AudioClip { sampleRate, channels }, got ${c}`);
  if (typeof c.sampleRate !== 'number' || !(c.sampleRate > 0) || !Number.isFinite(c.sampleRate)) {
    throw new ParameterError(`${name}.sampleRate is ${c.sampleRate}; it must be a positive number of Hz`);
  }
  if (!Array.isArray(c.channels) || c.channels.length === 0) {
    throw new ParameterError(`${name}.channels must be a non-empty array of Float32Array, got ${Array.isArray(c.channels) ? `an array of ${c.channels.length}` : String(c.channels)}`);
  }
  c.channels.forEach((y, i) => validAudio(y, `${name}.channels[${i}]`));
  const n = c.channels[0].length;
  c.channels.forEach((y, i) => {
    if (y.length !== n) throw new ParameterError(`${name}.channels[${i}] has ${y.length} samples but channels[0] has ${n}; all channels must be the same length`);
  });
}
