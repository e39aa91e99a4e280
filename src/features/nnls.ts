/**
 * Non-negative least squares for many right-hand sides, used to invert a mel filterbank.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { filterSpans } from './melSpectrogram';
import { checkInteger, checkMatrix, checkNumber } from './validate';

/** Options of {@link nnls}. */
export interface NnlsOptions {
  /** Maximum iterations per row of B. Default 200 (enough for mel bases; see the tests). */
  maxIter?: number;
  /** Stop a row when no element moved by more than tol × the row's largest element. Default 1e-6. */
  tol?: number;
}

/** Defaults of {@link nnls}. */
export const DEFAULT_NNLS = { maxIter: 200, tol: 1e-6 } as const;

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
  const m = A.rows, n = A.cols, a = A.data;
  const spans = filterSpans(A);
  const L = lipschitz(A, spans);
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
      gradient(a, spans, n, y, b, r, g);
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

/** g = Aᵀ(A·y − b), visiting each row of A on its non-zero span; r is scratch of length m. */
function gradient(a: Float32Array, spans: Array<[number, number]>, n: number, y: Float64Array, b: Float32Array, r: Float64Array, g: Float64Array): void {
  const m = spans.length;
  for (let i = 0; i < m; i++) {
    const [s, e] = spans[i];
    let acc = -b[i];
    for (let k = s; k < e; k++) acc += a[i * n + k] * y[k];
    r[i] = acc;
  }
  g.fill(0);
  for (let i = 0; i < m; i++) {
    const [s, e] = spans[i];
    const ri = r[i];
    for (let k = s; k < e; k++) g[k] += a[i * n + k] * ri;
  }
}

/** λmax(AᵀA) by power iteration (Rayleigh quotient), with a 1 % safety margin so the step 1/L stays stable. */
function lipschitz(A: Matrix, spans: Array<[number, number]>): number {
  const n = A.cols;
  const v = new Float64Array(n).fill(1 / Math.sqrt(n));
  const zero = new Float32Array(A.rows);
  const r = new Float64Array(A.rows), g = new Float64Array(n);
  let lambda = 0;
  for (let it = 0; it < 100; it++) {
    gradient(A.data, spans, n, v, zero, r, g); // g = AᵀA·v
    let dot = 0, norm = 0;
    for (let j = 0; j < n; j++) {
      dot += v[j] * g[j];
      norm += g[j] * g[j];
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    const next = dot;
    for (let j = 0; j < n; j++) v[j] = g[j] / norm;
    if (Math.abs(next - lambda) <= 1e-9 * next) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return lambda * 1.01;
}
