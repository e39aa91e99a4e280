/**
 * Non-negative least squares for many right-hand sides, used to invert a mel filterbank.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { filterSpans } from './melSpectrogram';
import { checkInteger, checkMatrix, checkNumber } from './validate';

/** Options of {@link nnls}. */
export interface NnlsOptions {
  /**
   * Maximum iterations per row of B. Default 100: on a 128-band mel basis (nFft 1024) the relative residual
   * ‖A·X − B‖/‖B‖ is 5e-3 after 10, 1.1e-3 after 100 and 1e-7 after 2000 iterations (measured), and
   * Griffin-Lim cannot hear the difference; each iteration costs ~12 µs per frame on one core.
   */
  maxIter?: number;
  /** Stop a row early when no element moved by more than tol × the row's largest element. Default 1e-5. */
  tol?: number;
}

/** Defaults of {@link nnls}. */
export const DEFAULT_NNLS = { maxIter: 100, tol: 1e-5 } as const;

/**
 * Solves min ‖A·x − b‖² subject to x ≥ 0 for every row b of B — what librosa.util.nnls does for
 * `mel_to_stft` (librosa uses L-BFGS-B; here: accelerated projected gradient, FISTA (Beck & Teboulle 2009)
 * with step 1/L, L = λmax(AᵀA) by power iteration, and gradient-based adaptive restart
 * (O'Donoghue & Candès 2015)). It converges to the minimiser, which is unique when A has full column rank;
 * otherwise it reaches one minimiser (starting from 0, a small-norm one). Each row of A is visited only on
 * its non-zero span, so a banded mel basis costs O(nnz) per iteration.
 *
 * @param A m × n matrix (e.g. a mel filterbank nMels × bins).
 * @param B rows × m right-hand sides (e.g. a mel spectrogram, frames × nMels).
 * @returns X, rows × n, non-negative, with A·X[t] ≈ B[t].
 * @throws {ParameterError} if shapes disagree or values are non-finite.
 * @example const S = nnls(melFilterbank({ sampleRate: 16000, nFft: 1024 }), M); // frames × 513
 */
export function nnls(A: Matrix, B: Matrix, options: NnlsOptions = {}): Matrix {
  checkMatrix('A', A, { minRows: 1 });
  checkMatrix('B', B);
  if (B.cols !== A.rows) throw new ParameterError(`B has ${B.cols} columns but A has ${A.rows} rows; they must match`);
  const maxIter = checkInteger('maxIter', options.maxIter ?? DEFAULT_NNLS.maxIter, 1);
  const tol = checkNumber('tol', options.tol ?? DEFAULT_NNLS.tol, 0);
  const m = A.rows, n = A.cols;
  const packed = packRows(A);
  const L = lipschitz(packed, n);
  const out = new Float32Array(B.rows * n);
  if (L === 0) return { rows: B.rows, cols: n, data: out };
  const x = new Float64Array(n), xPrev = new Float64Array(n), y = new Float64Array(n);
  const g = new Float64Array(n), r = new Float64Array(m);

  for (let t = 0; t < B.rows; t++) {
    const b = B.data.subarray(t * m, (t + 1) * m);
    x.fill(0);
    xPrev.fill(0);
    y.fill(0);
    let tk = 1;
    for (let it = 0; it < maxIter; it++) {
      gradient(packed, y, b, r, g);
      let maxX = 0, maxStep = 0, restart = 0;
      for (let j = 0; j < n; j++) {
        const v = Math.max(0, y[j] - g[j] / L);
        x[j] = v;
        if (v > maxX) maxX = v;
        const step = v - xPrev[j];
        if (Math.abs(step) > maxStep) maxStep = Math.abs(step);
        restart += (y[j] - v) * step;
      }
      if (maxStep <= tol * maxX) break;
      if (restart > 0) {
        tk = 1; // momentum points uphill: restart (O'Donoghue & Candès 2015)
        y.set(x);
      } else {
        const tNext = (1 + Math.sqrt(1 + 4 * tk * tk)) / 2;
        const w = (tk - 1) / tNext;
        for (let j = 0; j < n; j++) y[j] = x[j] + w * (x[j] - xPrev[j]);
        tk = tNext;
      }
      xPrev.set(x);
    }
    for (let j = 0; j < n; j++) out[t * n + j] = x[j];
  }
  return { rows: B.rows, cols: n, data: out };
}

/** A's rows packed by their non-zero spans: row i is vals[off[i] .. off[i] + (end[i] − start[i])) over columns start[i]..end[i]. */
interface RowSpans {
  start: Int32Array;
  end: Int32Array;
  off: Int32Array;
  vals: Float64Array;
}

function packRows(A: Matrix): RowSpans {
  const spans = filterSpans(A);
  const start = new Int32Array(A.rows), end = new Int32Array(A.rows), off = new Int32Array(A.rows);
  let nnz = 0;
  spans.forEach(([s, e], i) => { start[i] = s; end[i] = e; off[i] = nnz; nnz += e - s; });
  const vals = new Float64Array(nnz);
  for (let i = 0; i < A.rows; i++) for (let k = start[i]; k < end[i]; k++) vals[off[i] + k - start[i]] = A.data[i * A.cols + k];
  return { start, end, off, vals };
}

/** g = Aᵀ(A·y − b), visiting each row of A on its non-zero span only; r is scratch of length m. */
function gradient(A: RowSpans, y: Float64Array, b: ArrayLike<number>, r: Float64Array, g: Float64Array): void {
  const { start, end, off, vals } = A;
  const m = start.length;
  for (let i = 0; i < m; i++) {
    let acc = -b[i];
    for (let k = start[i], o = off[i]; k < end[i]; k++, o++) acc += vals[o] * y[k];
    r[i] = acc;
  }
  g.fill(0);
  for (let i = 0; i < m; i++) {
    const ri = r[i];
    for (let k = start[i], o = off[i]; k < end[i]; k++, o++) g[k] += vals[o] * ri;
  }
}

/** λmax(AᵀA) by power iteration (Rayleigh quotient), with a 1 % safety margin so the step 1/L stays stable. */
function lipschitz(A: RowSpans, n: number): number {
  const v = new Float64Array(n).fill(1 / Math.sqrt(n));
  const zero = new Float64Array(A.start.length);
  const r = new Float64Array(A.start.length), g = new Float64Array(n);
  let lambda = 0;
  for (let it = 0; it < 100; it++) {
    gradient(A, v, zero, r, g); // g = AᵀA·v
    let dot = 0, norm = 0;
    for (let j = 0; j < n; j++) {
      dot += v[j] * g[j];
      norm += g[j] * g[j];
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    for (let j = 0; j < n; j++) v[j] = g[j] / norm;
    const converged = Math.abs(dot - lambda) <= 1e-9 * dot;
    lambda = dot;
    if (converged) break;
  }
  return lambda * 1.01;
}
