/**
 * The CRBM training step reads its results after tf.tidy (see src/rbm/training/readTensor.ts); this checks that doing so
 * frees every tensor it makes: no tensors are left behind by a CD-k step (with sampled visibles) or by a fit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/util/random';
import { matrix } from '../../src/util/matrix';
import { initBackend } from '../../src/rbm';
import { tf } from '../../src/rbm/backend';
import { ConditionalRBM } from '../../src/rbm';
import { crbmGradient } from '../../src/rbm/training/crbm/cdStep';

test('crbmGradient and ConditionalRBM.fit leave no tensors behind', async () => {
  await initBackend({ log: () => {} });
  const r = new Random(3);
  const m = new ConditionalRBM({ nVisible: 5, nHidden: 4, order: 2, visible: 'bernoulli', seed: 2 });
  const rows = 6;
  const before = tf.memory().numTensors;
  const g = crbmGradient(m.params(), {
    history: r.fillUniform(new Float32Array(rows * 10)), v0: r.fillUniform(new Float32Array(rows * 5)), rows,
    hiddenUniforms: [r.fillUniform(new Float32Array(rows * 4)), r.fillUniform(new Float32Array(rows * 4))],
    visibleNoise: [r.fillUniform(new Float32Array(rows * 5)), r.fillUniform(new Float32Array(rows * 5))],
  });
  assert.equal(tf.memory().numTensors, before, 'crbmGradient leaked tensors');
  assert.equal(g.dW.length, 20);
  assert.equal(g.dA.length, 10 * 5);
  assert.ok(Number.isFinite(g.reconstructionError));
  await m.fit([matrix(40, 5, r.fillUniform(new Float32Array(200)))], { epochs: 2, batchSize: 8 });
  assert.equal(tf.memory().numTensors, before, 'fit leaked tensors');
});
