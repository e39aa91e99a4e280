/**
 * Ogg Vorbis, FLAC and MP3 → {@link AudioClip}, through the WebAssembly builds of libvorbis, libFLAC and
 * mpg123 in the wasm-audio-decoders packages (@wasm-audio-decoders/ogg-vorbis, @wasm-audio-decoders/flac,
 * mpg123-decoder; MIT, no native build). They are loaded on first use only, so WAV users never pay for them.
 */
import { AudioFormatError } from '../errors';
import type { AudioClip } from '../types';
import { WAV_MAX_SAMPLE_RATE } from './wavHeader';

/** Compressed formats {@link decodeCompressed} reads. */
export type CompressedFormat = 'ogg' | 'flac' | 'mp3';

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  /** Bits per sample of the source (FLAC only: it is integer PCM). */
  bitDepth?: number;
  errors: Array<{ message: string }>;
}

interface Decoder {
  ready: Promise<void>;
  free(): void;
  decode(bytes: Uint8Array): Decoded | Promise<Decoded>;
}

// The packages are ES modules; Node ≥ 20.19 require()s them. Loaded lazily, on the first compressed file.
function makeDecoder(format: CompressedFormat): { decoder: Decoder; decode: (b: Uint8Array) => Decoded | Promise<Decoded> } {
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
function isOggOpus(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 128)).toString('latin1');
  return head.includes('OpusHead');
}

/**
 * Decodes a whole Ogg Vorbis, FLAC or MP3 file held in memory.
 *
 * A file that is damaged part-way returns the audio decoded before the damage (as media players do); a file
 * from which nothing can be decoded is an error. MP3 files keep their encoder delay and padding (typically
 * 25–60 ms of near-silence in total), because gapless information is not applied.
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
  if (!(result.sampleRate >= 1 && result.sampleRate <= WAV_MAX_SAMPLE_RATE)) {
    throw new AudioFormatError(`${name}: decoder reports sample rate ${result.sampleRate} Hz; valid: 1 to ${WAV_MAX_SAMPLE_RATE} Hz`);
  }
  // libFLAC's wasm build divides its integers by 2^(b−1) − 1; requantise to the 2^(b−1) that decodeWav uses,
  // so a FLAC and a WAV of the same PCM decode to identical samples.
  const b = format === 'flac' ? result.bitDepth ?? 0 : 0;
  const fix = b >= 8 && b <= 32 ? { up: 2 ** (b - 1) - 1, down: 2 ** (b - 1) } : undefined;
  const channels = result.channelData.map((ch, c) => {
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
