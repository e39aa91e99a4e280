/** Inference against float64 brute force: free energy by enumerating hidden states, conditionals, sampling. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ParameterError } from '../../src/errors';
import { initBackend, RBM, type RBMParams } from '../../src/rbm';
import { Random } from '../../src/util/random';
import { bruteForceFreeEnergy } from './reference';

function randomModel(visible: 'bernoulli' | 'gaussian'): RBM {
  const rng = new Random(7);
  const rbm = new RBM({ nVisible: 6, nHidden: 4, visible, seed: 1 });
  rbm.W = rng.fillNormal(new Float32Array(24), 0, 0.8);
  rbm.visibleBias = rng.fillNormal(new Float32Array(6), 0, 0.5);
  rbm.hiddenBias = rng.fillNormal(new Float32Array(4), 0, 0.5);
  if (visible === 'gaussian') rbm.logSigma = rng.fillNormal(new Float32Array(6), 0, 0.3);
  return rbm;
}

describe('RBM inference', () => {
  before(async () => {
    await initBackend({ backend: 'wasm', log: () => {} });
  });

  for (const visible of ['bernoulli', 'gaussian'] as const) {
    test(`${visible}: freeEnergy equals −log Σ_h exp(−E(v,h)) by enumeration (float64) to 1e-5`, () => {
      const rbm = randomModel(visible);
      const rng = new Random(3);
      const v = { rows: 8, cols: 6, data: visible === 'gaussian' ? rng.fillNormal(new Float32Array(48)) : new Float32Array(48).map(() => (rng.next() < 0.5 ? 1 : 0)) };
      const F = rbm.freeEnergy(v);
      const p: RBMParams = rbm.params();
      for (let r = 0; r < v.rows; r++) {
        const ref = bruteForceFreeEnergy(p, v.data.subarray(r * 6, r * 6 + 6));
        assert.ok(Math.abs(F[r] - ref) <= 1e-5 * Math.max(1, Math.abs(ref)), `row ${r}: ${F[r]} vs ${ref}`);
      }
    });
  }

  test('hiddenProbs, visibleMeans and reconstruct follow the conditionals', () => {
    const rbm = randomModel('bernoulli');
    const v = { rows: 1, cols: 6, data: Float32Array.from([1, 0, 1, 1, 0, 0]) };
    const ph = rbm.hiddenProbs(v);
    for (let j = 0; j < 4; j++) {
      let a = rbm.hiddenBias[j];
      for (let i = 0; i < 6; i++) a += v.data[i] * rbm.W[i * 4 + j];
      assert.ok(Math.abs(ph.data[j] - 1 / (1 + Math.exp(-a))) < 1e-6);
    }
    const vm = rbm.visibleMeans(ph);
    const rec = rbm.reconstruct(v);
    assert.deepEqual(Array.from(rec.data), Array.from(vm.data));
    assert.equal(rec.rows, 1);
    assert.equal(rec.cols, 6);
  });

  test('sample: seeded, clamped units keep their values, temperature is validated', () => {
    const rbm = randomModel('bernoulli');
    const mask = Uint8Array.from([1, 1, 0, 0, 0, 0]);
    const a = rbm.sample({ n: 5, gibbsSteps: 20, seed: 4, clamp: { mask, values: Float32Array.from([1, 0, 0, 0, 0, 0]) } });
    const b = rbm.sample({ n: 5, gibbsSteps: 20, seed: 4, clamp: { mask, values: Float32Array.from([1, 0, 0, 0, 0, 0]) } });
    assert.deepEqual(a, b);
    for (let r = 0; r < 5; r++) {
      assert.equal(a.data[r * 6], 1);
      assert.equal(a.data[r * 6 + 1], 0);
    }
    assert.notDeepEqual(rbm.sample({ n: 5, gibbsSteps: 20, seed: 5 }).data, a.data);
    assert.throws(() => rbm.sample({ n: 2, gibbsSteps: 1, temperature: 0 }), (e: Error) => e instanceof ParameterError && /temperature/.test(e.message));
  });

  test('sample: the chain settles on the modes of a model that learned two patterns', async () => {
    const ones = Float32Array.from([1, 1, 1, 0, 0, 0]);
    const other = Float32Array.from([0, 0, 0, 1, 1, 1]);
    const data = { rows: 40, cols: 6, data: new Float32Array(240).map((_, i) => (Math.floor(i / 6) % 2 ? other : ones)[i % 6]) };
    const rbm = new RBM({ nVisible: 6, nHidden: 4, seed: 2 });
    await rbm.fit(data, { epochs: 150, batchSize: 10, backend: 'wasm' });
    const s = rbm.sample({ n: 20, gibbsSteps: 50, seed: 1 });
    for (let r = 0; r < 20; r++) {
      const row = Array.from(s.data.subarray(r * 6, r * 6 + 6)).map(Math.round);
      assert.ok(row.join() === '1,1,1,0,0,0' || row.join() === '0,0,0,1,1,1', `sample ${r} is ${row}`);
    }
  });

  test('bad shapes give ParameterError naming the argument', () => {
    const rbm = randomModel('bernoulli');
    assert.throws(() => rbm.hiddenProbs({ rows: 1, cols: 5, data: new Float32Array(5) }), (e: Error) => e instanceof ParameterError && /hiddenProbs: v has 5 columns, expected 6/.test(e.message));
    assert.throws(() => new RBM({ nVisible: 0, nHidden: 3 }), (e: Error) => e instanceof ParameterError && /nVisible must be a positive integer, got 0/.test(e.message));
    assert.throws(() => RBM.fromParams({ ...rbm.params(), W: new Float32Array(3) }), (e: Error) => e instanceof ParameterError && /W has 3 values, expected 24/.test(e.message));
  });
});
