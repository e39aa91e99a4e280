import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gibbsChains, GibbsChain, type GibbsParams } from '../../src/generate/gibbs';
import { temperatureAt } from '../../src/generate/anneal';
import { Random } from '../../src/util/random';
import { ParameterError } from '../../src/errors';

function tinyBernoulli(seed: number, nv = 4, nh = 3, scale = 1.5): GibbsParams {
  const r = new Random(seed);
  return {
    visible: 'bernoulli', nVisible: nv, nHidden: nh,
    W: r.fillNormal(new Float32Array(nv * nh), 0, scale),
    visibleBias: r.fillNormal(new Float32Array(nv), 0, 0.5),
    hiddenBias: r.fillNormal(new Float32Array(nh), 0, 0.5),
  };
}

/** Exact p(v) ∝ exp(−F(v)/T) by enumeration, with F the Bernoulli free energy. */
function exactVisible(p: GibbsParams, T = 1): number[] {
  const out: number[] = [];
  for (let s = 0; s < 2 ** p.nVisible; s++) {
    let logp = 0;
    for (let i = 0; i < p.nVisible; i++) if ((s >> i) & 1) logp += p.visibleBias[i] / T;
    for (let j = 0; j < p.nHidden; j++) {
      let a = p.hiddenBias[j];
      for (let i = 0; i < p.nVisible; i++) if ((s >> i) & 1) a += p.W[i * p.nHidden + j];
      logp += Math.log1p(Math.exp(a / T));
    }
    out.push(logp);
  }
  const m = Math.max(...out);
  const z = out.reduce((acc, l) => acc + Math.exp(l - m), 0);
  return out.map((l) => Math.exp(l - m) / z);
}

function empirical(p: GibbsParams, opts: { T?: number; clamp?: any; n: number }): number[] {
  const [frames] = gibbsChains(p, { n: opts.n, seed: 11, burnIn: 100, emit: 'sample', temperature: opts.T ?? 1, clamp: opts.clamp });
  const counts = new Array(2 ** p.nVisible).fill(0);
  for (let t = 0; t < frames.rows; t++) {
    let s = 0;
    for (let i = 0; i < p.nVisible; i++) if (frames.data[t * p.nVisible + i] > 0.5) s |= 1 << i;
    counts[s]++;
  }
  return counts.map((c) => c / frames.rows);
}

const tv = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0) / 2;

test('the chain samples the exact RBM distribution (total variation < 0.03 over 16 states)', () => {
  const p = tinyBernoulli(1);
  const d = tv(empirical(p, { n: 60000 }), exactVisible(p));
  assert.ok(d < 0.03, `TV distance ${d}`);
});

test('temperature T samples exp(−F_T): the exact tempered distribution', () => {
  const p = tinyBernoulli(2);
  for (const T of [0.7, 2]) {
    const d = tv(empirical(p, { n: 60000, T }), exactVisible(p, T));
    assert.ok(d < 0.03, `T=${T}: TV distance ${d}`);
  }
  // Hotter is flatter: higher entropy.
  const H = (q: number[]): number => -q.reduce((s, x) => s + (x > 0 ? x * Math.log(x) : 0), 0);
  assert.ok(H(exactVisible(p, 2)) > H(exactVisible(p, 0.7)));
});

test('clamping samples the exact conditional distribution', () => {
  const p = tinyBernoulli(3);
  const mask = Uint8Array.from([1, 0, 0, 0]);
  const clamp = { mask, values: Float32Array.from([1, 0, 0, 0]) };
  const exact = exactVisible(p).map((q, s) => (s & 1 ? q : 0));
  const z = exact.reduce((a, b) => a + b);
  const d = tv(empirical(p, { n: 60000, clamp }), exact.map((q) => q / z));
  assert.ok(d < 0.03, `TV distance ${d}`);
});

test('Gaussian conditionals follow Cho et al.: hidden input uses v/σ², visible mean b + Wh', () => {
  const r = new Random(4);
  const p: GibbsParams = {
    visible: 'gaussian', nVisible: 3, nHidden: 2, W: r.fillNormal(new Float32Array(6)),
    visibleBias: Float32Array.from([1, -1, 0.5]), hiddenBias: new Float32Array(2), logSigma: Float32Array.from([0, Math.log(2), Math.log(0.5)]),
  };
  // Hidden weights zero → visibles are N(b, σ²·T) independent of h: check the moments.
  p.W.fill(0);
  const [frames] = gibbsChains(p, { n: 20000, seed: 5, burnIn: 10, emit: 'sample', temperature: 2 });
  for (let i = 0; i < 3; i++) {
    let m = 0, v = 0;
    for (let t = 0; t < frames.rows; t++) m += frames.data[t * 3 + i];
    m /= frames.rows;
    for (let t = 0; t < frames.rows; t++) v += (frames.data[t * 3 + i] - m) ** 2;
    v /= frames.rows;
    const sigma = Math.exp(p.logSigma![i]);
    assert.ok(Math.abs(m - p.visibleBias[i]) < 0.05 * sigma * 2, `mean ${i}: ${m}`);
    assert.ok(Math.abs(v / (2 * sigma * sigma) - 1) < 0.05, `variance ${i}: ${v}`);
  }
});

test('burn-in, thinning, chains, annealing and bad input', () => {
  const p = tinyBernoulli(5);
  const out = gibbsChains(p, { n: 7, seed: 1, chains: 3, thin: 2, burnIn: 5, annealing: { from: 3, to: 1, steps: 10 } });
  assert.equal(out.length, 3);
  assert.ok(out.every((m) => m.rows === 7 && m.cols === 4));
  // Same seed → same frames; chains differ from each other.
  const again = gibbsChains(p, { n: 7, seed: 1, chains: 3, thin: 2, burnIn: 5, annealing: { from: 3, to: 1, steps: 10 } });
  assert.deepEqual(again[1].data, out[1].data);
  assert.notDeepEqual(out[0].data, out[1].data);
  const c = new GibbsChain(p, 1);
  for (let i = 0; i < 5; i++) c.step(1);
  assert.equal(c.steps, 5);
  assert.equal(temperatureAt(0, { from: 2, to: 1, steps: 4 }), 2);
  assert.ok(Math.abs(temperatureAt(2, { from: 2, to: 1, steps: 4 }) - Math.SQRT2) < 1e-12);
  assert.equal(temperatureAt(9, { from: 2, to: 1, steps: 4 }), 1);
  assert.throws(() => gibbsChains(p, { n: 0, seed: 1 }), (e: Error) => e instanceof ParameterError && /n must be/.test(e.message));
  assert.throws(() => gibbsChains(p, { n: 1, seed: 1, temperature: 0 }), /temperature must be/);
  assert.throws(() => gibbsChains(p, { n: 1, seed: 1, annealing: { from: -1, to: 1, steps: 3 } }), /annealing.from/);
  assert.throws(() => gibbsChains(p, { n: 1, seed: 1, clamp: { mask: new Uint8Array(2), values: new Float32Array(2) } }), /clamp.mask/);
});
