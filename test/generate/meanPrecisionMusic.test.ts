import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, synthesizeDataset } from '../../src/data';
import { MeanPrecisionRBM, fitFullGaussian, fitDiagonalGMM } from '../../src/rbm';
import { generate, loadMusicModel, trainOnClips, structureReport, spectralFlatness, DRONE_CHANGE } from '../../src/generate';
import { concatRows } from '../../src/util/matrix';
import { ParameterError } from '../../src/errors';

test("trainOnClips({ model: 'mprbm' }): held-out clips score above the full-covariance Gaussian; generation moves and reloads identically", async () => {
  // As issue 8 measures real music: the first 80 % of each clip trains, the last 20 % is held out.
  const clips = await loadDataset('openmsx', { maxClips: 4, clipSeconds: 20 });
  const cut = (c: (typeof clips)[number], from: number, to: number) => {
    const y = c.clip.channels[0];
    return { ...c, clip: { ...c.clip, channels: [y.slice(Math.round(from * y.length), Math.round(to * y.length))] } };
  };
  const train = clips.map((c) => cut(c, 0, 0.8)), held = clips.map((c) => cut(c, 0.8, 1));
  const { model, pipeline, frames } = await trainOnClips(train, { model: 'mprbm', epochs: 12, seed: 1 });
  assert.ok(model instanceof MeanPrecisionRBM);
  assert.equal(model.nHidden, 8);
  const heldFrames = concatRows(held.map((c) => pipeline.transform(c.clip.channels[0])));
  const ours = model.meanLogDensity(heldFrames);
  const full = fitFullGaussian(frames, { ridge: 1e-3 }).meanLogDensity(heldFrames);
  const gmm = fitDiagonalGMM(frames, { components: 8, seed: 0 }).meanLogDensity(heldFrames);
  console.log(`# held-out last 20 % of 4 bundled songs, nats/frame: mean–precision RBM ${ours.toFixed(1)}, full Gaussian ${full.toFixed(1)}, 8-comp diagonal GMM ${gmm.toFixed(1)}`);
  assert.ok(ours > full, `mprbm ${ours} vs full-covariance Gaussian ${full}`);

  const a = await generate(model, { seconds: 5, seed: 2 });
  const y = a.channels[0];
  const r = structureReport(y, { sampleRate: a.sampleRate });
  const flat = spectralFlatness(y, a.sampleRate);
  console.log(`# generated: change over 1 s ${r.change1s.toFixed(3)}, flatness ${flat.toFixed(3)}`);
  assert.ok(r.change1s > DRONE_CHANGE, `a static drone: change over 1 s ${r.change1s}`);
  assert.ok(flat < 0.3, `a noise wash: flatness ${flat} (white noise ≈ 0.56)`);

  const path = join(mkdtempSync(join(tmpdir(), 'mprbm-music-')), 'm.json');
  await model.save(path);
  const loaded = await loadMusicModel(path);
  assert.ok(loaded instanceof MeanPrecisionRBM);
  const b = await generate(loaded, { seconds: 5, seed: 2 });
  assert.deepEqual(b.channels[0], y);
});

test("trainOnClips({ model: 'mprbm', styles: true }) is refused: style units need model 'rbm'", async () => {
  const clips = synthesizeDataset({ seed: 1, clips: 2, seconds: 1 }).map((c, i) => ({ ...c, style: i ? 'a' : 'b' }));
  await assert.rejects(trainOnClips(clips, { model: 'mprbm', styles: true, epochs: 1 }), (e: Error) => e instanceof ParameterError && /style/.test(e.message));
});
