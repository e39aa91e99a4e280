// The listener-level measures of issue 9 against references known independently of our code: a metronome's
// onsets repeat at its period, white noise's flatness is e^−γ, cosine distances of hand-made vectors, the exact
// autocorrelation of an alternating series, a classifier's Bayes accuracy on two Gaussians, a perfect forecaster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autocorrelation, DRONE_CHANGE, frameChangeAtLag, onsetEnvelope, onsetPeriodicity, selfSimilarity, spectralChange, structureReport } from '../../src/generate/structure';
import { spectralFlatness } from '../../src/generate/quality';
import { classifierTwoSampleTest, snippetFeatures } from '../../src/generate/twoSample';
import { forecastError, rbmForecaster, recurrentForecaster, sequenceForecaster } from '../../src/generate/forecast';
import { RNNRBM } from '../../src/rbm';
import { ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';

const SR = 16000;

/** A click (a 5 ms decaying 1 kHz burst) every `period` seconds, with a quiet noise floor. */
function clickTrack(seconds: number, period: number, seed = 1): Float32Array {
  const y = new Random(seed).fillNormal(new Float32Array(seconds * SR), 0, 1e-4);
  for (let t0 = 0; t0 < y.length; t0 += Math.round(period * SR)) {
    for (let i = 0; i < 80 && t0 + i < y.length; i++) y[t0 + i] += Math.exp(-i / 20) * Math.sin((2 * Math.PI * 1000 * i) / SR);
  }
  return y;
}

/** Sum of sines at the given frequencies, switching to the next chord every `every` seconds. */
function chords(seconds: number, every: number, progression: number[][]): Float32Array {
  const y = new Float32Array(seconds * SR);
  for (let i = 0; i < y.length; i++) {
    const chord = progression[Math.floor(i / SR / every) % progression.length];
    for (const f of chord) y[i] += 0.2 * Math.sin((2 * Math.PI * f * i) / SR);
  }
  return y;
}

test('a metronome has onset periodicity near 1 at its period; white noise near 0', () => {
  // A period of 32 hops (0.512 s): every click lands on the same frame phase, so the biased autocorrelation of the
  // onset envelope at that lag is (n − k)/n = (626 − 32)/626 = 0.95. Off-grid periods jitter by a frame (≈ 0.85).
  const p = onsetPeriodicity(clickTrack(10, 0.512));
  assert.ok(Math.abs(p.periodicity - 594 / 626) < 0.03, `click track periodicity ${p.periodicity}, expected ≈ 0.95`);
  assert.ok(Math.abs(p.lagSeconds - 0.512) <= 0.001, `period ${p.lagSeconds} s, expected 0.512`);
  const q = onsetPeriodicity(clickTrack(10, 0.75));
  assert.ok(q.periodicity > 0.75 && Math.abs(q.lagSeconds - 0.75) <= 0.02, `period ${q.lagSeconds} s (${q.periodicity}), expected 0.75`);
  const noise = onsetPeriodicity(new Random(2).fillNormal(new Float32Array(10 * SR), 0, 0.1));
  assert.ok(noise.periodicity < 0.15, `white noise periodicity ${noise.periodicity}`);
  const env = onsetEnvelope(clickTrack(2, 0.5));
  assert.equal(env.length, Math.floor((2 * SR) / 256) + 1);
});

test('autocorrelation of an alternating series is exactly (n − k)/n · (−1)^k; a constant series gives 0', () => {
  const n = 40, x = Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1));
  const r = autocorrelation(x, 10);
  for (let k = 0; k <= 10; k++) assert.ok(Math.abs(r[k] - ((n - k) / n) * (k % 2 ? -1 : 1)) < 1e-12, `r[${k}] = ${r[k]}`);
  assert.deepEqual(Array.from(autocorrelation([3, 3, 3, 3], 2)), [0, 0, 0]);
});

