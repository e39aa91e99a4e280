/**
 * The defaults of every training hyperparameter, each commented with where it comes from ("guide" = Hinton, A
 * Practical Guide to Training Restricted Boltzmann Machines, UTML TR 2010-003), and their checks. The options'
 * type, TrainOptions, is declared with the model (models/RBM.ts, body in ../types.ts) so the model need not
 * import this file.
 */
import { ParameterError } from '../../errors';
import type { TrainOptions } from '../models/RBM';
import type { VisibleType } from '../types';

export type { TrainOptions };

/** The 'auto' learning rate per visible type. */
export const AUTO_LEARNING_RATE = {
  /** Guide §4: 0.1-ish for binary units makes weight updates ~1e-3 of the weights. */
  bernoulli: 0.1,
  /**
   * Guide §13.2: Gaussian visibles need a learning rate one to two orders of magnitude smaller. 0.01 measured best
   * of 0.001–0.05 on standardised harmonic log-spectra (32 bins, 48 hidden, batch 16/64, learned or fixed σ).
   */
  gaussian: 0.01,
} as const;

/** The defaults of {@link TrainOptions}, each with its source. */
export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  epochs: 10, // a short first run; watch the metrics and train longer as needed
  batchSize: 64, // guide §4: 10–100 examples per batch; 64 also keeps the matrix products efficient
  method: 'cd', // guide §3: CD-1 is the usual starting point
  k: 1, // guide §3: CD-1
  learningRate: 'auto', // see AUTO_LEARNING_RATE (guide §4, §13.2)
  learningRateDecay: 1, // constant: the guide uses a fixed rate with momentum
  initialMomentum: 0.5, // guide §9: 0.5 at first…
  finalMomentum: 0.9, // …then 0.9 once the large initial changes have settled
  momentumSwitchEpoch: 5, // guide §9: "after about 5 epochs"
  weightDecay: 1e-4, // guide §10: 0.01–0.0001; 0.0001 is the usual choice
  sparsityTarget: 0, // guide §11 suggests 0.01–0.1 when sparse features are wanted; off by default
  sparsityCost: 0.1, // guide §11: pick so the penalty is comparable to the gradient; only used with a target
  sparsityDecay: 0.95, // guide §11.1: λ between 0.9 and 0.99
  monitor: 'validationReconstructionError', // guide §5–6: held-out measures; reconstruction error is cheap and familiar
  restoreBest: true, // keep the weights that were best on held-out data
  monitorRows: 1024, // enough rows for a stable mean at a few ms per epoch
  degeneracy: 'warn', // issue 8: a useless model must not pass silently, but a warning keeps exploratory runs going
});

/**
 * Defaults that depend on the visible type, used for every option the caller leaves out (they override
 * {@link DEFAULT_TRAIN_OPTIONS}). Each was chosen by held-out log-likelihood (issue 8; numbers in the README's
 * "Density" section and bench/bernoulli.bench.ts).
 */
export const VISIBLE_TYPE_TRAIN_DEFAULTS: Readonly<Record<VisibleType, Readonly<Partial<TrainOptions>>>> = Object.freeze({
  /**
   * Binary data: plain SGD on batches of 20. Measured on scikit-learn's 8×8 digits binarised (64 hidden, 20 epochs,
   * 2 seeds, AIS): momentum 0.5 → 0.9 with batch 64 −20.4 nats; no momentum, batch 64 −19.8; no momentum, batch 20
   * −18.45; batch 10 with momentum −25.1 (momentum overshoots at this budget); scikit-learn's BernoulliRBM −20.9
   * (bench/bernoulli.bench.ts). Hinton's guide §9 momentum pays off over longer runs: pass it explicitly there.
   */
  bernoulli: Object.freeze({ batchSize: 20, initialMomentum: 0, finalMomentum: 0 }),
  gaussian: Object.freeze({}),
});

/** Merges `partial` over the visible type's defaults and {@link DEFAULT_TRAIN_OPTIONS}, resolves 'auto' and checks every value. */
export function resolveTrainOptions(partial: Partial<TrainOptions>, visible: VisibleType): TrainOptions & { learningRate: number } {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...(VISIBLE_TYPE_TRAIN_DEFAULTS[visible] ?? {}), ...partial } as TrainOptions;
  const learningRate = o.learningRate === 'auto' ? AUTO_LEARNING_RATE[visible] : o.learningRate;
  const positiveInt = ['epochs', 'batchSize', 'k', 'monitorRows'] as const;
  for (const k of positiveInt) {
    if (!Number.isInteger(o[k]) || (o[k] as number) < 1) throw new ParameterError(`fit: ${k} must be a positive integer, got ${o[k]}`);
  }
  if (o.degeneracy !== undefined && o.degeneracy !== 'warn' && o.degeneracy !== 'throw' && o.degeneracy !== 'off') throw new ParameterError(`fit: degeneracy must be 'warn', 'throw' or 'off', got '${o.degeneracy}'`);
  if (o.method !== 'cd' && o.method !== 'pcd') throw new ParameterError(`fit: method must be 'cd' or 'pcd', got '${o.method}'`);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new ParameterError(`fit: learningRate must be a positive number or 'auto', got ${o.learningRate}`);
  const nonNegative = ['weightDecay', 'sparsityTarget', 'sparsityCost', 'momentumSwitchEpoch', 'learningRateDecay'] as const;
  for (const k of nonNegative) {
    if (!(o[k] >= 0 && Number.isFinite(o[k]))) throw new ParameterError(`fit: ${k} must be a non-negative number, got ${o[k]}`);
  }
  for (const k of ['initialMomentum', 'finalMomentum', 'sparsityDecay'] as const) {
    if (!(o[k] >= 0 && o[k] < 1)) throw new ParameterError(`fit: ${k} must be in [0, 1), got ${o[k]}`);
  }
  if (o.sparsityTarget >= 1) throw new ParameterError(`fit: sparsityTarget must be in [0, 1), got ${o.sparsityTarget}`);
  if (o.patience !== undefined && !(Number.isInteger(o.patience) && o.patience >= 1)) throw new ParameterError(`fit: patience must be a positive integer, got ${o.patience}`);
  if (o.patience !== undefined && !o.validation && (o.monitor.startsWith('validation') || o.monitor === 'freeEnergyGap')) {
    throw new ParameterError(`fit: early stopping on '${o.monitor}' needs held-out data: pass validation`);
  }
  if (o.checkpoint && !(typeof o.checkpoint.path === 'string' && Number.isInteger(o.checkpoint.every) && o.checkpoint.every >= 1)) {
    throw new ParameterError(`fit: checkpoint must be { path: string, every: positive integer }, got ${JSON.stringify(o.checkpoint)}`);
  }
  if (o.resume === true && !o.checkpoint) throw new ParameterError('fit: resume: true needs checkpoint.path (or pass the checkpoint file as resume)');
  return { ...o, learningRate };
}
