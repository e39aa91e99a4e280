/**
 * RNNRBM: the hand-derived float64 BPTT gradient against finite differences, the library's tfjs-autodiff gradient
 * and its inference against that float64 reference, exact frame log-likelihoods against brute force, save → load,
 * checkpoints and seeded determinism, a sequence task only a model with memory can learn, and bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DivergenceError, ModelFormatError, ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import { concatRows, sliceRows } from '../../src/util/matrix';
import type { Matrix } from '../../src/types';
import { RBM, initBackend, exactLogLikelihood, RNNRBM, rnnrbmFrameLogLikelihood, type RNNRBMParams } from '../../src/rbm';
import { rnnrbmCostTf, rnnrbmGradient, rnnrbmTensors, type RNNRBMBatch } from '../../src/rbm/training/rnnrbmGradient';
import { tf } from '../../src/rbm/backend';
// tfjs-core registers no gradients by itself; this ESM entry loads under tsx (the library does not need it).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { cost, forward, frameEnergy, frameF, gradient, negatives, NAMES, to64, type P64 } from './rnnrbmReference';

const quiet = () => initBackend({ log: () => {} });

function randomModel(visible: 'bernoulli' | 'gaussian', nV: number, nH: number, nU: number, seed: number, scale = 0.6): RNNRBM {
  const r = new Random(seed);
  const m = new RNNRBM({ nVisible: nV, nHidden: nH, nRecurrent: nU, visible, sigma: visible === 'gaussian' ? 1.3 : 1, seed });
  const p = m.params();
  for (const k of NAMES) r.fillNormal(p[k], 0, scale);
  return RNNRBM.fromParams(p);
}

function randomFrames(visible: 'bernoulli' | 'gaussian', rows: number, nV: number, seed: number): Float32Array {
  const r = new Random(seed);
  return Float32Array.from({ length: rows * nV }, () => (visible === 'gaussian' ? r.normal() : r.next() < 0.4 ? 1 : 0));
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 1e-12;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / den;
}

for (const visible of ['bernoulli', 'gaussian'] as const) {
  test(`reference BPTT gradient of the free-energy cost = central finite differences in float64 (${visible})`, () => {
    const m = randomModel(visible, 4, 3, 3, 1);
    const p = to64(m.params());
    const chunks = 2, L = 4;
    const V = randomFrames(visible, chunks * L, 4, 2);
    const vNeg = randomFrames(visible, chunks * L, 4, 3);
    const mask = Float32Array.from([1, 1, 1, 1, 1, 1, 1, 0]); // the second chunk is one frame short
    const u0 = Float32Array.from([0, 0, 0, 0.5, -0.3, 0.8]); // the second chunk starts from a warm state
    const b = { V, vNeg, mask, chunks, length: L, u0 };
    const g = gradient(p, b);
    const eps = 1e-6;
    for (const k of NAMES) {
      const fd = new Float64Array(p[k].length);
      for (let i = 0; i < fd.length; i++) {
        const keep = p[k][i];
        p[k][i] = keep + eps; const up = cost(p, b);
        p[k][i] = keep - eps; const down = cost(p, b);
        p[k][i] = keep;
        fd[i] = (up - down) / (2 * eps);
      }
      assert.ok(maxRelDiff(g[k], fd) < 1e-6, `${k}: analytic vs finite differences, max rel diff ${maxRelDiff(g[k], fd)}`);
    }
  });

  test(`hand-derived tfjs gradient (negatives from the same draws) = float64 reference = tfjs autodiff of the cost (${visible})`, async () => {
    await quiet();
    const nV = 5, nH = 4, nU = 3, chunks = 3, L = 5, k = 2;
    const m = randomModel(visible, nV, nH, nU, 4, 0.4);
    const r = new Random(5);
    const rows = chunks * L;
    const batch: RNNRBMBatch = {
      V: randomFrames(visible, rows, nV, 6), mask: Float32Array.from({ length: rows }, (_, i) => (i >= 2 * L + 3 ? 0 : 1)), chunks, length: L,
      hiddenUniforms: Array.from({ length: k }, () => r.fillUniform(new Float32Array(rows * nH))),
      visibleNoise: Array.from({ length: k }, () => (visible === 'gaussian' ? r.fillNormal(new Float32Array(rows * nV)) : r.fillUniform(new Float32Array(rows * nV)))),
      sampleVisible: true, u0: Float32Array.from({ length: chunks * nU }, (_, i) => (i < nU ? 0 : Math.tanh(r.normal()))),
    };
    const p = to64(m.params());
    const vNeg = negatives(p, batch.V, chunks, L, batch.hiddenUniforms, batch.visibleNoise, true, batch.u0);
    const ref = gradient(p, { V: batch.V, vNeg, mask: batch.mask, chunks, length: L, u0: batch.u0 });
    const got = rnnrbmGradient(m.params(), batch);
    assert.ok(Math.abs(got.cost - cost(p, { V: batch.V, vNeg, mask: batch.mask, chunks, length: L, u0: batch.u0 })) < 1e-4);
    for (const name of NAMES) assert.ok(maxRelDiff(got.grads[name], ref[name]) < 2e-4, `${name}: max rel diff ${maxRelDiff(got.grads[name], ref[name])}`);
    // The paper's reference implementation lets the framework differentiate the cost: do the same with tf.grads.
    const auto = tf.tidy(() => {
      const t = rnnrbmTensors(m.params());
      const V = tf.tensor2d(batch.V, [rows, nV]), neg = tf.tensor2d(Float32Array.from(vNeg), [rows, nV]), mask = tf.tensor1d(batch.mask);
      const u0 = tf.tensor2d(batch.u0!, [chunks, nU]);
      const g = tf.grads((...xs: tf.Tensor[]) => rnnrbmCostTf(m, Object.fromEntries(NAMES.map((k, i) => [k, xs[i]])) as typeof t, V, neg, mask, chunks, L, u0))(NAMES.map((k) => t[k]));
      return g.map((x) => x.dataSync().slice());
    });
    NAMES.forEach((name, i) => assert.ok(maxRelDiff(got.grads[name], auto[i]) < 2e-4, `${name} vs autodiff: ${maxRelDiff(got.grads[name], auto[i])}`));
  });

  test(`inference (biases, free energy, mean-field prediction) = float64 reference (${visible})`, () => {
    const nV = 5, nH = 4, T = 7;
    const m = randomModel(visible, nV, nH, 3, 7, 0.5);
    const p = to64(m.params());
    const seq: Matrix = { rows: T, cols: nV, data: randomFrames(visible, T, nV, 8) };
    const f = forward(p, seq.data, T);
    const { visible: BV, hidden: BH } = m.biases(seq);
    assert.ok(maxRelDiff(BV.data, f.BV.flat()) < 1e-6 && maxRelDiff(BH.data, f.BH.flat()) < 1e-6);
    assert.ok(maxRelDiff(m.states(seq).data, f.U.flat()) < 1e-6);
    const F = m.freeEnergy(seq);
    for (let t = 0; t < T; t++) assert.ok(Math.abs(F[t] - frameF(p, seq.data, t * nV, f.BV[t], f.BH[t])) < 1e-5);
    // Mean-field: v = E[v | h = 0], then v ← E[v | p(h | v)] three times.
    const pred = m.predictSequence(seq, { meanFieldSteps: 3 });
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const s2 = visible === 'gaussian' ? 1.3 * 1.3 : 1;
    for (let t = 0; t < T; t++) {
      const vm = (h: number[]) => f.BV[t].map((b, i) => { let a = b; h.forEach((x, j) => { a += p.W[i * nH + j] * x; }); return visible === 'gaussian' ? a : sig(a); });
      let v = vm(new Array(nH).fill(0));
      for (let s = 0; s < 3; s++) v = vm(f.BH[t].map((c, j) => sig(v.reduce((a, x, i) => a + (x / s2) * p.W[i * nH + j], c))));
      assert.ok(maxRelDiff(pred.data.subarray(t * nV, (t + 1) * nV), v) < 1e-5, `frame ${t}`);
    }
    assert.deepEqual(m.predictNext(sliceRows(seq, 0, 4), { meanFieldSteps: 3 }), pred.data.slice(4 * nV, 5 * nV));
    // forecast: the first row is predictNext; later rows feed the forecasts back, like predictNext on a growing history.
    const ahead = m.forecast(sliceRows(seq, 0, 4), 3, { meanFieldSteps: 3 });
    let grown = sliceRows(seq, 0, 4);
    for (let k = 0; k < 3; k++) {
      const next = m.predictNext(grown, { meanFieldSteps: 3 });
      assert.ok(maxRelDiff(ahead.data.subarray(k * nV, (k + 1) * nV), next) < 1e-6, `forecast row ${k}`);
      grown = concatRows([grown, { rows: 1, cols: nV, data: next }]);
    }
  });
}

test('frame log-likelihood: Bernoulli = brute force over every (v, h); Gaussian with W = 0 = the normal density', () => {
  const nV = 4, nH = 3, T = 5;
  const m = randomModel('bernoulli', nV, nH, 2, 9, 0.8);
  const p = to64(m.params());
  const seq: Matrix = { rows: T, cols: nV, data: randomFrames('bernoulli', T, nV, 10) };
  const ll = rnnrbmFrameLogLikelihood(m, seq);
  const f = forward(p, seq.data, T);
  for (let t = 0; t < T; t++) {
    const terms: number[] = [];
    for (let a = 0; a < 1 << nV; a++) for (let c = 0; c < 1 << nH; c++) {
      const v = Array.from({ length: nV }, (_, i) => (a >> i) & 1), h = Array.from({ length: nH }, (_, j) => (c >> j) & 1);
      terms.push(-frameEnergy(p, v, h, f.BV[t], f.BH[t]));
    }
    const mx = Math.max(...terms);
    const logZ = mx + Math.log(terms.reduce((s, x) => s + Math.exp(x - mx), 0));
    assert.ok(Math.abs(ll[t] - (-frameF(p, seq.data, t * nV, f.BV[t], f.BH[t]) - logZ)) < 1e-5, `frame ${t}`);
  }
  const g = m.params();
  const gp = randomModel('gaussian', nV, nH, 2, 11, 0.5).params();
  gp.W.fill(0);
  const gm = RNNRBM.fromParams(gp);
  const gs: Matrix = { rows: T, cols: nV, data: randomFrames('gaussian', T, nV, 12) };
  const gll = rnnrbmFrameLogLikelihood(gm, gs);
  const BV = gm.biases(gs).visible.data;
  for (let t = 0; t < T; t++) {
    let want = 0;
    for (let i = 0; i < nV; i++) want += -0.5 * Math.log(2 * Math.PI * 1.69) - (gs.data[t * nV + i] - BV[t * nV + i]) ** 2 / (2 * 1.69);
    assert.ok(Math.abs(gll[t] - want) < 1e-4, `gaussian frame ${t}: ${gll[t]} vs ${want}`);
  }
  assert.ok(g.W.length === nV * nH);
});

test('frame log-likelihood with many visible units = the plain RBM\'s exact log-likelihood at each frame\'s biases', () => {
  const nV = 20, nH = 9, T = 3;
  const p = randomModel('bernoulli', nV, nH, 3, 14, 0.8).params();
  for (let i = 0; i < 13; i++) p.visibleBias[i] = 60; // products of 16 factors e^60 overflow: the fast path must fall back
  const m = RNNRBM.fromParams(p);
  const seq: Matrix = { rows: T, cols: nV, data: randomFrames('bernoulli', T, nV, 15) };
  const ll = rnnrbmFrameLogLikelihood(m, seq);
  const { visible: BV, hidden: BH } = m.biases(seq);
  for (let t = 0; t < T; t++) {
    const rbm = RBM.fromParams({ visible: 'bernoulli', nVisible: nV, nHidden: nH, W: p.W, visibleBias: BV.data.slice(t * nV, (t + 1) * nV), hiddenBias: BH.data.slice(t * nH, (t + 1) * nH) });
    const want = exactLogLikelihood(rbm, sliceRows(seq, t, t + 1));
    assert.ok(Math.abs(ll[t] - want) < 1e-8 * Math.max(1, Math.abs(want)), `frame ${t}: ${ll[t]} vs ${want}`);
  }
});

/** Two-note chords that rotate one step per frame from a random phase, with 2 % of notes flipped. */
function rotatingChords(n: number, T: number, nV: number, seed: number): Matrix[] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => {
    const phase = r.int(nV);
    const data = new Float32Array(T * nV);
    for (let t = 0; t < T; t++) {
      for (const d of [0, 3]) data[t * nV + ((phase + t + d) % nV)] = 1;
      for (let i = 0; i < nV; i++) if (r.next() < 0.02) data[t * nV + i] = 1 - data[t * nV + i];
    }
    return { rows: T, cols: nV, data };
  });
}

