/**
 * Reading audio a block at a time, so a long file never sits in memory whole: a WAV file's data chunk is read
 * from the file descriptor in blocks; Ogg Vorbis, FLAC and MP3 files are read in chunks and fed to the wasm
 * decoders' streaming `decode(chunk)`; mixing to mono and resampling ({@link StreamResampler}) also work block by
 * block. The samples are exactly those of {@link loadAudio} with `{ mono: true, sampleRate }`.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { AudioFormatError, ParameterError } from '../errors';
import type { AudioClip, SampleRate } from '../types';
import { decodeWavFrames } from './decodeWav';
import { flacRequantize, isOggOpus, makeDecoder, mp3IsMono, type CompressedFormat, type Decoded, type Decoder } from './decodeCompressed';
import { loadAudio, MAX_AUDIO_FILE_BYTES } from './loadAudio';
import { StreamResampler, type ResampleQuality } from './resample';
import { toMono } from './toMono';
import { validClip } from './validAudio';
import { parseWavHeaderPrefix, sniffAudioFormat, WAV_MAX_SAMPLE_RATE, WAV_MIN_SAMPLE_RATE, type WavInfo } from './wavHeader';

/** Audio read a block at a time. */
export interface AudioReader {
  /** The file (or label) named in errors. */
  readonly name: string;
  /** Samples per second per channel. */
  readonly sampleRate: number;
  /** Channel count. */
  readonly channels: number;
  /** Frames (samples per channel) in all, when the header says (WAV, a clip); undefined for compressed files. */
  readonly frames?: number;
  /** Whether the samples come from the file block by block (true) or were decoded whole first (false). */
  readonly streamed: boolean;
  /** The next ≤ maxFrames frames (fewer only at the end), one array per channel; arrays of length 0 once the audio has ended. */
  read(maxFrames: number): Promise<Float32Array[]>;
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
    async read(maxFrames: number) {
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
 * file in blocks of whole frames; Ogg Vorbis, FLAC and MP3 in chunks through the streaming decoders (the samples
 * {@link decodeCompressed} gives for the whole file). Only a WAV whose 'data' chunk starts beyond the first MiB is
 * decoded whole by {@link loadAudio} and then served in blocks (`streamed: false`).
 *
 * @param path - File to read.
 * @param opts - `compressedChunkBytes`: bytes of a compressed file fed to its decoder at a time (default 256 KiB).
 * @returns An {@link AudioReader}; call `close()` when done (also after an error).
 * @throws {AudioFormatError} Naming the path, as {@link loadAudio}: missing or unreadable file, a folder, a file
 *   over 2 GiB, an unrecognised format, or a damaged header.
 * @throws {ParameterError} If `path` is not a non-empty string.
 * @example
 * const r = await openAudioReader('long.wav');
 * try { for await (const y of monoBlocks(r, { sampleRate: 16000 })) use(y); } finally { r.close(); }
 */
export async function openAudioReader(path: string, opts: { compressedChunkBytes?: number } = {}): Promise<AudioReader> {
  const chunkBytes = opts.compressedChunkBytes ?? COMPRESSED_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new ParameterError(`compressedChunkBytes must be an integer >= 1, got ${chunkBytes}`);
  if (typeof path !== 'string' || path.length === 0) {
    throw new ParameterError(`openAudioReader(path): path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  let fd: number | undefined;
  let info: WavInfo | null = null;
  let size = 0;
  let kind: ReturnType<typeof sniffAudioFormat> = 'unknown';
  let head = Buffer.alloc(0);
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
    head = prefix.subarray(0, got);
    kind = sniffAudioFormat(head);
    if (kind === 'wav') info = parseWavHeaderPrefix(head, size, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    if (err instanceof AudioFormatError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new AudioFormatError(`${path}: cannot read audio file: ${why}`, { cause: err });
  }
  if (kind === 'ogg' || kind === 'flac' || kind === 'mp3') return compressedReader(fd!, kind, head, path, chunkBytes);
  if (!info) {
    // Unrecognised (loadAudio names it), or a WAV with a large chunk before its data: decoded whole (same samples).
    closeSync(fd!);
    return clipReader(await loadAudio(path), path);
  }
  return wavReader(fd!, info, path);
}

function wavReader(fd: number, info: WavInfo, name: string): AudioReader {
  let at = 0;
  let open = true;
  let buf = Buffer.alloc(0);
  return {
    name, sampleRate: info.sampleRate, channels: info.channels, frames: info.frames, streamed: true,
    async read(maxFrames: number) {
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

/** Bytes of a compressed file fed to its decoder at a time. */
const COMPRESSED_CHUNK_BYTES = 1 << 18;

/**
 * A compressed file decoded chunk by chunk with the wasm decoders' streaming API (`decode(chunk)`, then `flush()`
 * for Ogg and FLAC), checked and corrected as {@link decodeCompressed} does (Opus refused, rate range, FLAC
 * requantisation, mono MP3, finite samples; a file damaged part-way gives the audio before the damage).
 */
async function compressedReader(fd: number, format: CompressedFormat, head: Uint8Array, name: string, chunkBytes: number): Promise<AudioReader> {
  const fail = (what: string, cause?: unknown): never => {
    throw new AudioFormatError(`${name}: ${what}`, cause === undefined ? undefined : { cause });
  };
  let decoder: Decoder | undefined;
  let decode!: (b: Uint8Array) => Decoded | Promise<Decoded>;
  let fileAt = 0;
  let fileDone = false;
  let open = true;
  const queue: Float32Array[][] = []; // decoded blocks, one array per channel
  let queued = 0;
  let rate = 0;
  let channels = 0;
  let total = 0;
  let firstError: string | undefined;
  const chunk = Buffer.alloc(chunkBytes);
  const close = (): void => {
    if (!open) return;
    open = false;
    decoder?.free();
    closeSync(fd);
  };
  try {
    if (format === 'ogg' && isOggOpus(head)) fail(`Ogg Opus is not supported (Ogg Vorbis is); convert it: ffmpeg -i "${name}" out.wav`);
    // mp3IsMono looks at the first frame header after any ID3v2 tag: read that far (a tag may hold cover art).
    let monoMp3 = false;
    if (format === 'mp3') {
      let probe = head;
      if (head.length >= 10 && head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33) {
        const tag = 20 + (((head[6] & 0x7f) << 21) | ((head[7] & 0x7f) << 14) | ((head[8] & 0x7f) << 7) | (head[9] & 0x7f));
        if (tag + 65536 > head.length) {
          const more = Buffer.alloc(Math.min(tag + 65536, fstatSync(fd).size)); // never more than the file
          probe = more.subarray(0, readSync(fd, more, 0, more.length, 0));
        }
      }
      monoMp3 = mp3IsMono(probe);
    }
    const d = makeDecoder(format).decoder;
    decoder = d;
    decode = (b) => d.decode(b); // the streaming call (makeDecoder's `decode` is decodeFile for Ogg and FLAC)
    await decoder.ready;
    const take = (d: Decoded): void => {
      firstError ??= d.errors[0]?.message;
      const n = d.samplesDecoded;
      if (!(n > 0) || d.channelData.length === 0) return;
      if (rate === 0) {
        if (!(d.sampleRate >= WAV_MIN_SAMPLE_RATE && d.sampleRate <= WAV_MAX_SAMPLE_RATE)) {
          fail(`the file says sample rate ${d.sampleRate} Hz; valid: ${WAV_MIN_SAMPLE_RATE} to ${WAV_MAX_SAMPLE_RATE} Hz`);
        }
        rate = d.sampleRate;
        channels = monoMp3 && d.channelData.length === 2 ? 1 : d.channelData.length;
      } else if (d.sampleRate !== rate || (d.channelData.length !== channels && !(monoMp3 && channels === 1))) {
        fail(`the stream changes from ${rate} Hz × ${channels} channels to ${d.sampleRate} Hz × ${d.channelData.length} part-way; convert it to WAV first`);
      }
      const fix = flacRequantize(format, d.bitDepth);
      const block = d.channelData.slice(0, channels).map((ch, c) => {
        if (ch.length < n) fail(`channel ${c} has ${ch.length} samples, expected ${n}`);
        const y = ch.slice(0, n); // copy out of the decoder's buffers
        for (let i = 0; i < n; i++) {
          if (fix) y[i] = Math.round(y[i] * fix.up) / fix.down;
          if (!Number.isFinite(y[i])) fail(`sample ${total + i} of channel ${c} is ${y[i]}; audio samples must be finite numbers`);
        }
        return y;
      });
      queue.push(block);
      queued += n;
      total += n;
    };
    const pump = async (): Promise<void> => {
      if (fileDone) return;
      let got: number;
      try {
        got = readSync(fd, chunk, 0, chunk.length, fileAt);
      } catch (err) {
        return fail(`cannot read audio file: ${(err as Error).message}`, err);
      }
      fileAt += got;
      try {
        if (got > 0) take(await decode(Buffer.from(chunk.subarray(0, got))));
        else {
          fileDone = true;
          if (decoder!.flush) take(await decoder!.flush());
        }
      } catch (err) {
        if (err instanceof AudioFormatError) throw err;
        fail(`the ${format.toUpperCase()} decoder failed: ${(err as Error).message}`, err);
      }
    };
    while (rate === 0 && !fileDone) await pump();
    if (rate === 0) fail(`no audio could be decoded from this ${format.toUpperCase()} file${firstError ? ` (${firstError})` : ''}; it is empty, truncated or corrupt`);
    return {
      name, sampleRate: rate, channels, streamed: true,
      async read(maxFrames: number) {
        if (!open) throw new ParameterError(`${name}: read after close()`);
        const want = Math.max(0, Math.floor(maxFrames));
        while (queued < want && !fileDone) await pump();
        const n = Math.min(want, queued);
        const out = Array.from({ length: channels }, () => new Float32Array(n));
        for (let at = 0; at < n; ) {
          const b = queue[0];
          const k = Math.min(b[0].length, n - at);
          for (let c = 0; c < channels; c++) out[c].set(b[c].subarray(0, k), at);
          if (k === b[0].length) queue.shift();
          else queue[0] = b.map((y) => y.subarray(k));
          at += k;
        }
        queued -= n;
        return out;
      },
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
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
export async function* monoBlocks(reader: AudioReader, opts: MonoBlocksOptions = {}): AsyncGenerator<Float32Array, void, undefined> {
  const block = opts.blockFrames ?? AUDIO_BLOCK_FRAMES;
  if (!Number.isInteger(block) || block < 1) throw new ParameterError(`blockFrames must be an integer >= 1, got ${block}`);
  const to = opts.sampleRate ?? reader.sampleRate;
  const rs = new StreamResampler(reader.sampleRate, to, { quality: opts.resampleQuality ?? 'best' });
  for (;;) {
    const chans = await reader.read(block);
    if (chans[0].length === 0) break;
    const mono = chans.length === 1 ? chans[0] : toMono({ sampleRate: reader.sampleRate, channels: chans }).channels[0];
    const y = rs.push(mono);
    if (y.length > 0) yield y;
  }
  const rest = rs.end();
  if (rest.length > 0) yield rest;
}