test('spectral flatness: white noise ≈ e^−γ = 0.561, a chord ≈ 0', () => {
  const noise = spectralFlatness(new Random(3).fillNormal(new Float32Array(5 * SR), 0, 0.1));
  assert.ok(Math.abs(noise - Math.exp(-0.5772156649)) < 0.02, `white noise flatness ${noise}`);
  assert.ok(spectralFlatness(chords(3, 10, [[220, 277, 330]])) < 0.01);
});

test('frameChangeAtLag is 1 − cosine of rows that far apart (hand-computed cosines), median over time', () => {
  const m: Matrix = { rows: 4, cols: 2, data: Float32Array.from([1, 0, 1, 1, 1, 0, 1, 1]) };
  // Pairs at lag 1: ([1,0],[1,1]), ([1,1],[1,0]), ([1,0],[1,1]) → each 1 − 1/√2.
  assert.ok(Math.abs(frameChangeAtLag(m, 1) - (1 - Math.SQRT1_2)) < 1e-6);
  assert.ok(Math.abs(frameChangeAtLag(m, 2)) < 1e-6);
  const orth: Matrix = { rows: 3, cols: 2, data: Float32Array.from([1, 0, 0, 1, 1, 0]) };
  assert.ok(Math.abs(frameChangeAtLag(orth, 1) - 1) < 1e-6);
  assert.throws(() => frameChangeAtLag(m, 4), (e: unknown) => e instanceof ParameterError && /more than 4 frames, got 4/.test((e as Error).message));
});

test('a held chord is a static drone; a chord change every half second is not', () => {
  const held = structureReport(chords(10, 100, [[220, 277, 330]]));
  assert.ok(held.change1s < 0.005 && held.staticDrone, `held chord change ${held.change1s}`);
  const moving = structureReport(chords(10, 0.5, [[220, 277, 330], [247, 311, 370], [196, 247, 294], [175, 220, 262]]));
  assert.ok(moving.change1s > DRONE_CHANGE * 3 && !moving.staticDrone, `progression change ${moving.change1s}`);
  assert.ok(spectralChange(chords(6, 0.5, [[220, 330], [262, 392]]), 1) < spectralChange(chords(6, 0.5, [[220, 330], [262, 392]]), 0.5));
  assert.throws(() => structureReport(new Float32Array(SR)), (e: unknown) => e instanceof ParameterError && /at least 4.1 s/.test((e as Error).message));
});

test('self-similarity: symmetric, 1 on the diagonal, high where a chord comes back and low where it changes', () => {
  // Chord A for 1 s, chord B for 1 s, A, B: moments 2 s apart hold the same chord, moments 1 s apart do not.
  const S = selfSimilarity(chords(4, 1, [[220, 277, 330], [247, 311, 392]]), { poolSeconds: 0.256 });
  const n = S.rows, at = (a: number, b: number): number => S.data[a * n + b];
  assert.equal(n, 15);
  for (let a = 0; a < n; a++) { assert.ok(Math.abs(at(a, a) - 1) < 1e-5); for (let b = 0; b < n; b++) assert.equal(at(a, b), at(b, a)); }
  // Pools 1 (0.26–0.51 s, chord A), 5 (1.28–1.54 s, B) and 9 (2.30–2.56 s, A).
  assert.ok(at(1, 9) > 0.95 && at(1, 5) < at(1, 9) - 0.1, `same chord ${at(1, 9)}, other chord ${at(1, 5)}`);
  assert.throws(() => selfSimilarity(new Float32Array(1000)), ParameterError);
});

/** Segments of snippets whose features are N(μ, 1) in one coordinate and N(0, 1) in the others. */
function gaussianSegments(n: number, mu: number, rng: Random): Matrix[] {
  return Array.from({ length: n }, () => {
    const data = rng.fillNormal(new Float32Array(10 * 5), 0, 1);
    for (let r = 0; r < 10; r++) data[r * 5] += mu;
    return { rows: 10, cols: 5, data };
  });
}

