/**
 * The features stage: STFT/iSTFT, mel filterbanks, log compression, per-bin scaling, Griffin-Lim, mel
 * inversion and the {@link FeaturePipeline} the RBM, generation and notebooks share. librosa ≥ 0.10
 * conventions, in camelCase; spectrograms are frames × bins.
 */
export { getWindow, padCenter, WINDOW_NAMES, type WindowName, type WindowSpec } from './window';
export { DEFAULT_STFT_OPTIONS, type StftOptions, type PadMode } from './stftOptions';
export { stft, magnitude, power, type ComplexSpectrogram } from './stft';
export { istft, type IstftOptions } from './istft';
export { hzToMel, melToHz, melFrequencies, fftFrequencies, melFilterbank, DEFAULT_MEL_OPTIONS, type MelFilterbankOptions, type MelNorm } from './mel';
export { melSpectrogram, applyMelFilterbank, type MelSpectrogramOptions } from './melSpectrogram';
export { amplitudeToDb, powerToDb, dbToAmplitude, dbToPower, DEFAULT_AMPLITUDE_TO_DB, DEFAULT_POWER_TO_DB, type DbOptions } from './db';
export { logCompress, logDecompress, DEFAULT_LOG_COMPRESS, type LogCompressOptions } from './logCompress';
export { Standardizer, type StandardizerJSON } from './standardizer';
export { MinMaxScaler, type MinMaxScalerJSON } from './minMaxScaler';
export { spectralConvergence } from './spectralConvergence';
export { griffinLim, DEFAULT_GRIFFIN_LIM, type GriffinLimOptions } from './griffinLim';
export { nnls, DEFAULT_NNLS, type NnlsOptions } from './nnls';
export { melToLinear, melToAudio, type MelToLinearOptions, type MelToAudioOptions } from './melToLinear';
export { DEFAULT_FEATURE_CONFIG, resolveFeatureConfig, type FeatureConfig } from './featureConfig';
export { FeaturePipeline, FeatureStream, type FeatureInput, type ToAudioOptions, type FeaturePipelineJSON } from './featurePipeline';
