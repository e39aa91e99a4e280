/**
 * The data types of the RBM stage: the plain-array parameter record that every engine, the save format and the
 * notebooks share, and the per-epoch metrics that `fit()` reports.
 */

/** The kind of visible unit: binary (Bernoulli, for data in [0, 1]) or real-valued (Gaussian, for standardised data). */
export type VisibleType = 'bernoulli' | 'gaussian';

/**
 * Every number that defines an RBM, as plain typed arrays (no tensors), so it can be saved, compared and handed
 * to any engine.
 *
 * Energy of a Bernoulli RBM: `E(v, h) = −vᵀWh − bᵀv − cᵀh` with `b = visibleBias`, `c = hiddenBias`.
 * Energy of a Gaussian RBM (Cho, Ilin & Raiko, ICANN 2011):
 * `E(v, h) = Σᵢ (vᵢ − bᵢ)² / 2σᵢ² − Σᵢⱼ Wᵢⱼ hⱼ vᵢ / σᵢ² − cᵀh`, with `σᵢ = exp(logSigma[i])`.
 */
export interface RBMParams {
  visible: VisibleType;
  nVisible: number;
  nHidden: number;
  /** nVisible × nHidden weights, row-major: the weight between visible i and hidden j is `W[i * nHidden + j]`. */
  W: Float32Array;
  /** Length nVisible. */
  visibleBias: Float32Array;
  /** Length nHidden. */
  hiddenBias: Float32Array;
  /** Gaussian visibles only: log of each unit's standard deviation σᵢ (length nVisible). */
  logSigma?: Float32Array;
  /** Gaussian visibles only: whether `fit()` learns σ (true) or keeps it fixed (false). Default true. */
  learnSigma?: boolean;
}

/** What `fit()` measured after one epoch (every number is also what the live chart of a notebook plots). */
export interface EpochMetrics {
  /** 0-based epoch index. */
  epoch: number;
  /** Mean squared error per visible unit of a mean-field reconstruction v → p(h|v) → E[v|h] on (a subset of) the training data. */
  reconstructionError: number;
  /** The same on the held-out `validation` data, when given. */
  validationReconstructionError?: number;
  /**
   * Mean free energy of held-out data minus that of an equally large training subset (Hinton 2010 guide §6):
   * near 0 while the model generalises; a growing gap means over-fitting.
   */
  freeEnergyGap?: number;
  /** ‖ΔW‖ / ‖W‖ of one update, averaged over the epoch's mini-batches. The guide (§15) aims for about 1e-3. */
  weightUpdateRatio: number;
  /** Mean hidden activation probability p(h = 1 | v) over the epoch's training batches (sparsity, guide §11). */
  hiddenSparsity: number;
  /** Wall-clock seconds the epoch took (training and metrics). */
  seconds: number;
  /** The learning rate used in this epoch. */
  learningRate: number;
  /** The momentum used in this epoch. */
  momentum: number;
  /** Extra metrics from the `metrics` hook of the training options (e.g. pseudo-log-likelihood). */
  [extra: string]: number | undefined;
}

/** Why training stopped. */
export type StopReason = 'completed' | 'earlyStopping' | 'aborted' | 'stopHook';

/** What `fit()` resolves to: the metrics of every epoch run (including those before a resume) and why it stopped. */
export interface TrainingHistory {
  epochs: EpochMetrics[];
  stopReason: StopReason;
  /** With early stopping: the epoch whose weights were kept. */
  bestEpoch?: number;
  /** The engine that ran the CD/PCD steps (see `backendName()`). */
  backend: string;
}