test('classifier two-sample test: ≈ Bayes accuracy Φ(Δ/2) for two Gaussians Δ apart, ≈ 0.5 for the same distribution', () => {
  const rng = new Random(4);
  const Phi = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));
  const apart = classifierTwoSampleTest(gaussianSegments(40, 2, rng), gaussianSegments(30, 0, rng));
  assert.ok(Math.abs(apart.accuracy - Phi(1)) < 0.04, `accuracy ${apart.accuracy} vs Bayes ${Phi(1)}`);
  const same = classifierTwoSampleTest(gaussianSegments(40, 0, rng), gaussianSegments(30, 0, rng));
  assert.ok(Math.abs(same.accuracy - 0.5) < 0.06, `same-distribution accuracy ${same.accuracy}`);
  assert.equal(same.snippetsA, 400);
  assert.throws(() => classifierTwoSampleTest(gaussianSegments(1, 0, rng), gaussianSegments(3, 0, rng)), ParameterError);
});

test('snippet features: one row per whole second, level-independent spectral shape', () => {
  const y = chords(3, 0.5, [[220, 330], [262, 392]]);
  const F = snippetFeatures(y), G = snippetFeatures(y.map((v) => v * 0.1));
  assert.equal(F.rows, 2);
  for (let i = 0; i < 48; i++) assert.ok(Math.abs(F.data[i] - G.data[i]) < 1e-3, `band feature ${i} changed with level`);
});

test('forecastError: an oracle scores 0, persistence on a constant sequence 0, the mean forecast the mean square', () => {
  const rng = new Random(5);
  const S: Matrix = { rows: 300, cols: 3, data: rng.fillNormal(new Float32Array(900), 0, 2) };
  let at = 0;
  const oracle = (h: Matrix, n: number): Matrix => { void h; return { rows: n, cols: 3, data: S.data.slice(at * 3, (at + n) * 3) }; };
  // The oracle reads the true future: forecastError's origins are context + k·span/(origins − 1).
  const origins = [0, 1, 2, 3].map((k) => 125 + Math.floor(((300 - 125 - 50) * k) / 3));
  let call = 0;
  const r = forecastError([S], (h, n) => { at = origins[call++]; return oracle(h, n); }, { origins: 4, context: 125 });
  assert.deepEqual(r.model, [0, 0, 0]);
  let ms = 0;
  for (const t of origins) for (let i = 0; i < 3; i++) ms += S.data[t * 3 + i] ** 2 / 12;
  assert.ok(Math.abs(r.mean[0] - ms) < 1e-4, `mean-forecast error ${r.mean[0]} vs ${ms}`);
  const C: Matrix = { rows: 200, cols: 2, data: new Float32Array(400).fill(0.7) };
  assert.deepEqual(forecastError([C], (h, n) => ({ rows: n, cols: 2, data: new Float32Array(2 * n) }), { context: 100 }).persistence, [0, 0, 0]);
  assert.throws(() => forecastError([C], oracle, { context: 190 }), ParameterError);
});

test('forecasters: an RBM with W = 0 forecasts its visible biases; a model predicting "the frame P back" continues a period-P sequence exactly', () => {
  const f = rbmForecaster({ visible: 'gaussian', nVisible: 2, nHidden: 3, W: new Float32Array(6), visibleBias: Float32Array.from([0.5, -1]), hiddenBias: new Float32Array(3) });
  assert.deepEqual(Array.from(f({ rows: 1, cols: 2, data: Float32Array.from([9, 9]) }, 2).data), [0.5, -1, 0.5, -1]);
  const P = 7;
  const S: Matrix = { rows: 500, cols: 2, data: Float32Array.from({ length: 1000 }, (_, i) => Math.sin(Math.floor(i / 2) * 2 * Math.PI / P) + (i % 2)) };
  const periodic = sequenceForecaster({ order: P, nVisible: 2, predictNext: (h) => h.data.slice(0, 2) });
  const r = forecastError([S], periodic);
  for (const e of r.model) assert.ok(e < 1e-10, `periodic forecast error ${e}`);
  assert.ok(r.persistence[0] > 0.1);
});