test('learning: on rotating chords the RNN-RBM beats a plain RBM on held-out log-likelihood and continues a prime', async () => {
  await quiet();
  const nV = 8;
  const train = rotatingChords(16, 32, nV, 1), held = rotatingChords(4, 32, nV, 2);
  const model = new RNNRBM({ nVisible: nV, nHidden: 8, nRecurrent: 12, seed: 3 });
  const history = await model.fit(train, { epochs: 6, chunkLength: 32, batchSize: 4, k: 3, learningRate: 0.05, validation: held });
  const ll = held.map((s) => rnnrbmFrameLogLikelihood(model, s)).flatMap((a) => Array.from(a));
  const rnnLL = ll.reduce((a, x) => a + x, 0) / ll.length;
  const rbm = new RBM({ nVisible: nV, nHidden: 8, seed: 3 });
  await rbm.fit(concatRows(train), { epochs: 30, batchSize: 16, learningRate: 0.1 });
  const rbmLL = exactLogLikelihood(rbm, concatRows(held));
  // A frame-only model can at best learn "one of 8 rotations" (−log 8 ≈ −2.08, plus the noise); the history pins it down.
  assert.ok(rnnLL > rbmLL + 1, `RNN-RBM ${rnnLL.toFixed(3)} vs RBM ${rbmLL.toFixed(3)} nats per frame`);
  const last = history.epochs[history.epochs.length - 1];
  assert.ok(last.validationPredictionError! < history.epochs[0].validationPredictionError!);
  // Generation after a prime keeps rotating: a note on in one frame is on one step higher in the next
  // (a frame-only model, drawing rotations at random, would manage about 2 in 8).
  const gen = model.generate(20, { seed: 4, prime: sliceRows(held[0], 0, 8) });
  const frames = concatRows([sliceRows(held[0], 7, 8), gen]);
  let on = 0, moved = 0;
  for (let t = 1; t < frames.rows; t++) {
    for (let i = 0; i < nV; i++) {
      if (frames.data[(t - 1) * nV + i] !== 1) continue;
      on++;
      moved += frames.data[t * nV + ((i + 1) % nV)];
    }
  }
  assert.ok(moved / on > 0.8, `${moved} of ${on} notes moved up one step`);
});

