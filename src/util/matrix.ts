/** Small helpers for the row-major {@link Matrix} type shared by every stage. */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';

/** Makes a rows × cols matrix, zero-filled or wrapping `data` (which must have rows·cols elements). */
export function matrix(rows: number, cols: number, data?: Float32Array | ArrayLike<number>): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new ParameterError(`matrix shape must be non-negative integers, got ${rows} × ${cols}`);
  }
  const out = data === undefined ? new Float32Array(rows * cols)
    : data instanceof Float32Array ? data : Float32Array.from(data);
  if (out.length !== rows * cols) {
    throw new ParameterError(`matrix data has ${out.length} elements but the shape ${rows} × ${cols} needs ${rows * cols}`);
  }
  return { rows, cols, data: out };
}

/** Builds a matrix from an array of equal-length rows. */
export function fromRows(rows: ArrayLike<number>[]): Matrix {
  const cols = rows.length ? rows[0].length : 0;
  const out = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new ParameterError(`fromRows: row ${i} has ${r.length} values, expected ${cols}`);
    out.set(r, i * cols);
  });
  return { rows: rows.length, cols, data: out };
}

/** A view (no copy) of row `r`. */
export function row(m: Matrix, r: number): Float32Array {
  return m.data.subarray(r * m.cols, (r + 1) * m.cols);
}

/** Rows `start` (inclusive) to `end` (exclusive) as a matrix sharing memory with `m`. */
export function sliceRows(m: Matrix, start: number, end: number): Matrix {
  const s = Math.max(0, Math.min(start, m.rows));
  const e = Math.max(s, Math.min(end, m.rows));
  return { rows: e - s, cols: m.cols, data: m.data.subarray(s * m.cols, e * m.cols) };
}

/** Copies the rows listed in `indices` into a new matrix (e.g. a shuffled mini-batch). */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) out.set(row(m, indices[i]), i * m.cols);
  return { rows: indices.length, cols: m.cols, data: out };
}

/** True when every row of `m` equals its first row (no variation to learn from: silence, a constant feature). */
export function allRowsEqual(m: Matrix): boolean {
  const { cols, data } = m;
  for (let i = cols; i < data.length; i++) if (data[i] !== data[i % cols]) return false;
  return true;
}

/** Stacks matrices with the same number of columns on top of each other. */
export function concatRows(ms: Matrix[]): Matrix {
  if (ms.length === 0) return matrix(0, 0);
  const cols = ms[0].cols;
  let rows = 0;
  for (const m of ms) {
    if (m.cols !== cols) throw new ParameterError(`concatRows: column counts differ (${cols} vs ${m.cols})`);
    rows += m.rows;
  }
  const out = new Float32Array(rows * cols);
  let offset = 0;
  for (const m of ms) {
    out.set(m.data, offset);
    offset += m.data.length;
  }
  return { rows, cols, data: out };
}

/** The transpose as a new matrix. */
export function transpose(m: Matrix): Matrix {
  const out = new Float32Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = m.data[r * m.cols + c];
  }
  return { rows: m.cols, cols: m.rows, data: out };
}

/** Throws a {@link ParameterError} naming `name` unless `m` is a well-formed matrix with finite values. */
export function assertMatrix(m: Matrix, name: string, opts: { cols?: number; minRows?: number } = {}): void {
  if (!m || typeof m !== 'object' || !(m.data instanceof Float32Array)) {
    throw new ParameterError(`${name} must be a Matrix { rows, cols, data: Float32Array }`);
  }
  if (m.data.length !== m.rows * m.cols) {
    throw new ParameterError(`${name} has ${m.data.length} values but claims ${m.rows} × ${m.cols}`);
  }
  if (opts.cols !== undefined && m.cols !== opts.cols) {
    throw new ParameterError(`${name} has ${m.cols} columns, expected ${opts.cols}`);
  }
  if (opts.minRows !== undefined && m.rows < opts.minRows) {
    throw new ParameterError(`${name} has ${m.rows} rows, needs at least ${opts.minRows}`);
  }
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      throw new ParameterError(`${name} contains a non-finite value (${m.data[i]}) at row ${Math.floor(i / m.cols)}, column ${i % m.cols}`);
    }
  }
}
