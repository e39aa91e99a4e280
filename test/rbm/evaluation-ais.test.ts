/** AIS (Salakhutdinov & Murray 2008) against the exact log Z on 30 × 20 models with structured weights. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/util/random';
import { ParameterError } from '../../src/errors';
import { aisLogPartition, exactLogPartition, type RBMParamsLike } from '../../src/rbm/evaluation';

/**
 * A "trained-looking" model: each hidden unit is wired strongly (±strength) to a random quarter of the
 * visibles, so p(v) has many well-separated modes, the hard case for annealing.
 */
function structured(seed: number, strength: number, visible: 'bernoulli' | 'gaussian' = 'bernoulli'): RBMParamsLike {
  const r = new Random(seed);
  const nVisible = 30, nHidden = 20;
  const W = new Float32Array(nVisible * nHidden);
  for (let k = 0; k < W.length; k++) W[k] = (r.next() < 0.25 ? strength * (r.next() < 0.5 ? -1 : 1) : 0) + 0.1 * r.normal();
  return {
    visible, nVisible, nHidden, W,
    visibleBias: r.fillNormal(new Float32Array(nVisible), -0.5, 0.5),
    hiddenBias: r.fillNormal(new Float32Array(nHidden), -1, 0.5),
    logSigma: visible === 'gaussian' ? r.fillNormal(new Float32Array(nVisible), -0.5, 0.1) : undefined,
  };
}

test('AIS is within 0.3 nats of the exact log Z on a 30 × 20 Bernoulli RBM (strong weights), and seeded', () => {
  const p = structured(7, 3);
  const exact = exactLogPartition(p);
  let calls = 0;
  const a = aisLogPartition(p, { betas: 3000, runs: 50, seed: 1, onProgress: () => calls++ });
  assert.ok(Math.abs(a.logZ - exact) < 0.3, `AIS ${a.logZ} ± ${a.stderr} vs exact ${exact}`);
  assert.ok(a.stderr > 0 && a.stderr < 0.3, `stderr ${a.stderr}`);
  assert.equal(a.logWeights.length, 50);
  assert.ok(calls >= 100 && calls <= 101, `onProgress called ${calls} times`);
  assert.deepEqual(aisLogPartition(p, { betas: 200, runs: 5, seed: 3 }), aisLogPartition(p, { betas: 200, runs: 5, seed: 3 }));
});

test('AIS with a data base rate and AIS on a Gaussian-visible RBM agree with exact', () => {
  const p = structured(8, 2);
  const r = new Random(2);
  const data = { rows: 100, cols: 30, data: Float32Array.from({ length: 3000 }, () => +(r.next() < 0.3)) };
  const exact = exactLogPartition(p);
  const a = aisLogPartition(p, { betas: 3000, runs: 50, seed: 2, baseRate: data });
  assert.ok(Math.abs(a.logZ - exact) < 0.3, `AIS(base rate) ${a.logZ} vs exact ${exact}`);
  const g = structured(9, 0.4, 'gaussian');
  const ga = aisLogPartition(g, { betas: 3000, runs: 50, seed: 3 });
  const gExact = exactLogPartition(g);
  assert.ok(Math.abs(ga.logZ - gExact) < 0.3, `Gaussian AIS ${ga.logZ} vs exact ${gExact}`);
});

test('AIS rejects bad schedules and run counts with the argument named', () => {
  const p = structured(1, 1);
  assert.throws(() => aisLogPartition(p, { betas: [0, 0.7, 0.5, 1] }), (e: unknown) => e instanceof ParameterError && /betas schedule/.test(e.message));
  assert.throws(() => aisLogPartition(p, { runs: 0 }), (e: unknown) => e instanceof ParameterError && /runs must be a positive integer, got 0/.test(e.message));
  assert.throws(() => aisLogPartition(p, { baseRate: new Float32Array(3) }), /baseRate has 3 values; need nVisible = 30/);
});
