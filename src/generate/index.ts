/**
 * The generate stage: from a trained model to sound (Gibbs sampling, frames → audio, loops, streaming), the
 * training helper behind the CLI and notebooks, taste ranking by free energy, and audio quality metrics.
 */
export { generate, generateToFile, DEFAULT_GENERATE_OPTIONS, type GenerateOptions, type GenerateToFileOptions, type GenerativeModel } from './generate';
export { gibbsChains, GibbsChain, DEFAULT_GIBBS_OPTIONS, type GibbsOptions, type GibbsParams, type Clamp } from './gibbs';
export { temperatureAt, checkAnnealing, type AnnealingSchedule } from './anneal';
export { makeSeamlessLoop, crossfade, wrapDiscontinuity, fadeGain, DEFAULT_LOOP_OPTIONS, type LoopOptions } from './loop';
export { renderBlocks, softLimit, type FrameSource, type RenderOptions } from './render';
export { RbmFrameSource, SequenceFrameSource, type SequenceModel, type RbmSourceOptions, type SequenceSourceOptions } from './sources';
export { musicMeta, modelPipeline, withStyleColumns, featureColumns, styleIndex, styleClamp, type MusicModelMeta } from './musicModel';
export { rankByModel, frameFreeEnergy, meanStd, type RankEntry, type RankOptions, type RankInput, type FreeEnergyModel } from './rank';
export { trainOnClips, DEFAULT_TRAIN_ON_CLIPS, type TrainOnClipsOptions, type TrainedMusicModel, type LabelledClip } from './trainOnClips';
export { audioQualityReport, qualityFrames, novelty, frameChange, DEFAULT_QUALITY_OPTIONS, type QualityReport, type QualityOptions } from './quality';
export { loadMusicModel } from './loadMusicModel';
