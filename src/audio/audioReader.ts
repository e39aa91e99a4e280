/**
 * Reading audio a block at a time, so a long file never sits in memory whole: a WAV file's data chunk is read
 * from the file descriptor in blocks; mixing to mono and resampling ({@link StreamResampler}) also work block by
 * block. The samples are exactly those of {@link loadAudio} with `{ mono: true, sampleRate }`.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { AudioFormatError, ParameterError } from '../errors';
import type { AudioClip, SampleRate } from '../types';
import { decodeWavFrames } from './decodeWav';
import { loadAudio, MAX_AUDIO_FILE_BYTES } from './loadAudio';
import { StreamResampler, type ResampleQuality } from './resample';
import { toMono } from './toMono';
import { validClip } from './validAudio';
import { parseWavHeaderPrefix, sniffAudioFormat, type WavInfo } from './wavHeader';

/** Audio read a block at a time. */
export interface AudioReader {
  /** The file (or label) named in errors. */
  readonly name: string;
  /** Samples per second per channel. */
  readonly sampleRate: number;
  /** Channel count. */
  readonly channels: number;
  /** Frames (samples per channel) in all. */
  readonly frames: number;
  /** Whether the samples come from the file block by block (true) or were decoded whole first (false). */
  readonly streamed: boolean;
  /** The next ≤ maxFrames frames, one array per channel; arrays of length 0 once the audio has ended. */
  read(maxFrames: number): Float32Array[];
  /** Releases the file. Idempotent. */
  close(): void;
}

/** Frames per block read by {@link monoBlocks} (~1.5 s at 44.1 kHz: 256 KB of 16-bit stereo). */
export const AUDIO_BLOCK_FRAMES = 65536;

/** How much of a WAV file is read to find its 'fmt ' and 'data' chunks (metadata chunks before them are rare and small). */
const WAV_HEADER_PREFIX = 1 << 20;

/**
 * A reader over a clip already in memory (e.g. a rendered data set clip).
 * @throws {ParameterError} If `clip` is not a valid AudioClip.
 */
export function clipReader(clip: AudioClip, name = 'clip'): AudioReader {
  validClip(clip, name);
  let at = 0;
  const frames = clip.channels[0].length;
  return {
    name, sampleRate: clip.sampleRate, channels: clip.channels.length, frames, streamed: false,
    read(maxFrames: number) {
      const n = Math.max(0, Math.min(maxFrames, frames - at));
      const out = clip.channels.map((y) => y.subarray(at, at + n));
      at += n;
      return out;
    },
    close() { /* nothing held */ },
  };
}

/**
 * Opens an audio file for reading block by block. WAV (every encoding {@link decodeWav} reads) is read from the
 * file in blocks of whole frames; Ogg Vorbis, FLAC and MP3, and a WAV whose 'data' chunk starts beyond the first
 * MiB, are decoded whole by {@link loadAudio} (their decoders take the whole file) and then served in blocks.
 *
 * @param path - File to read.
 * @returns An {@link AudioReader}; call `close()` when done (also after an error).
 * @throws {AudioFormatError} Naming the path, as {@link loadAudio}: missing or unreadable file, a folder, a file
 *   over 2 GiB, an unrecognised format, or a damaged header.
 * @throws {ParameterError} If `path` is not a non-empty string.
 * @example
 * const r = await openAudioReader('long.wav');
 * try { for (const y of monoBlocks(r, { sampleRate: 16000 })) use(y); } finally { r.close(); }
 */
