/**
 * Ogg Vorbis, FLAC and MP3 → {@link AudioClip}, through the WebAssembly builds of libvorbis, libFLAC and
 * mpg123 in the wasm-audio-decoders packages (@wasm-audio-decoders/ogg-vorbis, @wasm-audio-decoders/flac,
 * mpg123-decoder; MIT, no native build). They are loaded on first use only, so WAV users never pay for them.
 */
import { AudioFormatError } from '../errors';
import type { AudioClip } from '../types';
import { WAV_MAX_SAMPLE_RATE, WAV_MIN_SAMPLE_RATE } from './wavHeader';

/** Compressed formats {@link decodeCompressed} reads. */
export type CompressedFormat = 'ogg' | 'flac' | 'mp3';

/** What the wasm decoders return for a file or a chunk (internal). */
export interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  /** Bits per sample of the source (FLAC only: it is integer PCM). */
  bitDepth?: number;
  errors: Array<{ message: string }>;
}

/** A wasm decoder instance (internal). `flush` exists for Ogg and FLAC, whose chunk parsers hold back a last frame. */
export interface Decoder {
  ready: Promise<void>;
  free(): void;
  decode(bytes: Uint8Array): Decoded | Promise<Decoded>;
  flush?(): Promise<Decoded>;
}

// The packages are ES modules; Node ≥ 20.19 require()s them. Loaded lazily, on the first compressed file.
export function makeDecoder(format: CompressedFormat): { decoder: Decoder; decode: (b: Uint8Array) => Decoded | Promise<Decoded> } {
  if (format === 'ogg') {
    const { OggVorbisDecoder } = require('@wasm-audio-decoders/ogg-vorbis') as typeof import('@wasm-audio-decoders/ogg-vorbis');
    const d = new OggVorbisDecoder();
    return { decoder: d as unknown as Decoder, decode: (b) => d.decodeFile(b) };
  }
  if (format === 'flac') {
    const { FLACDecoder } = require('@wasm-audio-decoders/flac') as typeof import('@wasm-audio-decoders/flac');
    const d = new FLACDecoder();
    return { decoder: d as unknown as Decoder, decode: (b) => d.decodeFile(b) };
  }
  const { MPEGDecoder } = require('mpg123-decoder') as typeof import('mpg123-decoder');
  const d = new MPEGDecoder();
  return { decoder: d as unknown as Decoder, decode: (b) => d.decode(b) };
}

/** True if the first Ogg page carries Opus rather than Vorbis (the Vorbis decoder would return nothing). */
export function isOggOpus(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 128)).toString('latin1');
  return head.includes('OpusHead');
}

/**
 * True if the first MPEG audio frame header (after any ID3v2 tag) says "single channel" (mode bits 11).
 * Only headers whose version, layer, bitrate and rate fields are all valid count, so stray 0xFF bytes do not.
 */
