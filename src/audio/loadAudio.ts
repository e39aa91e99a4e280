/** Reading an audio file from disk into an {@link AudioClip}. */
import { promises as fs } from 'node:fs';
import { AudioFormatError, ParameterError } from '../errors';
import type { AudioClip } from '../types';
import { decodeWav, type DecodeOptions } from './decodeWav';
import { sniffAudioFormat } from './wavHeader';

/** Options of {@link loadAudio}: those of {@link decodeWav} except `fileName` (the path is used). */
export type LoadAudioOptions = Omit<DecodeOptions, 'fileName'>;

/** Largest file loadAudio reads (2 GiB, Node's limit for one buffer); ~3 h of 44.1 kHz stereo 16-bit. */
export const MAX_AUDIO_FILE_BYTES = 2 ** 31 - 1;

/**
 * Loads a WAV file (any encoding {@link decodeWav} reads), optionally mixed to mono and resampled.
 * The format is recognised by content, not by extension. Ogg, FLAC and MP3 are recognised and refused with
 * a message saying how to convert them (`sox in.ogg out.wav`, or `ffmpeg -i in.mp3 out.wav`).
 *
 * @param path - File to read.
 * @param opts - `{ sampleRate?, mono?, resampleQuality? }`, defaults in {@link DECODE_DEFAULTS}: keep the file's
 *   rate and channels.
 * @returns The decoded clip.
 * @throws {AudioFormatError} Naming the path: missing or unreadable file, a folder, a file over 2 GiB, a
 *   non-WAV format, or any problem {@link decodeWav} reports.
 * @throws {ParameterError} If `path` is not a non-empty string.
 * @example
 * const clip = await loadAudio('data/clips/blues.wav', { sampleRate: 16000, mono: true });
 * const y = clip.channels[0];
 */
export async function loadAudio(path: string, opts: LoadAudioOptions = {}): Promise<AudioClip> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ParameterError(`loadAudio(path): path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  let bytes: Buffer;
  try {
    const st = await fs.stat(path);
    if (st.isDirectory()) throw new AudioFormatError(`${path}: is a folder, not an audio file`);
    if (st.size > MAX_AUDIO_FILE_BYTES) {
      throw new AudioFormatError(`${path}: ${st.size} bytes is larger than the ${MAX_AUDIO_FILE_BYTES}-byte limit; cut it into shorter files`);
    }
    bytes = await fs.readFile(path);
  } catch (err) {
    if (err instanceof AudioFormatError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new AudioFormatError(`${path}: cannot read audio file: ${why}`, { cause: err });
  }
  const kind = sniffAudioFormat(bytes);
  if (kind === 'ogg' || kind === 'flac' || kind === 'mp3') {
    throw new AudioFormatError(
      `${path}: is ${kind.toUpperCase()}, which loadAudio does not decode (supported: WAV — PCM 8/16/24/32-bit, ` +
      `float 32/64-bit, μ-law, A-law). Convert it first: sox "${path}" out.wav (or ffmpeg -i "${path}" out.wav)`);
  }
  return decodeWav(bytes, { ...opts, fileName: path });
}
