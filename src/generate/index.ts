/**
 * The generate stage: from a trained model to sound (Gibbs sampling, frames → audio, loops, streaming), the
 * training helper behind the CLI and notebooks, taste ranking by free energy, and audio quality metrics.
 */
export { generate, generateToFile, DEFAULT_GENERATE_OPTIONS, RNNRBM_CONTEXT_FRAMES, DRONE_WINDOW_SECONDS, type DroneReport, type GenerateOptions, type GenerateToFileOptions, type GenerativeModel, type RecurrentModel } from './generate';
export { gibbsChains, GibbsChain, DEFAULT_GIBBS_OPTIONS, type GibbsOptions, type GibbsParams, type Clamp } from './gibbs';
export { temperatureAt, checkAnnealing, type AnnealingSchedule } from './anneal';
export { makeSeamlessLoop, crossfade, wrapDiscontinuity, fadeGain, DEFAULT_LOOP_OPTIONS, type LoopOptions } from './loop';
export { renderBlocks, softLimit, type FrameSource, type RenderOptions } from './render';
export { RbmFrameSource, SequenceFrameSource, type SequenceModel, type RbmSourceOptions, type SequenceSourceOptions } from './sources';
export { musicMeta, modelPipeline, withStyleColumns, featureColumns, styleIndex, styleClamp, type MusicModelMeta } from './musicModel';
export { rankByModel, frameFreeEnergy, meanStd, type RankEntry, type RankOptions, type RankInput, type FreeEnergyModel } from './rank';
export { trainOnClips, DEFAULT_TRAIN_ON_CLIPS, MUSIC_MODEL_KINDS, type MusicModelKind, type TrainOnClipsOptions, type TrainedMusicModel, type LabelledClip } from './trainOnClips';
export { audioQualityReport, qualityFrames, novelty, frameChange, DEFAULT_QUALITY_OPTIONS, type QualityReport, type QualityOptions } from './quality';
export { loadMusicModel } from './loadMusicModel';
export { onsetEnvelope, onsetPeriodicity, autocorrelation, logSpectra, spectralChange, frameChangeAtLag, structureReport, selfSimilarity, DRONE_CHANGE, DEFAULT_STRUCTURE_OPTIONS, type StructureOptions, type StructureReport, type Periodicity } from './structure';
export { spectralFlatness } from './quality';
export { snippetFeatures, classifierTwoSampleTest, SNIPPET_BANDS, type TwoSampleOptions, type TwoSampleResult } from './twoSample';
export { forecastError, rbmForecaster, sequenceForecaster, recurrentForecaster, type Forecaster, type ForecastOptions, type ForecastReport, type RecurrentForecastModel } from './forecast';
export {
  trainNoteModel, generateNotes, saveNoteModel, loadNoteModel, NOTE_MODEL_KINDS, DEFAULT_TRAIN_NOTE_MODEL, DEFAULT_GENERATE_NOTES,
  type NoteModelKind, type TrainedNoteModel, type TrainNoteModelOptions, type GenerateNotesOptions, type NoteModelMeta,
} from './notes';
