/** Training: learning, determinism, resume, divergence, early stopping, abort, tensor hygiene. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { DivergenceError, ParameterError } from '../../src/errors';
import { initBackend, onnxAvailable, RBM, type BackendName, type EpochMetrics } from '../../src/rbm';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';

const dir = mkdtempSync(path.join(tmpdir(), 'rbm-fit-'));
const quiet = { log: () => {} };
const engines: BackendName[] = onnxAvailable() ? ['wasm', 'onnx'] : ['wasm'];

/** 4 × 4 bars and stripes (MacKay 2003): every image is all-vertical or all-horizontal bars. */
function barsAndStripes(): Matrix {
  const rows: number[] = [];
  for (let m = 0; m < 16; m++) {
    for (const horizontal of [false, true]) {
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) rows.push((m >> (horizontal ? i : j)) & 1);
    }
  }
  return { rows: 32, cols: 16, data: Float32Array.from(rows) };
}

/** Audio-like frames: log-magnitude spectra of harmonic tones (random f0, decaying partials) plus noise, standardised. */
function harmonicFrames(n: number, bins: number, seed: number): Matrix {
  const rng = new Random(seed);
  const data = new Float32Array(n * bins);
  for (let r = 0; r < n; r++) {
    const f0 = 2 + rng.next() * 6;
    for (let f = 0; f < bins; f++) {
      let mag = 0.01;
      for (let k = 1; k * f0 < bins; k++) mag += Math.exp(-((f - k * f0) ** 2) / 0.5) / k;
      data[r * bins + f] = Math.log(mag) + 0.1 * rng.normal();
    }
  }
  for (let f = 0; f < bins; f++) {
    let m = 0;
    let s = 0;
    for (let r = 0; r < n; r++) m += data[r * bins + f] / n;
    for (let r = 0; r < n; r++) s += (data[r * bins + f] - m) ** 2 / n;
    for (let r = 0; r < n; r++) data[r * bins + f] = (data[r * bins + f] - m) / Math.sqrt(s);
  }
  return { rows: n, cols: bins, data };
}

