import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeDataset } from '../../src/data';
import { loadAudio } from '../../src/audio';
import { initBackend, RBM } from '../../src/rbm';
import { generate, generateToFile, renderBlocks, RbmFrameSource, trainOnClips, wrapDiscontinuity } from '../../src/generate';
import { FileExistsError, ParameterError } from '../../src/errors';

const setup = (async () => {
  await initBackend({ log: () => {} });
  const clips = synthesizeDataset({ seed: 1, clips: 4, seconds: 4 });
  return trainOnClips(clips, { nHidden: 32, epochs: 3, seed: 1 });
})();

test('long output is rendered block by block: many small writes, never the whole clip at once', async () => {
  const { model, pipeline } = await setup;
  const sr = pipeline.config.sampleRate, hop = pipeline.config.hopLength;
  const seconds = 30, blockFrames = 62, overlapFrames = 8; // ≈ 1 s blocks
  const source = new RbmFrameSource((model as RBM).params(), { seed: 1, chains: 1, burnIn: 10, thin: 1, temperature: 0.8, nFeatures: pipeline.nFeatures });
  const writes: number[] = [];
  const n = await renderBlocks(source, { pipeline, totalSamples: seconds * sr, blockFrames, overlapFrames, nIter: 4, momentum: 0.99, seed: 1, loopSamples: 0 },
    (y) => { writes.push(y.length); });
  assert.equal(n, seconds * sr);
  assert.equal(writes.reduce((a, b) => a + b), seconds * sr);
  assert.ok(writes.length >= 28, `${writes.length} writes`);
  // Each write is at most one block plus its overlap: memory is bounded by the block, not the duration.
  const bound = (blockFrames + overlapFrames) * hop;
  assert.ok(Math.max(...writes) <= bound, `largest write ${Math.max(...writes)} > ${bound}`);
});

test('generateToFile streams a seamless loop of the exact length to disk; refuses to overwrite', async () => {
  const { model } = await setup;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-stream-'));
  const out = path.join(dir, 'loop.wav');
  const r = await generateToFile(model, out, { seconds: 12, seed: 3, loop: true, crossfadeSeconds: 1, blockSeconds: 2, nIter: 8 });
  assert.equal(r.samples, 12 * 16000);
  const clip = await loadAudio(out);
  assert.equal(clip.channels[0].length, 12 * 16000);
  let peak = 0;
  for (const v of clip.channels[0]) peak = Math.max(peak, Math.abs(v));
  assert.ok(peak < 1 && peak > 0.05, `peak ${peak}`);
  // The wrap point is no bigger a step than the signal's own large steps (no click).
  assert.ok(wrapDiscontinuity(clip.channels[0]) <= 1, `wrap ${wrapDiscontinuity(clip.channels[0])}`);
  await assert.rejects(generateToFile(model, out, { seconds: 1 }), FileExistsError);
  await generateToFile(model, out, { seconds: 1, force: true });
  assert.ok(existsSync(out));
});

test('in-memory and streamed generation give the same samples; loops wrap smoothly across seeds', async () => {
  const { model } = await setup;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-stream-'));
  const opts = { seconds: 4, seed: 5, blockSeconds: 1.5, nIter: 8 };
  const a = await generate(model, opts);
  await generateToFile(model, path.join(dir, 'a.wav'), { ...opts, bitDepth: '32f' });
  const b = await loadAudio(path.join(dir, 'a.wav'));
  assert.deepEqual(b.channels[0], a.channels[0]);
  for (const seed of [1, 2, 3]) {
    const loop = await generate(model, { seconds: 5, seed, loop: true, crossfadeSeconds: 1, blockSeconds: 2, nIter: 8 });
    assert.ok(wrapDiscontinuity(loop.channels[0]) <= 1, `seed ${seed}: wrap ${wrapDiscontinuity(loop.channels[0])}`);
  }
  // RBM continuation: the prime's start is kept sample for sample, the chain starts from its last frame.
  const prime = synthesizeDataset({ seed: 9, clips: 1, seconds: 2 })[0].clip;
  const cont = await generate(model, { seconds: 3, seed: 1, prime, primeSeconds: 1, nIter: 8 });
  for (let i = 0; i < 11000; i += 101) assert.equal(cont.channels[0][i], prime.channels[0][i]); // before the 0.25 s crossfade
  assert.equal(cont.channels[0].length, 3 * 16000);
  await assert.rejects(generate(model, { seconds: -1 }), (e: Error) => e instanceof ParameterError && /seconds must be a finite number > 0, got -1/.test(e.message));
  await assert.rejects(generate(model, { seconds: 1, chains: 0 }), /chains must be an integer >= 1, got 0/);
});
