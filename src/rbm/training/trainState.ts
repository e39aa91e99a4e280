/**
 * Everything training carries from one epoch to the next besides the weights: momentum buffers, the sparsity
 * estimate, the PCD chains and early-stopping bookkeeping. A checkpoint is the weights plus this, so a resumed
 * run continues exactly where the uninterrupted one would be.
 */
import type { Matrix } from '../../types';
import { takeRows } from '../../util/matrix';
import { Random } from '../../util/random';
import type { RBM } from '../models/RBM';
import type { EpochMetrics, VisibleType } from '../types';

/** The optimiser and loop state between epochs. */
export interface TrainState {
  /** The next epoch to run (0-based). */
  epoch: number;
  velocity: { W: Float32Array; visibleBias: Float32Array; hiddenBias: Float32Array; logVariance?: Float32Array };
  /** Running mean activation of each hidden unit (sparsity, guide §11). */
  q: Float32Array;
  /** PCD: the persistent chains' visible states (batchSize × nVisible). */
  chain?: Float32Array;
  history: EpochMetrics[];
  /** Early stopping: best monitored value so far, its epoch, epochs since, and that epoch's parameters. */
  best?: { value: number; epoch: number; since: number; W: Float32Array; visibleBias: Float32Array; hiddenBias: Float32Array; logSigma?: Float32Array };
}

/** A fresh state; PCD chains start at random training rows (Tieleman 2008). */
export function newTrainState(rbm: RBM, data: Matrix, method: 'cd' | 'pcd', batchSize: number): TrainState {
  const state: TrainState = {
    epoch: 0,
    velocity: { W: new Float32Array(rbm.W.length), visibleBias: new Float32Array(rbm.nVisible), hiddenBias: new Float32Array(rbm.nHidden) },
    q: new Float32Array(rbm.nHidden),
    history: [],
  };
  if (rbm.learnSigma) state.velocity.logVariance = new Float32Array(rbm.nVisible);
  if (method === 'pcd') {
    const rng = new Random((rbm.seed ^ 0x5bd1e995) >>> 0);
    state.chain = takeRows(data, Array.from({ length: batchSize }, () => rng.int(data.rows))).data;
  }
  return state;
}

/**
 * Guide §8: each visible unit's bias from the data — log(pᵢ/(1 − pᵢ)) of its mean for Bernoulli units (pᵢ
 * clipped to [0.001, 0.999]: a unit that is never on would get bias −∞), the mean itself for Gaussian units.
 * Shared by the RBM and the ConditionalRBM.
 */
export function visibleBiasFromData(visible: VisibleType, data: Matrix): Float32Array {
  const nv = data.cols;
  const mean = new Float64Array(nv);
  for (let r = 0; r < data.rows; r++) for (let i = 0; i < nv; i++) mean[i] += data.data[r * nv + i] / data.rows;
  const bias = new Float32Array(nv);
  for (let i = 0; i < nv; i++) {
    const p = Math.min(Math.max(mean[i], 1e-3), 1 - 1e-3);
    bias[i] = visible === 'bernoulli' ? Math.log(p / (1 - p)) : mean[i];
  }
  return bias;
}

/** Sets the visible biases from the data ({@link visibleBiasFromData}) and, for learned Gaussian σ, σ from the spread. */
export function initBiasesFromData(rbm: RBM, data: Matrix, minSigma: number): void {
  rbm.visibleBias.set(visibleBiasFromData(rbm.visible, data));
  if (rbm.visible !== 'gaussian' || !rbm.learnSigma) return;
  const nv = rbm.nVisible;
  const mean = new Float64Array(nv);
  const sq = new Float64Array(nv);
  for (let r = 0; r < data.rows; r++) {
    for (let i = 0; i < nv; i++) {
      const x = data.data[r * nv + i];
      mean[i] += x / data.rows;
      sq[i] += (x * x) / data.rows;
    }
  }
  for (let i = 0; i < nv; i++) rbm.logSigma![i] = Math.log(Math.max(Math.sqrt(Math.max(sq[i] - mean[i] * mean[i], 0)), minSigma));
}

/** A copy of the parameters. */
export interface ParamSnapshot { W: Float32Array; visibleBias: Float32Array; hiddenBias: Float32Array; logSigma?: Float32Array }

/** Copies of the current parameters (to restore after divergence or early stopping). */
export function snapshot(rbm: RBM): ParamSnapshot {
  return { W: rbm.W.slice(), visibleBias: rbm.visibleBias.slice(), hiddenBias: rbm.hiddenBias.slice(), logSigma: rbm.logSigma?.slice() };
}

/** Puts a {@link snapshot} back. */
export function restore(rbm: RBM, s: ParamSnapshot): void {
  rbm.W.set(s.W);
  rbm.visibleBias.set(s.visibleBias);
  rbm.hiddenBias.set(s.hiddenBias);
  if (s.logSigma && rbm.logSigma) rbm.logSigma.set(s.logSigma);
}
