/** AudioClip → WAV bytes, a WAV file on disk, or a data: URI for an inline player. */
import { atomicWriteFile } from '../util/atomicWrite';
import type { AudioClip } from '../types';
import { bytesPerSample, packFrames, wavHeader, type WavBitDepth } from './pcm';
import { validClip } from './validAudio';
import { ParameterError } from '../errors';

/** Options of {@link encodeWav}, {@link saveWav} and {@link toDataUri}. */
export interface EncodeOptions {
  /** 16 (default: every player reads it, 96 dB range), 24 (studio), or '32f' (float, lossless for our samples). */
  bitDepth?: WavBitDepth;
}

/** Defaults of {@link encodeWav}. */
export const ENCODE_DEFAULTS: Required<EncodeOptions> = { bitDepth: 16 };

/**
 * Encodes a clip as a RIFF/WAVE file: PCM for 16/24 bits, IEEE float for '32f'. Samples outside [−1, 1] are
 * clipped (saturate; they never wrap around); integers are rounded, without dither.
 *
 * @param clip - Any number of channels (1–65535), sample rate a positive integer in Hz.
 * @param opts - {@link EncodeOptions}; default 16-bit.
 * @returns The whole file.
 * @throws {ParameterError} If the clip is invalid (empty, NaN/Inf samples, ragged channels), the sample rate
 *   is not an integer, bitDepth is not 16, 24 or '32f', or the result would exceed WAV's 4 GiB limit.
 * @example
 * const bytes = encodeWav({ sampleRate: 16000, channels: [y] }, { bitDepth: 24 });
 */
export function encodeWav(clip: AudioClip, opts: EncodeOptions = {}): Uint8Array {
  const bitDepth = opts.bitDepth ?? ENCODE_DEFAULTS.bitDepth;
  bytesPerSample(bitDepth); // validates bitDepth
  validClip(clip);
  if (!Number.isInteger(clip.sampleRate) || clip.sampleRate > 0xffffffff) {
    throw new ParameterError(`clip.sampleRate is ${clip.sampleRate}; a WAV file needs a whole number of Hz`);
  }
  if (clip.channels.length > 0xffff) throw new ParameterError(`clip has ${clip.channels.length} channels; WAV holds at most 65535`);
  const frames = clip.channels[0].length;
  const header = wavHeader(clip.channels.length, clip.sampleRate, bitDepth, frames);
  const data = packFrames(clip.channels, 0, frames, bitDepth);
  const out = new Uint8Array(header.length + data.length + (data.length & 1)); // pad byte stays 0
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

/**
 * Writes a clip to a WAV file atomically (temp file in the same folder, then rename), creating parent
 * folders. An existing file is never replaced silently.
 *
 * @param path - Output file.
 * @param clip - The audio.
 * @param opts - `bitDepth` (default 16) and `force` (default false: refuse to overwrite).
 * @throws {FileExistsError} If `path` exists and `force` is not true.
 * @throws {ParameterError} As {@link encodeWav}.
 * @example
 * await saveWav('out/generated.wav', clip, { bitDepth: 16 });
 */
export async function saveWav(path: string, clip: AudioClip, opts: EncodeOptions & { force?: boolean } = {}): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) throw new ParameterError(`saveWav(path): path must be a non-empty string, got ${JSON.stringify(path)}`);
  await atomicWriteFile(path, encodeWav(clip, opts), { force: opts.force ?? false });
}

/**
 * Encodes a clip as a `data:audio/wav;base64,…` URI, for `<audio controls src=…>` in a notebook cell or
 * an HTML export (nbconvert keeps it). Base64 is 4/3 the WAV size: 10 s of 16 kHz mono 16-bit ≈ 427 KB.
 *
 * @param clip - The audio.
 * @param opts - {@link EncodeOptions}; default 16-bit.
 * @throws {ParameterError} As {@link encodeWav}.
 * @example
 * display.html(`<audio controls src="${toDataUri(clip)}"></audio>`);
 */
export function toDataUri(clip: AudioClip, opts: EncodeOptions = {}): string {
  return `data:audio/wav;base64,${Buffer.from(encodeWav(clip, opts)).toString('base64')}`;
}
