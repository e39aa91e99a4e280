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
  // 2 chunks side by side (reference: 1). On the bundled log-mel frames, 2 × 100 frames ran ~20 % slower per frame
  // than 8 × 100 (CPU time) but made 4× the updates: held-out MSE after 3 epochs 0.47 vs 0.73.
  batchSize: 2,
  k: 5, // reference: CD-15. On log-mel frames k = 1 learned as well (0.466 vs 0.467 after 3 epochs); 5 is kept for piano rolls
  optimizer: 'adam', // robust for the RNN part without tuning; the reference used plain SGD at 0.001 for 200 epochs
  learningRate: 0.003, // measured on log-mel frames (batch 2 × 100, 3 epochs): 0.003 → 0.47, 0.01 → 0.50 held-out MSE (0.001 at 2 × 50: 0.49)
  momentum: 0.9, // SGD only
  clipNorm: 100, // a guard against bursts: typical global norms on log-mel frames were 10–45 (see gradientNorm in the metrics)
  weightDecay: 0, // reference: none
  pretrain: 0, // off by default: costs time; see the option's doc
});
