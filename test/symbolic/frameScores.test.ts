/**
 * Frame-level scores against brute force written independently here: every joint state (v, h) enumerated from
 * the energy, the RBM stage's own evaluators (exactLogLikelihood, freeEnergyOf) and the ConditionalRBM's free energy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';
import { ConditionalRBM, RNNRBM, exactLogLikelihood, exactLogPartition, freeEnergyOf, rnnrbmFrameLogLikelihood, type RBMParams } from '../../src/rbm';
import {
  frameScores, frameAccuracy, evaluateNoteModel, independentBernoulli, rbmNoteModel, windowNoteModel, crbmNoteModel,
  frameWindows, rnnrbmNoteModel, FRAME_EXACT_MAX_HIDDEN, type SequenceConditionals,
} from '../../src/symbolic';

const bits = (x: number, n: number) => Array.from({ length: n }, (_, i) => (x >> i) & 1);
const lse = (xs: number[]) => { const m = Math.max(...xs); return m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0)); };

function randomRoll(rows: number, cols: number, seed: number, p = 0.3): Matrix {
  const r = new Random(seed);
  return { rows, cols, data: new Float32Array(rows * cols).map(() => (r.next() < p ? 1 : 0)) };
}

function randomConditionals(T: number, nV: number, nH: number, seed: number): SequenceConditionals {
  const r = new Random(seed);
  const f = (n: number) => Float64Array.from({ length: n }, () => r.normal());
  return { nVisible: nV, nHidden: nH, W: f(nV * nH), visibleBias: f(T * nV), hiddenBias: f(T * nH) };
}

/** log p(v) and marginals of frame t by enumerating all (v, h) from −E = b·v + c·h + vᵀWh. */
function bruteForce(c: SequenceConditionals, t: number, v: ArrayLike<number>): { logp: number; marginals: number[] } {
  const { nVisible: nV, nHidden: nH } = c;
  const negE = (vv: number[], hh: number[]) => {
    let e = 0;
    for (let i = 0; i < nV; i++) e += c.visibleBias[t * nV + i] * vv[i];
    for (let j = 0; j < nH; j++) e += c.hiddenBias[t * nH + j] * hh[j];
    for (let i = 0; i < nV; i++) for (let j = 0; j < nH; j++) e += vv[i] * c.W[i * nH + j] * hh[j];
    return e;
  };
  const perV: number[] = [];
  for (let x = 0; x < 1 << nV; x++) {
    const vv = bits(x, nV);
    perV.push(lse(Array.from({ length: 1 << nH }, (_, y) => negE(vv, bits(y, nH)))));
  }
  const logZ = lse(perV);
  const index = Array.from(v).reduce((a, b, i) => a + (b ? 1 << i : 0), 0);
  const marginals = Array.from({ length: nV }, (_, i) => perV.reduce((a, lv, x) => a + ((x >> i) & 1 ? Math.exp(lv - logZ) : 0), 0));
  return { logp: perV[index] - logZ, marginals };
}

test('frameScores equals brute-force enumeration of (v, h) for every frame, log-likelihood and marginals', () => {
  for (const [nV, nH, seed] of [[5, 3, 1], [4, 0, 2], [3, 6, 3]] as const) {
    const T = 4;
    const c = randomConditionals(T, nV, nH, seed);
    const roll = randomRoll(T, nV, seed + 10, 0.5);
    const s = frameScores(c, roll);
    for (let t = 0; t < T; t++) {
      const ref = bruteForce(c, t, roll.data.subarray(t * nV, (t + 1) * nV));
      assert.ok(Math.abs(s.logLikelihood[t] - ref.logp) < 1e-9, `nV ${nV} nH ${nH} t ${t}: ${s.logLikelihood[t]} vs ${ref.logp}`);
      for (let i = 0; i < nV; i++) assert.ok(Math.abs(s.marginals.data[t * nV + i] - ref.marginals[i]) < 1e-6);
    }
  }
});

function randomRbm(nVisible: number, nHidden: number, seed: number): RBMParams {
  const r = new Random(seed);
  return {
    visible: 'bernoulli', nVisible, nHidden,
    W: r.fillNormal(new Float32Array(nVisible * nHidden), 0, 1),
    visibleBias: r.fillNormal(new Float32Array(nVisible), -1, 1),
    hiddenBias: r.fillNormal(new Float32Array(nHidden), 0, 1),
  };
}

