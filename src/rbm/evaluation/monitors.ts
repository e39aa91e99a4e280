/**
 * Cheap training monitors from Hinton's practical guide (UTML TR 2010-003): §5 reconstruction error (a poor
 * but familiar signal), §6 the free-energy gap between training and held-out data (overfitting), §13
 * hidden-unit activity (dead and saturated units) and §4 the weight/update ratio (≈ 1e-3 is healthy).
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { freeEnergy64, hiddenInput } from './freeEnergy';
import { checkData, sigmoid, toModel64, type Model64, type RBMLike } from './model64';

/** Result of {@link freeEnergyGap}. */
export interface FreeEnergyGap {
  /** mean F(held-out) − mean F(train subset): growing over training means overfitting (guide §6). */
  gap: number;
  /** Mean free energy of the training subset (nats). */
  trainFreeEnergy: number;
  /** Mean free energy of the held-out rows used (nats). */
  heldOutFreeEnergy: number;
  /** Number of rows taken from each set. */
  rows: number;
}

/**
 * Free-energy gap (guide §6): the mean free energy of held-out data minus that of an equally large,
 * evenly spaced subset of the training data. Z cancels, so this is the log-likelihood ratio of the two
 * sets up to sign: near 0 is good, a steadily growing gap means the model is memorising the training set.
 *
 * @param rbm an `RBM` or its `RBMParams`.
 * @param train training examples × nVisible.
 * @param heldOut validation examples × nVisible.
 * @param opts.maxRows at most this many rows from each set (default: all of the smaller set).
 * @throws ParameterError on a shape mismatch.
 * @example
 * const { gap } = freeEnergyGap(rbm, train, valid, { maxRows: 500 });
 */
export function freeEnergyGap(rbm: RBMLike, train: Matrix, heldOut: Matrix, opts: { maxRows?: number } = {}): FreeEnergyGap {
  const m = toModel64(rbm);
  checkData(train, m, 'train');
  checkData(heldOut, m, 'heldOut');
  const maxRows = opts.maxRows ?? Infinity;
  if (!(maxRows >= 1)) throw new ParameterError(`maxRows must be ≥ 1, got ${maxRows}`);
  const n = Math.floor(Math.min(train.rows, heldOut.rows, maxRows));
  const trainFreeEnergy = mean(freeEnergy64(m, evenRows(train, n)));
  const heldOutFreeEnergy = mean(freeEnergy64(m, evenRows(heldOut, n)));
  return { gap: heldOutFreeEnergy - trainFreeEnergy, trainFreeEnergy, heldOutFreeEnergy, rows: n };
}

/**
 * Mean squared reconstruction error per element after one deterministic mean-field pass
 * v → p(h | v) → E[v | h = p(h | v)] (no sampling, so it is repeatable; training code that samples h
 * reports slightly larger values). Guide §5: easy to compute, but a poor measure of the model.
 *
 * @returns mean over examples and units of (v − v̂)².
 * @throws ParameterError on a shape mismatch.
 * @example
 * reconstructionError(rbm, valid); // e.g. 0.02 for bars-and-stripes once learned
 */
export function reconstructionError(rbm: RBMLike, data: Matrix): number {
  const m = toModel64(rbm);
  checkData(data, m);
  const { nVisible: nV, nHidden: nH, W, visibleBias: b } = m;
  const a = new Float64Array(nH);
  let s = 0;
  for (let r = 0; r < data.rows; r++) {
    hiddenInput(m, data.data, r * nV, a);
    for (let j = 0; j < nH; j++) a[j] = sigmoid(a[j]);
    for (let i = 0; i < nV; i++) {
      let x = b[i];
      for (let j = 0; j < nH; j++) x += W[i * nH + j] * a[j];
      const d = data.data[r * nV + i] - (m.sigma2 ? x : sigmoid(x));
      s += d * d;
    }
  }
  return s / (data.rows * nV);
}

/** Result of {@link hiddenActivationStats}. */
export interface HiddenActivationStats {
  /** Mean p(hⱼ = 1 | v) over the data, per hidden unit. */
  meanActivation: Float64Array;
  /** Mean of all activations (compare with a sparsity target, guide §11: 0.01–0.1). */
  overallMean: number;
  /** Fraction of hidden units whose mean activation is below `deadBelow` (never on: wasted capacity). */
  fractionDead: number;
  /** Fraction of hidden units whose mean activation is above `saturatedAbove` (always on: a bias). */
  fractionSaturated: number;
}

/**
 * How active each hidden unit is on `data` (guide §13 "visualising": units that are always off or always on
 * carry no information).
 * @param opts.deadBelow default 0.01; `opts.saturatedAbove` default 0.99.
 * @throws ParameterError on a shape mismatch.
 * @example
 * const { fractionDead } = hiddenActivationStats(rbm, train);
 */
export function hiddenActivationStats(rbm: RBMLike, data: Matrix, opts: { deadBelow?: number; saturatedAbove?: number } = {}): HiddenActivationStats {
  const deadBelow = opts.deadBelow ?? 0.01, saturatedAbove = opts.saturatedAbove ?? 0.99;
  const m = toModel64(rbm);
  checkData(data, m);
  const a = new Float64Array(m.nHidden);
  const meanActivation = new Float64Array(m.nHidden);
  for (let r = 0; r < data.rows; r++) {
    hiddenInput(m, data.data, r * m.nVisible, a);
    for (let j = 0; j < m.nHidden; j++) meanActivation[j] += sigmoid(a[j]) / data.rows;
  }
  let dead = 0, saturated = 0;
  for (const p of meanActivation) {
    if (p < deadBelow) dead++;
    if (p > saturatedAbove) saturated++;
  }
  return { meanActivation, overallMean: mean(meanActivation), fractionDead: dead / m.nHidden, fractionSaturated: saturated / m.nHidden };
}

/**
 * Ratio of the size of a weight update to the size of the weights, mean|W_after − W_before| / mean|W_before|
 * (guide §4: about 1e-3 is healthy; much larger means the learning rate is too high).
 * @param before the model (or its W) before an update; `after` the same afterwards.
 * @returns the ratio (Infinity when W_before is all zero, e.g. right after a zero initialisation).
 * @throws ParameterError when the two have different sizes.
 * @example
 * const before = rbm.params(); await rbm.fit(batch, { epochs: 1 }); weightUpdateRatio(before, rbm);
 */
export function weightUpdateRatio(before: RBMLike | ArrayLike<number>, after: RBMLike | ArrayLike<number>): number {
  const w0 = weightsOf(before, 'before'), w1 = weightsOf(after, 'after');
  if (w0.length !== w1.length) throw new ParameterError(`before has ${w0.length} weights but after has ${w1.length}`);
  let num = 0, den = 0;
  for (let k = 0; k < w0.length; k++) {
    num += Math.abs(w1[k] - w0[k]);
    den += Math.abs(w0[k]);
  }
  return num / den;
}

function weightsOf(x: RBMLike | ArrayLike<number>, name: string): ArrayLike<number> {
  if (typeof (x as ArrayLike<number>).length === 'number') return x as ArrayLike<number>;
  return (toModel64(x as RBMLike, name) as Model64).W;
}

/** n evenly spaced rows of m (all of them when n = m.rows): representative and deterministic. */
function evenRows(m: Matrix, n: number): Matrix {
  if (n === m.rows) return m;
  const out = new Float32Array(n * m.cols);
  for (let k = 0; k < n; k++) {
    const r = Math.floor((k * m.rows) / n);
    out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), k * m.cols);
  }
  return { rows: n, cols: m.cols, data: out };
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}
