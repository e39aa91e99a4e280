/**
 * The evaluation code works on a float64 copy of an RBM's parameters so that it is an independent, exact
 * reference for the float32 training engine. This file turns an `RBM` or its `RBMParams` into that copy
 * and holds the few numeric helpers (softplus, log-sum-exp) every evaluator shares.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';

/**
 * The parameter record every RBM exposes through `rbm.params()` (the shape of `RBMParams`), restated here
 * structurally so the evaluators accept both the class and a plain record.
 * Gaussian energy (Cho, Ilin & Raiko 2011), with σᵢ² = exp(2·logSigmaᵢ):
 * `E(v,h) = Σᵢ (vᵢ − bᵢ)² / 2σᵢ² − Σᵢⱼ vᵢ Wᵢⱼ hⱼ / σᵢ² − Σⱼ cⱼ hⱼ`.
 */
export interface RBMParamsLike {
  visible: 'bernoulli' | 'gaussian';
  nVisible: number;
  nHidden: number;
  W: ArrayLike<number>;
  visibleBias: ArrayLike<number>;
  hiddenBias: ArrayLike<number>;
  logSigma?: ArrayLike<number> | null;
}

/** Anything the evaluators accept: an object with `params()` (the `RBM` class) or the params record. */
export type RBMLike = RBMParamsLike | { params(): RBMParamsLike };

/** A float64 copy of an RBM's parameters; `sigma2` is null for Bernoulli visibles. */
export interface Model64 {
  visible: 'bernoulli' | 'gaussian';
  nVisible: number;
  nHidden: number;
  /** nVisible × nHidden row-major. */
  W: Float64Array;
  visibleBias: Float64Array;
  hiddenBias: Float64Array;
  /** Per-visible-unit variance σᵢ² (Gaussian only). */
  sigma2: Float64Array | null;
}

/**
 * Copies `model` (an `RBM` or `RBMParams`) into float64 and checks its shapes.
 * @throws ParameterError naming `name` when a shape or value is invalid.
 */
export function toModel64(model: RBMLike, name = 'rbm'): Model64 {
  if (!model || typeof model !== 'object') throw new ParameterError(`${name} must be an RBM or RBMParams, got ${String(model)}`);
  const p: RBMParamsLike = typeof (model as { params?: unknown }).params === 'function'
    ? (model as { params(): RBMParamsLike }).params() : (model as RBMParamsLike);
  const { nVisible, nHidden, visible } = p;
  if (visible !== 'bernoulli' && visible !== 'gaussian') {
    throw new ParameterError(`${name}.visible must be 'bernoulli' or 'gaussian', got ${String(visible)}`);
  }
  if (!Number.isInteger(nVisible) || nVisible < 1 || !Number.isInteger(nHidden) || nHidden < 1) {
    throw new ParameterError(`${name} needs positive integer nVisible and nHidden, got ${nVisible} × ${nHidden}`);
  }
  const check = (a: ArrayLike<number> | null | undefined, n: number, what: string): Float64Array => {
    if (!a || a.length !== n) throw new ParameterError(`${name}.${what} must have ${n} values, got ${a ? a.length : 'none'}`);
    const out = Float64Array.from(a);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(out[i])) throw new ParameterError(`${name}.${what}[${i}] is ${out[i]}; parameters must be finite`);
    }
    return out;
  };
  const W = check(p.W, nVisible * nHidden, 'W');
  const visibleBias = check(p.visibleBias, nVisible, 'visibleBias');
  const hiddenBias = check(p.hiddenBias, nHidden, 'hiddenBias');
  let sigma2: Float64Array | null = null;
  if (visible === 'gaussian') {
    sigma2 = p.logSigma ? check(p.logSigma, nVisible, 'logSigma').map((s) => Math.exp(2 * s)) : new Float64Array(nVisible).fill(1);
  }
  return { visible, nVisible, nHidden, W, visibleBias, hiddenBias, sigma2 };
}

/** Checks that `data` is a finite Matrix with the model's number of columns. */
export function checkData(data: Matrix, m: Model64, name = 'data'): void {
  if (!data || !(data.data instanceof Float32Array) || data.data.length !== data.rows * data.cols) {
    throw new ParameterError(`${name} must be a Matrix { rows, cols, data: Float32Array }`);
  }
  if (data.cols !== m.nVisible) {
    throw new ParameterError(`${name} has ${data.cols} columns but the RBM has nVisible = ${m.nVisible}`);
  }
  if (data.rows < 1) throw new ParameterError(`${name} has no rows; need at least 1 example`);
}

/** log(1 + eˣ) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The logistic function 1 / (1 + e⁻ˣ). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** log Σ exp(xᵢ), stable for any magnitudes. */
export function logSumExp(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i] - m);
  return m + Math.log(s);
}
