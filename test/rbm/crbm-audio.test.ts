/**
 * Issue 3 "done means": a ConditionalRBM beats a plain RBM at predicting the next frame of HELD-OUT audio
 * features (synthetic music → FeaturePipeline: 32 log-mel bands, standardised), by mean squared error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeMusic } from '../../src/data';
import { FeaturePipeline } from '../../src/features';
import { RBM, initBackend } from '../../src/rbm';
import { tf } from '../../src/rbm/backend';
import { ConditionalRBM } from '../../src/rbm';
import { concatRows, sliceRows } from '../../src/util/matrix';
import type { Matrix } from '../../src/types';

const mse = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0) / a.length;
const meanOver = (seqs: Matrix[], f: (s: Matrix) => number): number => seqs.reduce((s, q) => s + f(q), 0) / seqs.length;

test('ConditionalRBM predicts the next frame of held-out audio better than a plain RBM and than repeating the last frame', async () => {
  await initBackend({ log: () => {} });
  const started = Date.now();
  // Both styles (sustained chords, fast arpeggios); the held-out clips have unseen seeds (keys, tempi, progressions).
  const clip = (seed: number) => synthesizeMusic({ seed, seconds: 4, sampleRate: 16000, style: seed % 2 ? 'arpeggio' : 'chords' });
  const fp = new FeaturePipeline({ kind: 'mel', nMels: 32 });
  const trainClips = [1, 2, 3, 4].map(clip);
  fp.fit(trainClips);
  const train = trainClips.map((c) => fp.transform(c));
  const heldOut = [5, 6].map((s) => fp.transform(clip(s)));
  const order = 3, nHidden = 64, epochs = 40;

  const crbm = new ConditionalRBM({ nVisible: 32, nHidden, order, visible: 'gaussian', seed: 1 });
  const tensorsBefore = tf.memory().numTensors;
  const history = await crbm.fit(train, { epochs, learningRate: 0.005, validation: heldOut });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'CRBM training leaks no tensors');
  const validation = history.epochs.map((e) => e.validationPredictionError as number);
  // The plain RBM: same size, same data (frames pooled), unit variance like the CRBM, its default Gaussian rate.
  const rbm = new RBM({ nVisible: 32, nHidden, visible: 'gaussian', sigma: 1, seed: 1 });
  await rbm.fit(concatRows(train), { epochs });

  const target = (s: Matrix) => sliceRows(s, order, s.rows).data;
  const previous = (s: Matrix) => sliceRows(s, order - 1, s.rows - 1);
  const crbmMse = meanOver(heldOut, (s) => mse(crbm.predictSequence(s).data, target(s)));
  // The plain RBM's best guesses: its reconstruction of the previous frame, or of the mean (blank) frame.
  const rbmPrevMse = meanOver(heldOut, (s) => mse(rbm.reconstruct(previous(s)).data, target(s)));
  const blank = (s: Matrix) => rbm.reconstruct({ rows: s.rows - order, cols: 32, data: new Float32Array((s.rows - order) * 32) }).data;
  const rbmBlankMse = meanOver(heldOut, (s) => mse(blank(s), target(s)));
  const repeatMse = meanOver(heldOut, (s) => mse(previous(s).data, target(s)));
  const rbmBest = Math.min(rbmPrevMse, rbmBlankMse);
  console.log(`held-out next-frame MSE (standardised units): CRBM ${crbmMse.toFixed(4)}, RBM(previous) ${rbmPrevMse.toFixed(4)}, ` +
    `RBM(blank) ${rbmBlankMse.toFixed(4)}, repeat previous ${repeatMse.toFixed(4)}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The per-epoch validation metric is the same quantity, and it fell during training.
  assert.ok(Math.abs(validation[validation.length - 1] - crbmMse) < 1e-6, `${validation[validation.length - 1]} vs ${crbmMse}`);
  assert.ok(validation[validation.length - 1] < validation[0], `validation MSE went from ${validation[0]} to ${validation[validation.length - 1]}`);
  assert.ok(crbmMse < 0.8 * rbmBest, `CRBM ${crbmMse} should beat the plain RBM's best ${rbmBest} by 20 %`);
  assert.ok(crbmMse < 0.9 * repeatMse, `CRBM ${crbmMse} should beat repeating the previous frame ${repeatMse} by 10 %`);

  // Generation runs past the training context (4 s = 250 frames) and stays finite and in range.
  const gen = crbm.generate({ frames: 400, prime: sliceRows(heldOut[0], 0, order), seed: 2 });
  assert.equal(gen.rows, 400);
  const maxAbs = gen.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  assert.ok(Number.isFinite(maxAbs) && maxAbs < 20, `generated features reach |x| = ${maxAbs}`);
});
