/**
 * A streaming WAV writer for long generated audio: samples go to a temporary file chunk by chunk, so
 * minutes of audio never sit in memory at once; close() patches the sizes in the header and renames the
 * file into place, so the target is never a half-written file.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { FileExistsError, ParameterError } from '../errors';
import { bytesPerSample, headerLayout, MAX_WAV_DATA_BYTES, packFrames, wavHeader, type WavBitDepth } from './pcm';
import { validAudio } from './validAudio';
import { ensureParentDir, outputPathError, removeStaleTemps, tempPathFor } from '../util/atomicWrite';

/** Options of {@link createWavWriter}. */
export interface WavWriterOptions {
  /** Sample rate in Hz (required; a positive integer). */
  sampleRate: number;
  /** Channel count (default 1). */
  channels?: number;
  /** 16 (default), 24 or '32f'; see {@link EncodeOptions}. */
  bitDepth?: WavBitDepth;
  /** Replace an existing file at close (default false: FileExistsError). */
  force?: boolean;
}

/** The handle returned by {@link createWavWriter}. */
export interface WavWriter {
  /** Appends samples: a Float32Array (mono) or one Float32Array per channel, all the same length. */
  write(samples: Float32Array | Float32Array[]): void;
  /** Finishes the header, renames the file into place. Throws if nothing was written. */
  close(): Promise<void>;
  /** Drops the temporary file; the target is left untouched. Safe to call more than once. */
  abort(): void;
  /** Frames written so far. */
  readonly frames: number;
}

/**
 * Opens a streaming WAV writer at `path` (the file appears only when {@link WavWriter.close} succeeds).
 * Until then samples live in `.<name>.<pid>.<time>.tmp` beside the target; call `abort()` (e.g. in a
 * `finally`) to remove it if generation fails. Memory use is one chunk, whatever the total length.
 *
 * @param path - Output WAV file; parent folders are created.
 * @param opts - {@link WavWriterOptions}.
 * @throws {FileExistsError} If `path` exists and `force` is not true (checked at open and again at close).
 * @throws {ParameterError} Bad options; later, from write(): wrong channel count, ragged or non-finite
 *   samples, more than 4 GiB, or a writer already closed.
 * @example
 * const w = createWavWriter('out/long.wav', { sampleRate: 16000 });
 * for (const block of blocks) w.write(block);
 * await w.close();
 */
export function createWavWriter(path: string, opts: WavWriterOptions): WavWriter {
  const { sampleRate, channels = 1, bitDepth = 16, force = false } = opts ?? ({} as WavWriterOptions);
  if (typeof path !== 'string' || path.length === 0) throw new ParameterError(`createWavWriter(path): path must be a non-empty string, got ${JSON.stringify(path)}`);
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new ParameterError(`sampleRate is ${sampleRate}; it must be a positive whole number of Hz`);
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff) throw new ParameterError(`channels is ${channels}; valid: 1 to 65535`);
  const bps = bytesPerSample(bitDepth);
  if (!force && existsSync(path)) throw new FileExistsError(`${path} already exists; pass force: true to overwrite it`);
  const tmp = tempPathFor(path);
  const layout = headerLayout(bitDepth);
  let fd: number | undefined;
  ensureParentDir(path);
  removeStaleTemps(path); // what a killed earlier run (kill -9, power loss) left beside this output
  try {
    fd = openSync(tmp, 'wx');
  } catch (err) {
    throw outputPathError(path, err);
  }
  writeSync(fd, wavHeader(channels, sampleRate, bitDepth, 0)); // sizes patched by close()
  let frames = 0;

  const openFd = (): number => {
    if (fd === undefined) throw new ParameterError(`WAV writer for ${path} is already closed or aborted`);
    return fd;
  };
  const abort = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(tmp, { force: true });
  };

  return {
    get frames() { return frames; },
    write(samples) {
      const f = openFd();
      const list = samples instanceof Float32Array ? [samples] : samples;
      if (!Array.isArray(list) || list.length !== channels) {
        throw new ParameterError(`write(samples) for ${path}: expected ${channels === 1 ? 'a Float32Array or ' : ''}an array of ${channels} Float32Array channels, got ${Array.isArray(list) ? `${list.length} channels` : typeof samples}`);
      }
      const n = list[0]?.length ?? 0;
      if (n === 0) return;
      list.forEach((y, c) => {
        validAudio(y, `samples[${c}]`);
        if (y.length !== n) throw new ParameterError(`samples[${c}] has ${y.length} samples but samples[0] has ${n}; channels must be the same length`);
      });
      if ((frames + n) * channels * bps > MAX_WAV_DATA_BYTES) {
        throw new ParameterError(`${path}: writing ${n} more frames would exceed the 4 GiB a WAV file can hold; start a new file`);
      }
      writeSync(f, packFrames(list, 0, n, bitDepth));
      frames += n;
    },
    async close() {
      const f = openFd();
      try {
        if (frames === 0) throw new ParameterError(`WAV writer for ${path}: no samples were written, so no file was saved`);
        const header = wavHeader(channels, sampleRate, bitDepth, frames);
        const dataBytes = frames * channels * bps;
        if (dataBytes & 1) writeSync(f, new Uint8Array(1)); // RIFF pad byte
        // Patch only the size fields (RIFF size, fact sample count, data size): the rest is unchanged.
        for (const at of [layout.riffSizeAt, layout.factAt, layout.dataSizeAt]) {
          if (at >= 0) writeSync(f, header, at, 4, at);
        }
        fsyncSync(f);
        closeSync(f);
        fd = undefined;
        if (!force && existsSync(path)) throw new FileExistsError(`${path} appeared while writing; pass force: true to overwrite it`);
        renameSync(tmp, path);
      } catch (err) {
        abort();
        throw outputPathError(path, err);
      }
    },
    abort,
  };
}
