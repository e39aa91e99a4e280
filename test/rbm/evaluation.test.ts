/**
 * The float64 evaluators against brute force written independently here: every joint state (v, h) of a tiny
 * RBM enumerated from the ENERGY (not the free energy), and numerical integration for Gaussian visibles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/util/random';
import { ParameterError } from '../../src/errors';
import type { Matrix } from '../../src/types';
import type { RBMParams } from '../../src/rbm';
import {
  freeEnergyOf, exactLogPartition, exactLogLikelihood, pseudoLogLikelihood, freeEnergyGap, reconstructionError,
  hiddenActivationStats, weightUpdateRatio, barsAndStripes, barsAndStripesOptimum, EXACT_MAX_UNITS,
  type RBMParamsLike,
} from '../../src/rbm/evaluation';

function randomRbm(nVisible: number, nHidden: number, seed: number, scale = 1, visible: 'bernoulli' | 'gaussian' = 'bernoulli'): RBMParamsLike {
  const r = new Random(seed);
  return {
    visible, nVisible, nHidden,
    W: r.fillNormal(new Float32Array(nVisible * nHidden), 0, scale),
    visibleBias: r.fillNormal(new Float32Array(nVisible), 0, scale),
    hiddenBias: r.fillNormal(new Float32Array(nHidden), 0, scale),
    logSigma: visible === 'gaussian' ? r.fillNormal(new Float32Array(nVisible), 0, 0.3) : undefined,
  };
}

const bits = (x: number, n: number): number[] => Array.from({ length: n }, (_, i) => (x >> i) & 1);

/** −E(v, h) of a Bernoulli RBM, straight from the definition. */
function negEnergy(p: RBMParamsLike, v: number[], h: number[]): number {
  let s = 0;
  for (let i = 0; i < p.nVisible; i++) s += p.visibleBias[i] * v[i];
  for (let j = 0; j < p.nHidden; j++) s += p.hiddenBias[j] * h[j];
  for (let i = 0; i < p.nVisible; i++) for (let j = 0; j < p.nHidden; j++) s += v[i] * p.W[i * p.nHidden + j] * h[j];
  return s;
}

function logSumExp(xs: number[]): number {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
}

/** Brute force over all 2^(nV+nH) joint states: log Z and log p(v) for every v. */
function bruteForce(p: RBMParamsLike): { logZ: number; logPv: (v: number[]) => number } {
  const joint: number[] = [];
  const marg = new Map<number, number[]>();
  for (let vi = 0; vi < 2 ** p.nVisible; vi++) {
    for (let hi = 0; hi < 2 ** p.nHidden; hi++) {
      const e = negEnergy(p, bits(vi, p.nVisible), bits(hi, p.nHidden));
      joint.push(e);
      if (!marg.has(vi)) marg.set(vi, []);
      marg.get(vi)!.push(e);
    }
  }
  const logZ = logSumExp(joint);
  return { logZ, logPv: (v) => logSumExp(marg.get(v.reduce((s, b, i) => s + (b << i), 0))!) - logZ };
}

function dataOf(vs: number[][]): Matrix {
  return { rows: vs.length, cols: vs[0].length, data: Float32Array.from(vs.flat()) };
}

test('exact log Z and log-likelihood match joint-state brute force (enumerating hidden: 5 × 4, visible: 4 × 6)', () => {
  for (const [nV, nH, seed] of [[5, 4, 1], [4, 6, 2], [5, 5, 3]] as const) {
    const p = randomRbm(nV, nH, seed, 1.5);
    const bf = bruteForce(p);
    const logZ = exactLogPartition(p);
    assert.ok(Math.abs(logZ - bf.logZ) < 1e-5, `${nV}×${nH}: logZ ${logZ} vs brute force ${bf.logZ}`);
    const vs = [bits(3, nV), bits(0, nV), bits(2 ** nV - 1, nV), bits(9, nV)];
    const ll = exactLogLikelihood(p, dataOf(vs));
    const bfLl = vs.reduce((s, v) => s + bf.logPv(v), 0) / vs.length;
    assert.ok(Math.abs(ll - bfLl) < 1e-5, `${nV}×${nH}: LL ${ll} vs brute force ${bfLl}`);
    // free energy: F(v) = −log Σ_h exp(−E(v, h)) = −(log p(v) + log Z)
    const F = freeEnergyOf(p, vs[0]);
    assert.ok(Math.abs(F[0] + bf.logPv(vs[0]) + bf.logZ) < 1e-5);
  }
});

test('exact log Z stays finite and correct with huge energies (log-sum-exp)', () => {
  const p = randomRbm(5, 4, 7, 40);
  const bf = bruteForce(p);
  const logZ = exactLogPartition(p);
  assert.ok(Number.isFinite(logZ) && Math.abs(logZ - bf.logZ) < 1e-5 * Math.abs(bf.logZ), `${logZ} vs ${bf.logZ}`);
});

