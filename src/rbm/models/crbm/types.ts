/**
 * Types and defaults of the Conditional RBM (Taylor, Hinton & Roweis, "Modeling human motion using binary
 * latent variables", NIPS 2006): an RBM over the current frame whose biases are set by the previous frames.
 */
import type { Matrix } from '../../../types';
import type { VisibleType } from '../../types';
import type { HistoryTap } from './taps';

/**
 * Every number that defines a ConditionalRBM, as plain typed arrays. The history vector x of a frame t is the
 * previous `order` frames concatenated in time order, `x = [v(t−order), …, v(t−1)]` (length order·nVisible),
 * i.e. exactly the rows t−order … t−1 of the sequence. Given x, the model is an RBM with
 * dynamic biases `b̂ = b + xᵀA` and `ĉ = c + xᵀB` and energy
 * Bernoulli: `E(v, h | x) = −vᵀWh − b̂ᵀv − ĉᵀh`; Gaussian (unit variance, standardised data, as in Taylor et al.):
 * `E(v, h | x) = Σᵢ (vᵢ − b̂ᵢ)²/2 − vᵀWh − ĉᵀh`.
 */
export interface CRBMParams {
  visible: VisibleType;
  nVisible: number;
  nHidden: number;
  /** Number of history taps (previous frames, or means of frame ranges; see `taps`). */
  order: number;
  /** What each of the `order` history rows is (default: the last `order` frames one by one, oldest first). */
  taps?: HistoryTap[];
  /** nVisible × nHidden, `W[i * nHidden + j]`. */
  W: Float32Array;
  /** Static visible biases b (length nVisible). */
  visibleBias: Float32Array;
  /** Static hidden biases c (length nHidden). */
  hiddenBias: Float32Array;
  /** Autoregressive history → visible weights, (order·nVisible) × nVisible, `A[k * nVisible + i]`. */
  A: Float32Array;
  /** History → hidden weights, (order·nVisible) × nHidden, `B[k * nHidden + j]`. */
  B: Float32Array;
}

/** Options of `new ConditionalRBM(...)`. */
export interface CRBMOptions {
  nVisible: number;
  nHidden: number;
  /** Frames of history (Taylor et al. used 3 for 30 fps motion; ~3–6 frames is 0.05–0.1 s of audio at hop 256 / 16 kHz). */
  order?: number;
  /**
   * The history instead of the last `order` frames: taps from `lagTaps(span)` or `multiScaleTaps(span)` reach
   * back seconds with few parameters (issue 9). `order` becomes the number of taps.
   */
  taps?: HistoryTap[];
  /** 'gaussian' (default; standardise the features first) or 'bernoulli' (data in [0, 1]). */
  visible?: VisibleType;
  /** Seed of the initial weights and of every training draw (default 0). */
  seed?: number;
}

/** What ConditionalRBM.fit measured after one epoch. */
export interface CRBMEpochMetrics {
  /** 0-based epoch index. */
  epoch: number;
  /** Mean squared error per unit between each training frame and the chain's last visible means (CD's reconstruction). */
  reconstructionError: number;
  /** Mean squared error per unit of `predictNext` on the validation sequences, when given. */
  validationPredictionError?: number;
  /** Wall-clock seconds of the epoch. */
  seconds: number;
  learningRate: number;
  momentum: number;
}

/** Options of `crbm.fit(sequences, opts)`; every field has a default in {@link DEFAULT_CRBM_TRAIN_OPTIONS}. */
export interface CRBMTrainOptions {
  /** Passes over all (history, frame) pairs. */
  epochs: number;
  /** Pairs per mini-batch. */
  batchSize: number;
  /** Gibbs steps of CD-k. */
  k: number;
  /** Step size ε for W, A, B and the biases ('auto': 0.001 Gaussian, 0.01 Bernoulli). */
  learningRate: number | 'auto';
  initialMomentum: number;
  finalMomentum: number;
  momentumSwitchEpoch: number;
  /** L2 decay on W, A and B (not the biases). */
  weightDecay: number;
  /** Sample visible states in the chain (default false: use their means, guide §3.2). */
  sampleVisible: boolean;
  /** Held-out sequences; their one-step prediction error is reported each epoch. */
  validation?: Matrix[];
  /** Called after each epoch (awaited). */
  onEpoch?: (m: CRBMEpochMetrics) => void | Promise<void>;
  /** Abort training after the current mini-batch. */
  signal?: AbortSignal;
}

/** The defaults of {@link CRBMTrainOptions}, with their sources. */
export const DEFAULT_CRBM_TRAIN_OPTIONS: Readonly<CRBMTrainOptions> = Object.freeze({
  epochs: 20, // a short first run on a few thousand frames
  batchSize: 100, // Taylor et al. 2006 trained on mini-batches of 100 frames
  k: 1, // CD-1, as Taylor et al.
  learningRate: 'auto' as const, // Taylor et al.: 1e-3 for Gaussian visibles; binary units tolerate ~10× more (guide §4, §13.2)
  initialMomentum: 0.5, // guide §9
  finalMomentum: 0.9, // guide §9 (Taylor et al. also used 0.9)
  momentumSwitchEpoch: 5, // guide §9: "after about 5 epochs"
  weightDecay: 2e-4, // Taylor et al. 2006 used 0.0002
  sampleVisible: false,
});

/** The 'auto' learning rate per visible type. */
export const CRBM_AUTO_LEARNING_RATE = { gaussian: 1e-3, bernoulli: 1e-2 } as const;

/** What `ConditionalRBM.fit` resolves to. */
export interface CRBMHistory {
  epochs: CRBMEpochMetrics[];
  stopReason: 'completed' | 'aborted';
}
