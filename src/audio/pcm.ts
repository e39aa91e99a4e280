/**
 * The writing half of WAV: the canonical header and the quantiser that turns float samples into interleaved
 * little-endian PCM. Shared by {@link encodeWav} (whole clip) and {@link createWavWriter} (streamed chunks) so
 * both produce byte-identical files.
 */
import { ParameterError } from '../errors';

/** Sample formats we write: 16-bit PCM (default, what every player reads), 24-bit PCM, 32-bit float. */
export type WavBitDepth = 16 | 24 | '32f';

/** Largest data chunk a RIFF file can describe (its size fields are 32-bit), minus room for the header. */
export const MAX_WAV_DATA_BYTES = 0xffffffff - 64;

/** Bytes per stored sample for each {@link WavBitDepth}. */
export function bytesPerSample(bitDepth: WavBitDepth): number {
  if (bitDepth === 16) return 2;
  if (bitDepth === 24) return 3;
  if (bitDepth === '32f') return 4;
  throw new ParameterError(`bitDepth is ${JSON.stringify(bitDepth)}; valid: 16, 24 or '32f'`);
}

/** Byte offsets of the size fields in a header from {@link wavHeader}, patched by the streaming writer. */
export interface HeaderLayout {
  riffSizeAt: number;
  /** Offset of the fact chunk's sample count (float files only), or -1. */
  factAt: number;
  dataSizeAt: number;
  /** Header length: the first sample follows it. */
  length: number;
}

/** Layout of the header we write: 44 bytes for PCM; for float, fmt gains cbSize and a fact chunk (58 bytes). */
export function headerLayout(bitDepth: WavBitDepth): HeaderLayout {
  return bitDepth === '32f'
    ? { riffSizeAt: 4, factAt: 46, dataSizeAt: 54, length: 58 }
    : { riffSizeAt: 4, factAt: -1, dataSizeAt: 40, length: 44 };
}

/**
 * Builds the RIFF/WAVE header for `frames` frames. Float files carry the cbSize field and fact chunk that the
 * WAV spec asks of non-PCM formats (libsndfile writes them too).
 */
export function wavHeader(channels: number, sampleRate: number, bitDepth: WavBitDepth, frames: number): Uint8Array {
  const bps = bytesPerSample(bitDepth);
  const layout = headerLayout(bitDepth);
  const dataBytes = frames * channels * bps;
  if (dataBytes > MAX_WAV_DATA_BYTES) {
    throw new ParameterError(`${frames} frames × ${channels} channels × ${bps} bytes = ${dataBytes} bytes exceeds the 4 GiB a WAV file can hold; split the audio`);
  }
  const h = new Uint8Array(layout.length);
  const v = new DataView(h.buffer);
  const put = (at: number, s: string): void => { for (let i = 0; i < 4; i++) h[at + i] = s.charCodeAt(i); };
  const fmtSize = bitDepth === '32f' ? 18 : 16;
  put(0, 'RIFF');
  v.setUint32(4, layout.length - 8 + dataBytes + (dataBytes & 1), true); // + pad byte for an odd data size
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, bitDepth === '32f' ? 3 : 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * bps, true);
  v.setUint16(32, channels * bps, true);
  v.setUint16(34, bps * 8, true);
  if (bitDepth === '32f') {
    v.setUint16(36, 0, true); // cbSize: no extra format bytes
    put(38, 'fact');
    v.setUint32(42, 4, true);
    v.setUint32(46, frames, true);
  }
  put(layout.dataSizeAt - 4, 'data');
  v.setUint32(layout.dataSizeAt, dataBytes, true);
  return h;
}

/**
 * Interleaves frames [start, end) of `channels` and quantises them. Samples are clipped to [−1, 1] first
 * (so an overshoot saturates instead of wrapping around); integers use round(x · 2^(b−1)) capped at
 * 2^(b−1) − 1, the convention of libsndfile/soundfile, so decoding divides by 2^(b−1). No dither.
 */
export function packFrames(channels: Float32Array[], start: number, end: number, bitDepth: WavBitDepth): Uint8Array {
  const k = channels.length;
  const bps = bytesPerSample(bitDepth);
  const out = new Uint8Array((end - start) * k * bps);
  const v = new DataView(out.buffer);
  let at = 0;
  for (let i = start; i < end; i++) {
    for (let c = 0; c < k; c++) {
      const x = Math.max(-1, Math.min(1, channels[c][i]));
      if (bitDepth === 16) {
        v.setInt16(at, Math.min(32767, Math.round(x * 32768)), true);
      } else if (bitDepth === 24) {
        const q = Math.min(8388607, Math.round(x * 8388608));
        out[at] = q & 0xff;
        out[at + 1] = (q >> 8) & 0xff;
        out[at + 2] = (q >> 16) & 0xff;
      } else {
        v.setFloat32(at, x, true);
      }
      at += bps;
    }
  }
  return out;
}
