/**
 * ConditionalRBM: free energy against brute force from the energy, equivalence with an RBM whose biases are the
 * dynamic biases, the CD-1 gradient against a plain-JS re-derivation, determinism, persistence, bad input, and a
 * Bernoulli sequence that only a model with memory can predict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ModelFormatError, ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import { RBM, initBackend } from '../../src/rbm';
import { writeModelFile } from '../../src/rbm/storage/modelFile';
import { ConditionalRBM, historyPairs, type CRBMParams } from '../../src/rbm';
import { crbmGradient } from '../../src/rbm/training/crbm/cdStep';
import { freeEnergyOf } from '../../src/rbm/evaluation';
import type { Matrix } from '../../src/types';

function randomCrbm(visible: 'gaussian' | 'bernoulli', nV: number, nH: number, order: number, seed: number): ConditionalRBM {
  const r = new Random(seed);
  const D = order * nV;
  return ConditionalRBM.fromParams({
    visible, nVisible: nV, nHidden: nH, order,
    W: r.fillNormal(new Float32Array(nV * nH), 0, 0.7), visibleBias: r.fillNormal(new Float32Array(nV), 0, 0.5),
    hiddenBias: r.fillNormal(new Float32Array(nH), 0, 0.5), A: r.fillNormal(new Float32Array(D * nV), 0, 0.3), B: r.fillNormal(new Float32Array(D * nH), 0, 0.3),
  });
}

/** Dynamic biases b + xA, c + xB computed directly from the definition. */
function dynamic(p: CRBMParams, x: ArrayLike<number>): { b: number[]; c: number[] } {
  const D = p.order * p.nVisible;
  const b = Array.from(p.visibleBias), c = Array.from(p.hiddenBias);
  for (let k = 0; k < D; k++) {
    for (let i = 0; i < p.nVisible; i++) b[i] += x[k] * p.A[k * p.nVisible + i];
    for (let j = 0; j < p.nHidden; j++) c[j] += x[k] * p.B[k * p.nHidden + j];
  }
  return { b, c };
}

test('free energy F(v | x) equals −log Σ_h exp(−E(v, h | x)) by brute force over h (Gaussian and Bernoulli)', () => {
  for (const visible of ['gaussian', 'bernoulli'] as const) {
    const m = randomCrbm(visible, 4, 5, 2, 3);
    const p = m.params();
    const r = new Random(9);
    const x = r.fillNormal(new Float32Array(8));
    const v = visible === 'gaussian' ? r.fillNormal(new Float32Array(4)) : Float32Array.from([1, 0, 1, 1]);
    const { b, c } = dynamic(p, x);
    const terms: number[] = [];
    for (let hk = 0; hk < 32; hk++) {
      const h = Array.from({ length: 5 }, (_, j) => (hk >> j) & 1);
      let negE = 0;
      for (let i = 0; i < 4; i++) negE += visible === 'gaussian' ? -((v[i] - b[i]) ** 2) / 2 : b[i] * v[i];
      for (let j = 0; j < 5; j++) negE += c[j] * h[j];
      for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) negE += v[i] * p.W[i * 5 + j] * h[j];
      terms.push(negE);
    }
    const mx = Math.max(...terms);
    const F = -(mx + Math.log(terms.reduce((s, t) => s + Math.exp(t - mx), 0)));
    const got = m.freeEnergy({ rows: 1, cols: 8, data: x }, { rows: 1, cols: 4, data: v })[0];
    assert.ok(Math.abs(got - F) < 1e-4, `${visible}: ${got} vs brute force ${F}`);
    // the same history given as order × nVisible frames
    assert.equal(m.freeEnergy({ rows: 2, cols: 4, data: x }, { rows: 1, cols: 4, data: v })[0], got);
    // and an RBM with the dynamic biases (σ = 1) has the same free energy, via the float64 evaluator
    const rbmParams = { visible, nVisible: 4, nHidden: 5, W: p.W, visibleBias: Float32Array.from(b), hiddenBias: Float32Array.from(c), logSigma: visible === 'gaussian' ? new Float32Array(4) : undefined };
    assert.ok(Math.abs(freeEnergyOf(rbmParams, v)[0] - got) < 1e-4);
  }
});

test('predictNext with 0 mean-field steps is the dynamic-bias mean; predictSequence matches predictNext row by row', () => {
  const m = randomCrbm('gaussian', 3, 4, 2, 5);
  const seq: Matrix = { rows: 6, cols: 3, data: new Random(2).fillNormal(new Float32Array(18)) };
  const { b } = dynamic(m.params(), seq.data.subarray(0, 6));
  const p0 = m.predictNext({ rows: 2, cols: 3, data: seq.data.slice(0, 6) }, { meanFieldSteps: 0 });
  b.forEach((bi, i) => assert.ok(Math.abs(p0[i] - bi) < 1e-5));
  const all = m.predictSequence(seq);
  assert.equal(all.rows, 4);
  for (let t = 2; t < 6; t++) {
    const one = m.predictNext({ rows: 2, cols: 3, data: seq.data.slice((t - 2) * 3, t * 3) });
    assert.deepEqual(Array.from(all.data.subarray((t - 2) * 3, (t - 1) * 3)), Array.from(one));
  }
});