export async function openAudioReader(path: string): Promise<AudioReader> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ParameterError(`openAudioReader(path): path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  let fd: number | undefined;
  let info: WavInfo | null = null;
  let size = 0;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new AudioFormatError(`${path}: is a folder, not an audio file`);
    if (st.size > MAX_AUDIO_FILE_BYTES) {
      throw new AudioFormatError(`${path}: ${st.size} bytes is larger than the ${MAX_AUDIO_FILE_BYTES}-byte limit; cut it into shorter files`);
    }
    size = st.size;
    fd = openSync(path, 'r');
    const prefix = Buffer.alloc(Math.min(size, WAV_HEADER_PREFIX));
    const got = readSync(fd, prefix, 0, prefix.length, 0);
    if (sniffAudioFormat(prefix.subarray(0, got)) === 'wav') info = parseWavHeaderPrefix(prefix.subarray(0, got), size, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    if (err instanceof AudioFormatError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new AudioFormatError(`${path}: cannot read audio file: ${why}`, { cause: err });
  }
  if (!info) {
    // Not WAV, or a WAV with a large chunk before its data: the whole-file decoders (same samples, more memory).
    closeSync(fd);
    return clipReader(await loadAudio(path), path);
  }
  return wavReader(fd, info, path);
}

function wavReader(fd: number, info: WavInfo, name: string): AudioReader {
  let at = 0;
  let open = true;
  let buf = Buffer.alloc(0);
  return {
    name, sampleRate: info.sampleRate, channels: info.channels, frames: info.frames, streamed: true,
    read(maxFrames: number) {
      if (!open) throw new ParameterError(`${name}: read after close()`);
      const n = Math.max(0, Math.min(Math.floor(maxFrames), info.frames - at));
      if (n === 0) return Array.from({ length: info.channels }, () => new Float32Array(0));
      const bytes = n * info.blockAlign;
      if (buf.length < bytes) buf = Buffer.alloc(bytes);
      let got = 0;
      try {
        while (got < bytes) {
          const r = readSync(fd, buf, got, bytes - got, info.dataOffset + at * info.blockAlign + got);
          if (r === 0) break;
          got += r;
        }
      } catch (err) {
        throw new AudioFormatError(`${name}: cannot read audio file: ${(err as Error).message}`, { cause: err });
      }
      if (got < bytes) throw new AudioFormatError(`${name}: the file ended at frame ${at + Math.floor(got / info.blockAlign)} of the ${info.frames} its header promises (it shrank while being read?)`);
      const out = decodeWavFrames(buf.subarray(0, bytes), info, n, name, at);
      at += n;
      return out;
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** Options of {@link monoBlocks}. */
export interface MonoBlocksOptions {
  /** Resample to this rate in Hz (default: keep the reader's rate). */
  sampleRate?: SampleRate;
  /** Resampler quality (default `'best'`, as {@link loadAudio}). */
  resampleQuality?: ResampleQuality;
  /** Frames read per block (default {@link AUDIO_BLOCK_FRAMES}). */
  blockFrames?: number;
}

/**
 * The reader's audio mixed to mono and resampled, as a sequence of blocks: concatenated, exactly the samples of
 * `loadAudio(path, { mono: true, sampleRate })` (the same mix, then {@link StreamResampler}, which is exact at
 * block edges). Memory holds one block, whatever the length of the audio.
 * @throws {AudioFormatError} From the reader (naming the file).
 * @throws {ParameterError} For a bad sample rate or block size.
 */
export function* monoBlocks(reader: AudioReader, opts: MonoBlocksOptions = {}): Generator<Float32Array, void, undefined> {
  const block = opts.blockFrames ?? AUDIO_BLOCK_FRAMES;
  if (!Number.isInteger(block) || block < 1) throw new ParameterError(`blockFrames must be an integer >= 1, got ${block}`);
  const to = opts.sampleRate ?? reader.sampleRate;
  const rs = new StreamResampler(reader.sampleRate, to, { quality: opts.resampleQuality ?? 'best' });
  for (;;) {
    const chans = reader.read(block);
    if (chans[0].length === 0) break;
    const mono = chans.length === 1 ? chans[0] : toMono({ sampleRate: reader.sampleRate, channels: chans }).channels[0];
    const y = rs.push(mono);
    if (y.length > 0) yield y;
  }
  const rest = rs.end();
  if (rest.length > 0) yield rest;
}