test('learning, Gaussian: a bump that moves one unit per frame is predicted far better than by persistence or the mean', async () => {
  await quiet();
  const nV = 6;
  const bumps = (n: number, seed: number): Matrix[] => {
    const r = new Random(seed);
    return Array.from({ length: n }, () => {
      const phase = r.int(nV), data = new Float32Array(32 * nV);
      for (let t = 0; t < 32; t++) {
        for (let i = 0; i < nV; i++) {
          const d = (((i - phase - t) % nV) + nV) % nV;
          data[t * nV + i] = (d === 0 ? 2 : d === 1 || d === nV - 1 ? 0.5 : -0.6) + 0.1 * r.normal();
        }
      }
      return { rows: 32, cols: nV, data };
    });
  };
  const train = bumps(12, 1), held = bumps(4, 2);
  const model = new RNNRBM({ nVisible: nV, nHidden: 8, nRecurrent: 8, visible: 'gaussian', seed: 3 });
  await model.fit(train, { epochs: 8, chunkLength: 32, batchSize: 4, k: 1, learningRate: 0.05 });
  let rnn = 0, persistence = 0, mean = 0, n = 0;
  for (const s of held) {
    const p = model.predictSequence(s);
    for (let k = nV; k < s.data.length; k++) {
      rnn += (p.data[k] - s.data[k]) ** 2; persistence += (s.data[k - nV] - s.data[k]) ** 2; mean += s.data[k] ** 2; n++;
    }
  }
  // A frame-only model can do no better than the mean frame (≈ 0 here); the noise floor is 0.01.
  assert.ok(rnn / n < 0.1 && persistence / n > 1 && mean / n > 0.9, `MSE: RNN-RBM ${(rnn / n).toFixed(3)}, persistence ${(persistence / n).toFixed(3)}, mean ${(mean / n).toFixed(3)}`);
});

