import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeanPrecisionRBM, fitFullGaussian } from '../../src/rbm';
import { gradient } from '../../src/rbm/training/meanPrecisionFit';
import { ModelFormatError, ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';

/** A small model with every parameter set to seeded random values (identity whitening). */
function randomModel(D: number, H: number, seed: number): MeanPrecisionRBM {
  const m = new MeanPrecisionRBM({ nVisible: D, nHidden: H, seed });
  const r = new Random(seed + 100);
  r.fillNormal(m.W, 0, 0.7);
  r.fillNormal(m.logU, -0.5, 0.6);
  r.fillNormal(m.visibleBias, 0, 0.5);
  r.fillNormal(m.hiddenBias, 0, 0.5);
  r.fillNormal(m.logLambda, 0, 0.3);
  return m;
}

const rows = (D: number, n: number, seed: number, scale = 1): Matrix =>
  ({ rows: n, cols: D, data: new Random(seed).fillNormal(new Float32Array(n * D), 0, scale) });

test('log Z summed over hidden states equals a brute-force integral of exp(−F) over the visible plane', () => {
  const m = randomModel(2, 3, 1);
  // Independent: integrate the unnormalised marginal p*(x) = exp(−F(x)) on a fine grid (midpoint rule).
  const lo = -12, hi = 12, n = 1200, dx = (hi - lo) / n;
  const grid = new Float64Array(n * n * 2);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
    grid[(a * n + b) * 2] = lo + (a + 0.5) * dx;
    grid[(a * n + b) * 2 + 1] = lo + (b + 0.5) * dx;
  }
  const F = m.freeEnergyWhite(grid, n * n);
  let s = 0;
  for (const f of F) s += Math.exp(-f);
  assert.ok(Math.abs(Math.log(s * dx * dx) - m.logPartition()) < 1e-6, `${Math.log(s * dx * dx)} vs ${m.logPartition()}`);
});

test('the exact gradient equals finite differences of the mean log-likelihood, for every parameter', () => {
  const m = randomModel(3, 3, 2);
  const data = rows(3, 40, 3, 1.3);
  const x = m.whiten(data);
  const g = gradient(m, x, data.rows);
  const eps = 1e-3;
  for (const k of ['W', 'logU', 'visibleBias', 'hiddenBias', 'logLambda'] as const) {
    for (let i = 0; i < m[k].length; i++) {
      const keep = m[k][i];
      m[k][i] = keep + eps; const up = m.meanLogDensity(data);
      m[k][i] = keep - eps; const down = m.meanLogDensity(data);
      m[k][i] = keep;
      const fd = (up - down) / (2 * eps);
      assert.ok(Math.abs(fd - g[k][i]) < 2e-3 * (1 + Math.abs(fd)), `${k}[${i}]: finite difference ${fd}, gradient ${g[k][i]}`);
    }
  }
});

test('with W = 0 and U ≈ 0 after whitening, the model is exactly the full-covariance Gaussian baseline', async () => {
  const D = 5;
  const train = rows(D, 400, 5), test2 = rows(D, 100, 6);
  for (const X of [train, test2]) for (let t = 0; t < X.rows; t++) X.data[t * D + 1] += 0.8 * X.data[t * D] + 3; // correlated, offset
  const m = new MeanPrecisionRBM({ nVisible: D, nHidden: 2, seed: 0 });
  await m.fit(train, { epochs: 1, learningRate: 1e-12, ridge: 1e-6 }); // sets the whitening, leaves the parameters (almost) alone
  m.W.fill(0); m.logU.fill(-60); m.visibleBias.fill(0); m.logLambda.fill(0); m.hiddenBias.fill(-60);
  const full = fitFullGaussian(train);
  const a = m.logDensity(test2), b = full.logDensity(test2);
  for (let t = 0; t < a.length; t++) assert.ok(Math.abs(a[t] - b[t]) < 1e-4, `row ${t}: ${a[t]} vs ${b[t]}`);
});

test('exact samples and Gibbs chains both reproduce the model mean computed from the hidden-state table', () => {
  const m = randomModel(3, 4, 7);
  const { prob, mean } = m.hiddenStates();
  const want = new Float64Array(3);
  for (let k = 0; k < prob.length; k++) for (let i = 0; i < 3; i++) want[i] += prob[k] * mean[k * 3 + i];
  const S = m.sampleExact(40000, { seed: 1 });
  const rng = new Random(2), chains = 400, x = new Float64Array(chains * 3);
  const gibbs = new Float64Array(3);
  for (let s = 0; s < 300; s++) {
    m.gibbsStep(x, chains, rng);
    if (s >= 100) for (let t = 0; t < chains; t++) for (let i = 0; i < 3; i++) gibbs[i] += x[t * 3 + i] / (200 * chains);
  }
  for (let i = 0; i < 3; i++) {
    let e = 0;
    for (let t = 0; t < S.rows; t++) e += S.data[t * 3 + i] / S.rows;
    assert.ok(Math.abs(e - want[i]) < 0.03, `exact samples, unit ${i}: ${e} vs ${want[i]}`);
    assert.ok(Math.abs(gibbs[i] - want[i]) < 0.05, `Gibbs, unit ${i}: ${gibbs[i]} vs ${want[i]}`);
  }
});