test('the tfjs CD-1 gradient equals a plain-JS derivation (Taylor et al. 2006: dA = xᵀ(v₀ − v₁), dB = xᵀ(h₀ − h₁))', async () => {
  await initBackend({ log: () => {} });
  for (const visible of ['gaussian', 'bernoulli'] as const) {
    const m = randomCrbm(visible, 3, 4, 2, 7);
    const p = m.params();
    const r = new Random(4);
    const rows = 5, D = 6;
    const history = r.fillNormal(new Float32Array(rows * D));
    const v0 = visible === 'gaussian' ? r.fillNormal(new Float32Array(rows * 3)) : Float32Array.from({ length: rows * 3 }, () => +(r.next() < 0.5));
    const u = r.fillUniform(new Float32Array(rows * 4));
    const g = crbmGradient(p, { history, v0, rows, hiddenUniforms: [u] });
    const sig = (a: number) => 1 / (1 + Math.exp(-a));
    const exp = { dW: new Float64Array(12), dA: new Float64Array(D * 3), dB: new Float64Array(D * 4), db: new Float64Array(3), dc: new Float64Array(4) };
    for (let n = 0; n < rows; n++) {
      const x = history.subarray(n * D, (n + 1) * D);
      const { b, c } = dynamic(p, x);
      const va = Array.from(v0.subarray(n * 3, n * 3 + 3));
      const ph = (v: number[]) => c.map((cj, j) => sig(cj + v.reduce((s, vi, i) => s + vi * p.W[i * 4 + j], 0)));
      const ph0 = ph(va);
      const h = ph0.map((q, j) => (u[n * 4 + j] < q ? 1 : 0));
      const v1 = b.map((bi, i) => { const a = bi + h.reduce((s: number, hj, j) => s + hj * p.W[i * 4 + j], 0); return visible === 'gaussian' ? a : sig(a); });
      const ph1 = ph(v1);
      for (let i = 0; i < 3; i++) {
        exp.db[i] += (va[i] - v1[i]) / rows;
        for (let j = 0; j < 4; j++) exp.dW[i * 4 + j] += (va[i] * ph0[j] - v1[i] * ph1[j]) / rows;
      }
      for (let j = 0; j < 4; j++) exp.dc[j] += (ph0[j] - ph1[j]) / rows;
      for (let k = 0; k < D; k++) {
        for (let i = 0; i < 3; i++) exp.dA[k * 3 + i] += (x[k] * (va[i] - v1[i])) / rows;
        for (let j = 0; j < 4; j++) exp.dB[k * 4 + j] += (x[k] * (ph0[j] - ph1[j])) / rows;
      }
    }
    const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
      for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `${visible} ${what}[${i}]: ${a[i]} vs ${b[i]}`);
    };
    close(g.dW, exp.dW, 'dW'); close(g.dA, exp.dA, 'dA'); close(g.dB, exp.dB, 'dB');
    close(g.dVisibleBias, exp.db, 'dVisibleBias'); close(g.dHiddenBias, exp.dc, 'dHiddenBias');
  }
});

/** A binary "moving dot": frame t has one unit on at position (start + t) mod n, plus rare flips. */
function movingDot(n: number, frames: number, seed: number): Matrix {
  const r = new Random(seed);
  const start = r.int(n);
  const data = new Float32Array(frames * n);
  for (let t = 0; t < frames; t++) {
    data[t * n + ((start + t) % n)] = 1;
    if (r.next() < 0.05) data[t * n + r.int(n)] = 1;
  }
  return { rows: frames, cols: n, data };
}

