import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeanPrecisionCRBM, MeanPrecisionRBM, fitFullGaussian } from '../../src/rbm';
import { crbmGradient, keepStable, MAX_GROWTH, startAtAutoregression } from '../../src/rbm/training/meanPrecisionCRBMFit';
import { DivergenceError, ModelFormatError, ParameterError } from '../../src/errors';
import { readFileSync, writeFileSync } from 'node:fs';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';

const taps = { visibleTaps: [{ from: 1, to: 1 }], hiddenTaps: [{ from: 2, to: 3 }, { from: 1, to: 1 }] };

/** A small conditional model with every parameter set to seeded random values (identity whitening). */
function randomModel(D: number, H: number, seed: number): MeanPrecisionCRBM {
  const m = new MeanPrecisionCRBM({ nVisible: D, nHidden: H, seed, ...taps });
  const r = new Random(seed + 100), f = m.frame;
  r.fillNormal(f.W, 0, 0.7);
  r.fillNormal(f.logU, -0.5, 0.6);
  r.fillNormal(f.visibleBias, 0, 0.5);
  r.fillNormal(f.hiddenBias, 0, 0.5);
  r.fillNormal(f.logLambda, 0, 0.3);
  r.fillNormal(m.A, 0, 0.3);
  r.fillNormal(m.B, 0, 0.5);
  return m;
}

const sequence = (D: number, n: number, seed: number, scale = 1): Matrix =>
  ({ rows: n, cols: D, data: new Random(seed).fillNormal(new Float32Array(n * D), 0, scale) });

test('each frame\'s conditional log-density is the unconditional model\'s, at the innovation, with the biases the history sets', () => {
  const m = randomModel(3, 3, 1), seq = sequence(3, 12, 2), D = 3, H = 3;
  const got = m.logDensity(seq);
  assert.equal(got.length, 12 - m.span);
  for (let t = m.span; t < seq.rows; t++) {
    // Independent: a fresh MeanPrecisionRBM with hidden biases c + B·(means of the taps), scoring the innovation
    // vₜ − A·vₜ₋₁, all by hand (identity whitening).
    const u = new MeanPrecisionRBM({ nVisible: D, nHidden: H });
    u.W.set(m.frame.W); u.logU.set(m.frame.logU); u.logLambda.set(m.frame.logLambda); u.visibleBias.set(m.frame.visibleBias);
    const prev = seq.data.subarray((t - 1) * D, t * D), older = [0, 1, 2].map((i) => (seq.data[(t - 2) * D + i] + seq.data[(t - 3) * D + i]) / 2);
    const innovation = new Float32Array(D);
    for (let i = 0; i < D; i++) {
      let s = seq.data[t * D + i];
      for (let k = 0; k < D; k++) s -= m.A[i * D + k] * prev[k];
      innovation[i] = s;
    }
    for (let j = 0; j < H; j++) {
      let s = m.frame.hiddenBias[j];
      for (let k = 0; k < D; k++) s += m.B[j * 2 * D + k] * older[k] + m.B[j * 2 * D + D + k] * prev[k];
      u.hiddenBias[j] = s;
    }
    const want = u.logDensity({ rows: 1, cols: D, data: innovation })[0];
    assert.ok(Math.abs(got[t - m.span] - want) < 1e-5, `frame ${t}: ${got[t - m.span]} vs ${want}`);
  }
});

test('the exact gradient equals finite differences of the mean conditional log-likelihood, for every parameter', () => {
  const m = randomModel(3, 2, 3), seq = sequence(3, 30, 4, 1.2);
  const y = m.frame.whiten(seq), h = m.histories(y, m.span);
  const g = crbmGradient(m, { x: y.subarray(m.span * 3), ...h });
  const eps = 1e-3;
  const arrays = { W: m.frame.W, logU: m.frame.logU, visibleBias: m.frame.visibleBias, hiddenBias: m.frame.hiddenBias, logLambda: m.frame.logLambda, A: m.A, B: m.B };
  for (const [k, a] of Object.entries(arrays) as [keyof typeof g, Float32Array][]) {
    for (let i = 0; i < a.length; i++) {
      const keep = a[i];
      a[i] = keep + eps; const up = m.meanLogDensity([seq]);
      a[i] = keep - eps; const down = m.meanLogDensity([seq]);
      a[i] = keep;
      const fd = (up - down) / (2 * eps);
      assert.ok(Math.abs(fd - g[k][i]) < 2e-3 * (1 + Math.abs(fd)), `${k}[${i}]: finite difference ${fd}, gradient ${g[k][i]}`);
    }
  }
});

