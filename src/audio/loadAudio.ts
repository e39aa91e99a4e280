/** Reading an audio file from disk into an {@link AudioClip}. */
import { promises as fs } from 'node:fs';
import { AudioFormatError, ParameterError } from '../errors';
import type { AudioClip } from '../types';
import { decodeAudio } from './decodeAudio';
import type { DecodeOptions } from './decodeWav';

/** Options of {@link loadAudio}: those of {@link decodeWav} except `fileName` (the path is used). */
export type LoadAudioOptions = Omit<DecodeOptions, 'fileName'>;

/** Largest file loadAudio reads (2 GiB, Node's limit for one buffer); ~3 h of 44.1 kHz stereo 16-bit. */
export const MAX_AUDIO_FILE_BYTES = 2 ** 31 - 1;

/**
 * Loads an audio file — WAV (any encoding {@link decodeWav} reads), Ogg Vorbis, FLAC or MP3 — optionally mixed
 * to mono and resampled. The format is recognised by content, not by extension (see {@link decodeAudio}).
 *
 * @param path - File to read.
 * @param opts - `{ sampleRate?, mono?, resampleQuality? }`, defaults in {@link DECODE_DEFAULTS}: keep the file's
 *   rate and channels.
 * @returns The decoded clip.
 * @throws {AudioFormatError} Naming the path: missing or unreadable file, a folder, a file over 2 GiB, an
 *   unrecognised format, or any problem the decoder reports.
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
  return decodeAudio(bytes, { ...opts, fileName: path });
}