test('a plain RBM scored frame by frame gives the RBM stage\'s exact log-likelihood', () => {
  const rbm = randomRbm(12, 7, 4);
  const roll = randomRoll(30, 12, 5);
  const s = frameScores(rbmNoteModel(rbm), roll);
  const mean = s.logLikelihood.reduce((a, x) => a + x, 0) / roll.rows;
  assert.ok(Math.abs(mean - exactLogLikelihood(rbm, roll)) < 1e-6, `${mean} vs ${exactLogLikelihood(rbm, roll)}`);
});

test('the independent baseline is Σ log Bernoulli(add-one smoothed training frequency) per pitch', () => {
  const train = [randomRoll(40, 6, 6, 0.2), randomRoll(25, 6, 7, 0.4)];
  const heldOut = randomRoll(10, 6, 8);
  const model = independentBernoulli(train);
  const s = frameScores(model, heldOut);
  const count = new Array(6).fill(0);
  for (const r of train) for (let k = 0; k < r.data.length; k++) count[k % 6] += r.data[k];
  for (let t = 0; t < 10; t++) {
    let ref = 0;
    for (let i = 0; i < 6; i++) { const p = (count[i] + 1) / (65 + 2); ref += heldOut.data[t * 6 + i] ? Math.log(p) : Math.log(1 - p); }
    assert.ok(Math.abs(s.logLikelihood[t] - ref) < 1e-9);
  }
});

test('an RBM on windows: frame t given the window before it = log p(window) − log Σ over the last frame, by enumeration', () => {
  const nV = 3, window = 3, nH = 4;
  const rbm = randomRbm(nV * window, nH, 9);
  const roll = randomRoll(7, nV, 10, 0.5);
  const s = frameScores(windowNoteModel(rbm, window), roll);
  const padded = new Float32Array((window - 1 + roll.rows) * nV);
  padded.set(roll.data, (window - 1) * nV); // silence before the song
  for (let t = 0; t < roll.rows; t++) {
    const win = padded.slice(t * nV, (t + window) * nV);
    const F = (w: Float32Array) => freeEnergyOf(rbm, { rows: 1, cols: nV * window, data: w })[0];
    const alternatives = Array.from({ length: 1 << nV }, (_, x) => { const w = win.slice(); bits(x, nV).forEach((b, i) => { w[(window - 1) * nV + i] = b; }); return -F(w); });
    const ref = -F(win) - lse(alternatives);
    assert.ok(Math.abs(s.logLikelihood[t] - ref) < 1e-5, `t ${t}: ${s.logLikelihood[t]} vs ${ref}`);
  }
  assert.equal(frameWindows(roll, window).rows, roll.rows - window + 1);
});

test('the conditional RBM\'s dynamic biases reproduce ConditionalRBM.freeEnergy frame by frame', () => {
  const nV = 6, nH = 5, order = 2;
  const r = new Random(11);
  const crbm = ConditionalRBM.fromParams({
    visible: 'bernoulli', nVisible: nV, nHidden: nH, order,
    W: r.fillNormal(new Float32Array(nV * nH), 0, 1), visibleBias: r.fillNormal(new Float32Array(nV), 0, 1),
    hiddenBias: r.fillNormal(new Float32Array(nH), 0, 1), A: r.fillNormal(new Float32Array(order * nV * nV), 0, 1),
    B: r.fillNormal(new Float32Array(order * nV * nH), 0, 1),
  });
  const roll = randomRoll(9, nV, 12, 0.5);
  const c = crbmNoteModel(crbm).conditionals(roll);
  const sp = (x: number) => Math.log1p(Math.exp(x));
  for (let t = order; t < roll.rows; t++) {
    const v = roll.data.subarray(t * nV, (t + 1) * nV);
    let negF = 0;
    for (let i = 0; i < nV; i++) negF += c.visibleBias[t * nV + i] * v[i];
    for (let j = 0; j < nH; j++) { let x = c.hiddenBias[t * nH + j]; for (let i = 0; i < nV; i++) x += v[i] * crbm.W[i * nH + j]; negF += sp(x); }
    const history = { rows: order, cols: nV, data: roll.data.slice((t - order) * nV, t * nV) };
    const F = crbm.freeEnergy(history, { rows: 1, cols: nV, data: v.slice() })[0];
    assert.ok(Math.abs(negF + F) < 1e-4, `t ${t}: ${-negF} vs ${F}`);
  }
  // With a zero history the model is the static RBM: frame 0's log-likelihood equals the RBM stage's exact one.
  const p0 = { visible: 'bernoulli' as const, nVisible: nV, nHidden: nH, W: crbm.W, visibleBias: crbm.visibleBias, hiddenBias: crbm.hiddenBias };
  const first = { rows: 1, cols: nV, data: roll.data.slice(0, nV) };
  assert.ok(Math.abs(frameScores(c, roll).logLikelihood[0] - (-freeEnergyOf(p0, first)[0] - exactLogPartition(p0))) < 1e-5);
});

