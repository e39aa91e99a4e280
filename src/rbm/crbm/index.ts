/**
 * The Conditional RBM (Taylor, Hinton & Roweis 2006) for sequences of feature frames (issue 3 item 3).
 */
export { ConditionalRBM, DEFAULT_CRBM_GENERATE_OPTIONS, type GenerateOptions } from './ConditionalRBM';
export { historyPairs } from './history';
export { predictionError, type CRBMHistory } from './fit';
export {
  DEFAULT_CRBM_TRAIN_OPTIONS, CRBM_AUTO_LEARNING_RATE, type CRBMParams, type CRBMOptions, type CRBMTrainOptions, type CRBMEpochMetrics,
} from './types';
