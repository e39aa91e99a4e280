/**
 * Free energy in float64: the exact reference for `rbm.freeEnergy(v)` and the building block of exact
 * log-likelihoods, the free-energy gap and pseudo-likelihood.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { checkData, softplus, toModel64, type Model64, type RBMLike } from './model64';

/**
 * Hidden pre-activations `a = c + vᵀW` (Bernoulli) or `a = c + (v/σ²)ᵀW` (Gaussian) for one visible vector
 * `v` (length nVisible) starting at `offset`, written into `out` (length nHidden).
 */
export function hiddenInput(m: Model64, v: ArrayLike<number>, offset: number, out: Float64Array): Float64Array {
  const { nVisible, nHidden, W, hiddenBias, sigma2 } = m;
  out.set(hiddenBias);
  for (let i = 0; i < nVisible; i++) {
    const x = sigma2 ? v[offset + i] / sigma2[i] : v[offset + i];
    if (x === 0) continue; // binary data is mostly zeros: skip the row
    const base = i * nHidden;
    for (let j = 0; j < nHidden; j++) out[j] += x * W[base + j];
  }
  return out;
}

/** The visible-only part of −F(v): `b·v` (Bernoulli) or `−Σ (vᵢ − bᵢ)² / 2σᵢ²` (Gaussian). */
export function visibleTerm(m: Model64, v: ArrayLike<number>, offset: number): number {
  let s = 0;
  if (m.sigma2) {
    for (let i = 0; i < m.nVisible; i++) {
      const d = v[offset + i] - m.visibleBias[i];
      s -= (d * d) / (2 * m.sigma2[i]);
    }
  } else {
    for (let i = 0; i < m.nVisible; i++) s += m.visibleBias[i] * v[offset + i];
  }
  return s;
}

/**
 * Free energy F(v) = −log Σₕ exp(−E(v, h)) of each row of `v`, in float64.
 *
 * Bernoulli: `F(v) = −b·v − Σⱼ softplus(cⱼ + Σᵢ vᵢWᵢⱼ)`.
 * Gaussian (Cho, Ilin & Raiko 2011): `F(v) = Σᵢ (vᵢ − bᵢ)²/2σᵢ² − Σⱼ softplus(cⱼ + Σᵢ vᵢWᵢⱼ/σᵢ²)`.
 * So `p(v) = exp(−F(v)) / Z` (a probability for Bernoulli, a density for Gaussian).
 *
 * @param rbm an `RBM` or its `RBMParams`.
 * @param v examples × nVisible, or one visible vector of length nVisible.
 * @returns one free energy per row (nats).
 * @throws ParameterError when the shape does not match the model.
 * @example
 * const F = freeEnergyOf(rbm, data); // Float64Array(data.rows)
 */
export function freeEnergyOf(rbm: RBMLike, v: Matrix | ArrayLike<number>): Float64Array {
  const m = toModel64(rbm);
  const data: Matrix = isMatrix(v) ? v : { rows: 1, cols: v.length, data: Float32Array.from(v) };
  if (!isMatrix(v) && v.length !== m.nVisible) {
    throw new ParameterError(`v has ${v.length} values but the RBM has nVisible = ${m.nVisible}`);
  }
  checkData(data, m, 'v');
  return freeEnergy64(m, data);
}

/** {@link freeEnergyOf} on an already-converted model (no copying or checks). */
export function freeEnergy64(m: Model64, data: Matrix): Float64Array {
  const out = new Float64Array(data.rows);
  const a = new Float64Array(m.nHidden);
  for (let r = 0; r < data.rows; r++) {
    const off = r * data.cols;
    hiddenInput(m, data.data, off, a);
    let f = -visibleTerm(m, data.data, off);
    for (let j = 0; j < m.nHidden; j++) f -= softplus(a[j]);
    out[r] = f;
  }
  return out;
}

function isMatrix(v: unknown): v is Matrix {
  return typeof v === 'object' && v !== null && 'rows' in v && 'cols' in v && 'data' in v;
}
