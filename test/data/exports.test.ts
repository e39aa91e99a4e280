import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../src';
import * as cli from '../../src/cli';

test('public API: the data stage exports its documented names through src/index.ts', () => {
  const names = ['loadDataset', 'loadAudioFolder', 'renderMidi', 'renderMidiFiles', 'synthesizeMusic', 'synthesizeDataset',
    'openmsxTracks', 'resolveSoundFont', 'trimSilence', 'normalizePeak', 'saveFeatureFile', 'loadFeatureFile'];
  for (const n of names) assert.equal(typeof (api as Record<string, unknown>)[n], 'function', n);
  for (const n of ['DATASET_NAMES', 'DATASET_DEFAULTS', 'RENDER_MIDI_DEFAULTS', 'SYNTHESIZE_MUSIC_DEFAULTS', 'SYNTHESIZE_DATASET_DEFAULTS',
    'LOAD_AUDIO_FOLDER_DEFAULTS', 'SOUND_FONTS', 'OPENMSX_STYLES', 'DEFAULT_CACHE_DIR', 'OPENMSX_DIR']) {
    assert.ok((api as Record<string, unknown>)[n] !== undefined, n);
  }
  assert.deepEqual([...api.DATASET_NAMES], ['openmsx', 'wesnoth', 'synthetic']);
});

test('cli barrel: program builder, command list and helpers', () => {
  for (const n of ['main', 'buildProgram', 'createProgress', 'handleError', 'renderSpectrogramSvg', 'renderSpectrogramPng']) {
    assert.equal(typeof (cli as Record<string, unknown>)[n], 'function', n);
  }
  assert.deepEqual(cli.buildProgram().commands.map((c) => c.name()).slice(0, 2), ['data', 'features']);
});
