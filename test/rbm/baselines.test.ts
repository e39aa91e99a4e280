/**
 * The density baselines (issue 8) against numpy/scipy and scikit-learn numbers committed as a fixture
 * (data-scripts/fixtures/make_density_fixtures.py → test/fixtures/rbm/baselines.json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ParameterError } from '../../src/errors';
import type { Matrix } from '../../src/types';
import { fitDiagonalGaussian, fitFullGaussian, fitDiagonalGMM, baselineLogDensities } from '../../src/rbm/evaluation/baselines';

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/rbm/baselines.json'), 'utf8'));
const matrix = (values: number[], cols: number): Matrix => ({ rows: values.length / cols, cols, data: Float32Array.from(values) });
const train = matrix(fx.train, fx.cols);
const testSet = matrix(fx.test, fx.cols);

test('diagonal Gaussian: held-out log-density equals numpy to 1e-9 nats', () => {
  const m = fitDiagonalGaussian(train, { ridge: fx.ridge });
  assert.ok(Math.abs(m.meanLogDensity(testSet) - fx.diagonalGaussian) < 1e-9, `${m.meanLogDensity(testSet)} vs ${fx.diagonalGaussian}`);
});

test('full-covariance Gaussian: every held-out row equals scipy.stats.multivariate_normal to 1e-8 nats', () => {
  const rows = fitFullGaussian(train, { ridge: fx.ridge }).logDensity(testSet);
  fx.fullGaussianRows.forEach((want: number, t: number) => assert.ok(Math.abs(rows[t] - want) < 1e-8, `row ${t}: ${rows[t]} vs ${want}`));
});

test('diagonal GMM: from scikit-learn\'s start, 15 EM steps give its weights, means, variances and held-out score', () => {
  const g = fitDiagonalGMM(train, { components: fx.gmm.components, maxIter: fx.gmm.iterations, tol: 0, regCovar: fx.gmm.regCovar, init: fx.gmm.init });
  assert.equal(g.iterations, fx.gmm.iterations);
  const close = (got: ArrayLike<number>, want: number[], tol: number, what: string) =>
    want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < tol * (1 + Math.abs(w)), `${what}[${i}]: ${got[i]} vs ${w}`));
  close(g.weights, fx.gmm.weights, 1e-7, 'weights');
  close(g.means, fx.gmm.means, 1e-7, 'means');
  close(g.variances, fx.gmm.variances, 1e-6, 'variances');
  close(g.logDensity(testSet), fx.gmm.heldOutRows, 1e-6, 'score_samples');
  assert.ok(Math.abs(g.meanLogDensity(testSet) - fx.gmm.heldOut) < 1e-6);
});

test('diagonal GMM: seeded k-means++ start is repeatable, and beats one Gaussian on clustered data', () => {
  const a = fitDiagonalGMM(train, { components: 3, seed: 4 });
  const b = fitDiagonalGMM(train, { components: 3, seed: 4 });
  assert.deepEqual(Array.from(a.means), Array.from(b.means));
  const table = baselineLogDensities(train, testSet, { gmm: { components: 3, seed: 4 } });
  assert.ok(table.diagonalGmm > table.fullGaussian && table.fullGaussian > table.diagonalGaussian, JSON.stringify(table));
});

test('bad inputs: typed errors naming the parameter', () => {
  assert.throws(() => fitDiagonalGMM(train, { components: 0 }), (e: unknown) => e instanceof ParameterError && /components must be a positive integer, got 0/.test(e.message));
  assert.throws(() => fitDiagonalGMM(matrix([1, 2], 2), { components: 2 }), (e: unknown) => e instanceof ParameterError && /more than the 1 training rows/.test(e.message));
  assert.throws(() => fitFullGaussian(train).logDensity(matrix([1, 2], 2)), (e: unknown) => e instanceof ParameterError && /2 columns but the model was fitted on 6/.test(e.message));
  assert.throws(() => fitFullGaussian(matrix([1, 1, 1, 1, 2, 2], 2), { ridge: 0 }), (e: unknown) => e instanceof ParameterError && /not positive definite/.test(e.message));
});
