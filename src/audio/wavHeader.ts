/**
 * A defensive reader for the RIFF/WAVE chunk list. It never trusts a size field: every offset is checked
 * against the real byte count before anything is read or allocated, so a truncated or lying header becomes
 * an {@link AudioFormatError} naming the file, never a crash inside a library, a hang or a 4 GB allocation.
 * Only the header is read here; the samples are decoded by wavefile (see decodeWav.ts).
 */
import { AudioFormatError } from '../errors';

/** Sample encodings this library decodes. */
export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64' | 'mulaw' | 'alaw';

/** What the header of a WAV file says, after validation. */
export interface WavInfo {
  /** Sample encoding (for WAVE_FORMAT_EXTENSIBLE: the sub-format). */
  encoding: WavEncoding;
  /** Format tag as stored (1 PCM, 3 float, 6 A-law, 7 μ-law, 0xFFFE extensible). */
  formatTag: number;
  /** Channel count, 1 … {@link WAV_MAX_CHANNELS}. */
  channels: number;
  /** Samples per second per channel, {@link WAV_MIN_SAMPLE_RATE} … {@link WAV_MAX_SAMPLE_RATE}. */
  sampleRate: number;
  /** Bits of one stored sample (the container size; 8, 16, 24, 32 or 64). */
  bitsPerSample: number;
  /** Bytes of one frame (one sample of every channel). */
  blockAlign: number;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  /** Whole frames in the data chunk (a trailing partial frame is ignored). */
  frames: number;
}

/** Most channels we accept: beyond this a header is taken to be corrupt (3rd-order ambisonics uses 16). */
export const WAV_MAX_CHANNELS = 256;
/**
 * Lowest sample rate we accept in an audio file, in Hz. Nothing real is stored below telephone-band 8 kHz; a
 * header saying 1–50 Hz is damage, and resampling it to 16 kHz would blow each sample up into 300–16000.
 */
export const WAV_MIN_SAMPLE_RATE = 1000;
/** Highest sample rate we accept in an audio file, in Hz (768 kHz, 16 × 48 kHz, is the highest rate in real use). */
export const WAV_MAX_SAMPLE_RATE = 768_000;

/** Names of codecs people meet in WAV files, so an unsupported one is named in the error. */
const CODEC_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM', 0x0011: 'IMA ADPCM', 0x0031: 'GSM 6.10', 0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG audio', 0x0055: 'MPEG Layer 3 (MP3)', 0x0161: 'Windows Media Audio', 0x2000: 'AC-3',
  0x00ff: 'AAC', 0xf1ac: 'FLAC',
};

/** Names of the format tags we decode, for "right codec, wrong bit depth" messages. */
const PLAIN_NAMES: Record<number, string> = { 1: 'PCM', 3: 'IEEE float', 6: 'A-law', 7: 'μ-law' };

const SUPPORTED = 'supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, μ-law, A-law (plain or WAVE_FORMAT_EXTENSIBLE)';

/** The tail shared by every KSDATAFORMAT_SUBTYPE GUID: xxxxxxxx-0000-0010-8000-00AA00389B71. */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

function printable(id: string): string {
  return /^[\x20-\x7e]{4}$/.test(id) ? `'${id}'` : `bytes ${[...id].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ')}`;
}

/** Recognises a few non-WAV audio containers by their magic bytes, for a helpful message. */
export function sniffAudioFormat(bytes: Uint8Array): 'wav' | 'ogg' | 'flac' | 'mp3' | 'unknown' {
  if (bytes.length < 4) return 'unknown';
  const id = ascii(bytes, 0);
  if (id === 'RIFF' || id === 'RIFX' || id === 'RF64') return 'wav';
  if (id === 'OggS') return 'ogg';
  if (id === 'fLaC') return 'flac';
  // MPEG audio frame sync (11 bits) with a valid layer; layer bits 00 would be AAC ADTS, not MP3.
  if (id.startsWith('ID3') || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0)) return 'mp3';
  return 'unknown';
}

function encodingOf(tag: number, bits: number): WavEncoding | undefined {
  if (tag === 1 && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) return `pcm${bits}` as WavEncoding;
  if (tag === 3 && (bits === 32 || bits === 64)) return `float${bits}` as WavEncoding;
  if (tag === 6 && bits === 8) return 'alaw';
  if (tag === 7 && bits === 8) return 'mulaw';
  return undefined;
}

/**
 * Reads and validates the header of a RIFF/WAVE file without touching the samples.
 *
 * @param bytes - The whole file.
 * @param name - File name (or a label) used in error messages.
 * @returns The validated {@link WavInfo}.
 * @throws {AudioFormatError} Truncated header, not RIFF/WAVE, missing fmt/data chunk, a chunk larger than the
 *   file, unsupported codec, channels or sample rate out of range, block-align mismatch, zero samples.
 * @example
 * const info = parseWavHeader(readFileSync('a.wav'), 'a.wav'); // { encoding: 'pcm16', channels: 2, ... }
 */
export function parseWavHeader(bytes: Uint8Array, name: string): WavInfo {
  const info = parseWavHeaderPrefix(bytes, bytes.length, name);
  if (!info) throw new AudioFormatError(`${name}: truncated header`); // unreachable: the prefix is the whole file
  return info;
}

/**
 * {@link parseWavHeader} from the first bytes of a file of `fileLength` bytes, for reading the samples in blocks
 * from the file itself (see openAudioReader): sizes are checked against `fileLength`.
 * @returns The validated header, or null if the chunk list runs past `prefix` before the 'data' chunk (read more).
 * @throws {AudioFormatError} As {@link parseWavHeader}.
 */