test('frameAccuracy is Bay et al.\'s ΣTP / Σ(TP + FP + FN), checked with sets frame by frame', () => {
  const truth = randomRoll(50, 8, 13, 0.3);
  const r = new Random(14);
  const predicted = { rows: 50, cols: 8, data: new Float32Array(400).map(() => r.next()) };
  let inter = 0, union = 0;
  for (let t = 0; t < 50; t++) {
    const P = new Set<number>(), Y = new Set<number>();
    for (let i = 0; i < 8; i++) { if (predicted.data[t * 8 + i] >= 0.5) P.add(i); if (truth.data[t * 8 + i]) Y.add(i); }
    inter += [...P].filter((i) => Y.has(i)).length;
    union += new Set([...P, ...Y]).size;
  }
  assert.ok(Math.abs(frameAccuracy(predicted, truth) - inter / union) < 1e-12);
  assert.equal(frameAccuracy(truth, truth), 1);
  assert.throws(() => frameAccuracy(truth, randomRoll(49, 8, 1)), ParameterError);
});

test('evaluateNoteModel pools log-likelihood and accuracy over all frames of all songs', () => {
  const rbm = randomRbm(5, 3, 15);
  const songs = [randomRoll(7, 5, 16), randomRoll(13, 5, 17)];
  const m = rbmNoteModel(rbm);
  const s = evaluateNoteModel(m, songs);
  const a = frameScores(m, songs[0]), b = frameScores(m, songs[1]);
  const ll = [...a.logLikelihood, ...b.logLikelihood].reduce((x, y) => x + y, 0) / 20;
  assert.ok(Math.abs(s.logLikelihood - ll) < 1e-12);
  assert.equal(s.frames, 20);
  const joined = { rows: 20, cols: 5, data: Float32Array.from([...a.marginals.data, ...b.marginals.data]) };
  assert.ok(Math.abs(s.accuracy - frameAccuracy(joined, { rows: 20, cols: 5, data: Float32Array.from([...songs[0].data, ...songs[1].data]) })) < 1e-12);
});

test('too many hidden units for enumeration is a ParameterError naming the limit', () => {
  const c = randomConditionals(1, 2, FRAME_EXACT_MAX_HIDDEN + 1, 1);
  assert.throws(() => frameScores(c, randomRoll(1, 2, 1)), (e: Error) => e instanceof ParameterError && e.message.includes(String(FRAME_EXACT_MAX_HIDDEN)));
});

test('the RNN-RBM scored through its dynamic biases agrees with the RBM stage\'s own rnnrbmFrameLogLikelihood', () => {
  const model = new RNNRBM({ nVisible: 9, nHidden: 5, nRecurrent: 7, visible: 'bernoulli', seed: 3 });
  const r = new Random(4);
  for (const k of ['W', 'Wuv', 'Wuh', 'Wvu', 'Wuu'] as const) r.fillNormal(model[k], 0, 0.8); // far from the near-zero init
  const roll = randomRoll(12, 9, 18, 0.4);
  const ours = frameScores(rnnrbmNoteModel(model), roll).logLikelihood;
  const theirs = rnnrbmFrameLogLikelihood(model, roll);
  for (let t = 0; t < roll.rows; t++) assert.ok(Math.abs(ours[t] - theirs[t]) < 1e-4, `t ${t}: ${ours[t]} vs ${theirs[t]}`);
});
