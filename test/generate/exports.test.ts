import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../src';

test('the generate and sweep stages export their documented API from the package root', () => {
  const names = [
    // generate
    'generate', 'generateToFile', 'DEFAULT_GENERATE_OPTIONS', 'gibbsChains', 'GibbsChain', 'DEFAULT_GIBBS_OPTIONS', 'temperatureAt',
    'makeSeamlessLoop', 'crossfade', 'wrapDiscontinuity', 'DEFAULT_LOOP_OPTIONS', 'renderBlocks', 'RbmFrameSource', 'SequenceFrameSource',
    'trainOnClips', 'DEFAULT_TRAIN_ON_CLIPS', 'rankByModel', 'frameFreeEnergy', 'audioQualityReport', 'qualityFrames',
    'DEFAULT_QUALITY_OPTIONS', 'loadMusicModel', 'musicMeta', 'styleClamp',
    // sweep
    'sweep', 'DEFAULT_SWEEP_OPTIONS', 'expandGrid', 'drawRandom', 'makeTrials', 'readSweepFile', 'writeSweepFiles', 'sweepCsv',
    'sweepChartSpec', 'sweepCurvesSpec', 'runTrial',
  ];
  const exported = api as Record<string, unknown>;
  for (const n of names) assert.ok(exported[n] !== undefined, `${n} is not exported from src/index.ts`);
  assert.equal((api.DEFAULT_GENERATE_OPTIONS as { temperature: number }).temperature, 0.8);
});
