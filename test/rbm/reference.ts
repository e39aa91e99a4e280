/**
 * Independent float64 reference implementations for the RBM tests, written as plain loops straight from the
 * equations (no tfjs, no shared code with src/rbm beyond the types).
 */
import assert from 'node:assert/strict';
import type { CDBatch, RBMParams } from '../../src/rbm';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));

/** σᵢ² of each visible unit (1 for Bernoulli). */
function variances(p: RBMParams): number[] {
  return Array.from({ length: p.nVisible }, (_, i) => (p.logSigma ? Math.exp(2 * p.logSigma[i]) : 1));
}

/** Energy E(v, h) in float64. */
export function energy(p: RBMParams, v: ArrayLike<number>, h: ArrayLike<number>): number {
  const s2 = variances(p);
  let e = 0;
  for (let i = 0; i < p.nVisible; i++) {
    e += p.visible === 'gaussian' ? (v[i] - p.visibleBias[i]) ** 2 / (2 * s2[i]) : -p.visibleBias[i] * v[i];
    for (let j = 0; j < p.nHidden; j++) e -= (p.W[i * p.nHidden + j] * v[i] * h[j]) / s2[i];
  }
  for (let j = 0; j < p.nHidden; j++) e -= p.hiddenBias[j] * h[j];
  return e;
}

/** F(v) = −log Σₕ exp(−E(v, h)) by enumerating all 2^nHidden hidden states (log-sum-exp in float64). */
export function bruteForceFreeEnergy(p: RBMParams, v: ArrayLike<number>): number {
  const negE: number[] = [];
  for (let m = 0; m < 2 ** p.nHidden; m++) {
    const h = Array.from({ length: p.nHidden }, (_, j) => (m >> j) & 1);
    negE.push(-energy(p, v, h));
  }
  const max = Math.max(...negE);
  return -(max + Math.log(negE.reduce((s, x) => s + Math.exp(x - max), 0)));
}

/** p(h = 1 | v) per row, float64. */
function hiddenProbs(p: RBMParams, v: number[]): number[] {
  const s2 = variances(p);
  return Array.from({ length: p.nHidden }, (_, j) => {
    let a = p.hiddenBias[j];
    for (let i = 0; i < p.nVisible; i++) a += (v[i] / s2[i]) * p.W[i * p.nHidden + j];
    return sigmoid(a);
  });
}

/** E[v | h] per row, float64. */
function visibleMean(p: RBMParams, h: number[]): number[] {
  return Array.from({ length: p.nVisible }, (_, i) => {
    let a = p.visibleBias[i];
    for (let j = 0; j < p.nHidden; j++) a += p.W[i * p.nHidden + j] * h[j];
    return p.visible === 'gaussian' ? a : sigmoid(a);
  });
}

/** The CD-k gradient of one batch, computed row by row in float64 from the same draws the engines get. */
export function referenceCDGradient(p: RBMParams, batch: CDBatch) {
  const { nVisible: nv, nHidden: nh } = p;
  const s2 = variances(p);
  const B = batch.rows;
  const dW = new Float64Array(nv * nh);
  const db = new Float64Array(nv);
  const dc = new Float64Array(nh);
  const dz = new Float64Array(nv);
  const hiddenMean = new Float64Array(nh);
  const chain: number[] = [];
  const zStat = (x: number[], h: number[], sign: number) => {
    for (let i = 0; i < nv; i++) {
      let wh = 0;
      for (let j = 0; j < nh; j++) wh += p.W[i * nh + j] * h[j];
      dz[i] += (sign * ((x[i] - p.visibleBias[i]) ** 2 / 2 - x[i] * wh)) / s2[i] / B;
    }
  };
  for (let r = 0; r < B; r++) {
    const v0 = Array.from(batch.v0.subarray(r * nv, (r + 1) * nv));
    const ph0 = hiddenProbs(p, v0);
    let v = batch.chain ? Array.from(batch.chain.subarray(r * nv, (r + 1) * nv)) : v0;
    let ph = batch.chain ? hiddenProbs(p, v) : ph0;
    batch.hiddenUniforms.forEach((u, t) => {
      const h = ph.map((q, j) => (u[r * nh + j] < q ? 1 : 0));
      v = visibleMean(p, h);
      const noise = batch.visibleNoise?.[t];
      if (noise) v = v.map((m, i) => (p.visible === 'gaussian' ? m + Math.sqrt(s2[i]) * noise[r * nv + i] : noise[r * nv + i] < m ? 1 : 0));
      ph = hiddenProbs(p, v);
    });
    chain.push(...v);
    for (let i = 0; i < nv; i++) {
      for (let j = 0; j < nh; j++) dW[i * nh + j] += ((v0[i] / s2[i]) * ph0[j] - (v[i] / s2[i]) * ph[j]) / B;
      db[i] += (v0[i] - v[i]) / s2[i] / B;
    }
    for (let j = 0; j < nh; j++) {
      dc[j] += (ph0[j] - ph[j]) / B;
      hiddenMean[j] += ph0[j] / B;
    }
    zStat(v0, ph0, 1);
    zStat(v, ph, -1);
  }
  return { dW, dVisibleBias: db, dHiddenBias: dc, dLogVariance: dz, hiddenMean, chain };
}

/** Element-wise |actual − expected| ≤ tol · max(1, |expected|), naming the first element that is off. */
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} vs reference ${expected[i]}`);
  }
}

/** The CD-step configurations every engine is checked on against {@link referenceCDGradient}. */
export const ENGINE_CASES = [
  { name: 'Bernoulli CD-1', visible: 'bernoulli', k: 1, pcd: false, sampleVisible: false },
  { name: 'Bernoulli PCD-2, sampled visibles', visible: 'bernoulli', k: 2, pcd: true, sampleVisible: true },
  { name: 'Gaussian (learned σ) CD-1', visible: 'gaussian', k: 1, pcd: false, sampleVisible: false },
  { name: 'Gaussian (learned σ) PCD-3, sampled visibles', visible: 'gaussian', k: 3, pcd: true, sampleVisible: true },
] as const;
