/**
 * Small dense linear algebra on row-major Float64Arrays (n × n, n ≈ 128): just what the density models need.
 * Kept by hand because it is a few loops and the sizes are tiny; anything bigger belongs in tfjs.
 */
import { ParameterError } from '../errors';

/**
 * Lower-triangular Cholesky factor L (C = L Lᵀ) of the symmetric positive-definite matrix whose lower triangle
 * is in `C` (n × n, row-major; the upper triangle is not read).
 * @param what names the caller and its remedy in the error, e.g. `'fitFullGaussian'`.
 * @throws {ParameterError} when a pivot is not positive (C is not positive definite).
 */
export function cholesky(C: Float64Array, n: number, what: string, remedy = 'raise ridge'): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = C[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new ParameterError(`${what}: the covariance is not positive definite (pivot ${i} = ${s}); ${remedy}`);
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j];
      }
    }
  }
  return L;
}

/** Solves L z = x for z by forward substitution (L lower-triangular n × n); writes z into `out`. */
export function forwardSubstitute(L: Float64Array, n: number, x: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let j = 0; j < i; j++) s -= L[i * n + j] * out[j];
    out[i] = s / L[i * n + i];
  }
  return out;
}

/**
 * Mean and covariance of the rows of `x` (rows × cols, row-major), the covariance's lower triangle filled
 * (divided by rows, as the maximum-likelihood estimate), plus `ridge` on the diagonal.
 */
export function meanAndCovariance(x: ArrayLike<number>, rows: number, cols: number, ridge = 0): { mu: Float64Array; C: Float64Array } {
  const mu = new Float64Array(cols);
  for (let t = 0; t < rows; t++) for (let i = 0; i < cols; i++) mu[i] += x[t * cols + i];
  for (let i = 0; i < cols; i++) mu[i] /= rows;
  const C = new Float64Array(cols * cols);
  const d = new Float64Array(cols);
  for (let t = 0; t < rows; t++) {
    for (let i = 0; i < cols; i++) d[i] = x[t * cols + i] - mu[i];
    for (let i = 0; i < cols; i++) {
      const di = d[i];
      for (let j = 0; j <= i; j++) C[i * cols + j] += di * d[j];
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j <= i; j++) C[i * cols + j] /= rows;
    C[i * cols + i] += ridge;
  }
  return { mu, C };
}

/** Solves Lᵀ z = x for z by back substitution (L lower-triangular n × n); writes z into `out`. */
export function backSubstitute(L: Float64Array, n: number, x: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= L[j * n + i] * out[j];
    out[i] = s / L[i * n + i];
  }
  return out;
}

/**
 * Ridge least squares: the m × k matrix B minimising Σₜ ‖yₜ − B zₜ‖² + ridge·rows·‖B‖² for rows of `z`
 * (rows × m) and `y` (rows × k), row-major m × k result (so yₜ ≈ zₜ B). Solved by Cholesky of zᵀz + ridge·rows·I.
 * @throws {ParameterError} naming `what` when the system is singular (ridge 0 and collinear z).
 */
export function ridgeRegression(z: Float64Array, y: Float64Array, rows: number, m: number, k: number, ridge: number, what: string): Float64Array {
  const G = new Float64Array(m * m), R = new Float64Array(m * k);
  // Rows in blocks of 8, copied column by column (zb[a·8 + r] = z of row r, input a), so that each product of two
  // inputs over the block is 8 contiguous multiply-adds, and G and R (m² and m·k numbers, more than the L2 cache
  // for a few hundred inputs) are streamed through once per 8 rows instead of once per row. A short last block is
  // padded with zero rows, which add nothing. (22 000 rows × 272 inputs × 128 outputs: 5.3 s → 1.6 s.)
  const zb = new Float64Array(m * 8), yb = new Float64Array(k * 8);
  for (let t0 = 0; t0 < rows; t0 += 8) {
    zb.fill(0); yb.fill(0);
    for (let r = 0; r < 8 && t0 + r < rows; r++) {
      for (let a = 0; a < m; a++) zb[a * 8 + r] = z[(t0 + r) * m + a];
      for (let c = 0; c < k; c++) yb[c * 8 + r] = y[(t0 + r) * k + c];
    }
    for (let a = 0; a < m; a++) {
      const p = a * 8;
      const z0 = zb[p], z1 = zb[p + 1], z2 = zb[p + 2], z3 = zb[p + 3], z4 = zb[p + 4], z5 = zb[p + 5], z6 = zb[p + 6], z7 = zb[p + 7];
      for (let b = 0, q = 0; b <= a; b++, q += 8) {
        G[a * m + b] += z0 * zb[q] + z1 * zb[q + 1] + z2 * zb[q + 2] + z3 * zb[q + 3] + z4 * zb[q + 4] + z5 * zb[q + 5] + z6 * zb[q + 6] + z7 * zb[q + 7];
      }
      for (let c = 0, q = 0; c < k; c++, q += 8) {
        R[a * k + c] += z0 * yb[q] + z1 * yb[q + 1] + z2 * yb[q + 2] + z3 * yb[q + 3] + z4 * yb[q + 4] + z5 * yb[q + 5] + z6 * yb[q + 6] + z7 * yb[q + 7];
      }
    }
  }
  for (let a = 0; a < m; a++) G[a * m + a] += ridge * rows;
  const L = cholesky(G, m, what, 'raise the ridge');
  const B = new Float64Array(m * k), col = new Float64Array(m), tmp = new Float64Array(m), sol = new Float64Array(m);
  for (let c = 0; c < k; c++) {
    for (let a = 0; a < m; a++) col[a] = R[a * k + c];
    backSubstitute(L, m, forwardSubstitute(L, m, col, tmp), sol);
    for (let a = 0; a < m; a++) B[a * k + c] = sol[a];
  }
  return B;
}
