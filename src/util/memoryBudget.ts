/**
 * One memory budget for every request whose size comes from outside: a file header, a CLI flag, a model file
 * or an option object. The memory a request implies is computed first and compared with a stated limit, so a
 * header claiming 1 Hz, `--n-mels 1000000` or `nHidden: 1e12` is a typed error naming the culprit within
 * milliseconds, instead of minutes of swapping, a multi-GB allocation or V8's "Invalid typed array length".
 */
import { ParameterError, type RbmMusicError } from '../errors';

/**
 * The default limit for one request, in bytes: 2 GiB. Large enough for a 60-minute 44.1 kHz stereo file
 * decoded to float32 (635 MB) or a 4096 × 16384 model with its optimiser state (~1 GB); small enough that a
 * refused request cannot have taken a good part of a laptop's memory first.
 */
export const DEFAULT_MEMORY_LIMIT_BYTES = 2 * 1024 ** 3;

/** The environment variable that overrides the limit: bytes, or a number with K, M or G (binary units), e.g. `8G`. */
export const MEMORY_LIMIT_ENV = 'RBM_MUSIC_MEMORY_LIMIT';

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/**
 * The limit in force: `RBM_MUSIC_MEMORY_LIMIT` when set (read on every call, so a test or a notebook can change
 * it), else {@link DEFAULT_MEMORY_LIMIT_BYTES}.
 * @throws {ParameterError} If the variable is set to something that is not a positive size.
 * @example process.env.RBM_MUSIC_MEMORY_LIMIT = '8G'; memoryLimitBytes(); // 8589934592
 */
export function memoryLimitBytes(): number {
  const raw = process.env[MEMORY_LIMIT_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MEMORY_LIMIT_BYTES;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(raw);
  const bytes = m ? Number(m[1]) * UNITS[m[2].toUpperCase()] : NaN;
  if (!(bytes >= 1)) throw new ParameterError(`${MEMORY_LIMIT_ENV}=${JSON.stringify(raw)} is not a memory size; use bytes or e.g. 512M, 4G`);
  return Math.floor(bytes);
}

/** A byte count for messages: `1.5 GiB`, `300 MiB`, `12 KiB`, `800 bytes`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  for (const [unit, size] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3).replace(/\.?0+$/, '')} ${unit}`;
    }
  }
  return `${Math.round(bytes)} bytes`;
}

/** Options of {@link checkMemory}. */
export interface CheckMemoryOptions {
  /** The error class to throw (default {@link ParameterError}; AudioFormatError for a file's header, ModelFormatError for a model file). */
  error?: new (message: string) => RbmMusicError;
  /** What the user can do instead, appended to the message (e.g. `use fewer mel bands`). */
  hint?: string;
}

/**
 * Throws unless `bytes` (the memory a request implies) fits the limit in force ({@link memoryLimitBytes}).
 * Call it before allocating, with a message subject that names the file or option the size came from.
 *
 * @param bytes - Bytes the request would allocate (NaN and Infinity are refused too).
 * @param what - The request, naming its source, e.g. `"features --n-mels 1000000: the mel filterbank"`.
 * @param opts - {@link CheckMemoryOptions}: the error class and a hint.
 * @throws The chosen error class (default ParameterError): "`what` needs X, more than the Y memory limit; hint".
 * @example checkMemory(nMels * nBins * 4, `nMels=${nMels}: the mel filterbank`, { hint: 'use fewer mel bands' });
 */
export function checkMemory(bytes: number, what: string, opts: CheckMemoryOptions = {}): void {
  const limit = memoryLimitBytes();
  if (bytes <= limit) return; // false for NaN, so NaN is refused
  const Err = opts.error ?? ParameterError;
  throw new Err(`${what} needs ${formatBytes(bytes)}, more than the ${formatBytes(limit)} memory limit` +
    `${opts.hint ? `; ${opts.hint}` : ''} (the limit is set by ${MEMORY_LIMIT_ENV})`);
}

/** Bytes of `n` float32 values (4 each); a helper so callers state sizes in elements. */
export function float32Bytes(...dims: number[]): number {
  return 4 * dims.reduce((p, d) => p * d, 1);
}

/**
 * Bytes an RBM layer of this shape needs while training: the weights, their gradient, their momentum and the
 * engine's own copy (4 × nVisible × nHidden float32), plus a few batch-sized activations. Used by the RBM and
 * CRBM constructors, trainOnClips and the sweep CLI, so `nHidden: 1e12` fails at once with one message.
 * @example rbmTrainingBytes(128, 256) // ≈ 0.6 MB
 */
export function rbmTrainingBytes(nVisible: number, nHidden: number, batchSize = 64): number {
  return 4 * float32Bytes(nVisible, nHidden) + 6 * float32Bytes(batchSize, nVisible + nHidden);
}
