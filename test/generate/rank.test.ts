import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeDataset } from '../../src/data';
import { saveWav } from '../../src/audio';
import { initBackend, RBM } from '../../src/rbm';
import { rankByModel, trainOnClips, frameFreeEnergy, meanStd } from '../../src/generate';
import { AudioFormatError, ModelFormatError, ParameterError } from '../../src/errors';

test('a model trained on style A ranks held-out A clips above B clips; training clips score ≈ 0', async () => {
  await initBackend({ log: () => {} });
  const mine = synthesizeDataset({ seed: 1, clips: 4, seconds: 4, styles: ['chords'] });
  const { model, pipeline } = await trainOnClips(mine, { nHidden: 64, epochs: 6, seed: 2 });
  const heldOut = synthesizeDataset({ seed: 50, clips: 6, seconds: 3 }); // chords, arpeggio, chords, …
  // Paths and in-memory clips are both accepted.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-rank-'));
  const file = path.join(dir, `${heldOut[1].name}.wav`);
  await saveWav(file, heldOut[1].clip);
  const ranked = await rankByModel(model as RBM, [file, ...heldOut.filter((_, i) => i !== 1)]);
  console.log(ranked.map((r) => `${r.name}: score ${r.score.toFixed(2)}, F ${r.meanFreeEnergy.toFixed(1)}`).join('\n'));
  const top = ranked.slice(0, 3).map((r) => r.name);
  assert.ok(top.every((n) => n.includes('chords')), `top three: ${top.join(', ')}`);
  assert.ok(ranked.slice(3).every((r) => r.name.includes('arpeggio')));
  // Free energy is the raw score: lower for the better-ranked clips.
  assert.ok(ranked[0].meanFreeEnergy < ranked[5].meanFreeEnergy);
  // Calibration: the training clips' frames average a z-score of 0 by construction (mean of means = mean).
  const train = await rankByModel(model as RBM, mine.map((c) => ({ name: c.name, clip: c.clip })));
  const avg = train.reduce((s, r) => s + r.score * r.frames, 0) / train.reduce((s, r) => s + r.frames, 0);
  assert.ok(Math.abs(avg) < 1e-3, `frame-weighted mean score of the training clips ${avg}`);
  // The saved statistics are the training frames' free-energy mean and spread.
  const F = frameFreeEnergy(model as RBM, pipeline.transform(mine[0].clip));
  assert.ok(Math.abs(meanStd(F).mean - train.find((r) => r.name === mine[0].name)!.meanFreeEnergy) < 1e-3);
});

test('ranking refuses models without a feature pipeline and mismatched pipelines', async () => {
  await initBackend({ log: () => {} });
  const plain = new RBM({ nVisible: 128, nHidden: 8, visible: 'gaussian', seed: 1 });
  const clip = synthesizeDataset({ seed: 1, clips: 1, seconds: 1 })[0];
  await assert.rejects(rankByModel(plain, [clip]), (e: Error) => e instanceof ModelFormatError && /no rbm-music feature metadata/.test(e.message));
  const { pipeline } = await trainOnClips([clip], { nHidden: 8, epochs: 1, features: { nMels: 64 } });
  await assert.rejects(rankByModel(plain, [clip], { pipeline }), (e: Error) => e instanceof ParameterError && /model\/feature mismatch: the model has 128 visible units but the pipeline gives 64 features/.test(e.message));
});

test('ranking refuses a clip shorter than one analysis window, naming it (it would be scored as padding)', async () => {
  await initBackend({ log: () => {} });
  const mine = synthesizeDataset({ seed: 1, clips: 2, seconds: 2, styles: ['chords'] });
  const { model } = await trainOnClips(mine, { nHidden: 16, epochs: 1, seed: 2 });
  const tiny = { name: 'blip.wav', clip: { sampleRate: 16000, channels: [new Float32Array(100).fill(0.1)] } };
  await assert.rejects(rankByModel(model as RBM, [tiny]), (e: Error) =>
    e instanceof AudioFormatError && /blip\.wav: 100 samples .* too short to rank.*nFft=1024/.test(e.message));
});
