/**
 * Frame-level log-likelihood of an RNN-RBM, the measure Boulanger-Lewandowski et al. (2012) report (e.g. −2.39
 * nats per frame on Nottingham): log p(v(t) | v(<t)) = −F_t(v(t)) − log Z_t, where frame t's RBM has the biases
 * the RNN set after reading frames 0 … t−1. Z_t differs at every frame, so it is computed exactly for each one
 * by enumerating the smaller layer (exactLogPartition.ts), which limits this to min(nVisible, nHidden) ≤ 24 for
 * Bernoulli visibles and nHidden ≤ 24 for Gaussian ones.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import type { RNNRBM } from '../models/RNNRBM';
import { EXACT_MAX_UNITS, exactLogPartition64 } from './exactLogPartition';
import { freeEnergy64 } from './freeEnergy';
import type { Model64 } from './model64';

/**
 * log p(v(t) | v(<t)) of every frame of `sequence` (nats; for Gaussian visibles a log-density, which depends on
 * the units of v). The mean over frames is the paper's "log-likelihood per time step". Everything after the
 * RNN's biases (stored in float32) is float64.
 * Cost: rows × 2ⁿ × (nVisible + nHidden) with n = the enumerated layer (~0.1 s per frame at n = 20).
 * @throws ParameterError for a bad sequence, or a model whose enumerated layer has more than 24 units.
 * @example const ll = rnnrbmFrameLogLikelihood(model, heldOutRoll); // mean(ll) ≈ −2.4 on Nottingham in the paper
 */
export function rnnrbmFrameLogLikelihood(model: RNNRBM, sequence: Matrix): Float64Array {
  const { nVisible: nV, nHidden: nH } = model;
  const n = model.visible === 'gaussian' ? nH : Math.min(nV, nH);
  if (n > EXACT_MAX_UNITS) {
    throw new ParameterError(`rnnrbmFrameLogLikelihood enumerates 2^n states per frame and allows n ≤ ${EXACT_MAX_UNITS}, but ${model.visible === 'gaussian' ? `nHidden = ${nH}` : `min(nVisible, nHidden) = ${n}`}; train a model with fewer hidden units to measure it exactly`);
  }
  const { visible: BV, hidden: BH } = model.biases(sequence); // also checks the sequence
  const m: Model64 = {
    visible: model.visible, nVisible: nV, nHidden: nH, W: Float64Array.from(model.W),
    visibleBias: new Float64Array(nV), hiddenBias: new Float64Array(nH),
    sigma2: model.visible === 'gaussian' ? new Float64Array(nV).fill(model.sigma * model.sigma) : null,
  };
  const out = new Float64Array(sequence.rows);
  for (let t = 0; t < sequence.rows; t++) {
    for (let i = 0; i < nV; i++) m.visibleBias[i] = BV.data[t * nV + i];
    for (let j = 0; j < nH; j++) m.hiddenBias[j] = BH.data[t * nH + j];
    const frame: Matrix = { rows: 1, cols: nV, data: sequence.data.subarray(t * nV, (t + 1) * nV) };
    out[t] = -freeEnergy64(m, frame)[0] - exactLogPartition64(m);
  }
  return out;
}
