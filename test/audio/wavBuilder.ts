/**
 * Test helpers: a hand assembler for RIFF/WAVE files with any (including lying) header fields, and seeded
 * test signals. Independent of src/audio so tests do not check the code against itself.
 */
import { Random } from '../../src/util/random';

export interface WavSpec {
  formatTag?: number;
  channels?: number;
  sampleRate?: number;
  bitsPerSample?: number;
  /** Defaults to channels × bitsPerSample / 8. */
  blockAlign?: number;
  /** Extra fmt bytes after the first 16 (cbSize and beyond). */
  fmtExtra?: Uint8Array;
  data?: Uint8Array;
  /** Override the data chunk's size field (to lie). */
  dataSize?: number;
  /** Chunks placed between fmt and data. */
  before?: Array<[string, Uint8Array]>;
  /** Chunks placed after data. */
  after?: Array<[string, Uint8Array]>;
  riffId?: string;
  waveId?: string;
}

function chunk(id: string, body: Uint8Array, sizeField = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, sizeField, true);
  out.set(body, 8);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Assembles a WAV file from the given fields (defaults: PCM 16-bit mono 8 kHz, 4 zero samples). */
export function buildWav(spec: WavSpec = {}): Uint8Array {
  const channels = spec.channels ?? 1;
  const bits = spec.bitsPerSample ?? 16;
  const rate = spec.sampleRate ?? 8000;
  const blockAlign = spec.blockAlign ?? (channels * bits) / 8;
  const extra = spec.fmtExtra ?? new Uint8Array(0);
  const fmt = new Uint8Array(16 + extra.length);
  const v = new DataView(fmt.buffer);
  v.setUint16(0, spec.formatTag ?? 1, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, (rate * blockAlign) >>> 0, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, bits, true);
  fmt.set(extra, 16);
  const data = spec.data ?? new Uint8Array(8);
  const body = concat([
    chunk('fmt ', fmt),
    ...(spec.before ?? []).map(([id, b]) => chunk(id, b)),
    chunk('data', data, spec.dataSize ?? data.length),
    ...(spec.after ?? []).map(([id, b]) => chunk(id, b)),
  ]);
  const head = new Uint8Array(12);
  const riff = spec.riffId ?? 'RIFF';
  const wave = spec.waveId ?? 'WAVE';
  for (let i = 0; i < 4; i++) { head[i] = riff.charCodeAt(i); head[8 + i] = wave.charCodeAt(i); }
  new DataView(head.buffer).setUint32(4, 4 + body.length, true);
  return concat([head, body]);
}

/** The 22 bytes after cbSize of a WAVE_FORMAT_EXTENSIBLE fmt chunk, whose sub-format is `tag`. */
export function extensibleExtra(tag: number, validBits: number, channelMask = 0, guidTail?: number[]): Uint8Array {
  const e = new Uint8Array(24);
  const v = new DataView(e.buffer);
  v.setUint16(0, 22, true); // cbSize
  v.setUint16(2, validBits, true);
  v.setUint32(4, channelMask, true);
  v.setUint16(8, tag, true);
  e.set(guidTail ?? [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 10);
  return e;
}

/** `channels` seeded uniform signals in [−1, 1) of length n. */
export function noise(seed: number, channels: number, n: number): Float32Array[] {
  const r = new Random(seed);
  return Array.from({ length: channels }, () => {
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = 2 * r.next() - 1;
    return y;
  });
}

/** amp · sin(2π f t / sr), t = 0 … n−1, computed in float64. */
export function sine(f: number, sr: number, n: number, amp = 0.5): Float32Array {
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = amp * Math.sin((2 * Math.PI * f * i) / sr);
  return y;
}

/** Largest |a[i] − b[i]| over [from, to). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = Math.min(a.length, b.length)): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