export function mp3IsMono(bytes: Uint8Array): boolean {
  let at = 0;
  if (bytes.length >= 10 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) { // "ID3"
    const size = ((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f);
    at = 10 + size + (bytes[5] & 0x10 ? 10 : 0); // syncsafe size, plus a footer when flagged
  }
  const end = Math.min(bytes.length - 3, at + 65536); // a real file has its first frame right there
  for (let i = at; i < end; i++) {
    if (bytes[i] !== 0xff || (bytes[i + 1] & 0xe0) !== 0xe0) continue;
    const version = (bytes[i + 1] >> 3) & 3; // 1 is reserved
    const layer = (bytes[i + 1] >> 1) & 3; // 0 is reserved
    const bitrate = bytes[i + 2] >> 4; // 15 is invalid
    const rate = (bytes[i + 2] >> 2) & 3; // 3 is reserved
    if (version === 1 || layer === 0 || bitrate === 15 || rate === 3) continue;
    return (bytes[i + 3] >> 6) === 3;
  }
  return false;
}

/** The FLAC requantisation below, for a decoder result of `bitDepth` bits (internal; undefined: none). */
export function flacRequantize(format: CompressedFormat, bitDepth: number | undefined): { up: number; down: number } | undefined {
  const b = format === 'flac' ? bitDepth ?? 0 : 0;
  return b >= 8 && b <= 32 ? { up: 2 ** (b - 1) - 1, down: 2 ** (b - 1) } : undefined;
}

/**
 * Decodes a whole Ogg Vorbis, FLAC or MP3 file held in memory.
 *
 * A file that is damaged part-way returns the audio decoded before the damage (as media players do); a file
 * from which nothing can be decoded is an error. MP3: the samples are mpg123's, start to end, with no trimming
 * of our own. Measured on the LAME-encoded test tones (test/fixtures/audio, 16 kHz, 0.5 s): the tone starts at
 * sample 1105 (LAME's 576-sample encoder delay + the 529-sample decoder delay) and the output is 9216 samples,
 * a whole number of 576-sample frames; the issue that asked for this (issue 11) found length and offset equal
 * to ffmpeg's decode. A mono MP3 (channel mode bits `11` in its first frame header) returns one channel:
 * mpg123-decoder always reports two, identical ones.
 *
 * @param bytes - The whole file.
 * @param format - `'ogg'` (Vorbis), `'flac'` or `'mp3'`; see {@link sniffAudioFormat}.
 * @param name - File name for messages.
 * @returns Float samples as the codec produced them, at the file's sample rate and channel count.
 * @throws {AudioFormatError} Naming `name`: Ogg Opus, nothing decodable, or a decoder failure.
 * @example
 * const clip = await decodeCompressed(readFileSync('a.ogg'), 'ogg', 'a.ogg');
 */
export async function decodeCompressed(bytes: Uint8Array, format: CompressedFormat, name: string): Promise<AudioClip> {
  if (format === 'ogg' && isOggOpus(bytes)) {
    throw new AudioFormatError(`${name}: Ogg Opus is not supported (Ogg Vorbis is); convert it: ffmpeg -i "${name}" out.wav`);
  }
  let result: Decoded;
  let decoder: Decoder | undefined;
  try {
    const made = makeDecoder(format);
    decoder = made.decoder;
    await decoder.ready;
    result = await made.decode(bytes);
  } catch (err) {
    throw new AudioFormatError(`${name}: the ${format.toUpperCase()} decoder failed: ${(err as Error).message}`, { cause: err });
  } finally {
    decoder?.free();
  }
  const n = result.samplesDecoded;
  const firstError = result.errors[0]?.message;
  if (!(n > 0) || result.channelData.length === 0) {
    throw new AudioFormatError(`${name}: no audio could be decoded from this ${format.toUpperCase()} file${firstError ? ` (${firstError})` : ''}; it is empty, truncated or corrupt`);
  }
  if (!(result.sampleRate >= WAV_MIN_SAMPLE_RATE && result.sampleRate <= WAV_MAX_SAMPLE_RATE)) {
    throw new AudioFormatError(`${name}: the file says sample rate ${result.sampleRate} Hz; valid: ${WAV_MIN_SAMPLE_RATE} to ${WAV_MAX_SAMPLE_RATE} Hz`);
  }
  // libFLAC's wasm build divides its integers by 2^(b−1) − 1; requantise to the 2^(b−1) that decodeWav uses,
  // so a FLAC and a WAV of the same PCM decode to identical samples.
  const fix = flacRequantize(format, result.bitDepth);
  const data = format === 'mp3' && result.channelData.length === 2 && mp3IsMono(bytes) ? result.channelData.slice(0, 1) : result.channelData;
  const channels = data.map((ch, c) => {
    if (ch.length < n) throw new AudioFormatError(`${name}: channel ${c} has ${ch.length} samples, expected ${n}`);
    const y = ch.slice(0, n); // copy out of the decoder's buffers, trimmed to the decoded length
    for (let i = 0; i < n; i++) {
      if (fix) y[i] = Math.round(y[i] * fix.up) / fix.down;
      if (!Number.isFinite(y[i])) throw new AudioFormatError(`${name}: sample ${i} of channel ${c} is ${y[i]}; audio samples must be finite numbers`);
    }
    return y;
  });
  return { sampleRate: result.sampleRate, channels };
}
