/**
 * evaluate(): held-out log-density = −F(v) − log Z, checked against exact enumeration for small models, AIS
 * within its error for a model too large to enumerate, and the per-model log Z cache (invalidated by training).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/util/random';
import { ParameterError } from '../../src/errors';
import type { Matrix } from '../../src/types';
import { evaluate, exactLogPartition, freeEnergyOf, type RBMParamsLike } from '../../src/rbm/evaluation';

function gaussianRbm(nVisible: number, nHidden: number, seed: number, scale = 0.3): RBMParamsLike & { W: Float32Array } {
  const r = new Random(seed);
  return {
    visible: 'gaussian', nVisible, nHidden,
    W: r.fillNormal(new Float32Array(nVisible * nHidden), 0, scale),
    visibleBias: r.fillNormal(new Float32Array(nVisible), 0, 0.5),
    hiddenBias: r.fillNormal(new Float32Array(nHidden), 0, 0.5),
    logSigma: r.fillNormal(new Float32Array(nVisible), -0.2, 0.2),
  };
}
const data = (rows: number, cols: number, seed: number): Matrix => ({ rows, cols, data: new Random(seed).fillNormal(new Float32Array(rows * cols), 0, 1) });

test('small model: mean log-density equals mean(−F) − exact log Z, plus the Jacobian term', () => {
  const rbm = gaussianRbm(5, 8, 1);
  const v = data(40, 5, 2);
  const F = freeEnergyOf(rbm, v);
  const want = -F.reduce((a, b) => a + b, 0) / v.rows - exactLogPartition(rbm);
  const r = evaluate(rbm, v, { logDetJacobian: 1.5 });
  assert.equal(r.method, 'exact');
  assert.ok(Math.abs(r.logDensity - (want + 1.5)) < 1e-9, `${r.logDensity} vs ${want + 1.5}`);
  assert.equal(r.logZStderr, 0);
});

test('AIS log Z agrees with the exact value within 4 standard errors (20 hidden units, exact forced off)', () => {
  const rbm = gaussianRbm(12, 20, 3, 0.4);
  const exact = exactLogPartition(rbm);
  const r = evaluate(rbm, data(10, 12, 4), { exactWhenSmall: false, ais: { betas: 1000, runs: 64, seed: 1 } });
  assert.equal(r.method, 'ais');
  assert.ok(Math.abs(r.logZ - exact) < Math.max(4 * r.logZStderr, 0.05), `AIS ${r.logZ} ± ${r.logZStderr} vs exact ${exact}`);
});

test('log Z is cached per model, and a parameter change invalidates the cache', () => {
  const rbm = gaussianRbm(10, 30, 5);
  const v = data(20, 10, 6);
  const opts = { ais: { betas: 200, runs: 8, seed: 2 } };
  const first = evaluate(rbm, v, opts);
  const second = evaluate(rbm, v, opts);
  assert.equal(first.cached, false);
  assert.equal(second.cached, true);
  assert.equal(second.logZ, first.logZ);
  rbm.W[7] += 0.25; // what one training step does: values change in place
  const third = evaluate(rbm, v, opts);
  assert.equal(third.cached, false);
  assert.notEqual(third.logZ, first.logZ);
  assert.equal(evaluate(rbm, v, { ais: { betas: 200, runs: 8, seed: 3 } }).cached, false); // other AIS settings: recomputed
});

test('bad inputs: wrong column count and a non-finite Jacobian are ParameterErrors', () => {
  const rbm = gaussianRbm(4, 3, 7);
  assert.throws(() => evaluate(rbm, data(3, 5, 1)), (e: unknown) => e instanceof ParameterError && /5 columns but the RBM has nVisible = 4/.test(e.message));
  assert.throws(() => evaluate(rbm, data(3, 4, 1), { logDetJacobian: NaN }), (e: unknown) => e instanceof ParameterError && /logDetJacobian must be a finite number, got NaN/.test(e.message));
});