/** A 4-band autoregressive sequence: each frame a rotation of the last plus noise whose size switches with a slow state. */
function arSequence(n: number, seed: number): Matrix {
  const r = new Random(seed), D = 4, data = new Float32Array(n * D);
  let loud = false;
  for (let t = 1; t < n; t++) {
    if (t % 40 === 0) loud = r.next() < 0.5;
    for (let i = 0; i < D; i++) data[t * D + i] = 0.8 * data[(t - 1) * D + ((i + 1) % D)] + (loud ? 1.5 : 0.3) * r.normal();
  }
  return { rows: n, cols: D, data };
}

test('training starts at the linear-Gaussian autoregression (an independent least-squares fit) and climbs above it', async () => {
  const seqs = [arSequence(600, 1), arSequence(600, 2)], held = [arSequence(600, 3)];
  const m = new MeanPrecisionCRBM({ nVisible: 4, nHidden: 3, seed: 1, hiddenTaps: [{ from: 1, to: 1 }] });
  startAtAutoregression(m, seqs, 0, 0);
  m.frame.W.fill(0); m.frame.logU.fill(-60);
  // Independent: least squares of frame t on frame t − 1 (with an intercept) by the normal equations, solved by
  // Gauss–Jordan here, then the residuals' full-covariance Gaussian (the library baseline, tested elsewhere).
  const X: number[][] = [], Y: number[][] = [];
  for (const s of seqs) for (let t = 1; t < s.rows; t++) {
    X.push([1, ...s.data.subarray((t - 1) * 4, t * 4)]); Y.push([...s.data.subarray(t * 4, (t + 1) * 4)]);
  }
  const G = Array.from({ length: 5 }, (_, a) => [...Array.from({ length: 5 }, (_, b) => X.reduce((z, x) => z + x[a] * x[b], 0)), ...Array.from({ length: 4 }, (_, c) => X.reduce((z, x, r) => z + x[a] * Y[r][c], 0))]);
  for (let a = 0; a < 5; a++) {
    const piv = G[a][a];
    for (let b = 0; b < 9; b++) G[a][b] /= piv;
    for (let r = 0; r < 5; r++) if (r !== a) { const f = G[r][a]; for (let b = 0; b < 9; b++) G[r][b] -= f * G[a][b]; }
  }
  const coef = G.map((row) => row.slice(5));
  const residual = (s: Matrix): Matrix => {
    const out = new Float32Array((s.rows - 1) * 4);
    for (let t = 1; t < s.rows; t++) for (let c = 0; c < 4; c++) {
      let p = coef[0][c];
      for (let a = 0; a < 4; a++) p += coef[a + 1][c] * s.data[(t - 1) * 4 + a];
      out[(t - 1) * 4 + c] = s.data[t * 4 + c] - p;
    }
    return { rows: s.rows - 1, cols: 4, data: out };
  };
  const ar = fitFullGaussian(residual({ rows: 1200, cols: 4, data: new Float32Array([...seqs[0].data, ...seqs[1].data]) }), { ridge: 0 });
  // (Concatenating the two training sequences adds one cross-boundary pair; score the held-out one, which has none.)
  const want = ar.meanLogDensity(residual(held[0]));
  assert.ok(Math.abs(m.meanLogDensity(held) - want) < 0.02, `start ${m.meanLogDensity(held)} vs autoregression ${want}`);

  const fresh = new MeanPrecisionCRBM({ nVisible: 4, nHidden: 3, seed: 1, hiddenTaps: [{ from: 1, to: 1 }] });
  const h = await fresh.fit(seqs, { epochs: 30, batchSize: 64, learningRate: 0.05, validation: held });
  const end = h.epochs.at(-1)!.validationLogDensity!;
  // The switching noise level is what an autoregression with one noise covariance cannot express.
  assert.ok(end > want + 0.2, `held-out ${end} should beat the autoregression ${want}`);
});

