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
  for (let t = 0; t < rows; t++) {
    for (let a = 0; a < m; a++) {
      const za = z[t * m + a];
      if (za === 0) continue;
      for (let b = 0; b <= a; b++) G[a * m + b] += za * z[t * m + b];
      for (let c = 0; c < k; c++) R[a * k + c] += za * y[t * k + c];
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
