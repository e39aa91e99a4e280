/**
 * Test helpers: an averaged magnitude spectrum computed directly with fft.js (independent of src/features), and
 * two statistics of it — spectral flatness (geometric / arithmetic mean of the power spectrum: ~0.56 for white
 * noise, near 0 for a few sharp harmonic peaks) and spectral centroid in Hz.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const FFT = require('fft.js');

/** Mean power spectrum of Hann-windowed frames of size n (hop n/2). */
export function powerSpectrum(y: Float32Array, n = 4096): Float64Array {
  const fft = new FFT(n);
  const out = fft.createComplexArray(), input = new Array(n).fill(0);
  const P = new Float64Array(n / 2 + 1);
  let frames = 0;
  for (let start = 0; start + n <= y.length; start += n / 2, frames++) {
    for (let i = 0; i < n; i++) input[i] = y[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    fft.realTransform(out, input);
    for (let k = 0; k <= n / 2; k++) P[k] += out[2 * k] ** 2 + out[2 * k + 1] ** 2;
  }
  for (let k = 0; k < P.length; k++) P[k] /= Math.max(1, frames);
  return P;
}

/** Spectral flatness of a power spectrum (bins 1…N, DC excluded). */
export function flatness(P: Float64Array): number {
  let logSum = 0, sum = 0;
  for (let k = 1; k < P.length; k++) { logSum += Math.log(P[k] + 1e-20); sum += P[k]; }
  const n = P.length - 1;
  return Math.exp(logSum / n) / (sum / n);
}

/** Median over frames of the per-frame spectral flatness (frames of n samples, hop n/2). */
export function medianFrameFlatness(y: Float32Array, n = 2048): number {
  const values: number[] = [];
  for (let start = 0; start + n <= y.length; start += n / 2) values.push(flatness(powerSpectrum(y.subarray(start, start + n), n)));
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

/** Spectral centroid in Hz of a power spectrum of an n-point FFT at sampleRate. */
export function centroid(P: Float64Array, sampleRate: number): number {
  let num = 0, den = 0;
  for (let k = 0; k < P.length; k++) { const f = (k * sampleRate) / (2 * (P.length - 1)); num += f * P[k]; den += P[k]; }
  return num / den;
}

/** Root-mean-square of a signal. */
export function rmsOf(y: Float32Array): number {
  let s = 0;
  for (const v of y) s += v * v;
  return Math.sqrt(s / y.length);
}

/** Largest absolute sample. */
export function peakOf(y: Float32Array): number {
  let p = 0;
  for (const v of y) p = Math.max(p, Math.abs(v));
  return p;
}
