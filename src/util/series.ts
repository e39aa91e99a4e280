/** Helpers on time series shared by the model (beat clock) and the measures (onset periodicity). */

/**
 * Normalised autocorrelation r(k) = Σₜ x̃ₜ x̃ₜ₊ₖ / Σₜ x̃ₜ² of the mean-removed series x̃, for k = 0 … maxLag
 * (the biased estimate, as librosa.autocorrelate: long lags are damped by (n − k)/n). A constant series gives 0s.
 */
export function autocorrelation(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= Math.max(1, n);
  const d = Float64Array.from({ length: n }, (_, i) => x[i] - mean);
  let energy = 0;
  for (let i = 0; i < n; i++) energy += d[i] * d[i];
  const r = new Float64Array(Math.max(0, Math.min(maxLag, n - 1) + 1));
  if (energy <= 1e-12 * n) return r;
  for (let k = 0; k < r.length; k++) {
    let s = 0;
    for (let i = 0; i + k < n; i++) s += d[i] * d[i + k];
    r[k] = s / energy;
  }
  return r;
}
