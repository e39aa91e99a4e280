/**
 * Exact log partition function and log-likelihood by enumerating every state of the SMALLER layer
 * (the other layer is summed or integrated out analytically). Cost: 2ⁿ · (nVisible + nHidden) with
 * n = min(nVisible, nHidden) (n = nHidden for Gaussian visibles), so it is limited to n ≤ 24.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { freeEnergy64 } from './freeEnergy';
import { checkData, softplus, toModel64, type Model64, type RBMLike } from './model64';

/** The largest number of enumerated units (2²⁴ ≈ 16.8 M states, seconds to minutes of work). */
export const EXACT_MAX_UNITS = 24;

/**
 * log Z of an RBM, exactly, in float64.
 *
 * - Bernoulli visibles: enumerates the smaller layer, e.g. over h:
 *   `log Z = log Σₕ exp(c·h + Σᵢ softplus(bᵢ + (Wh)ᵢ))`.
 * - Gaussian visibles: enumerates h and integrates v analytically:
 *   `Z = Σₕ exp(c·h) Πᵢ √(2πσᵢ²) exp((2bᵢmᵢ + mᵢ²) / 2σᵢ²)` with `m = Wh`.
 *
 * States are visited in Gray-code order (one unit flips per step, so each step costs O(other layer)) and
 * summed with a running log-sum-exp, so large energies neither overflow nor lose precision.
 *
 * @param rbm an `RBM` or its `RBMParams`.
 * @returns log Z in nats.
 * @throws ParameterError when the enumerated layer has more than {@link EXACT_MAX_UNITS} units; use
 *   {@link aisLogPartition} instead.
 * @example
 * const logZ = exactLogPartition(rbm); // a 784 × 20 RBM: 2²⁰ hidden states, about a second
 */
export function exactLogPartition(rbm: RBMLike): number {
  return exactLogPartition64(toModel64(rbm));
}

/**
 * Mean exact log-likelihood `(1/N) Σₙ log p(vₙ) = mean(−F(vₙ)) − log Z` per example (nats).
 * For Gaussian visibles this is a log-density (it depends on the units of v and can be positive).
 *
 * @param rbm an `RBM` or its `RBMParams`.
 * @param data examples × nVisible.
 * @param opts.logZ a log Z you already computed for this model (skips the enumeration).
 * @throws ParameterError on a shape mismatch or a model too large to enumerate.
 * @example
 * exactLogLikelihood(rbm, barsAndStripes(4)); // optimum for the 30 patterns: −log 30 ≈ −3.40
 */
export function exactLogLikelihood(rbm: RBMLike, data: Matrix, opts: { logZ?: number } = {}): number {
  const m = toModel64(rbm);
  checkData(data, m);
  const logZ = opts.logZ ?? exactLogPartition64(m);
  const F = freeEnergy64(m, data);
  let s = 0;
  for (let r = 0; r < F.length; r++) s -= F[r];
  return s / F.length - logZ;
}

/** {@link exactLogPartition} on an already-converted model. */
export function exactLogPartition64(m: Model64): number {
  const { nVisible: nV, nHidden: nH, W } = m;
  const overHidden = m.sigma2 !== null || nH <= nV;
  const n = overHidden ? nH : nV;
  if (n > EXACT_MAX_UNITS) {
    const which = m.sigma2 ? `nHidden = ${nH} (Gaussian visibles are integrated, hidden units enumerated)`
      : `min(nVisible, nHidden) = min(${nV}, ${nH}) = ${n}`;
    throw new ParameterError(`exactLogPartition enumerates 2^n states and allows n ≤ ${EXACT_MAX_UNITS}, but ${which}; use aisLogPartition for larger models`);
  }
  // cols[k] = how unit k of the enumerated layer moves the other layer's input; lin = its own bias.
  const L = overHidden ? nV : nH;
  const cols = new Float64Array(n * L);
  for (let i = 0; i < nV; i++) {
    for (let j = 0; j < nH; j++) {
      if (overHidden) cols[j * L + i] = W[i * nH + j];
      else cols[i * L + j] = W[i * nH + j];
    }
  }
  const lin = overHidden ? m.hiddenBias : m.visibleBias;
  const base = overHidden ? (m.sigma2 ? new Float64Array(nV) : m.visibleBias) : m.hiddenBias;
  const score = m.sigma2 ? gaussianScore(m) : (act: Float64Array): number => {
    let s = 0;
    for (let l = 0; l < L; l++) s += softplus(act[l]);
    return s;
  };

  const act = Float64Array.from(base);
  const state = new Uint8Array(n);
  let linSum = 0;
  let maxTerm = -Infinity;
  let sum = 0;
  const total = 2 ** n;
  for (let g = 0; g < total; g++) {
    if (g > 0) {
      const k = 31 - Math.clz32(g & -g); // Gray code: step g flips the lowest set bit of g
      const sign = state[k] ? -1 : 1;
      state[k] ^= 1;
      linSum += sign * lin[k];
      const off = k * L;
      for (let l = 0; l < L; l++) act[l] += sign * cols[off + l];
      if ((g & 4095) === 0) linSum = recompute(state, base, cols, lin, act); // bound float drift
    }
    const t = linSum + score(act);
    if (t > maxTerm) {
      sum = sum * Math.exp(maxTerm - t) + 1;
      maxTerm = t;
    } else {
      sum += Math.exp(t - maxTerm);
    }
  }
  let logZ = maxTerm + Math.log(sum);
  if (m.sigma2) for (let i = 0; i < nV; i++) logZ += 0.5 * Math.log(2 * Math.PI * m.sigma2[i]);
  return logZ;
}

/** Gaussian visibles: log ∫ exp(−E(v, h)) dv minus the constant Σ ½log(2πσ²), given m = Wh. */
function gaussianScore(m: Model64): (act: Float64Array) => number {
  const b = m.visibleBias;
  const s2 = m.sigma2 as Float64Array;
  return (mu: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < mu.length; i++) s += ((2 * b[i] + mu[i]) * mu[i]) / (2 * s2[i]);
    return s;
  };
}

function recompute(state: Uint8Array, base: Float64Array, cols: Float64Array, lin: Float64Array, act: Float64Array): number {
  const L = act.length;
  act.set(base);
  let linSum = 0;
  for (let k = 0; k < state.length; k++) {
    if (!state[k]) continue;
    linSum += lin[k];
    for (let l = 0; l < L; l++) act[l] += cols[k * L + l];
  }
  return linSum;
}
