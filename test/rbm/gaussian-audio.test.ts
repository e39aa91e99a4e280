/**
 * Issue 3 "done means": a Gaussian RBM's reconstruction error falls on the DEFAULT audio features — the bundled
 * OpenMSX songs through the default FeaturePipeline (128 log-mel bands, log1p, per-band standardised) — on the
 * training frames and on held-out frames from the end of each song. Also: a ConditionalRBM predicts the next frame
 * of that held-out real music better than a plain RBM's reconstruction of the previous frame.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../src/data';
import { FeaturePipeline, DEFAULT_FEATURE_CONFIG } from '../../src/features';
import { RBM, ConditionalRBM, initBackend, reconstructionError } from '../../src/rbm';
import { concatRows, sliceRows } from '../../src/util/matrix';
import type { AudioClip, Matrix } from '../../src/types';

const cut = (c: AudioClip, from: number, to: number): AudioClip => {
  const y = c.channels[0];
  return { sampleRate: c.sampleRate, channels: [y.slice(Math.floor(from * y.length), Math.floor(to * y.length))] };
};
const mse = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0) / a.length;

test('Gaussian RBM reconstruction error falls on the default audio features (bundled songs, held-out ends)', async () => {
  await initBackend({ log: () => {} });
  // One song of each style class; 8 s each: the first 80 % trains, the last 20 % is held out.
  const clips = await loadDataset('openmsx', { maxClips: 3, clipSeconds: 8 });
  const fp = new FeaturePipeline(); // the defaults users get
  assert.equal(fp.nFeatures, DEFAULT_FEATURE_CONFIG.nMels);
  const trainClips = clips.map((c) => cut(c.clip, 0, 0.8));
  fp.fit(trainClips);
  const train = concatRows(trainClips.map((c) => fp.transform(c)));
  const heldOut = concatRows(clips.map((c) => fp.transform(cut(c.clip, 0.8, 1))));

  const rbm = new RBM({ nVisible: fp.nFeatures, nHidden: 128, visible: 'gaussian', seed: 3 });
  const before = { train: reconstructionError(rbm, train), heldOut: reconstructionError(rbm, heldOut) };
  const history = await rbm.fit(train, { epochs: 8, validation: heldOut });
  const after = { train: reconstructionError(rbm, train), heldOut: reconstructionError(rbm, heldOut) };
  const curve = history.epochs.map((e) => e.reconstructionError);
  console.log(`frames: ${train.rows} train, ${heldOut.rows} held out; reconstruction error train ${before.train.toFixed(3)} → ${after.train.toFixed(3)}, held out ${before.heldOut.toFixed(3)} → ${after.heldOut.toFixed(3)}; per-epoch ${curve.map((x) => x.toFixed(3)).join(' ')}`);
  // Standardised features: predicting the mean everywhere scores ≈ 1; an untrained RBM is about that.
  assert.ok(after.train < 0.6 * before.train, `training reconstruction error should fall by > 40 %: ${before.train} → ${after.train}`);
  assert.ok(after.heldOut < 0.7 * before.heldOut, `held-out reconstruction error should fall by > 30 %: ${before.heldOut} → ${after.heldOut}`);
  assert.ok(curve[curve.length - 1] < curve[0], 'the per-epoch training curve falls');
});

test('ConditionalRBM beats a plain RBM at predicting the next frame of held-out real music', async () => {
  await initBackend({ log: () => {} });
  const clips = await loadDataset('openmsx', { maxClips: 3, clipSeconds: 8 });
  const fp = new FeaturePipeline({ nMels: 32 });
  const trainClips = clips.map((c) => cut(c.clip, 0, 0.8));
  fp.fit(trainClips);
  const train = trainClips.map((c) => fp.transform(c));
  const heldOut = clips.map((c) => fp.transform(cut(c.clip, 0.8, 1)));
  const order = 3, nHidden = 64, epochs = 30;

  const crbm = new ConditionalRBM({ nVisible: 32, nHidden, order, visible: 'gaussian', seed: 1 });
  await crbm.fit(train, { epochs, learningRate: 0.005 });
  const rbm = new RBM({ nVisible: 32, nHidden, visible: 'gaussian', sigma: 1, seed: 1 });
  await rbm.fit(concatRows(train), { epochs });

  let crbmErr = 0, rbmErr = 0, repeatErr = 0;
  for (const s of heldOut) {
    const target = sliceRows(s, order, s.rows).data;
    const previous = sliceRows(s, order - 1, s.rows - 1);
    const predicted = new Float32Array(target.length);
    for (let t = order; t < s.rows; t++) predicted.set(crbm.predictNext(sliceRows(s, t - order, t)), (t - order) * s.cols);
    crbmErr += mse(predicted, target) / heldOut.length;
    rbmErr += mse(rbm.reconstruct(previous).data, target) / heldOut.length;
    repeatErr += mse(previous.data, target) / heldOut.length;
  }
  console.log(`held-out next-frame MSE: CRBM ${crbmErr.toFixed(3)}, plain RBM (reconstruct previous frame) ${rbmErr.toFixed(3)}, repeat previous frame ${repeatErr.toFixed(3)}`);
  assert.ok(crbmErr < 0.9 * rbmErr, `CRBM ${crbmErr} should beat the plain RBM ${rbmErr} by 10 %`);
});