test('a Bernoulli CRBM learns a moving dot that no memoryless model can predict; seeded; save → load identical', async () => {
  const train = [1, 2, 3, 4].map((s) => movingDot(8, 100, s));
  const held = movingDot(8, 100, 99);
  const fit = async () => {
    const m = new ConditionalRBM({ nVisible: 8, nHidden: 16, order: 1, visible: 'bernoulli', seed: 3 });
    const epochs: number[] = [];
    await m.fit(train, { epochs: 30, batchSize: 20, learningRate: 0.1, onEpoch: (e) => { epochs.push(e.epoch); } });
    assert.deepEqual(epochs, Array.from({ length: 30 }, (_, i) => i));
    return m;
  };
  const m = await fit();
  const pred = m.predictSequence(held);
  let hits = 0;
  for (let t = 1; t < held.rows; t++) {
    const row = pred.data.subarray((t - 1) * 8, t * 8);
    const argmax = row.indexOf(Math.max(...row));
    if (held.data[t * 8 + argmax] === 1) hits++;
  }
  // Chance is 1/8 (+ the 5 % noise dots); a memoryless model can do no better than that.
  assert.ok(hits / (held.rows - 1) > 0.9, `next-dot accuracy ${hits / (held.rows - 1)}`);
  const again = await fit();
  assert.deepEqual(again.params(), m.params(), 'same seed and data → identical weights');

  const dir = mkdtempSync(path.join(tmpdir(), 'crbm-'));
  try {
    const file = path.join(dir, 'dot.crbm');
    m.meta = { note: 'moving dot' };
    await m.save(file);
    const loaded = await ConditionalRBM.load(file);
    assert.deepEqual(loaded.params(), m.params());
    assert.deepEqual(loaded.meta, { note: 'moving dot' });
    assert.equal(loaded.epochsTrained, 30);
    assert.deepEqual(loaded.predictSequence(held), pred);
    const prime = { rows: 1, cols: 8, data: held.data.slice(0, 8) };
    assert.deepEqual(loaded.generate({ frames: 50, prime, seed: 1 }), m.generate({ frames: 50, prime, seed: 1 }));
    await assert.rejects(m.save(file), /exists/); // never overwrites silently
    // truncated, wrong kind, shape mismatch → ModelFormatError naming the file
    const bytes = readFileSync(file);
    writeFileSync(path.join(dir, 'cut.crbm'), bytes.subarray(0, bytes.length - 10));
    await assert.rejects(ConditionalRBM.load(path.join(dir, 'cut.crbm')), (e: unknown) => e instanceof ModelFormatError && /cut\.crbm: truncated/.test(e.message));
    const rbm = new RBM({ nVisible: 8, nHidden: 4 });
    await rbm.save(path.join(dir, 'plain.rbm'));
    await assert.rejects(ConditionalRBM.load(path.join(dir, 'plain.rbm')), (e: unknown) => e instanceof ModelFormatError && /plain\.rbm: .*crbm/.test(e.message));
    const p = m.params();
    await writeModelFile(path.join(dir, 'bad.crbm'), 'crbm', { visible: 'bernoulli', nVisible: 8, nHidden: 16, order: 2 }, { W: p.W, visibleBias: p.visibleBias, hiddenBias: p.hiddenBias, A: p.A, B: p.B });
    await assert.rejects(ConditionalRBM.load(path.join(dir, 'bad.crbm')), (e: unknown) => e instanceof ModelFormatError && /bad\.crbm: shape mismatch: A has 64 values, expected 128/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad arguments give ParameterError naming the argument', async () => {
  assert.throws(() => new ConditionalRBM({ nVisible: 4, nHidden: 3, order: 0 }), (e: unknown) => e instanceof ParameterError && /order must be a positive integer, got 0/.test(e.message));
  const m = randomCrbm('gaussian', 3, 2, 2, 1);
  assert.throws(() => m.predictNext({ rows: 3, cols: 3, data: new Float32Array(9) }), /history has 3 rows, expected order = 2/);
  assert.throws(() => m.generate({ frames: 5, prime: { rows: 1, cols: 3, data: new Float32Array(3) } }), /prime has 1 rows, needs at least 2/);
  assert.throws(() => m.generate({ frames: 5, prime: { rows: 2, cols: 3, data: new Float32Array(6) }, noise: 2 }), /noise must be in \[0, 1\], got 2/);
  assert.throws(() => historyPairs([{ rows: 2, cols: 3, data: new Float32Array(6) }], 2), /shorter than order \+ 1 = 3 frames/);
  await assert.rejects(m.fit([{ rows: 10, cols: 4, data: new Float32Array(40) }]), /columns but the model has nVisible = 3/);
  await assert.rejects(m.fit([{ rows: 10, cols: 3, data: new Float32Array(30) }], { learningRate: -1 }), /learningRate must be a positive number/);
});

test('training that blows up stops with DivergenceError naming the epoch', async () => {
  const { DivergenceError } = await import('../../src/errors');
  const seq: Matrix = { rows: 50, cols: 4, data: new Random(1).fillNormal(new Float32Array(200), 0, 3) };
  const m = new ConditionalRBM({ nVisible: 4, nHidden: 3, order: 2, seed: 1 });
  await assert.rejects(m.fit([seq], { epochs: 3, learningRate: 1e30 }), (e: unknown) => e instanceof DivergenceError && e.epoch <= 2 && e.message.includes(`diverged in epoch ${e.epoch}`));
  assert.ok([m.W, m.A, m.B, m.visibleBias, m.hiddenBias].every((a) => a.every(Number.isFinite)), 'the last good weights are kept');
});