test('seeded determinism: same seed → identical training and generation; another seed differs', async () => {
  await quiet();
  const data = rotatingChords(4, 20, 6, 5);
  const run = async (seed: number) => {
    const m = new RNNRBM({ nVisible: 6, nHidden: 5, nRecurrent: 4, seed });
    await m.fit(data, { epochs: 2, chunkLength: 8, batchSize: 2, k: 2 });
    return m;
  };
  const [a, b, c] = [await run(1), await run(1), await run(2)];
  for (const k of NAMES) assert.deepEqual(a[k], b[k]);
  assert.notDeepEqual(a.W, c.W);
  assert.deepEqual(a.generate(10, { seed: 3 }).data, b.generate(10, { seed: 3 }).data);
  assert.notDeepEqual(a.generate(10, { seed: 3 }).data, a.generate(10, { seed: 4 }).data);
  const next = a.generator({ seed: 3 }); // streaming gives the same frames as generate
  assert.deepEqual(concatRows(Array.from({ length: 10 }, () => ({ rows: 1, cols: 6, data: next() }))).data, a.generate(10, { seed: 3 }).data);
  const g = new RNNRBM({ nVisible: 6, nHidden: 5, nRecurrent: 4, visible: 'gaussian', seed: 1 });
  assert.deepEqual(g.generate(5, { seed: 1, temperature: 0.8 }).data, g.generate(5, { seed: 1, temperature: 0.8 }).data);
  assert.notDeepEqual(g.generate(5, { seed: 1, noise: 0.5 }).data, g.generate(5, { seed: 1 }).data);
  // The first frame does not depend on what is read back; later ones do.
  const fedMean = g.generate(3, { seed: 1, feed: 'mean' }).data, fedSample = g.generate(3, { seed: 1 }).data;
  assert.deepEqual(fedMean.slice(0, 6), fedSample.slice(0, 6));
  assert.notDeepEqual(fedMean.slice(6), fedSample.slice(6));
});

