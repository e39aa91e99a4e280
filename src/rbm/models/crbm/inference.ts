/**
 * Inference of a Conditional RBM for one history at a time, in plain typed arrays: prediction and
 * generation step one frame at a time, where a few thousand multiply-adds per step are far cheaper in plain
 * JavaScript than a tensor launch.
 */
import { Random } from '../../../util/random';
import type { CRBMParams } from './types';

/** Scratch buffers for one history, reused across frames so the loops allocate nothing. */
export interface Scratch {
  bDyn: Float64Array;
  cDyn: Float64Array;
  v: Float64Array;
  h: Float64Array;
}

export function makeScratch(p: CRBMParams): Scratch {
  return { bDyn: new Float64Array(p.nVisible), cDyn: new Float64Array(p.nHidden), v: new Float64Array(p.nVisible), h: new Float64Array(p.nHidden) };
}

/** b̂ = b + xA and ĉ = c + xB for the history x = data[off … off + order·nVisible). */
export function dynamicBiases(p: CRBMParams, data: ArrayLike<number>, off: number, s: Scratch): void {
  const { nVisible: nV, nHidden: nH } = p;
  s.bDyn.set(p.visibleBias);
  s.cDyn.set(p.hiddenBias);
  const D = p.order * nV;
  for (let k = 0; k < D; k++) {
    const x = data[off + k];
    if (x === 0) continue;
    for (let i = 0; i < nV; i++) s.bDyn[i] += x * p.A[k * nV + i];
    for (let j = 0; j < nH; j++) s.cDyn[j] += x * p.B[k * nH + j];
  }
}

/** Hidden pre-activations ĉ + vW for the current s.v, written to `out`. */
export function hiddenInput(p: CRBMParams, s: Scratch, out: Float64Array): Float64Array {
  const { nVisible: nV, nHidden: nH, W } = p;
  out.set(s.cDyn);
  for (let i = 0; i < nV; i++) {
    const x = s.v[i];
    if (x === 0) continue;
    for (let j = 0; j < nH; j++) out[j] += x * W[i * nH + j];
  }
  return out;
}

/** s.v ← E[v | h = s.h, x] (visible pre-activations divided by T for Bernoulli units). */
export function visibleMeanInto(p: CRBMParams, s: Scratch, T = 1): void {
  const { nVisible: nV, nHidden: nH, W } = p;
  for (let i = 0; i < nV; i++) {
    let a = s.bDyn[i];
    for (let j = 0; j < nH; j++) a += W[i * nH + j] * s.h[j];
    s.v[i] = p.visible === 'gaussian' ? a : 1 / (1 + Math.exp(-a / T));
  }
}

/**
 * Mean-field prediction of the next frame from the history at data[off…]: start at the dynamic-bias mean
 * E[v | h = 0, x] and iterate v ← E[v | h = p(h | v, x)] `steps` times. Result in s.v.
 */
export function meanFieldPredict(p: CRBMParams, data: ArrayLike<number>, off: number, steps: number, s: Scratch): Float64Array {
  dynamicBiases(p, data, off, s);
  s.h.fill(0);
  visibleMeanInto(p, s);
  for (let t = 0; t < steps; t++) {
    hiddenInput(p, s, s.h);
    for (let j = 0; j < s.h.length; j++) s.h[j] = 1 / (1 + Math.exp(-s.h[j]));
    visibleMeanInto(p, s);
  }
  return s.v;
}

/**
 * One generated frame: Gibbs steps h ~ p(h | v, x), v ← E[v | h, x] + noise·(sample − mean) from the
 * starting s.v (the previous frame), then a final half step v ← E[v | h, x] with h drawn from p(h | v, x)
 * (`finalHidden` 'sample', the default: Taylor et al.'s generation — mean visibles, stochastic hiddens) or set to
 * its probabilities ('meanField': the frame is an average over hidden states). Result in s.v.
 *
 * Why 'sample' is the default (bench/generate.bench.ts, CLI-default CRBM on the bundled songs, 10 s, seeds 1–3):
 * the mean-field read-out averaged every frame back towards the same state, a drone (frame-to-frame change
 * 0.063 in standardised features vs 0.272 in the training audio; spectral flux 0.86 vs 1.87); a sampled final
 * hidden layer gives 0.191 and 1.18 with spectral flatness unchanged (0.181 → 0.176; white noise ≈ 0.56).
 * Visible noise instead (noise 0.5–1) moved less (0.08–0.11) and collapsed one seed in three to a single tone.
 */
export function gibbsFrame(p: CRBMParams, s: Scratch, steps: number, T: number, noise: number, rng: Random, finalHidden: 'sample' | 'meanField' = 'sample'): Float64Array {
  const nH = p.nHidden;
  for (let t = 0; t < steps; t++) {
    hiddenInput(p, s, s.h);
    for (let j = 0; j < nH; j++) s.h[j] = rng.next() < 1 / (1 + Math.exp(-s.h[j] / T)) ? 1 : 0;
    visibleMeanInto(p, s, T);
    if (noise > 0) {
      for (let i = 0; i < s.v.length; i++) {
        const m = s.v[i];
        const sample = p.visible === 'gaussian' ? m + Math.sqrt(T) * rng.normal() : rng.next() < m ? 1 : 0;
        s.v[i] = m + noise * (sample - m);
      }
    }
  }
  hiddenInput(p, s, s.h);
  if (finalHidden === 'sample') for (let j = 0; j < nH; j++) s.h[j] = rng.next() < 1 / (1 + Math.exp(-s.h[j] / T)) ? 1 : 0;
  else for (let j = 0; j < nH; j++) s.h[j] = 1 / (1 + Math.exp(-s.h[j] / T));
  visibleMeanInto(p, s, T);
  return s.v;
}

/** Free energy F(v | x) of the frame at v[vOff…] given the history at x[xOff…]. */
export function freeEnergyOne(p: CRBMParams, x: ArrayLike<number>, xOff: number, v: ArrayLike<number>, vOff: number, s: Scratch): number {
  dynamicBiases(p, x, xOff, s);
  for (let i = 0; i < p.nVisible; i++) s.v[i] = v[vOff + i];
  hiddenInput(p, s, s.h);
  let f = 0;
  for (let i = 0; i < p.nVisible; i++) {
    const d = s.v[i] - s.bDyn[i];
    f += p.visible === 'gaussian' ? 0.5 * d * d : -s.bDyn[i] * s.v[i];
  }
  for (let j = 0; j < p.nHidden; j++) {
    const a = s.h[j];
    f -= a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
  }
  return f;
}
