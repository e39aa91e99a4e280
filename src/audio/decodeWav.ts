/**
 * WAV bytes → {@link AudioClip}. The header is validated by our own defensive chunk walker
 * ({@link parseWavHeader}) before any sample is read, so every read below is within bounds. PCM and float
 * samples are then read by a plain loop; μ-law/A-law go, under a clean canonical header, to wavefile's G.711
 * decoder, whose errors are wrapped. The tests check this reader against files that wavefile writes.
 */
import { WaveFile } from 'wavefile';
import { AudioFormatError, ParameterError } from '../errors';
import type { AudioClip, SampleRate } from '../types';
import { parseWavHeader, type WavEncoding, type WavInfo } from './wavHeader';
import { resampleClip, type ResampleQuality } from './resample';
import { toMono } from './toMono';
import { checkMemory, float32Bytes } from '../util/memoryBudget';

/** Largest finite float32: a float64 sample beyond it would silently become ±Infinity in a Float32Array. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Options of {@link decodeWav} and {@link loadAudio}. */
export interface DecodeOptions {
  /** Resample to this rate in Hz (band-limited, see {@link resample}). Default: keep the file's rate. */
  sampleRate?: SampleRate;
  /** Mix down to one channel (average of channels). Default false: keep every channel, as stored. */
  mono?: boolean;
  /** Resampler quality when `sampleRate` differs from the file's (default `'best'`). */
  resampleQuality?: ResampleQuality;
  /** Name used in error messages (loadAudio uses the path). Default `'WAV data'` (decodeAudio: `'audio data'`). */
  fileName?: string;
}

/**
 * Defaults of {@link decodeWav}/{@link loadAudio}: decode as stored, no surprise conversion (unlike
 * librosa.load's sr=22050, mono=True); ask for `{ sampleRate: 16000, mono: true }` explicitly.
 */
export const DECODE_DEFAULTS = { mono: false, resampleQuality: 'best' as ResampleQuality, fileName: 'WAV data' };

/** Divisor that maps each stored integer range onto [−1, 1) (libsndfile's convention). */
const FULL_SCALE: Record<WavEncoding, number> = {
  pcm8: 128, pcm16: 32768, pcm24: 8388608, pcm32: 2147483648, float32: 1, float64: 1, mulaw: 32768, alaw: 32768,
};

/**
 * PCM and float samples, read straight from the validated data region. A plain loop, because wavefile's
 * unpacker measured 15–40× slower here (3.5 s for 30 s of 32-bit float stereo, against ~0.1 s).
 */
function readLinear(bytes: Uint8Array, info: WavInfo, name: string, firstFrame = 0): Float32Array[] {
  const { channels: k, frames, encoding } = info;
  const v = new DataView(bytes.buffer, bytes.byteOffset + info.dataOffset, frames * info.blockAlign);
  const out = Array.from({ length: k }, () => new Float32Array(frames));
  const width = info.bitsPerSample / 8;
  const scale = FULL_SCALE[encoding];
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < k; c++, at += width) {
      let x: number;
      switch (encoding) {
        case 'pcm8': x = (v.getUint8(at) - 128) / scale; break; // 8-bit WAV is unsigned, centred on 128
        case 'pcm16': x = v.getInt16(at, true) / scale; break;
        case 'pcm24': x = ((v.getUint8(at + 2) << 24) | (v.getUint8(at + 1) << 16) | (v.getUint8(at) << 8)) / 2147483648; break;
        case 'pcm32': x = v.getInt32(at, true) / scale; break;
        case 'float32': x = v.getFloat32(at, true); break;
        default: x = v.getFloat64(at, true);
      }
      if (!Number.isFinite(x)) {
        throw new AudioFormatError(`${name}: sample ${firstFrame + i} of channel ${c} is ${x}; audio samples must be finite numbers`);
      }
      if (Math.abs(x) > FLOAT32_MAX) {
        throw new AudioFormatError(`${name}: sample ${firstFrame + i} of channel ${c} is ${x}, beyond the float32 range (±${FLOAT32_MAX.toPrecision(3)}) samples are held in; the file is corrupt or not audio`);
      }
      out[c][i] = x;
    }
  }
  return out;
}

/** A minimal RIFF/WAVE image (fmt + data only) of the validated G.711 bytes, for wavefile. */
function canonicalWav(bytes: Uint8Array, info: WavInfo): Uint8Array {
  const dataBytes = info.frames * info.blockAlign;
  const out = new Uint8Array(44 + dataBytes + (dataBytes & 1));
  const v = new DataView(out.buffer);
  const put = (at: number, s: string): void => { for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i); };
  put(0, 'RIFF'); v.setUint32(4, out.length - 8, true); put(8, 'WAVE');
  put(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, info.encoding === 'mulaw' ? 7 : 6, true);
  v.setUint16(22, info.channels, true); v.setUint32(24, info.sampleRate, true);
  v.setUint32(28, info.sampleRate * info.blockAlign, true); v.setUint16(32, info.blockAlign, true);
  v.setUint16(34, 8, true);
  put(36, 'data'); v.setUint32(40, dataBytes, true);
  out.set(bytes.subarray(info.dataOffset, info.dataOffset + dataBytes), 44);
  return out;
}