test('save → load gives identical parameters; damaged or foreign files are ModelFormatErrors naming the file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnrbm-'));
  try {
    const m = randomModel('gaussian', 5, 4, 3, 13);
    m.epochsTrained = 7;
    const file = path.join(dir, 'm.rnnrbm');
    await m.save(file, { meta: { note: 'x' } });
    const back = await RNNRBM.load(file);
    assert.deepEqual(back.params(), m.params());
    assert.equal(back.epochsTrained, 7);
    assert.deepEqual(back.meta, { note: 'x' });
    await assert.rejects(m.save(file), /exists/);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await assert.rejects(m.save(path.join(dir, 'c'), { meta: circular }), (e: Error) => e instanceof ParameterError && /meta must be JSON-serialisable/.test(e.message));
    assert.deepEqual(m.meta, { note: 'x' }); // unchanged by the failed save
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(path.join(dir, 'bad'), bytes);
    await assert.rejects(RNNRBM.load(path.join(dir, 'bad')), (e: Error) => e instanceof ModelFormatError && /bad: corrupted: the checksum/.test(e.message));
    await new RBM({ nVisible: 5, nHidden: 4 }).save(path.join(dir, 'rbm'));
    await assert.rejects(RNNRBM.load(path.join(dir, 'rbm')), (e: Error) => e instanceof ModelFormatError && /kind 'model', expected a 'rnnrbm'/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('checkpoint + resume continues bit-identically; abort stops after the current update; NaN → DivergenceError naming the epoch', async () => {
  await quiet();
  const dir = mkdtempSync(path.join(tmpdir(), 'rnnrbm-ck-'));
  try {
    const data = rotatingChords(4, 20, 6, 6);
    const opts = { chunkLength: 8, batchSize: 2, k: 2, learningRate: 0.01 };
    const straight = new RNNRBM({ nVisible: 6, nHidden: 5, nRecurrent: 4, seed: 2 });
    await straight.fit(data, { ...opts, epochs: 4 });
    const ck = path.join(dir, 'run.ckpt');
    const first = new RNNRBM({ nVisible: 6, nHidden: 5, nRecurrent: 4, seed: 2 });
    await first.fit(data, { ...opts, epochs: 2, checkpoint: { path: ck, every: 1 } });
    const resumed = new RNNRBM({ nVisible: 6, nHidden: 5, nRecurrent: 4, seed: 2 });
    const h = await resumed.fit(data, { ...opts, epochs: 4, resume: ck });
    assert.equal(h.epochs.length, 4);
    for (const k of NAMES) assert.deepEqual(resumed[k], straight[k], k);

    const ac = new AbortController();
    const aborted = await new RNNRBM({ nVisible: 6, nHidden: 5, nRecurrent: 4 }).fit(data, { ...opts, epochs: 3, signal: ac.signal, onBatch: () => ac.abort() });
    assert.equal(aborted.stopReason, 'aborted');
    assert.equal(aborted.epochs.length, 1);

    const blow = new RNNRBM({ nVisible: 6, nHidden: 5, nRecurrent: 4, seed: 1 });
    const before = blow.params();
    await blow.fit(data, { ...opts, epochs: 1 });
    const good = blow.params();
    await assert.rejects(blow.fit(data, { ...opts, epochs: 2, optimizer: 'sgd', learningRate: 1e38, clipNorm: Infinity }),
      (e: Error) => e instanceof DivergenceError && e.epoch === 1 && /diverged in epoch 1/.test(e.message));
    assert.deepEqual(blow.params(), good); // restored to the start of the failed epoch
    assert.notDeepEqual(before.W, good.W);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pretrain: W and both biases come from the project\'s RBM trained on all frames from the same starting weights', async () => {
  await quiet();
  const data = rotatingChords(3, 20, 6, 7);
  const m = new RNNRBM({ nVisible: 6, nHidden: 5, nRecurrent: 4, seed: 9 });
  const W0 = m.W.slice();
  const rnnBefore = [m.Wuv.slice(), m.Wuu.slice()];
  await m.fit(data, { epochs: 0, pretrain: { epochs: 3, batchSize: 10, learningRate: 0.05 } });
  const rbm = new RBM({ nVisible: 6, nHidden: 5, seed: 9 });
  rbm.W.set(W0);
  await rbm.fit(concatRows(data), { epochs: 3, batchSize: 10, learningRate: 0.05 });
  assert.deepEqual(m.W, rbm.W);
  assert.deepEqual(m.visibleBias, rbm.visibleBias);
  assert.deepEqual(m.hiddenBias, rbm.hiddenBias);
  assert.notDeepEqual(m.W, W0);
  assert.deepEqual([m.Wuv, m.Wuu], rnnBefore); // the RNN is left to the RNN-RBM's own training
});

test('bad input → ParameterError naming the parameter and the value', async () => {
  const bad = (f: () => unknown, re: RegExp) => assert.throws(f, (e: Error) => e instanceof ParameterError && re.test(e.message), String(re));
  bad(() => new RNNRBM({ nVisible: 0, nHidden: 3 }), /nVisible must be a positive integer, got 0/);
  bad(() => new RNNRBM({ nVisible: 3, nHidden: 3, nRecurrent: 2.5 }), /nRecurrent must be a positive integer, got 2.5/);
  bad(() => new RNNRBM({ nVisible: 3, nHidden: 3, visible: 'binary' as never }), /visible must be 'bernoulli' or 'gaussian', got 'binary'/);
  bad(() => new RNNRBM({ nVisible: 3, nHidden: 3, visible: 'gaussian', sigma: -1 }), /sigma must be a positive number, got -1/);
  const m = new RNNRBM({ nVisible: 3, nHidden: 2, nRecurrent: 2 });
  bad(() => m.generate(0), /nFrames must be an integer ≥ 1, got 0/);
  bad(() => m.generate(3, { temperature: 0 }), /temperature must be a positive number, got 0/);
  bad(() => m.generate(3, { gibbsSteps: -1 }), /gibbsSteps must be an integer ≥ 1, got -1/);
  bad(() => m.generate(3, { noise: 2 }), /noise must be in \[0, 1\], got 2/);
  bad(() => m.generate(3, { feed: 'mode' as never }), /feed must be 'sample' or 'mean', got 'mode'/);
  bad(() => m.generate(3, { prime: { rows: 1, cols: 4, data: new Float32Array(4) } }), /prime has 4 columns, expected 3/);
  bad(() => m.freeEnergy({ rows: 1, cols: 3, data: Float32Array.from([0, NaN, 1]) }), /sequence contains a non-finite value/);
  bad(() => rnnrbmFrameLogLikelihood(new RNNRBM({ nVisible: 30, nHidden: 30 }), { rows: 1, cols: 30, data: new Float32Array(30) }), /min\(nVisible, nHidden\) = 30/);
  const seqs = [{ rows: 4, cols: 3, data: new Float32Array(12) }];
  const rejects = (o: object, re: RegExp) => assert.rejects(m.fit(seqs, o), (e: Error) => e instanceof ParameterError && re.test(e.message), String(re));
  await rejects({ chunkLength: 1 }, /chunkLength must be an integer ≥ 2, got 1/);
  await rejects({ learningRate: -1 }, /learningRate must be a positive number, got -1/);
  await rejects({ optimizer: 'rmsprop' }, /optimizer must be 'adam' or 'sgd', got 'rmsprop'/);
  await rejects({ clipNorm: 0 }, /clipNorm must be a positive number/);
  await rejects({ pretrain: -2 }, /pretrain must be a number of RBM epochs/);
  await assert.rejects(m.fit([], {}), (e: Error) => e instanceof ParameterError && /sequences must be a non-empty array/.test(e.message));
  await assert.rejects(m.fit([{ rows: 4, cols: 2, data: new Float32Array(8) }], {}), (e: Error) => e instanceof ParameterError && /sequences\[0\] has 2 columns, expected 3/.test(e.message));
  const p: RNNRBMParams = m.params();
  bad(() => RNNRBM.fromParams({ ...p, Wuu: new Float32Array(3) }), /Wuu must be a Float32Array of length 4/);
});
