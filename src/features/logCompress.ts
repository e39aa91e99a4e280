/**
 * log1p compression: log(1 + c·S). Unlike decibels it is exactly invertible (no floor, no topDb clipping)
 * and maps silence to 0, which suits binary/Gaussian RBM visible units.
 */
import type { Matrix } from '../types';
import { checkMatrix, checkNonNegative, checkNumber } from './validate';

/** Options of {@link logCompress} / {@link logDecompress}. */
export interface LogCompressOptions {
  /** Gain before the log: larger c compresses quiet parts more. Default 1. */
  c?: number;
}

/** Defaults of {@link logCompress}. */
export const DEFAULT_LOG_COMPRESS = { c: 1 } as const;

/**
 * log(1 + c·S) element-wise, for a non-negative spectrogram S.
 * @throws {ParameterError} for c ≤ 0 or a negative / non-finite S.
 * @example const X = logCompress(magnitude(stft(y)));
 */
export function logCompress(S: Matrix, options: LogCompressOptions = {}): Matrix {
  checkMatrix('S', S);
  checkNonNegative('S', S);
  const c = checkNumber('c', options.c ?? DEFAULT_LOG_COMPRESS.c, 0, Infinity, true);
  const out = new Float32Array(S.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.log1p(c * S.data[i]);
  return { rows: S.rows, cols: S.cols, data: out };
}

/**
 * The inverse of {@link logCompress}: (exp(X) − 1)/c, clamped at 0 (a generated X may dip below 0).
 * @throws {ParameterError} for c ≤ 0 or a non-finite X.
 * @example const S = logDecompress(logCompress(S0)); // ≈ S0
 */
export function logDecompress(X: Matrix, options: LogCompressOptions = {}): Matrix {
  checkMatrix('X', X);
  const c = checkNumber('c', options.c ?? DEFAULT_LOG_COMPRESS.c, 0, Infinity, true);
  const out = new Float32Array(X.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.expm1(X.data[i]) / c);
  return { rows: X.rows, cols: X.cols, data: out };
}
