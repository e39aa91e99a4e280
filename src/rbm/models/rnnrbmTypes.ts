/**
 * Types of RNN-RBM training: the options of `model.fit` and the metrics it reports. They live beside the model
 * (not in training/) so that models/RNNRBM.ts can name them without importing the training code.
 */
import type { Matrix } from '../../types';
import type { TrainOptionsOf } from '../types';
import type { RBM } from './RBM';

/** What `fitRNNRBM` / `model.fit` measured after one epoch. */
export interface RNNRBMEpochMetrics {
  /** 0-based epoch index (continues across fit() calls). */
  epoch: number;
  /** Mean over the epoch of C = mean F(data) − mean F(negatives) per frame (the training cost; noisy, not a likelihood). */
  cost: number;
  /** Mean squared error per unit between the data and one Gibbs step's visible means (cheap, familiar, a weak measure). */
  reconstructionError: number;
  /** Mean global gradient norm before clipping. */
  gradientNorm: number;
  /** Fraction of updates whose gradient was clipped. */
  clippedFraction: number;
  /** Held-out: mean squared error per unit of the teacher-forced one-step prediction (`predictSequence`, 1 mean-field step). */
  validationPredictionError?: number;
  /** Held-out: mean free energy per frame given its history. */
  validationFreeEnergy?: number;
  /** Training frames per second in this epoch (updates only, no validation). */
  framesPerSecond: number;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
  learningRate: number;
}

/** What `fitRNNRBM` resolves to. */
export interface RNNRBMHistory {
  epochs: RNNRBMEpochMetrics[];
  stopReason: 'completed' | 'aborted';
}

/** Options of `model.fit(sequences, opts)`; every field optional, see {@link DEFAULT_RNNRBM_TRAIN_OPTIONS}. */
export interface RNNRBMTrainOptions {
  /**
   * Passes over the training chunks. With `resume`, the total including the epochs before the checkpoint. Calling
   * fit() again without `resume` continues from the current parameters (epoch numbers and random draws continue;
   * the optimiser's moments start from zero).
   */
  epochs: number;
  /**
   * Frames per training chunk, which is also the truncation of back-propagation through time: each chunk's RNN
   * starts from u = 0. Each epoch shifts the chunk boundaries by a random offset.
   */
  chunkLength: number;
  /**
   * Frames before each chunk that the RNN reads (forward only, no gradient) to set the chunk's starting state,
   * instead of u = 0: the model then learns from states that carry longer history, like those it has when
   * generating after a prime. 0 = the reference implementation's zero start. Cheap: a forward pass in plain arrays.
   */
  warmup: number;
  /** Chunks per update, run side by side (more = fewer, larger, faster-per-frame steps). */
  batchSize: number;
  /** Gibbs steps of the negative phase (the k of CD-k). */
  k: number;
  /** 'adam' (Kingma & Ba 2015) or 'sgd' with momentum. */
  optimizer: 'adam' | 'sgd';
  /** Step size. */
  learningRate: number;
  /** SGD only: momentum. */
  momentum: number;
  /** Rescale the whole gradient when its norm exceeds this (Pascanu et al. 2013); Infinity = off. */
  clipNorm: number;
  /** L2 weight decay on the weight matrices (not biases). */
  weightDecay: number;
  /** Sample visible states in the Gibbs chain (true) or use their means. Default: true for Bernoulli (reference), false for Gaussian (guide §3.2). */
  sampleVisible?: boolean;
  /**
   * Initialise W, b_v, b_h from a plain RBM trained on all frames (the paper's pre-training): the number of
   * epochs, or the RBM's fit options. 0 = off (then b_v is set from the data's mean, guide §8).
   */
  pretrain: number | Partial<TrainOptionsOf<RBM>>;
  /** Held-out sequences for the validation metrics. */
  validation?: Matrix[];
  /** Called after each epoch with its metrics (awaited if it returns a promise). */
  onEpoch?: (metrics: RNNRBMEpochMetrics) => void | Promise<void>;
  /** Called after each update (progress bars). */
  onBatch?: (info: { epoch: number; batch: number; batches: number }) => void;
  /** Abort training (checked after every update); fit() then resolves with stopReason 'aborted'. */
  signal?: AbortSignal;
  /** Save a checkpoint (parameters + optimiser state + epoch) to `path` every `every` epochs. */
  checkpoint?: { path: string; every: number };
  /** Continue from this checkpoint file (or `true`: from `checkpoint.path`), bit-identically to an uninterrupted run. */
  resume?: string | boolean;
}