describe('RBM.fit', () => {
  for (const backend of engines) {
    test(`${backend}: a Bernoulli RBM learns bars and stripes (reconstruction error falls)`, async () => {
      await initBackend({ backend, ...quiet });
      const rbm = new RBM({ nVisible: 16, nHidden: 16, seed: 3 });
      const h = await rbm.fit(barsAndStripes(), { epochs: 100, batchSize: 8, initialMomentum: 0.5, finalMomentum: 0.9 }); // guide §9 momentum (measured setting)
      const first = h.epochs[0].reconstructionError;
      const last = h.epochs.at(-1)!.reconstructionError;
      assert.equal(h.stopReason, 'completed');
      assert.equal(h.epochs.length, 100);
      assert.ok(first > 0.15 && last < 0.02, `reconstruction error ${first} → ${last}`);
    });

    test(`${backend}: same seed, data and backend → identical weights; another seed differs`, async () => {
      await initBackend({ backend, ...quiet });
      const data = barsAndStripes();
      const run = async (seed: number) => {
        const rbm = new RBM({ nVisible: 16, nHidden: 8, seed });
        await rbm.fit(data, { epochs: 4, batchSize: 8, method: 'pcd', k: 2, sparsityTarget: 0.1 });
        return rbm.params();
      };
      const a = await run(1);
      assert.deepEqual(await run(1), a);
      assert.notDeepEqual((await run(2)).W, a.W);
    });

    test(`${backend}: resume from a checkpoint continues bit-identically (PCD, momentum switch, sparsity, learned σ)`, async () => {
      await initBackend({ backend, ...quiet });
      for (const visible of ['bernoulli', 'gaussian'] as const) {
        const data = visible === 'gaussian' ? harmonicFrames(48, 12, 1) : barsAndStripes();
        const opts = { epochs: 6, batchSize: 8, method: 'pcd' as const, momentumSwitchEpoch: 2, sparsityTarget: 0.1, learningRate: visible === 'gaussian' ? 0.01 : 0.1, validation: data, patience: 50 };
        const straight = new RBM({ nVisible: data.cols, nHidden: 8, visible, seed: 4 });
        const full = await straight.fit(data, opts);
        const ckpt = path.join(dir, `resume-${backend}-${visible}.ckpt`);
        const first = new RBM({ nVisible: data.cols, nHidden: 8, visible, seed: 4 });
        await first.fit(data, { ...opts, epochs: 3, checkpoint: { path: ckpt, every: 3 } });
        const resumed = new RBM({ nVisible: data.cols, nHidden: 8, visible, seed: 4 });
        const h = await resumed.fit(data, { ...opts, resume: ckpt });
        assert.deepEqual(resumed.params(), straight.params(), `${visible}: resumed weights differ from the uninterrupted run`);
        assert.equal(h.epochs.length, 6);
        assert.deepEqual(h.epochs.map((m) => m.reconstructionError), full.epochs.map((m) => m.reconstructionError));
      }
    });
  }

  test('a Gaussian RBM lowers reconstruction error on held-out audio-like features', async () => {
    await initBackend(quiet);
    const train = harmonicFrames(1000, 32, 1);
    const validation = harmonicFrames(200, 32, 2);
    const rbm = new RBM({ nVisible: 32, nHidden: 48, visible: 'gaussian', seed: 1 }); // defaults: learned σ, lr 0.01
    const h = await rbm.fit(train, { epochs: 10, batchSize: 32, validation });
    const first = h.epochs[0].validationReconstructionError!;
    const last = h.epochs.at(-1)!.validationReconstructionError!;
    assert.ok(last < 0.6 * first, `validation reconstruction error ${first} → ${last}`);
    assert.ok(Number.isFinite(h.epochs.at(-1)!.freeEnergyGap));
  });

  test('an absurd learning rate throws DivergenceError naming the epoch and keeps the last good checkpoint', async () => {
    await initBackend(quiet);
    const data = harmonicFrames(64, 12, 3);
    const ckpt = path.join(dir, 'diverge.ckpt');
    const rbm = new RBM({ nVisible: 12, nHidden: 8, visible: 'gaussian', sigma: 1, seed: 1 });
    const err = await rbm.fit(data, { epochs: 5, batchSize: 8, learningRate: 0.01, learningRateSchedule: (e, base) => (e < 2 ? base : 1e12), checkpoint: { path: ckpt, every: 1 } })
      .then(() => null, (e: Error) => e);
    assert.ok(err instanceof DivergenceError, `expected DivergenceError, got ${err}`);
    assert.equal(err.epoch, 2);
    assert.match(err.message, /diverged in epoch 2/);
    assert.ok(err.message.includes(ckpt), err.message);
    assert.ok(rbm.W.every(Number.isFinite), 'the model keeps finite weights');
    // The checkpoint on disk is the last good one (after epoch 1): resuming from it with a sane rate works.
    assert.ok(existsSync(ckpt));
    const again = new RBM({ nVisible: 12, nHidden: 8, visible: 'gaussian', sigma: 1, seed: 1 });
    const h = await again.fit(data, { epochs: 3, batchSize: 8, learningRate: 0.01, resume: ckpt });
    assert.equal(h.epochs.length, 3);
    assert.ok(again.W.every(Number.isFinite));
  });

  test('early stopping on a held-out metric, with the best weights restored', async () => {
    await initBackend(quiet);
    const data = barsAndStripes();
    const seen: EpochMetrics[] = [];
    const rbm = new RBM({ nVisible: 16, nHidden: 8, seed: 2 });
    // Monitoring the learning rate itself (constant) is never an improvement after epoch 0: stops after `patience`.
    const h = await rbm.fit(data, { epochs: 50, patience: 3, monitor: 'learningRate', onEpoch: (m) => void seen.push(m) });
    assert.equal(h.stopReason, 'earlyStopping');
    assert.equal(h.bestEpoch, 0);
    assert.equal(h.epochs.length, 4);
    assert.equal(seen.length, 4);
    const check = new RBM({ nVisible: 16, nHidden: 8, seed: 2 });
    await check.fit(data, { epochs: 1 });
    assert.deepEqual(rbm.W, check.W, 'weights restored to those after epoch 0');
  });

  test('metrics: every EpochMetrics field, the metrics hook, onBatch, abort signal', async () => {
    await initBackend(quiet);
    const data = barsAndStripes();
    const controller = new AbortController();
    let batches = 0;
    const rbm = new RBM({ nVisible: 16, nHidden: 8, seed: 2 });
    const h = await rbm.fit(data, {
      epochs: 10, batchSize: 8, validation: data,
      metrics: (m: RBM) => ({ meanBias: m.hiddenBias.reduce((a, x) => a + x, 0) / 8 }),
      onBatch: (info) => {
        batches++;
        if (info.epoch === 2 && info.batch === 1) controller.abort();
      },
      signal: controller.signal,
    });
    assert.equal(h.stopReason, 'aborted');
    assert.equal(h.epochs.length, 3);
    assert.equal(batches, 4 + 4 + 2);
    const m = h.epochs[1];
    for (const k of ['reconstructionError', 'validationReconstructionError', 'freeEnergyGap', 'weightUpdateRatio', 'hiddenSparsity', 'seconds', 'learningRate', 'momentum', 'meanBias']) {
      assert.ok(Number.isFinite(m[k]), `${k} = ${m[k]}`);
    }
    assert.ok(Math.abs(m.freeEnergyGap!) < 1e-4, 'validation = training data → gap 0');
    assert.equal(m.momentum, 0); // the Bernoulli default: plain SGD (training/trainOptions.ts, VISIBLE_TYPE_TRAIN_DEFAULTS)
    assert.ok(m.hiddenSparsity > 0 && m.hiddenSparsity < 1);
  });

  test('tfjs engine leaks no tensors across epochs', async () => {
    await initBackend({ backend: 'wasm', ...quiet });
    const data = harmonicFrames(64, 12, 5);
    const rbm = new RBM({ nVisible: 12, nHidden: 8, visible: 'gaussian', seed: 1 });
    const counts: number[] = [];
    await rbm.fit(data, { epochs: 5, validation: data, method: 'pcd', onEpoch: () => void counts.push(tf.memory().numTensors) });
    rbm.sample({ n: 3, gibbsSteps: 5 });
    counts.push(tf.memory().numTensors);
    assert.ok(counts.every((c) => c === counts[0]), `tensor counts per epoch: ${counts}`);
  });

  test('bad options give ParameterError naming the option', async () => {
    const rbm = new RBM({ nVisible: 16, nHidden: 8 });
    const data = barsAndStripes();
    await assert.rejects(rbm.fit(data, { k: 0 }), (e: Error) => e instanceof ParameterError && /k must be a positive integer, got 0/.test(e.message));
    await assert.rejects(rbm.fit(data, { patience: 2 }), (e: Error) => e instanceof ParameterError && /needs held-out data: pass validation/.test(e.message));
    await assert.rejects(rbm.fit({ rows: 2, cols: 3, data: new Float32Array(6) }), (e: Error) => e instanceof ParameterError && /fit: data has 3 columns, expected 16/.test(e.message));
    await assert.rejects(rbm.fit(data, { epochs: 1, patience: 2, monitor: 'nope', validation: data }), (e: Error) => e instanceof ParameterError && /monitor 'nope' is not a metric of this run; available: epoch/.test(e.message));
    await assert.rejects(rbm.fit(data, { backend: 'gpu' as BackendName }), (e: Error) => e instanceof ParameterError && /'gpu' is unknown/.test(e.message));
  });

  test('data whose rows are all identical (silent audio) is a ParameterError, not an exploding σ', async () => {
    const rbm = new RBM({ nVisible: 8, nHidden: 4, visible: 'gaussian', seed: 0 });
    const silent = { rows: 50, cols: 8, data: new Float32Array(400) };
    await assert.rejects(rbm.fit(silent, { epochs: 2 }), (e: Error) => e instanceof ParameterError && /fit: data has no variation: all 50 rows are identical/.test(e.message));
    assert.equal(rbm.epochsTrained, 0);
    silent.data[8 * 49 + 7] = 1; // one differing value makes it legal data again
    await rbm.fit(silent, { epochs: 1 });
    assert.equal(rbm.epochsTrained, 1);
  });
});
