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
export { drawCDNoise, epochRandom } from './draws';
export { momentumStep, addSparsityGradient, type UpdateSettings, type ParamGroup } from './update';
export { newTrainState, initBiasesFromData, type TrainState } from './trainState';
export { MIN_SIGMA } from './fit';
export { reconstructionError, evenRows } from './metrics';
export { MODEL_FORMAT_VERSION } from './modelFile';
export { type SaveOptions, saveCheckpoint, loadCheckpoint } from './persistence';