test('Gaussian visibles: exact log Z and log-density match numerical integration of exp(−E)', () => {
  // (a) 2 visible × 3 hidden: a 2-D trapezoid grid over v for every h, from the Cho et al. energy.
  const p = randomRbm(2, 3, 11, 0.8, 'gaussian');
  const s2 = Array.from(p.logSigma!, (l) => Math.exp(2 * l));
  const negE = (v: number[], h: number[]): number => {
    let s = 0;
    for (let i = 0; i < 2; i++) s -= (v[i] - p.visibleBias[i]) ** 2 / (2 * s2[i]);
    for (let j = 0; j < 3; j++) s += p.hiddenBias[j] * h[j];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) s += (v[i] * p.W[i * 3 + j] * h[j]) / s2[i];
    return s;
  };
  const n = 600, lo = -14, hi = 14, dv = (hi - lo) / n;
  let Z = 0;
  for (let a = 0; a <= n; a++) {
    for (let b = 0; b <= n; b++) {
      const v = [lo + a * dv, lo + b * dv];
      for (let hi3 = 0; hi3 < 8; hi3++) Z += Math.exp(negE(v, bits(hi3, 3))) * dv * dv;
    }
  }
  assert.ok(Math.abs(exactLogPartition(p) - Math.log(Z)) < 1e-5, `${exactLogPartition(p)} vs ${Math.log(Z)}`);
  const v = [0.3, -1.1];
  const density = Math.log(Array.from({ length: 8 }, (_, k) => Math.exp(negE(v, bits(k, 3)))).reduce((x, y) => x + y) / Z);
  assert.ok(Math.abs(exactLogLikelihood(p, dataOf([v])) - density) < 1e-5);

  // (b) 5 visible × 4 hidden: for each h the integral factorises; integrate each 1-D factor numerically.
  const q = randomRbm(5, 4, 12, 0.7, 'gaussian');
  const t2 = Array.from(q.logSigma!, (l) => Math.exp(2 * l));
  const terms: number[] = [];
  for (let hk = 0; hk < 16; hk++) {
    const h = bits(hk, 4);
    let logTerm = h.reduce((s, x, j) => s + x * q.hiddenBias[j], 0);
    for (let i = 0; i < 5; i++) {
      const wh = h.reduce((s, x, j) => s + x * q.W[i * 4 + j], 0);
      let integral = 0;
      const m = 4000, a = -30, step = 60 / m;
      for (let k = 0; k <= m; k++) {
        const x = a + k * step;
        integral += Math.exp(-((x - q.visibleBias[i]) ** 2) / (2 * t2[i]) + (x * wh) / t2[i]) * step;
      }
      logTerm += Math.log(integral);
    }
    terms.push(logTerm);
  }
  assert.ok(Math.abs(exactLogPartition(q) - logSumExp(terms)) < 1e-5, `${exactLogPartition(q)} vs ${logSumExp(terms)}`);
});

test('exact log Z refuses models that are too large, naming the sizes and the limit', () => {
  const big = randomRbm(30, 25, 1, 0.1);
  assert.throws(() => exactLogPartition(big), (e: unknown) => e instanceof ParameterError
    && /min\(nVisible, nHidden\) = min\(30, 25\) = 25/.test(e.message) && e.message.includes(`n ≤ ${EXACT_MAX_UNITS}`) && /aisLogPartition/.test(e.message));
  const gauss = randomRbm(3, 25, 1, 0.1, 'gaussian');
  assert.throws(() => exactLogPartition(gauss), (e: unknown) => e instanceof ParameterError && /nHidden = 25/.test(e.message));
  // but a wide model with a small visible layer enumerates the visibles
  assert.ok(Number.isFinite(exactLogPartition(randomRbm(6, 40, 2, 0.3))));
});

test('exact pseudo-log-likelihood equals Σᵢ log p(vᵢ | v₋ᵢ) from brute-force conditionals', () => {
  const p = randomRbm(5, 4, 21, 1.2);
  const bf = bruteForce(p);
  const vs = [bits(5, 5), bits(30, 5), bits(17, 5)];
  let expected = 0;
  for (const v of vs) {
    for (let i = 0; i < 5; i++) {
      const flipped = v.slice();
      flipped[i] = 1 - v[i];
      const a = bf.logPv(v), b = bf.logPv(flipped);
      expected += a - logSumExp([a, b]);
    }
  }
  expected /= vs.length;
  const r = pseudoLogLikelihood(p, dataOf(vs), { mode: 'exact' });
  assert.equal(r.mode, 'exact');
  assert.ok(Math.abs(r.value - expected) < 1e-5, `${r.value} vs ${expected}`);
  assert.equal(pseudoLogLikelihood(p, dataOf(vs)).mode, 'exact'); // auto picks exact for a small model
  // sampled mode is seeded and unbiased: its mean over many rows approaches the exact value
  const many = dataOf(Array.from({ length: 4000 }, (_, k) => vs[k % 3]));
  const s1 = pseudoLogLikelihood(p, many, { mode: 'sampled', seed: 4 });
  assert.deepEqual(s1, pseudoLogLikelihood(p, many, { mode: 'sampled', seed: 4 }));
  assert.equal(s1.mode, 'sampled');
  assert.ok(Math.abs(s1.value - expected) < 0.1 * Math.abs(expected), `sampled ${s1.value} vs exact ${expected}`);
  assert.throws(() => pseudoLogLikelihood(randomRbm(3, 2, 1, 1, 'gaussian'), dataOf([[0, 1, 0]])), /Bernoulli/);
});

