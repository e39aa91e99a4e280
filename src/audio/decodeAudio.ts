/** Any supported audio file held in memory → {@link AudioClip}, choosing the decoder by content. */
import { AudioFormatError, ParameterError } from '../errors';
import type { AudioClip } from '../types';
import { decodeCompressed } from './decodeCompressed';
import { applyDecodeOptions, decodeWav, type DecodeOptions } from './decodeWav';
import { sniffAudioFormat } from './wavHeader';

/** Formats {@link decodeAudio} and {@link loadAudio} read, for messages and docs. */
export const SUPPORTED_AUDIO_FORMATS = 'WAV (PCM 8/16/24/32-bit, float 32/64-bit, μ-law, A-law), Ogg Vorbis, FLAC, MP3';

/**
 * Decodes WAV, Ogg Vorbis, FLAC or MP3 bytes, recognised by their magic bytes (never by file extension).
 *
 * @param bytes - The whole file.
 * @param opts - {@link DecodeOptions}: `sampleRate`, `mono`, `resampleQuality`, `fileName` (default 'audio data').
 * @returns The clip, mixed down and resampled if asked.
 * @throws {AudioFormatError} Naming the file: an unrecognised format, or any problem its decoder reports
 *   (see {@link decodeWav} and {@link decodeCompressed}).
 * @throws {ParameterError} If `bytes` is not a Uint8Array.
 * @example
 * const clip = await decodeAudio(await fs.readFile('song.ogg'), { fileName: 'song.ogg', mono: true });
 */
export async function decodeAudio(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<AudioClip> {
  const name = opts.fileName ?? 'audio data';
  if (!(bytes instanceof Uint8Array)) {
    throw new ParameterError(`decodeAudio(bytes): bytes of ${name} must be a Uint8Array (or Buffer), got ${bytes === null ? 'null' : typeof bytes}`);
  }
  const kind = sniffAudioFormat(bytes);
  if (kind === 'wav') return decodeWav(bytes, { ...opts, fileName: name });
  if (kind === 'unknown') {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new AudioFormatError(`${name}: unrecognised audio format (first bytes: ${head || 'none, the file is empty'}); supported: ${SUPPORTED_AUDIO_FORMATS}`);
  }
  return applyDecodeOptions(await decodeCompressed(bytes, kind, name), { ...opts, fileName: name });
}
