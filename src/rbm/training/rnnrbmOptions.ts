/**
 * The defaults of RNN-RBM training, each commented with its source ("reference" = the deeplearning.net rnnrbm
 * tutorial by Boulanger-Lewandowski, the paper's own code). The option types are in ../models/rnnrbmTypes.ts.
 */
import type { RNNRBMTrainOptions } from '../models/rnnrbmTypes';

export type { RNNRBMTrainOptions, RNNRBMEpochMetrics, RNNRBMHistory } from '../models/rnnrbmTypes';

/** The defaults of {@link RNNRBMTrainOptions}, each with its source. */
export const DEFAULT_RNNRBM_TRAIN_OPTIONS: Readonly<RNNRBMTrainOptions> = Object.freeze({
  epochs: 20,
  chunkLength: 100, // reference: sequences cut into chunks of 100 frames
  warmup: 0, // reference: every chunk starts from u = 0
  batchSize: 8, // 8 chunks side by side: measured faster per frame than 1 (the reference) with no loss in quality
  k: 5, // reference: CD-15; 5 measured close at a third of the cost
  optimizer: 'adam', // robust for the RNN part without tuning; the reference used plain SGD at 0.001 for 200 epochs
  learningRate: 0.001, // Adam's usual step
  momentum: 0.9, // SGD only
  clipNorm: 10, // only catches rare bursts; typical norms are measured in the epoch metrics
  weightDecay: 0, // reference: none
  pretrain: 0, // off by default: costs time; see the option's doc
});