/** μ-law and A-law, expanded by wavefile's G.711 tables to 16-bit, then scaled. */
function readG711(bytes: Uint8Array, info: WavInfo, name: string): Float32Array[] {
  let raw: Float32Array | Float32Array[];
  try {
    const wav = new WaveFile();
    wav.fromBuffer(canonicalWav(bytes, info));
    if (info.encoding === 'mulaw') wav.fromMuLaw('16');
    else wav.fromALaw('16');
    raw = wav.getSamples(false, Float32Array) as unknown as Float32Array | Float32Array[];
  } catch (err) {
    throw new AudioFormatError(`${name}: could not decode its ${info.encoding} samples (${(err as Error).message})`, { cause: err });
  }
  // wavefile may decode the pad byte of an odd-sized data chunk as one more sample: keep whole frames only.
  return (Array.isArray(raw) ? raw : [raw]).map((ch) => {
    const y = ch.slice(0, info.frames);
    for (let i = 0; i < y.length; i++) y[i] /= 32768;
    return y;
  });
}

/**
 * Decodes a WAV file held in memory.
 *
 * Reads 8-bit unsigned, 16/24/32-bit PCM, 32/64-bit float, μ-law and A-law, plain or WAVE_FORMAT_EXTENSIBLE,
 * any channel count up to 256 and any rate from 1 kHz to 768 kHz. Integers map to [−1, 1) by dividing by 2^(bits−1);
 * float files are returned as stored (they may exceed ±1).
 *
 * @param bytes - The whole file (e.g. from `fs.readFileSync`).
 * @param opts - {@link DecodeOptions}; defaults in {@link DECODE_DEFAULTS}.
 * @returns The clip, mixed down (`mono`) and then resampled (`sampleRate`) if asked.
 * @throws {AudioFormatError} Naming `opts.fileName` and the problem: truncated header, not RIFF/WAVE, missing
 *   chunk, chunk larger than the file, unsupported codec (ADPCM, MP3-in-WAV, …), channels outside 1–256,
 *   sample rate outside 1,000–768,000 Hz, block-align mismatch, zero samples, NaN/Inf samples, float64 samples beyond
 *   the float32 range, or a decoded/resampled size beyond the memory limit ({@link checkMemory}).
 * @throws {ParameterError} If `bytes` is not a Uint8Array or an option is invalid.
 * @example
 * const clip = decodeWav(readFileSync('a.wav'), { fileName: 'a.wav', sampleRate: 16000, mono: true });
 */
export function decodeWav(bytes: Uint8Array, opts: DecodeOptions = {}): AudioClip {
  const name = opts.fileName ?? DECODE_DEFAULTS.fileName;
  if (!(bytes instanceof Uint8Array)) {
    throw new ParameterError(`decodeWav(bytes): bytes of ${name} must be a Uint8Array (or Buffer), got ${bytes === null ? 'null' : typeof bytes}`);
  }
  const info = parseWavHeader(bytes, name);
  checkMemory(float32Bytes(info.frames, info.channels), `${name}: decoding ${info.frames} frames × ${info.channels} channels`, { error: AudioFormatError });
  planDecodeSize(info.frames, info.channels, info.sampleRate, opts, name);
  const channels = info.encoding === 'mulaw' || info.encoding === 'alaw' ? readG711(bytes, info, name) : readLinear(bytes, info, name);
  return applyDecodeOptions({ sampleRate: info.sampleRate, channels }, opts);
}

/**
 * Decodes `frames` whole frames of a WAV file's samples held in `bytes` (starting at a frame boundary of the data
 * chunk, frame `firstFrame` of the file, for messages): the same samples {@link decodeWav} gives for those frames,
 * for reading a long file block by block (internal; see openAudioReader).
 * @throws {AudioFormatError} Naming `name` and the sample: NaN/Inf, or float64 beyond the float32 range.
 */
export function decodeWavFrames(bytes: Uint8Array, info: WavInfo, frames: number, name: string, firstFrame: number): Float32Array[] {
  const block: WavInfo = { ...info, dataOffset: 0, frames };
  return info.encoding === 'mulaw' || info.encoding === 'alaw' ? readG711(bytes, block, name) : readLinear(bytes, block, name, firstFrame);
}

/**
 * Checks, before any sample is decoded or resampled, that the clip `opts` asks for fits the memory limit:
 * `frames` at `rate` become ⌈frames · sampleRate / rate⌉ samples per kept channel (internal).
 */
export function planDecodeSize(frames: number, channels: number, rate: number, opts: DecodeOptions, name: string): void {
  const kept = opts.mono ?? DECODE_DEFAULTS.mono ? 1 : channels;
  const to = opts.sampleRate;
  if (to === undefined || !(to > 0) || to === rate) return; // a bad rate is resample's ParameterError
  const out = Math.ceil((frames * to) / rate);
  checkMemory(float32Bytes(out, kept), `${name}: resampling ${frames} frames from ${rate} Hz to ${to} Hz (${out} samples × ${kept} channel${kept > 1 ? 's' : ''})`, { error: AudioFormatError });
}

/** The `mono` and `sampleRate` steps shared by every decoder (internal). */
export function applyDecodeOptions(clip: AudioClip, opts: DecodeOptions): AudioClip {
  planDecodeSize(clip.channels[0]?.length ?? 0, clip.channels.length, clip.sampleRate, opts, opts.fileName ?? 'audio data');
  if (opts.mono ?? DECODE_DEFAULTS.mono) clip = toMono(clip); // mix first: resampling one channel is cheaper
  if (opts.sampleRate !== undefined) {
    clip = resampleClip(clip, opts.sampleRate, { quality: opts.resampleQuality ?? DECODE_DEFAULTS.resampleQuality });
  }
  return clip;
}
