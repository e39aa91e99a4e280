/**
 * Every training hyperparameter in one typed object, each default commented with where it comes from
 * ("guide" = Hinton, A Practical Guide to Training Restricted Boltzmann Machines, UTML TR 2010-003).
 */
import type { Matrix } from '../types';
import type { BackendName } from './backend';
import type { RBM } from './RBM';
import type { EpochMetrics } from './types';

/** Options of `rbm.fit(data, opts)`. Every field is optional; see {@link DEFAULT_TRAIN_OPTIONS}. */
export interface TrainOptions {
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
  /** Step size ε, or 'auto': {@link AUTO_LEARNING_RATE} for the model's visible type. */
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
  metrics?: (rbm: RBM) => Record<string, number>;
  /** Abort training (checked after every mini-batch); fit() then resolves with stopReason 'aborted'. */
  signal?: AbortSignal;
  /** Return true to stop after this epoch (stopReason 'stopHook'). */
  shouldStop?: (metrics: EpochMetrics) => boolean;
  /** Save a checkpoint (parameters + optimiser state + PCD chains + epoch) to `path` every `every` epochs. */
  checkpoint?: { path: string; every: number };
  /** Continue from this checkpoint file (or `true`: from `checkpoint.path`), bit-identically to an uninterrupted run. */
  resume?: string | boolean;
  /** Engine for the CD steps (default: the one {@link initBackend} picks). */
  backend?: BackendName;
}

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
});
