/**
 * The RBM stage: Bernoulli and Gaussian RBMs trained by CD-k or PCD, with monitoring, persistence and a choice
 * of engines (tfjs reference, onnxruntime fast path).
 */
export { RBM, type RBMOptions, type SampleOptions } from './RBM';
export type { RBMParams, VisibleType, EpochMetrics, TrainingHistory, StopReason } from './types';
export { DEFAULT_TRAIN_OPTIONS, AUTO_LEARNING_RATE, type TrainOptions } from './trainOptions';
export { initBackend, backendName, onnxAvailable, BACKEND_ORDER, type BackendName, type InitBackendOptions } from './backend';
export { cdGradientTf, tfjsEngine, type CDBatch, type CDGradient, type CDEngine } from './cdStep';
export { createEngine, type EngineSpec } from './engines';
export { drawCDNoise, epochRandom, fillUniformFast, fillNormalFast } from './draws';
export { momentumStep, addSparsityGradient, type UpdateSettings, type ParamGroup } from './update';
export { newTrainState, initBiasesFromData, type TrainState } from './trainState';
export { MIN_SIGMA } from './fit';
export { MODEL_FORMAT_VERSION } from './modelFile';
export { type SaveOptions as RBMSaveOptions, saveCheckpoint, loadCheckpoint } from './persistence';
export * from './evaluation';
// The ConditionalRBM's GenerateOptions would clash with the generate stage's, hence the explicit list and rename.
export {
  ConditionalRBM, DEFAULT_CRBM_GENERATE_OPTIONS, type GenerateOptions as CRBMGenerateOptions, historyPairs, predictionError, type CRBMHistory,
  DEFAULT_CRBM_TRAIN_OPTIONS, CRBM_AUTO_LEARNING_RATE, type CRBMParams, type CRBMOptions, type CRBMTrainOptions, type CRBMEpochMetrics,
} from './crbm';
