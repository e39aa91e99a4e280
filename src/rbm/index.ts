/**
 * The RBM stage: Bernoulli and Gaussian RBMs and the Conditional RBM, trained by CD-k or PCD, with monitoring,
 * persistence and a choice of engines (tfjs reference, onnxruntime fast path). Inside, the arrows point one way:
 *
 *     models/      the maths a learner reads (RBM.ts, ConditionalRBM.ts): energy, conditionals, free energy, sampling
 *     training/    how models are trained: CD/PCD steps, fit loops, engines (tfjs, onnx/), options, state, checkpoints
 *     evaluation/  how models are judged: exact and AIS likelihoods, pseudo-likelihood, monitors, toy data
 *     storage/     the model file format, save and load
 *
 * training/, evaluation/ and storage/ import models/, never the reverse (training may also use storage); the files
 * at this level (types.ts, backend.ts, draws.ts, onnx/) are shared by all four and import none of them.
 * test/architecture.test.ts checks these rules.
 */
// The model classes forward fit/save/load to these modules, which plug themselves in when loaded
// (models/delegates.ts): loading the stage loads them, so `new RBM(...).fit(...)` works for every importer.
import './training/fit';
import './training/crbm/fit';
import './storage/persistence';
import './storage/crbmFile';
import './training/rnnrbmFit';
import './storage/rnnrbmFile';
import './training/meanPrecisionFit';
import './storage/meanPrecisionFile';
import './training/meanPrecisionCRBMFit';
import './storage/meanPrecisionCRBMFile';

export { RBM, type RBMOptions, type SampleOptions, type TrainOptions } from './models/RBM';
export type { RBMParams, VisibleType, EpochMetrics, TrainingHistory, TrainingWarning, StopReason } from './types';
export { DEFAULT_TRAIN_OPTIONS, AUTO_LEARNING_RATE } from './training/trainOptions';
export { initBackend, backendName, onnxAvailable, BACKEND_ORDER, type BackendName, type InitBackendOptions } from './backend';
export { cdGradientTf, tfjsEngine, type CDBatch, type CDGradient, type CDEngine } from './training/cdStep';
export { createEngine, type EngineSpec } from './training/engines';
export { drawCDNoise, epochRandom, fillUniformFast, fillNormalFast } from './draws';
export { momentumStep, addSparsityGradient, type UpdateSettings, type ParamGroup } from './training/update';
export { newTrainState, initBiasesFromData, type TrainState } from './training/trainState';
export { MIN_SIGMA } from './training/fit';
export { MODEL_FORMAT_VERSION } from './storage/modelFile';
export { modelSource } from './storage/source';
export { type SaveOptions as RBMSaveOptions } from './types';
export { saveCheckpoint, loadCheckpoint } from './training/checkpoint';
export * from './evaluation';
// The ConditionalRBM's GenerateOptions would clash with the generate stage's, hence the explicit list and rename.
export { ConditionalRBM, DEFAULT_CRBM_GENERATE_OPTIONS, type GenerateOptions as CRBMGenerateOptions } from './models/ConditionalRBM';
export { historyPairs } from './models/crbm/history';
export {
  MeanPrecisionRBM, MEAN_PRECISION_MAX_HIDDEN, type MeanPrecisionRBMOptions, type MeanPrecisionTrainOptions,
  type MeanPrecisionEpochMetrics, type MeanPrecisionHistory,
} from './models/MeanPrecisionRBM';
export { DEFAULT_MEAN_PRECISION_TRAIN } from './training/meanPrecisionFit';
export {
  MeanPrecisionCRBM, type MeanPrecisionCRBMOptions, type MeanPrecisionCRBMTrainOptions, type MeanPrecisionCRBMHistory,
} from './models/MeanPrecisionCRBM';
export { DEFAULT_MEAN_PRECISION_CRBM_TRAIN } from './training/meanPrecisionCRBMFit';
export { recentTaps, lagTaps, multiScaleTaps, historyTaps, tapSpan, historyRow, type HistoryTap, type HistoryKind } from './models/crbm/taps';
export { predictionError } from './training/crbm/fit';
export {
  DEFAULT_CRBM_TRAIN_OPTIONS, CRBM_AUTO_LEARNING_RATE, type CRBMParams, type CRBMOptions, type CRBMTrainOptions, type CRBMEpochMetrics, type CRBMHistory,
} from './models/crbm/types';
// The RNN-RBM (Boulanger-Lewandowski et al. 2012): an RNN whose state sets each frame's RBM biases.
export {
  RNNRBM, RNNRBM_ARRAYS, DEFAULT_RNNRBM_GENERATE_OPTIONS,
  type RNNRBMParams, type RNNRBMOptions, type RNNRBMGenerateOptions, type RNNRBMSaveOptions, type RNNRBMVisible,
} from './models/RNNRBM';
export type { RNNRBMTrainOptions, RNNRBMEpochMetrics, RNNRBMHistory } from './models/rnnrbmTypes';
export { DEFAULT_RNNRBM_TRAIN_OPTIONS } from './training/rnnrbmOptions';
export { fitRNNRBM, validationMetrics as rnnrbmValidationMetrics } from './training/rnnrbmFit';
export { saveRNNRBM, loadRNNRBM } from './storage/rnnrbmFile';
