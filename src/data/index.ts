/**
 * Data sets: the bundled OpenMSX MIDI tracks rendered to audio (default), the Wesnoth corpus, the user's own
 * folders, and seeded synthetic music for tests.
 */
export type { DatasetClip, ProgressCallback } from './types';
export { loadDataset, DATASET_NAMES, DATASET_DEFAULTS, WESNOTH_SCRIPT, type DatasetName, type LoadDatasetOptions } from './loadDataset';
export { loadAudioFolder, audioFolderFiles, LOAD_AUDIO_FOLDER_DEFAULTS, type LoadAudioFolderOptions } from './loadAudioFolder';
export { renderMidi, RENDER_MIDI_DEFAULTS, RENDERER_VERSION, type RenderMidiOptions } from './renderMidi';
export { renderMidiFiles } from './renderPool';
export { SOUND_FONTS, DEFAULT_SOUND_FONT, resolveSoundFont, type SoundFontId } from './soundFonts';
export { openmsxTracks, OPENMSX_DIR, OPENMSX_STYLES, type OpenmsxTrack } from './openmsx';
export { synthesizeMusic, SYNTHESIZE_MUSIC_DEFAULTS, type SynthesizeMusicOptions, type SyntheticStyle } from './synthesizeMusic';
export { synthesizeDataset, SYNTHESIZE_DATASET_DEFAULTS, type SynthesizeDatasetOptions } from './synthesizeDataset';
export { trimSilence, normalizePeak, TRIM_SILENCE_DEFAULTS, type TrimSilenceOptions } from './clipTools';
export { DEFAULT_CACHE_DIR } from './renderCache';
export { saveFeatureFile, writeFeatureFile, FrameSpool, loadFeatureFile, FEATURE_FILE_MAGIC, type FeatureFileHeader, type FeatureFileClip } from './featureFile';