test('monitors: free-energy gap, reconstruction error, hidden stats, update ratio', () => {
  const p = randomRbm(5, 4, 31, 1);
  const train = dataOf([bits(1, 5), bits(2, 5), bits(3, 5), bits(4, 5)]);
  const held = dataOf([bits(7, 5), bits(8, 5)]);
  const F = freeEnergyOf(p, train), G = freeEnergyOf(p, held);
  const gap = freeEnergyGap(p, train, held);
  assert.equal(gap.rows, 2);
  // evenly spaced rows 0 and 2 of train
  assert.ok(Math.abs(gap.gap - ((G[0] + G[1]) / 2 - (F[0] + F[2]) / 2)) < 1e-12);
  const re = reconstructionError(p, train);
  assert.ok(re > 0 && re < 1);
  const stats = hiddenActivationStats(p, train);
  assert.equal(stats.meanActivation.length, 4);
  assert.ok(stats.overallMean > 0 && stats.overallMean < 1);
  const dead = hiddenActivationStats({ ...p, hiddenBias: new Float32Array([-50, -50, 50, 0]) }, train);
  assert.equal(dead.fractionDead, 0.5);
  assert.equal(dead.fractionSaturated, 0.25);
  const W2 = Float32Array.from(p.W, (w) => w * 1.001);
  assert.ok(Math.abs(weightUpdateRatio(p, { ...p, W: W2 }) - 0.001) < 1e-6);
  assert.throws(() => freeEnergyGap(p, train, dataOf([[0, 1]])), (e: unknown) => e instanceof ParameterError && /heldOut has 2 columns.*nVisible = 5/.test(e.message));
});

test('bars-and-stripes: 30 distinct 4×4 patterns, seeded draws, optimum −log 30', () => {
  const all = barsAndStripes(4);
  assert.equal(all.rows, 30);
  assert.equal(new Set(Array.from({ length: 30 }, (_, r) => all.data.subarray(r * 16, r * 16 + 16).join(''))).size, 30);
  for (let r = 0; r < 30; r++) {
    const img = all.data.subarray(r * 16, r * 16 + 16);
    const rowsConst = [0, 1, 2, 3].every((y) => [1, 2, 3].every((x) => img[y * 4 + x] === img[y * 4]));
    const colsConst = [0, 1, 2, 3].every((x) => [1, 2, 3].every((y) => img[y * 4 + x] === img[x]));
    assert.ok(rowsConst || colsConst);
  }
  assert.deepEqual(barsAndStripes(4, { count: 50, seed: 3 }), barsAndStripes(4, { count: 50, seed: 3 }));
  assert.ok(Math.abs(barsAndStripesOptimum(4) + Math.log(30)) < 1e-12);
  // an RBM whose visible biases put all mass nowhere near: LL of a uniform model over 2^16 states is −16 log 2
  const zero = { visible: 'bernoulli' as const, nVisible: 16, nHidden: 3, W: new Float32Array(48), visibleBias: new Float32Array(16), hiddenBias: new Float32Array(3) };
  assert.ok(Math.abs(exactLogLikelihood(zero, all) + 16 * Math.LN2) < 1e-9);
});

test('the RBM engine (float32, tfjs) and the float64 evaluators agree on free energy, including learned Gaussian σ', async () => {
  const { RBM, initBackend } = await import('../../src/rbm');
  await initBackend({ log: () => {} });
  const r = new Random(5);
  for (const visible of ['bernoulli', 'gaussian'] as const) {
    const p = randomRbm(7, 5, 41, 0.8, visible);
    const rbm = RBM.fromParams(p as RBMParams); // randomRbm builds Float32Arrays
    const v = { rows: 6, cols: 7, data: visible === 'gaussian' ? r.fillNormal(new Float32Array(42)) : Float32Array.from({ length: 42 }, () => +(r.next() < 0.5)) };
    const engine = rbm.freeEnergy(v), reference = freeEnergyOf(rbm, v);
    engine.forEach((f, k) => assert.ok(Math.abs(f - reference[k]) < 1e-4 * Math.max(1, Math.abs(reference[k])), `${visible} row ${k}: ${f} vs ${reference[k]}`));
    // and the monitors take the class itself
    assert.ok(Math.abs(reconstructionError(rbm, v) - reconstructionError(rbm.params(), v)) < 1e-12);
  }
});
