import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeDataset } from '../../src/data';
import { initBackend, type RBM } from '../../src/rbm';
import type { ConditionalRBM } from '../../src/rbm';
import { dynamicBiases, gibbsFrame, makeScratch } from '../../src/rbm/models/crbm/inference';
import { DEFAULT_GENERATE_OPTIONS, RbmFrameSource, frameChange, trainOnClips } from '../../src/generate';
import type { Matrix } from '../../src/types';
import { Random } from '../../src/util/random';


/** ConditionalRBM.generate's loop, with the final hidden read-out chosen (the old behaviour was 'meanField'). */
function crbmFrames(m: ConditionalRBM, prime: Matrix, frames: number, finalHidden: 'sample' | 'meanField'): Matrix {
  const nV = m.nVisible, order = m.order;
  const buf = new Float32Array((order + frames) * nV);
  buf.set(prime.data.subarray(0, order * nV));
  const rng = new Random(5);
  const s = makeScratch(m);
  for (let t = order; t < order + frames; t++) {
    dynamicBiases(m, buf, (t - order) * nV, s);
    for (let i = 0; i < nV; i++) s.v[i] = buf[(t - 1) * nV + i];
    buf.set(gibbsFrame(m, s, DEFAULT_GENERATE_OPTIONS.gibbsSteps, 1, 0, rng, finalHidden), t * nV);
  }
  for (const x of buf) assert.ok(Number.isFinite(x) && Math.abs(x) < 50, `generation exploded (${x})`);
  return { rows: frames, cols: nV, data: buf.slice(order * nV) };
}

test('CRBM: a sampled final hidden layer (the default) moves more than the old mean-field read-out, without exploding', async () => {
  await initBackend({ log: () => {} });
  const clips = synthesizeDataset({ seed: 3, clips: 4, seconds: 2 });
  const { model, pipeline } = await trainOnClips(clips, { model: 'crbm', nHidden: 32, epochs: 4, seed: 1, order: 3 });
  const prime = pipeline.transform(clips[0].clip.channels[0]);
  const real = frameChange(prime);
  const before = frameChange(crbmFrames(model as ConditionalRBM, prime, 200, 'meanField'));
  const after = frameChange(crbmFrames(model as ConditionalRBM, prime, 200, 'sample'));
  console.log(`# CRBM frame change: mean-field ${before.toFixed(3)}, sampled ${after.toFixed(3)}, training ${real.toFixed(3)}`);
  assert.ok(after > 1.5 * before, `sampled ${after} vs mean-field ${before}`);
  // More movement, but still within the data's scale (not noise blown far past real music).
  assert.ok(after < 3 * real, `sampled ${after} vs training ${real}`);
});

test('RBM: unsmoothed frames (the default) move more than the old 2-frame smoothing', async () => {
  await initBackend({ log: () => {} });
  const clips = synthesizeDataset({ seed: 3, clips: 4, seconds: 2 });
  const { model, pipeline } = await trainOnClips(clips, { model: 'rbm', nHidden: 32, epochs: 4, seed: 1 });
  const frames = (smoothFrames: number): Matrix => new RbmFrameSource((model as RBM).params(), {
    seed: 2, chains: 1, burnIn: 50, thin: 1, temperature: DEFAULT_GENERATE_OPTIONS.temperature, nFeatures: pipeline.nFeatures, smoothFrames,
  }).next(200);
  const before = frameChange(frames(2));
  const after = frameChange(frames(DEFAULT_GENERATE_OPTIONS.smoothFrames));
  console.log(`# RBM frame change: smoothed ${before.toFixed(3)}, default ${after.toFixed(3)}`);
  assert.equal(DEFAULT_GENERATE_OPTIONS.smoothFrames, 0);
  assert.ok(after > 1.5 * before, `default ${after} vs smoothed ${before}`);
});
