// The public API contract: every name the issues promise users is exported from src/index.ts, and the error
// classes form one hierarchy. (Each stage's own barrel has a fuller export-list test in its folder.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../src';

const CONTRACT = {
  audio: ['loadAudio', 'decodeWav', 'saveWav', 'encodeWav', 'toDataUri', 'createWavWriter', 'toMono', 'resample'],
  features: ['stft', 'istft', 'magnitude', 'power', 'melFilterbank', 'melSpectrogram', 'amplitudeToDb', 'powerToDb',
    'griffinLim', 'melToLinear', 'spectralConvergence', 'Standardizer', 'MinMaxScaler', 'FeaturePipeline', 'DEFAULT_FEATURE_CONFIG'],
  data: ['loadDataset', 'loadAudioFolder', 'renderMidi', 'synthesizeMusic', 'synthesizeDataset'],
  rbm: ['RBM', 'ConditionalRBM', 'initBackend', 'backendName', 'DEFAULT_TRAIN_OPTIONS', 'exactLogPartition',
    'exactLogLikelihood', 'aisLogPartition', 'pseudoLogLikelihood', 'freeEnergyGap', 'reconstructionError', 'barsAndStripes',
    'RNNRBM', 'DEFAULT_RNNRBM_TRAIN_OPTIONS', 'rnnrbmFrameLogLikelihood',
    'evaluate', 'fitDiagonalGaussian', 'fitFullGaussian', 'fitDiagonalGMM', 'baselineLogDensities'],
  symbolic: ['midiToPianoRoll', 'loadPianoRoll', 'pianoRollToMidi', 'saveMidi', 'renderPianoRoll', 'loadSongRolls', 'splitBySong',
    'frameScores', 'frameAccuracy', 'evaluateNoteModel', 'independentBernoulli', 'rnnrbmNoteModel'],
  generate: ['generate', 'generateToFile', 'trainOnClips', 'rankByModel', 'makeSeamlessLoop', 'audioQualityReport', 'loadMusicModel',
    'trainNoteModel', 'generateNotes', 'saveNoteModel', 'loadNoteModel'],
  sweep: ['sweep', 'sweepChartSpec', 'sweepCurvesSpec'],
  notebook: ['showChart', 'showAudio', 'showSpectrogram', 'showHiddenUnits', 'showReconstruction', 'trainingMonitor', 'progressBar', 'checkAnswer', 'showPianoRoll'],
  shared: ['Random', 'matrix', 'atomicWriteFile'],
} as const;

for (const [stage, names] of Object.entries(CONTRACT)) {
  test(`src/index.ts exports the ${stage} contract`, () => {
    const missing = (names as readonly string[]).filter((n) => !(n in api) || (api as Record<string, unknown>)[n] === undefined);
    assert.deepEqual(missing, [], `missing from the public API: ${missing.join(', ')}`);
  });
}

test('error classes form one hierarchy and set their names', () => {
  const classes = [api.ParameterError, api.AudioFormatError, api.ModelFormatError, api.FileExistsError];
  for (const C of classes) {
    const e = new C('x');
    assert.ok(e instanceof api.RbmMusicError && e instanceof Error);
    assert.equal(e.name, C.name);
  }
  const d = new api.DivergenceError('NaN in epoch 3', 3);
  assert.ok(d instanceof api.RbmMusicError);
  assert.equal(d.name, 'DivergenceError');
  assert.equal(d.epoch, 3);
});
