/**
 * fit() on the ONNX engine's fused path (no sparsity penalty, so the graph does the parameter update): seeded
 * determinism and bit-identical resume, with PCD, the momentum switch, learned σ and a smaller last batch. The
 * reusable noise buffers of drawCDNoise give the same numbers as fresh ones.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { drawCDNoise, initBackend, onnxAvailable, RBM } from '../../src/rbm';
import type { Matrix } from '../../src/types';
import { Random } from '../../src/util/random';

const dir = mkdtempSync(path.join(tmpdir(), 'rbm-onnx-fit-'));

/** 30 rows (so batches of 8 leave a last batch of 6): binary for Bernoulli, standard normal for Gaussian units. */
function data(visible: 'bernoulli' | 'gaussian', cols: number, seed: number): Matrix {
  const rng = new Random(seed);
  const n = 30 * cols;
  return { rows: 30, cols, data: visible === 'gaussian' ? rng.fillNormal(new Float32Array(n)) : new Float32Array(n).map(() => (rng.next() < 0.3 ? 1 : 0)) };
}

test('drawCDNoise into reused arrays draws the same numbers as into fresh ones', () => {
  for (const kind of ['uniform', 'normal'] as const) {
    const freshRng = new Random(9);
    const expected = [drawCDNoise(freshRng, 4, 6, 3, 2, kind), drawCDNoise(freshRng, 4, 6, 3, 2, kind)];
    const rng = new Random(9);
    const first = drawCDNoise(rng, 4, 6, 3, 2, kind);
    assert.deepEqual(first, expected[0]);
    const firstArray = first.hiddenUniforms[0];
    const second = drawCDNoise(rng, 4, 6, 3, 2, kind, first);
    assert.equal(second.hiddenUniforms[0], firstArray, 'the arrays are reused');
    assert.deepEqual(second, expected[1]);
  }
});

describe('fit() on the fused ONNX step', { skip: !onnxAvailable() && 'onnxruntime-node (optional dependency) is not installed' }, () => {
  const opts = { epochs: 4, batchSize: 8, method: 'pcd' as const, k: 2, momentumSwitchEpoch: 2 };

  test('same seed → identical weights; another seed differs', async () => {
    await initBackend({ backend: 'onnx', log: () => {} });
    const x = data('bernoulli', 16, 1);
    const run = async (seed: number) => {
      const rbm = new RBM({ nVisible: 16, nHidden: 8, seed });
      const h = await rbm.fit(x, opts);
      assert.equal(h.backend, 'onnx');
      return rbm.params();
    };
    const a = await run(1);
    assert.deepEqual(await run(1), a);
    assert.notDeepEqual((await run(2)).W, a.W);
  });

  test('resume from a checkpoint continues bit-identically (Bernoulli and learned-σ Gaussian)', async () => {
    await initBackend({ backend: 'onnx', log: () => {} });
    for (const visible of ['bernoulli', 'gaussian'] as const) {
      const x = data(visible, 12, 2);
      const o = { ...opts, epochs: 6, learningRate: visible === 'gaussian' ? 0.01 : 0.1, validation: x };
      const straight = new RBM({ nVisible: 12, nHidden: 8, visible, seed: 4 });
      const full = await straight.fit(x, o);
      const ckpt = path.join(dir, `resume-${visible}.ckpt`);
      await new RBM({ nVisible: 12, nHidden: 8, visible, seed: 4 }).fit(x, { ...o, epochs: 3, checkpoint: { path: ckpt, every: 3 } });
      const resumed = new RBM({ nVisible: 12, nHidden: 8, visible, seed: 4 });
      const h = await resumed.fit(x, { ...o, resume: ckpt });
      assert.deepEqual(resumed.params(), straight.params(), `${visible}: resumed weights differ from the uninterrupted run`);
      assert.deepEqual(h.epochs.map((m) => m.weightUpdateRatio), full.epochs.map((m) => m.weightUpdateRatio));
      assert.ok(full.epochs.every((m) => m.weightUpdateRatio > 0 && Number.isFinite(m.weightUpdateRatio)), 'the update ratio is measured');
    }
  });
});
