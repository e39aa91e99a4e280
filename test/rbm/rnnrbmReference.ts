/**
 * An independent float64 reference for the RNN-RBM tests, written as plain loops straight from the paper's
 * equations (Boulanger-Lewandowski et al. 2012), with the back-propagation-through-time gradient derived by hand
 * (the library uses tfjs autodiff instead). Shares nothing with src/ beyond the parameter record's layout.
 */
import type { RNNRBMParams } from '../../src/rbm/models/RNNRBM';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => (x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** A float64 copy of every parameter array. */
export type P64 = Omit<RNNRBMParams, 'W' | 'visibleBias' | 'hiddenBias' | 'Wuv' | 'Wuh' | 'Wvu' | 'Wuu' | 'recurrentBias'> & Record<'W' | 'visibleBias' | 'hiddenBias' | 'Wuv' | 'Wuh' | 'Wvu' | 'Wuu' | 'recurrentBias', Float64Array>;
export const NAMES = ['W', 'visibleBias', 'hiddenBias', 'Wuv', 'Wuh', 'Wvu', 'Wuu', 'recurrentBias'] as const;

export function to64(p: RNNRBMParams): P64 {
  const q = { ...p } as unknown as P64;
  for (const k of NAMES) q[k] = Float64Array.from(p[k]);
  return q;
}

/** One chunk's forward pass: uPrev[t] = u(t−1) (u(−1) = 0), the biases of every frame, states U[t] = u(t). */
export function forward(p: P64, V: ArrayLike<number>, L: number, off = 0, u0?: ArrayLike<number>) {
  const { nVisible: nV, nHidden: nH, nRecurrent: nU } = p;
  const uPrev: number[][] = [], U: number[][] = [], BV: number[][] = [], BH: number[][] = [];
  let u = u0 ? Array.from(u0) : new Array(nU).fill(0);
  for (let t = 0; t < L; t++) {
    uPrev.push(u);
    const bv = Array.from(p.visibleBias), bh = Array.from(p.hiddenBias);
    for (let k = 0; k < nU; k++) {
      for (let i = 0; i < nV; i++) bv[i] += u[k] * p.Wuv[k * nV + i];
      for (let j = 0; j < nH; j++) bh[j] += u[k] * p.Wuh[k * nH + j];
    }
    BV.push(bv); BH.push(bh);
    const a = Array.from(p.recurrentBias);
    for (let l = 0; l < nU; l++) {
      for (let k = 0; k < nU; k++) a[l] += u[k] * p.Wuu[k * nU + l];
      for (let i = 0; i < nV; i++) a[l] += V[off + t * nV + i] * p.Wvu[i * nU + l];
    }
    u = a.map(Math.tanh);
    U.push(u);
  }
  return { uPrev, U, BV, BH };
}

/** Hidden pre-activations bh + (v/σ²)ᵀW of one frame. */
function hiddenIn(p: P64, v: ArrayLike<number>, off: number, bh: number[]): number[] {
  const s2 = p.visible === 'gaussian' ? p.sigma * p.sigma : 1;
  return bh.map((b, j) => {
    let a = b;
    for (let i = 0; i < p.nVisible; i++) a += (v[off + i] / s2) * p.W[i * p.nHidden + j];
    return a;
  });
}

/** F(v) of one frame with biases bv, bh. */
export function frameF(p: P64, v: ArrayLike<number>, off: number, bv: number[], bh: number[]): number {
  const s2 = p.visible === 'gaussian' ? p.sigma * p.sigma : 1;
  let f = 0;
  for (let i = 0; i < p.nVisible; i++) f += p.visible === 'gaussian' ? (v[off + i] - bv[i]) ** 2 / (2 * s2) : -v[off + i] * bv[i];
  for (const a of hiddenIn(p, v, off, bh)) f -= softplus(a);
  return f;
}

/** E(v, h) of one frame with biases bv, bh (for brute-force partition functions). */
export function frameEnergy(p: P64, v: ArrayLike<number>, h: ArrayLike<number>, bv: number[], bh: number[]): number {
  let e = 0;
  for (let i = 0; i < p.nVisible; i++) {
    e -= bv[i] * v[i];
    for (let j = 0; j < p.nHidden; j++) e -= v[i] * p.W[i * p.nHidden + j] * h[j];
  }
  for (let j = 0; j < p.nHidden; j++) e -= bh[j] * h[j];
  return e;
}

/** The batch layout of rnnrbmGradient: chunks of L frames, row b·L + t. */
export interface Batch64 { V: ArrayLike<number>; vNeg: ArrayLike<number>; mask: ArrayLike<number>; chunks: number; length: number; u0?: Float32Array }

/** The cost C = Σ mask·(F(v) − F(v⁻)) / Σ mask with v⁻ fixed. */
export function cost(p: P64, b: Batch64): number {
  const nV = p.nVisible, L = b.length;
  let c = 0, n = 0;
  for (let ch = 0; ch < b.chunks; ch++) {
    const f = forward(p, b.V, L, ch * L * nV, b.u0?.subarray(ch * p.nRecurrent, (ch + 1) * p.nRecurrent));
    for (let t = 0; t < L; t++) {
      const r = ch * L + t;
      if (!b.mask[r]) continue;
      c += b.mask[r] * (frameF(p, b.V, r * nV, f.BV[t], f.BH[t]) - frameF(p, b.vNeg, r * nV, f.BV[t], f.BH[t]));
      n += b.mask[r];
    }
  }
  return c / n;
}

/** ∂C/∂θ for every parameter array, derived by hand: CD terms per frame, then BPTT through the RNN. */
export function gradient(p: P64, b: Batch64): Record<(typeof NAMES)[number], Float64Array> {
  const { nVisible: nV, nHidden: nH, nRecurrent: nU } = p;
  const L = b.length;
  const g = Object.fromEntries(NAMES.map((k) => [k, new Float64Array(p[k].length)])) as Record<(typeof NAMES)[number], Float64Array>;
  let n = 0;
  for (let r = 0; r < b.mask.length; r++) n += b.mask[r];
  const s2 = p.visible === 'gaussian' ? p.sigma * p.sigma : 1;
  for (let ch = 0; ch < b.chunks; ch++) {
    const f = forward(p, b.V, L, ch * L * nV, b.u0?.subarray(ch * p.nRecurrent, (ch + 1) * p.nRecurrent));
    const gPrev: number[][] = [];
    for (let t = 0; t < L; t++) {
      const r = ch * L + t, c = b.mask[r] / n;
      const gbv = new Array(nV).fill(0), gbh = new Array(nH).fill(0);
      for (const [v, sign] of [[b.V, 1], [b.vNeg, -1]] as const) {
        const ph = hiddenIn(p, v, r * nV, f.BH[t]).map(sigmoid);
        for (let i = 0; i < nV; i++) {
          const x = v[r * nV + i];
          gbv[i] += sign * c * (p.visible === 'gaussian' ? -(x - f.BV[t][i]) / s2 : -x);
          for (let j = 0; j < nH; j++) g.W[i * nH + j] += sign * c * (-(x / s2) * ph[j]);
        }
        for (let j = 0; j < nH; j++) gbh[j] += sign * c * -ph[j];
      }
      const gu = new Array(nU).fill(0);
      for (let k = 0; k < nU; k++) {
        const u = f.uPrev[t][k];
        for (let i = 0; i < nV; i++) { g.Wuv[k * nV + i] += u * gbv[i]; gu[k] += p.Wuv[k * nV + i] * gbv[i]; }
        for (let j = 0; j < nH; j++) { g.Wuh[k * nH + j] += u * gbh[j]; gu[k] += p.Wuh[k * nH + j] * gbh[j]; }
      }
      for (let i = 0; i < nV; i++) g.visibleBias[i] += gbv[i];
      for (let j = 0; j < nH; j++) g.hiddenBias[j] += gbh[j];
      gPrev.push(gu);
    }
    // u(t−1) = U[t−1]; back through U[s] = tanh(A[s]), A[s] = b_u + u(s−1)·Wuu + v(s)·Wvu, for s = L−2 … 0.
    let dANext: number[] | null = null;
    for (let s = L - 2; s >= 0; s--) {
      const dU = gPrev[s + 1].slice();
      if (dANext) for (let k = 0; k < nU; k++) for (let l = 0; l < nU; l++) dU[k] += p.Wuu[k * nU + l] * dANext[l];
      const dA = dU.map((x, l) => x * (1 - f.U[s][l] ** 2));
      for (let l = 0; l < nU; l++) {
        g.recurrentBias[l] += dA[l];
        for (let i = 0; i < nV; i++) g.Wvu[i * nU + l] += b.V[(ch * L + s) * nV + i] * dA[l];
        for (let k = 0; k < nU; k++) g.Wuu[k * nU + l] += f.uPrev[s][k] * dA[l]; // u(s−1); u(−1) = u0 at the start
      }
      dANext = dA;
    }
  }
  return g;
}

/** k Gibbs steps of every frame's RBM from the data with given draws (the same recipe as the library). */
export function negatives(p: P64, V: ArrayLike<number>, chunks: number, L: number, hiddenU: ArrayLike<number>[], visibleNoise: ArrayLike<number>[], sampleVisible: boolean, u0?: Float32Array): Float64Array {
  const { nVisible: nV, nHidden: nH } = p;
  const out = Float64Array.from(V);
  for (let ch = 0; ch < chunks; ch++) {
    const f = forward(p, V, L, ch * L * nV, u0?.subarray(ch * p.nRecurrent, (ch + 1) * p.nRecurrent));
    for (let t = 0; t < L; t++) {
      const r = ch * L + t;
      let v = Array.from(V).slice(r * nV, (r + 1) * nV);
      for (let s = 0; s < hiddenU.length; s++) {
        const h = hiddenIn(p, v, 0, f.BH[t]).map((a, j) => (hiddenU[s][r * nH + j] < sigmoid(a) ? 1 : 0));
        const mean = f.BV[t].map((b, i) => {
          let a = b;
          for (let j = 0; j < nH; j++) a += p.W[i * nH + j] * h[j];
          return p.visible === 'gaussian' ? a : sigmoid(a);
        });
        if (!sampleVisible) v = mean;
        else v = mean.map((m, i) => (p.visible === 'gaussian' ? m + p.sigma * visibleNoise[s][r * nV + i] : visibleNoise[s][r * nV + i] < m ? 1 : 0));
      }
      out.set(v, r * nV);
    }
  }
  return out;
}