test('on a scale mixture it learns close to the true density and far above the full-covariance Gaussian', async () => {
  // Data: x = s·z with z ~ N(0, I₄) and s = 0.3 or 2 with equal odds: the true log-density is known in closed form.
  const D = 4, scales = [0.3, 2];
  const make = (n: number, seed: number): Matrix => {
    const r = new Random(seed), X = new Float32Array(n * D);
    for (let t = 0; t < n; t++) { const s = scales[r.next() < 0.5 ? 0 : 1]; for (let i = 0; i < D; i++) X[t * D + i] = s * r.normal(); }
    return { rows: n, cols: D, data: X };
  };
  const train = make(4000, 1), held = make(2000, 2);
  let truth = 0;
  for (let t = 0; t < held.rows; t++) {
    let q = 0;
    for (let i = 0; i < D; i++) q += held.data[t * D + i] ** 2;
    const comp = scales.map((s) => Math.log(0.5) - 0.5 * q / (s * s) - D * Math.log(s) - 0.5 * D * Math.log(2 * Math.PI));
    const mx = Math.max(...comp);
    truth += mx + Math.log(comp.reduce((a, c) => a + Math.exp(c - mx), 0));
  }
  truth /= held.rows;
  const m = new MeanPrecisionRBM({ nVisible: D, nHidden: 2, seed: 3 });
  await m.fit(train, { epochs: 40, batchSize: 200, learningRate: 0.05 });
  const got = m.meanLogDensity(held), full = fitFullGaussian(train).meanLogDensity(held);
  assert.ok(got > full + 1, `model ${got} vs full Gaussian ${full}`);
  assert.ok(Math.abs(got - truth) < 0.1, `model ${got} vs true density ${truth}`);
});

test('same seed → same model; save → load gives the same densities; a damaged file names itself', async () => {
  const train = rows(6, 300, 8);
  const fitOne = async () => { const m = new MeanPrecisionRBM({ nVisible: 6, nHidden: 3, seed: 5 }); await m.fit(train, { epochs: 3 }); return m; };
  const a = await fitOne(), b = await fitOne();
  assert.deepEqual(a.W, b.W);
  assert.deepEqual(a.logU, b.logU);
  const dir = mkdtempSync(join(tmpdir(), 'mprbm-'));
  const path = join(dir, 'm.rbm');
  await a.save(path, { meta: { note: 'x' } });
  const c = await MeanPrecisionRBM.load(path);
  assert.deepEqual(c.logDensity(train), a.logDensity(train));
  assert.deepEqual(c.meta, { note: 'x' });
  const bytes = readFileSync(path);
  bytes[bytes.length - 9] ^= 0xff;
  writeFileSync(path, bytes);
  await assert.rejects(MeanPrecisionRBM.load(path), (e: Error) => e instanceof ModelFormatError && e.message.includes(path));
});

test('bad sizes and options are ParameterErrors naming the parameter', async () => {
  assert.throws(() => new MeanPrecisionRBM({ nVisible: 4, nHidden: 17 }), (e: Error) => e instanceof ParameterError && /nHidden/.test(e.message));
  const m = new MeanPrecisionRBM({ nVisible: 3, nHidden: 2 });
  await assert.rejects(m.fit(rows(3, 10, 1), { learningRate: -1 }), (e: Error) => e instanceof ParameterError && /learningRate/.test(e.message));
  await assert.rejects(m.fit(rows(4, 10, 1)), ParameterError);
  assert.throws(() => m.sampleExact(2, { temperature: 0 }), (e: Error) => e instanceof ParameterError && /temperature/.test(e.message));
});

test('evaluate(model, data) scores a mean–precision RBM with its exact log Z', async () => {
  const { evaluate } = await import('../../src/rbm');
  const m = randomModel(3, 3, 9);
  const data = rows(3, 50, 10);
  const r = evaluate(m, data);
  assert.equal(r.method, 'exact');
  assert.equal(r.logZStderr, 0);
  assert.ok(Math.abs(r.logDensity - m.meanLogDensity(data)) < 1e-9);
  assert.ok(Math.abs(r.logZ - m.logPartition()) < 1e-12);
});
