/**
 * Per-epoch monitoring (Hinton 2010 guide §5–6, §11, §15): reconstruction error on training and held-out data,
 * the free-energy gap between them, plus whatever the `metrics` hook adds (e.g. pseudo-log-likelihood).
 */
import type { Matrix } from '../../types';
import { takeRows } from '../../util/matrix';
import type { RBM, TrainOptions } from '../models/RBM';
import type { EpochMetrics } from '../types';

/** At most `n` rows of `m`, evenly spaced (deterministic: the same rows every epoch, no random draws). */
export function evenRows(m: Matrix, n: number): Matrix {
  if (m.rows <= n) return m;
  return takeRows(m, Array.from({ length: n }, (_, i) => Math.floor((i * m.rows) / n)));
}

/** Mean squared error per unit between `v` and its mean-field reconstruction. */
export function reconstructionError(rbm: RBM, v: Matrix): number {
  const r = rbm.reconstruct(v).data;
  let s = 0;
  for (let i = 0; i < r.length; i++) s += (v.data[i] - r[i]) ** 2;
  return s / r.length;
}

function meanOf(a: Float32Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s / a.length;
}

/** Fills in the data-dependent metrics of one epoch (seconds are set by the caller). */
export function epochMetrics(
  rbm: RBM,
  data: Matrix,
  o: Pick<TrainOptions, 'validation' | 'monitorRows' | 'metrics'>,
  base: Pick<EpochMetrics, 'epoch' | 'weightUpdateRatio' | 'hiddenSparsity' | 'learningRate' | 'momentum'>,
): EpochMetrics {
  const train = evenRows(data, o.monitorRows);
  const m: EpochMetrics = { ...base, reconstructionError: reconstructionError(rbm, train), seconds: 0 };
  if (o.validation) {
    const n = Math.min(o.monitorRows, o.validation.rows, data.rows);
    const held = evenRows(o.validation, n);
    m.validationReconstructionError = reconstructionError(rbm, held);
    m.freeEnergyGap = meanOf(rbm.freeEnergy(held)) - meanOf(rbm.freeEnergy(evenRows(data, n)));
  }
  if (o.metrics) Object.assign(m, o.metrics(rbm));
  return m;
}
