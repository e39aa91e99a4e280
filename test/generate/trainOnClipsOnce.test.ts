/**
 * Issue 11: trainOnClips extracted every clip's features twice (once to fit the scaler, once to scale). It now
 * extracts once; the training frames must be what the two-pass route (fit on all clips, then transform each) gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeDataset } from '../../src/data';
import { FeaturePipeline } from '../../src/features';
import { trainOnClips } from '../../src/generate';
import { toMono } from '../../src/audio';
import { concatRows } from '../../src/util/matrix';

test('trainOnClips extracts each clip once and its frames equal fit(all clips) + transform(each clip)', async () => {
  const clips = synthesizeDataset({ seed: 3, clips: 3, seconds: 1 });
  const features = { nMels: 16 };
  const proto = FeaturePipeline.prototype as unknown as { extract: (...a: unknown[]) => unknown };
  const original = proto.extract;
  let calls = 0;
  proto.extract = function (this: unknown, ...a: unknown[]) { calls++; return original.apply(this, a); };
  let frames;
  try {
    ({ frames } = await trainOnClips(clips, { model: 'rbm', nHidden: 4, epochs: 1, features }));
  } finally {
    proto.extract = original;
  }
  assert.equal(calls, clips.length, 'one feature extraction per clip');
  // Reference: the two-pass route trainOnClips took before (fit, then transform every clip again).
  const audio = clips.map((c) => toMono(c.clip).channels[0]);
  const fp = new FeaturePipeline(features).fit(audio);
  const expected = concatRows(audio.map((y) => fp.transform(y)));
  assert.equal(frames.rows, expected.rows);
  assert.equal(frames.cols, expected.cols);
  assert.deepEqual(frames.data, expected.data);
});