export function parseWavHeaderPrefix(prefix: Uint8Array, fileLength: number, name: string): WavInfo | null {
  const bytes = prefix;
  const fail = (what: string): never => {
    throw new AudioFormatError(`${name}: ${what}`);
  };
  const len = fileLength;
  if (bytes.length < Math.min(len, 12)) return null;
  if (len < 12) fail(`truncated header: the file has ${len} bytes, a WAV file needs at least 44`);
  const riff = ascii(bytes, 0);
  if (riff === 'RIFX') fail('big-endian RIFX WAV is not supported; convert it to little-endian RIFF (e.g. sox in.wav out.wav)');
  if (riff === 'RF64') fail('RF64 (WAV over 4 GB) is not supported; cut it into smaller WAV files');
  if (riff !== 'RIFF') {
    const kind = sniffAudioFormat(bytes);
    const hint = kind === 'unknown' ? '' : ` (it looks like ${kind.toUpperCase()}: use decodeAudio() or loadAudio(), which read it)`;
    fail(`not a RIFF/WAVE file: it starts with ${printable(riff)}, expected 'RIFF'${hint}`);
  }
  if (ascii(bytes, 8) !== 'WAVE') fail(`not a WAVE file: RIFF form type is ${printable(ascii(bytes, 8))}, expected 'WAVE'`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmtAt = -1;
  let fmtSize = 0;
  let dataAt = -1;
  let dataSize = 0;
  const seen: string[] = [];
  // Each step advances at least 8 bytes, so the walk ends in at most len/8 steps whatever the sizes say.
  for (let pos = 12; pos + 8 <= len && (fmtAt < 0 || dataAt < 0); ) {
    if (pos + 8 > bytes.length) return null; // the next chunk header is beyond the prefix
    const id = ascii(bytes, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    seen.push(printable(id));
    if (id === 'data' && size === 0xffffffff) {
      // "Length unknown": what streaming writers (e.g. ffmpeg to a pipe) leave. The data runs to the end.
      dataAt = body;
      dataSize = len - body;
      break;
    } else if (id === 'data') {
      if (size > len - body) {
        fail(`data chunk claims ${size} bytes but only ${len - body} bytes follow: the file is truncated or its header is corrupt`);
      }
      dataAt = body;
      dataSize = size;
    } else if (size > len - body) {
      fail(`truncated: chunk ${printable(id)} at byte ${pos} claims ${size} bytes but only ${len - body} follow`);
    } else if (id === 'fmt ') {
      fmtAt = body;
      fmtSize = size;
    }
    pos = body + size + (size & 1); // chunks are padded to an even length
  }
  if (fmtAt < 0) fail(`no 'fmt ' chunk (chunks found: ${seen.join(', ') || 'none'}); the header is truncated or corrupt`);
  if (dataAt < 0) fail(`no 'data' chunk (chunks found: ${seen.join(', ')}); the file is truncated or corrupt`);
  if (fmtSize < 16) fail(`'fmt ' chunk is ${fmtSize} bytes, at least 16 are needed`);
  if (fmtAt + Math.min(fmtSize, 40) > bytes.length) return null; // the fields read below are beyond the prefix

  const formatTag = view.getUint16(fmtAt, true);
  const channels = view.getUint16(fmtAt + 2, true);
  const sampleRate = view.getUint32(fmtAt + 4, true);
  const blockAlign = view.getUint16(fmtAt + 12, true);
  const bitsPerSample = view.getUint16(fmtAt + 14, true);

  let tag = formatTag;
  if (formatTag === 0xfffe) {
    if (fmtSize < 40) fail(`WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is ${fmtSize} bytes, 40 are needed`);
    const validBits = view.getUint16(fmtAt + 18, true);
    if (validBits > bitsPerSample) fail(`extensible header says ${validBits} valid bits in a ${bitsPerSample}-bit sample`);
    const guidOk = GUID_TAIL.every((b, i) => bytes[fmtAt + 26 + i] === b);
    if (!guidOk) fail(`WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID is not supported (${SUPPORTED})`);
    tag = view.getUint16(fmtAt + 24, true); // the GUID's first 2 bytes are the plain format tag
  }
  if (channels < 1 || channels > WAV_MAX_CHANNELS) fail(`header says ${channels} channels; valid: 1 to ${WAV_MAX_CHANNELS}`);
  if (sampleRate < WAV_MIN_SAMPLE_RATE || sampleRate > WAV_MAX_SAMPLE_RATE) {
    fail(`header says sample rate ${sampleRate} Hz; valid: ${WAV_MIN_SAMPLE_RATE} to ${WAV_MAX_SAMPLE_RATE} Hz`);
  }
  const encoding = encodingOf(tag, bitsPerSample);
  if (encoding === undefined) {
    const plain = PLAIN_NAMES[tag];
    fail(plain !== undefined
      ? `unsupported ${bitsPerSample}-bit ${plain} samples (${SUPPORTED})`
      : `unsupported codec ${CODEC_NAMES[tag] ?? `format tag 0x${tag.toString(16).padStart(4, '0')}`} (${SUPPORTED}); ` +
        'convert it first, e.g. sox in.wav -e signed -b 16 out.wav');
  }
  const expectedAlign = channels * (bitsPerSample / 8);
  if (blockAlign !== expectedAlign) {
    fail(`block-align mismatch: header says ${blockAlign} bytes per frame, but ${channels} channels × ${bitsPerSample} bits need ${expectedAlign}`);
  }
  const frames = Math.floor(dataSize / blockAlign);
  if (frames === 0) fail(`zero samples: the data chunk holds ${dataSize} bytes, less than one ${blockAlign}-byte frame`);
  return { encoding: encoding!, formatTag, channels, sampleRate, bitsPerSample, blockAlign, dataOffset: dataAt, frames };
}
