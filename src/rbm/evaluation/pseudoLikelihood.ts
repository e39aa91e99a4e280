/**
 * Pseudo-log-likelihood (Besag 1975) of Bernoulli RBMs: Σᵢ log p(vᵢ | v₋ᵢ), a cheap, Z-free monitor.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { Random } from '../../util/random';
import { hiddenInput } from './freeEnergy';
import { checkData, softplus, toModel64, type RBMLike } from './model64';

/** Options of {@link pseudoLogLikelihood}. */
export interface PseudoLikelihoodOptions {
  /**
   * 'exact' sums log p(vᵢ | v₋ᵢ) over ALL units (deterministic; costs ≈ nVisible · nHidden softplus per
   * example); 'sampled' is scikit-learn's `score_samples`: one random unit per example, times nVisible
   * (unbiased but noisy); 'auto' picks exact when rows · nVisible · nHidden ≤ `exactBudget`.
   */
  mode?: 'auto' | 'exact' | 'sampled';
  /** Work limit for 'auto' (≈ 0.1–0.3 s of work here). */
  exactBudget?: number;
  /** Seed choosing the flipped unit in 'sampled' mode. */
  seed?: number;
}

/** The defaults of {@link pseudoLogLikelihood}. */
export const DEFAULT_PSEUDO_LIKELIHOOD_OPTIONS = { mode: 'auto', exactBudget: 2e7, seed: 0 } as const;

/** Result of {@link pseudoLogLikelihood}: the mean PLL per example and which estimator produced it. */
export interface PseudoLikelihoodResult {
  /** Mean over examples of Σᵢ log p(vᵢ | v₋ᵢ) (nats per example, ≤ 0). */
  value: number;
  /** The estimator used. */
  mode: 'exact' | 'sampled';
}

/**
 * Mean pseudo-log-likelihood per example, using `log p(vᵢ | v₋ᵢ) = log σ(F(ṽ⁽ⁱ⁾) − F(v))` where ṽ⁽ⁱ⁾ is v
 * with unit i flipped (vᵢ → 1 − vᵢ, as scikit-learn does; meaningful for binary data).
 * The flip changes the hidden input by ±Wᵢ, so each unit costs O(nHidden) and no free energy is recomputed.
 *
 * @param rbm a Bernoulli `RBM` or its `RBMParams`.
 * @param data examples × nVisible, values in [0, 1] (binary for a true likelihood).
 * @returns `{ value, mode }`: compare values only between runs that used the same mode.
 * @throws ParameterError for Gaussian visibles (no flip; use the free-energy gap) or a bad mode.
 * @example
 * const { value, mode } = pseudoLogLikelihood(rbm, heldOut); // mode 'exact' for small models
 */
export function pseudoLogLikelihood(rbm: RBMLike, data: Matrix, opts: PseudoLikelihoodOptions = {}): PseudoLikelihoodResult {
  const o = { ...DEFAULT_PSEUDO_LIKELIHOOD_OPTIONS, ...opts };
  const m = toModel64(rbm);
  if (m.sigma2) throw new ParameterError(`pseudoLogLikelihood needs Bernoulli visible units; this RBM has visible = 'gaussian' (use freeEnergyGap or AIS)`);
  checkData(data, m);
  if (o.mode !== 'auto' && o.mode !== 'exact' && o.mode !== 'sampled') {
    throw new ParameterError(`mode must be 'auto', 'exact' or 'sampled', got ${String(o.mode)}`);
  }
  const { nVisible: nV, nHidden: nH, W, visibleBias: b } = m;
  const mode = o.mode === 'auto' ? (data.rows * nV * nH <= o.exactBudget ? 'exact' : 'sampled') : o.mode;
  const rng = new Random(o.seed);
  const a = new Float64Array(nH);
  const sp = new Float64Array(nH);
  const x = data.data;
  let total = 0;
  for (let r = 0; r < data.rows; r++) {
    const off = r * nV;
    hiddenInput(m, x, off, a);
    for (let j = 0; j < nH; j++) sp[j] = softplus(a[j]);
    // F(ṽ) − F(v) = −dᵢbᵢ − Σⱼ [softplus(aⱼ + dᵢWᵢⱼ) − softplus(aⱼ)], with dᵢ = (1 − vᵢ) − vᵢ.
    const flipGain = (i: number): number => {
      const d = 1 - 2 * x[off + i];
      let g = -d * b[i];
      const row = i * nH;
      for (let j = 0; j < nH; j++) g -= softplus(a[j] + d * W[row + j]) - sp[j];
      return -softplus(-g); // log σ(g)
    };
    if (mode === 'exact') {
      for (let i = 0; i < nV; i++) total += flipGain(i);
    } else {
      total += nV * flipGain(rng.int(nV));
    }
  }
  return { value: total / data.rows, mode };
}