test('save → load gives the same model; generation is exact, seeded and continues a prime; bad input is a typed error', async () => {
  const m = randomModel(3, 2, 5), dir = mkdtempSync(join(tmpdir(), 'mpcrbm-'));
  const path = join(dir, 'm.json');
  await m.save(path);
  const back = await MeanPrecisionCRBM.load(path);
  const seq = sequence(3, 20, 6);
  assert.deepEqual(Array.from(back.logDensity(seq)), Array.from(m.logDensity(seq)));
  assert.deepEqual(back.visibleTaps, m.visibleTaps);
  const a = m.generate(50, { seed: 7 }), b = back.generate(50, { seed: 7 }), c = m.generate(50, { seed: 8 });
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  assert.notDeepEqual(Array.from(a.data), Array.from(c.data));
  // A sampler continued in two calls draws what one call draws.
  const s = m.sampler({ seed: 7 }), two = [...s.next(20).data, ...s.next(30).data];
  assert.deepEqual(two, Array.from(a.data));
  // Primed: the first frame's mean follows the prime's last frame (E[v | past] = predictNext).
  const prime = sequence(3, 2, 9);
  assert.equal(m.generate(5, { seed: 1, prime }).rows, 5);
  assert.throws(() => m.generate(5, { temperature: 0 }), ParameterError);
  assert.throws(() => m.logDensity(sequence(3, 2, 1)), ParameterError);
  await assert.rejects(new MeanPrecisionCRBM({ nVisible: 3, nHidden: 2, hiddenTaps: [{ from: 1, to: 40 }] }).fit([sequence(3, 30, 1)]), ParameterError);
  const bytes = readFileSync(path);
  writeFileSync(join(dir, 'bad.json'), bytes.subarray(0, bytes.length - 8));
  await assert.rejects(MeanPrecisionCRBM.load(join(dir, 'bad.json')), (e: unknown) => e instanceof ModelFormatError && e.message.includes('bad.json'));
});

test('predictNext is the mean of many exact draws of the next frame', () => {
  const m = randomModel(3, 2, 11), hist = sequence(3, 4, 12);
  const want = m.predictNext(hist), n = 20000, got = new Float64Array(3);
  for (let s = 0; s < n; s++) {
    const f = m.generate(1, { seed: s, prime: hist });
    for (let i = 0; i < 3; i++) got[i] += f.data[i] / n;
  }
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(got[i] - want[i]) < 0.05, `band ${i}: mean of draws ${got[i]} vs predictNext ${want[i]}`);
});

test('keepStable scales an autoregression that grows (a rotation by 0.6 rad × 1.3 per frame) back to growth 0.99, and generation stays bounded', () => {
  const m = randomModel(3, 2, 13);
  m.B.fill(0);
  const a = 0.6, g = 1.3;
  m.A.set([g * Math.cos(a), -g * Math.sin(a), 0, g * Math.sin(a), g * Math.cos(a), 0, 0, 0, 0.5]);
  // The unstable model explodes, and generation says so with a typed error instead of returning huge frames.
  assert.throws(() => m.generate(400, { seed: 1 }), (e: Error) => e instanceof DivergenceError && /unstable/.test(e.message));
  const v = new Random(1).fillNormal(new Float64Array(3), 0, 1);
  const growth = keepStable(m, v, 300);
  // Independent: the eigenvalues of the rotation block are g·e^{±ia}, so the spectral radius is g; scaled to 0.99.
  assert.ok(Math.abs(growth - g) < 5e-3, `estimated growth ${growth}, true ${g}`);
  assert.ok(Math.abs(m.A[0] - MAX_GROWTH * Math.cos(a)) < 5e-3 && Math.abs(m.A[8] - 0.5 * MAX_GROWTH / g) < 5e-3);
  const tame = m.generate(4000, { seed: 1 });
  assert.ok(Math.max(...Array.from(tame.data, Math.abs)) < 100, 'a stable model stays bounded');
});