test('the RNN-RBM forecaster reads the history once and agrees with RNNRBM.predictNext frame by frame', () => {
  const m = new RNNRBM({ nVisible: 5, nHidden: 7, nRecurrent: 4, visible: 'gaussian', seed: 3 });
  const rng = new Random(6);
  for (const k of ['W', 'visibleBias', 'hiddenBias', 'Wuv', 'Wuh', 'Wvu', 'Wuu', 'recurrentBias'] as const) m[k].set(rng.fillNormal(new Float32Array(m[k].length), 0, 0.4));
  const history: Matrix = { rows: 6, cols: 5, data: rng.fillNormal(new Float32Array(30), 0, 1) };
  const f = recurrentForecaster(m)(history, 3);
  let h = history;
  for (let t = 0; t < 3; t++) {
    const want = m.predictNext(h);
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(f.data[t * 5 + i] - want[i]) < 1e-5, `frame ${t} unit ${i}: ${f.data[t * 5 + i]} vs ${want[i]}`);
    h = { rows: h.rows + 1, cols: 5, data: Float32Array.from([...h.data, ...f.data.subarray(t * 5, (t + 1) * 5)]) };
  }
});

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496735) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

test('generate reports a static drone: an RBM with W = 0 emits one frame forever; the prime is not judged', async () => {
  const { FeaturePipeline } = await import('../../src/features');
  const { RBM } = await import('../../src/rbm');
  const { generate } = await import('../../src/generate');
  const pipeline = new FeaturePipeline({ nMels: 16 });
  const moving = chords(3, 0.5, [[220, 277, 330], [247, 311, 370], [196, 247, 294]]);
  pipeline.fit([moving]);
  const rbm = new RBM({ nVisible: 16, nHidden: 4, visible: 'gaussian', seed: 1 });
  rbm.W.fill(0);
  const drones: { startSeconds: number; change: number }[] = [];
  await generate(rbm, { pipeline, seconds: 11, seed: 1, nIter: 2, prime: { sampleRate: SR, channels: [moving] }, primeSeconds: 1, onDrone: (d) => drones.push(d) });
  // 10 s after the 1 s prime: two 5 s stretches, both drones, starting right after the prime.
  assert.deepEqual(drones.map((d) => d.startSeconds), [1, 6]);
  for (const d of drones) assert.ok(d.change < DRONE_CHANGE, `change ${d.change}`);
});

test('generate reports a static drone for the temporal models too: a ConditionalRBM and an RNN-RBM whose weights are 0 emit their visible biases forever', async () => {
  const { FeaturePipeline } = await import('../../src/features');
  const { ConditionalRBM } = await import('../../src/rbm');
  const { generate } = await import('../../src/generate');
  const pipeline = new FeaturePipeline({ nMels: 16 });
  pipeline.fit([chords(3, 0.5, [[220, 277, 330], [247, 311, 370], [196, 247, 294]])]);
  const crbm = new ConditionalRBM({ nVisible: 16, nHidden: 4, taps: [{ from: 1, to: 1 }, { from: 2, to: 3 }], visible: 'gaussian', seed: 1 });
  crbm.W.fill(0); crbm.A.fill(0); crbm.B.fill(0);
  const rnn = new RNNRBM({ nVisible: 16, nHidden: 4, nRecurrent: 3, visible: 'gaussian', seed: 1 });
  rnn.W.fill(0); rnn.Wuv.fill(0);
  for (const m of [crbm, rnn]) {
    const bias = new Random(2).fillNormal(new Float32Array(16), 0, 1);
    m.visibleBias.set(bias);
    const drones: { startSeconds: number; change: number }[] = [];
    await generate(m, { pipeline, seconds: 10, seed: 1, nIter: 2, gibbsSteps: 2, onDrone: (d) => drones.push(d) });
    assert.deepEqual(drones.map((d) => d.startSeconds), [0, 5], `${m}`);
    for (const d of drones) assert.ok(d.change < DRONE_CHANGE, `${m}: change ${d.change}`);
  }
});
