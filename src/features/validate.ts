/**
 * Argument checks shared by the features stage (librosa's `valid_audio` and friends). Every check throws a
 * {@link ParameterError} whose message names the argument, the bad value and what would be valid, because
 * a notebook cell shows only the message text.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { assertMatrix } from '../util/matrix';

/** Throws unless `value` is an integer ≥ `min` (default 1), e.g. `hopLength=0 must be a positive integer`. */
export function checkInteger(name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const what = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`;
    throw new ParameterError(`${name}=${String(value)} must be ${what}`);
  }
  return value;
}

/** Throws unless `value` is a finite number within [min, max] (either bound optional). */
export function checkNumber(name: string, value: unknown, min = -Infinity, max = Infinity, strictMin = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (strictMin && value === min)) {
    const lo = strictMin ? `> ${min}` : `≥ ${min}`;
    const range = min === -Infinity && max === Infinity ? 'a finite number'
      : max === Infinity ? `a finite number ${lo}` : `a finite number ${lo} and ≤ ${max}`;
    throw new ParameterError(`${name}=${String(value)} must be ${range}`);
  }
  return value;
}

/** Throws unless `nFft` is a power of two ≥ 2 (fft.js, the FFT used here, supports only those sizes). */
export function checkFftSize(name: string, value: unknown): number {
  checkInteger(name, value, 2);
  const n = value as number;
  if ((n & (n - 1)) !== 0) {
    throw new ParameterError(`${name}=${n} must be a power of two (e.g. 256, 512, 1024, 2048)`);
  }
  return n;
}

/** Throws unless `value` is one of `allowed`. */
export function checkOneOf<T>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ParameterError(`${name}=${JSON.stringify(value)} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
  return value as T;
}

/** Throws unless `m` is a well-formed finite matrix (optionally with `cols` columns and at least `minRows` rows). */
export function checkMatrix(name: string, m: unknown, opts: { cols?: number; minRows?: number } = {}): Matrix {
  assertMatrix(m as Matrix, name, opts);
  return m as Matrix;
}

/** Throws unless every value of `m` is ≥ 0 (magnitudes, powers). */
export function checkNonNegative(name: string, m: Matrix): void {
  for (let i = 0; i < m.data.length; i++) {
    if (m.data[i] < 0) {
      throw new ParameterError(`${name} has a negative value (${m.data[i]}) at row ${Math.floor(i / m.cols)}, column ${i % m.cols}; it must be a non-negative magnitude or power spectrogram`);
    }
  }
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an Array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'object') return `an object (${(v as object).constructor?.name ?? 'Object'})`;
  return `${typeof v} ${String(v)}`;
}
