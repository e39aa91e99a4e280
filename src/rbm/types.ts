/**
 * The data types of the RBM stage, shared by its four parts (models, training, evaluation, storage): the
 * plain-array parameter record that every engine, the save format and the notebooks share, the options of
 * `fit()` and `save()`, and the per-epoch metrics that `fit()` reports. Nothing here imports a part, so every
 * part, the model files included, can name these types.
 */
import type { Matrix } from '../types';
import type { BackendName } from './backend';

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

/**
 * A degenerate-but-finite model found by fit()'s guards (training/guards.ts, issue 8): what happened, in which
 * epoch, and what to do. `value` is the measured quantity (fraction of units, σ ratio or chain spread).
 */
export interface TrainingWarning {
  epoch: number;
  kind: 'sigmaCollapse' | 'sigmaExplosion' | 'deadHidden' | 'saturatedHidden' | 'stuckChain';
  value: number;
  message: string;
}

/** What `fit()` resolves to: the metrics of every epoch run (including those before a resume) and why it stopped. */
export interface TrainingHistory {
  epochs: EpochMetrics[];
  /** Degeneracy warnings of this fit() call (σ collapse/explosion, dead or saturated hidden units, stuck chains). */
  warnings: TrainingWarning[];
  stopReason: StopReason;
  /** With early stopping: the epoch whose weights were kept. */
  bestEpoch?: number;
  /** The engine that ran the CD/PCD steps (see `backendName()`). */
  backend: string;
}

/**
 * Options of `rbm.fit(data, opts)` for the model class `Model` that the `metrics` hook receives. The RBM's own
 * options are `TrainOptions = TrainOptionsOf<RBM>` (models/RBM.ts): the body lives here, in the shared types, so
 * that the model file can name it without importing the training code (training imports the model, never the
 * reverse). Every field is optional in `fit()`; the defaults are DEFAULT_TRAIN_OPTIONS (training/trainOptions.ts).
 */
export interface TrainOptionsOf<Model> {
  /**
   * Passes over the training data. With `resume`, the total including the epochs before the checkpoint. Calling
   * fit() again without `resume` continues from the current weights but restarts the epoch count and schedules.
   */
  epochs: number;
  /** Examples per mini-batch. */
  batchSize: number;
  /** 'cd' = contrastive divergence CD-k (Hinton 2002); 'pcd' = persistent CD (Tieleman 2008). */
  method: 'cd' | 'pcd';
  /** Gibbs steps per update (the k of CD-k). */
  k: number;
  /** Step size ε, or 'auto': `AUTO_LEARNING_RATE` (training/trainOptions.ts) for the model's visible type. */
  learningRate: number | 'auto';
  /** Multiply the learning rate by this after each epoch (1 = constant). */
  learningRateDecay: number;
  /** Or give the whole schedule: the learning rate of each epoch (overrides `learningRateDecay`). */
  learningRateSchedule?: (epoch: number, base: number) => number;
  /** Momentum μ for the first `momentumSwitchEpoch` epochs. */
  initialMomentum: number;
  /** Momentum μ afterwards. */
  finalMomentum: number;
  /** Epoch at which momentum switches from initial to final. */
  momentumSwitchEpoch: number;
  /** L2 weight-decay coefficient (weights only). */
  weightDecay: number;
  /** Target mean hidden activation; 0 = no sparsity penalty. */
  sparsityTarget: number;
  /** Weight of the sparsity penalty. */
  sparsityCost: number;
  /** Decay of the running estimate of each hidden unit's mean activation. */
  sparsityDecay: number;
  /**
   * Sample visible states in the Gibbs chain instead of using their means (guide §3.2 uses means for CD).
   * Default: true for PCD and for Gaussian units with learned σ, false otherwise.
   */
  sampleVisible?: boolean;
  /** Held-out data for validation reconstruction error, free-energy gap and early stopping. */
  validation?: Matrix;
  /** Early stopping: stop after this many epochs without improvement of `monitor` (undefined = off). */
  patience?: number;
  /** The metric early stopping watches (lower is better). */
  monitor: keyof EpochMetrics & string;
  /** With early stopping, put back the weights of the best epoch when stopping. */
  restoreBest: boolean;
  /** Reconstruction error and free-energy gap are measured on at most this many rows each. */
  monitorRows: number;
  /** Called after each epoch with its metrics (awaited if it returns a promise): live charts, logging. */
  onEpoch?: (metrics: EpochMetrics) => void | Promise<void>;
  /** Called after each mini-batch (progress bars). */
  onBatch?: (info: { epoch: number; batch: number; batches: number }) => void;
  /** Extra per-epoch metrics merged into EpochMetrics (e.g. pseudo-log-likelihood from src/rbm/evaluation). */
  metrics?: (rbm: Model) => Record<string, number>;
  /**
   * Abort training (checked after every mini-batch, or after every group of mini-batches the engine runs in one
   * call: up to 8 on the onnx engine); fit() then resolves with stopReason 'aborted'.
   */
  signal?: AbortSignal;
  /** Return true to stop after this epoch (stopReason 'stopHook'). */
  shouldStop?: (metrics: EpochMetrics) => boolean;
  /** Save a checkpoint (parameters + optimiser state + PCD chains + epoch) to `path` every `every` epochs. */
  checkpoint?: { path: string; every: number };
  /** Continue from this checkpoint file (or `true`: from `checkpoint.path`), bit-identically to an uninterrupted run. */
  resume?: string | boolean;
  /** Engine for the CD steps (default: the one `initBackend()` picks). */
  backend?: BackendName;
  /**
   * What the degeneracy guards do after each epoch (issue 8): 'warn' (default) records each problem in
   * `history.warnings` and calls `onWarning`; 'throw' raises a DivergenceError naming the epoch; 'off' skips them.
   */
  degeneracy?: 'warn' | 'throw' | 'off';
  /** Called with each degeneracy warning as it is found (e.g. `console.warn(w.message)`). */
  onWarning?: (warning: TrainingWarning) => void;
}

/** Options of `rbm.save(path, opts)`. */
export interface SaveOptions {
  /** Overwrite an existing file (default false). */
  force?: boolean;
  /** JSON-serialisable metadata to store with the model (default: `rbm.meta`); becomes `rbm.meta` after loading. */
  meta?: Record<string, unknown>;
}
