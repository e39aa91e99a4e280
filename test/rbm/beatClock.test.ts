import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeanPrecisionCRBM } from '../../src/rbm';
import { clockRow, estimateBeat, frameOnsets } from '../../src/rbm/models/crbm/beatClock';
import { crbmGradient } from '../../src/rbm/training/meanPrecisionCRBMFit';
import { autocorrelation } from '../../src/util/series';
import { ModelFormatError, ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';

/**
 * Frames of a 4-band piece with a beat: a hit every `period` frames from frame `phase` (all bands jump up, then
 * decay by half per frame), on noise — what a drum part looks like in log-mel features.
 */
function beatSequence(n: number, period: number, phase: number, seed: number, noise = 0.3): Matrix {
  const r = new Random(seed), D = 4, data = new Float32Array(n * D);
  let next = phase, level = 0;
  for (let t = 0; t < n; t++) {
    level *= 0.5;
    if (t >= next - 1e-9) { level = 3; next += period; }
    for (let i = 0; i < D; i++) data[t * D + i] = level * (1 - 0.2 * i) + noise * r.normal();
  }
  return { rows: n, cols: D, data };
}

test('estimateBeat finds a fractional beat period and its phase (known by construction), and declines short sequences', () => {
  for (const [period, phase] of [[23.4, 5], [40, 17.5], [17.75, 0]]) {
    const b = estimateBeat(beatSequence(900, period, phase, 1))!;
    assert.ok(Math.abs(b.period - period) < 0.1, `period ${b.period} vs ${period}`);
    // The phase is where the rises fall: compare modulo the period.
    const d = Math.abs(((b.phase - phase) % period + 1.5 * period) % period - period / 2);
    assert.ok(d < 1, `phase ${b.phase} vs ${phase} (period ${period})`);
  }
  assert.equal(estimateBeat(beatSequence(90, 20, 0, 1)), undefined);
  // The onset envelope is the mean rise over the bands, by hand for two frames.
  const f: Matrix = { rows: 2, cols: 2, data: new Float32Array([0, 1, 2, 0.5]) };
  assert.deepEqual(Array.from(frameOnsets(f)), [0, 1]);
});

test('the clock features are cos and sin of 2πk(t − phase)/period, and a beat model\'s histories carry them', () => {
  const out = new Float64Array(6);
  clockRow({ period: 8, phase: 2 }, 3, 4, out, 0);
  const want = [1, 2, 3].flatMap((k) => [Math.cos((k * 2 * Math.PI * 2) / 8), Math.sin((k * 2 * Math.PI * 2) / 8)]);
  out.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12));
  // Visible history: the previous frame, the frame one beat back, the clock; hidden: the previous frame, the clock.
  const m = new MeanPrecisionCRBM({ nVisible: 2, nHidden: 2, hiddenTaps: [{ from: 1, to: 1 }], beat: { harmonics: 2, minPeriod: 2, maxPeriod: 6 } });
  assert.equal(m.span, 7);
  assert.equal(m.visibleWidth, 2 + 2 + 4);
  assert.equal(m.hiddenWidth, 2 + 4);
  const y = new Float64Array(12 * 2).map((_, i) => i * i), beat = { period: 4.25, phase: 1 };
  const { zv, zh } = m.histories(y, 7, beat, 100);
  // Row 3 of the result is frame 10 of y, frame 110 of its sequence; 4.25 frames back is a quarter of the way from
  // frame 6 (values 12², 13²) to frame 5 (10², 11²).
  const c = new Float64Array(4);
  clockRow(beat, 2, 110, c, 0);
  assert.deepEqual(Array.from(zv.subarray(3 * 8, 3 * 8 + 4)), [18 * 18, 19 * 19, 0.75 * 144 + 0.25 * 100, 0.75 * 169 + 0.25 * 121]);
  assert.deepEqual(Array.from(zv.subarray(3 * 8 + 4, 4 * 8)), Array.from(c));
  assert.deepEqual(Array.from(zh.subarray(3 * 6, 4 * 6)), [18 * 18, 19 * 19, ...c]);
  assert.throws(() => m.histories(y, 7), ParameterError);
  assert.throws(() => m.histories(y, 7, { period: 7, phase: 0 }), /longer than/);
  assert.throws(() => new MeanPrecisionCRBM({ nVisible: 2, nHidden: 2, beat: { minPeriod: 10, maxPeriod: 10 } }), /minPeriod < maxPeriod/);
});

test('with a beat clock the exact gradient still equals finite differences (the columns of the beat lag and the clock of A and B included)', () => {
  const m = new MeanPrecisionCRBM({
    nVisible: 3, nHidden: 2, seed: 3, hiddenTaps: [{ from: 2, to: 3 }, { from: 1, to: 1 }], beat: { harmonics: 2, minPeriod: 4, maxPeriod: 8 },
  });
  const r = new Random(103), f = m.frame;
  r.fillNormal(f.W, 0, 0.7); r.fillNormal(f.logU, -0.5, 0.6); r.fillNormal(f.visibleBias, 0, 0.5);
  r.fillNormal(f.hiddenBias, 0, 0.5); r.fillNormal(f.logLambda, 0, 0.3); r.fillNormal(m.A, 0, 0.3); r.fillNormal(m.B, 0, 0.5);
  const seq: Matrix = { rows: 30, cols: 3, data: new Random(4).fillNormal(new Float32Array(90), 0, 1.2) };
  const beat = { period: 7.5, phase: 2 };
  const y = m.frame.whiten(seq), h = m.histories(y, m.span, beat);
  const g = crbmGradient(m, { x: y.subarray(m.span * 3), ...h });
  const eps = 1e-3, score = (): number => { let s = 0; for (const v of m.logDensity(seq, beat)) s += v; return s / (30 - m.span); };
  for (const [k, a] of [['A', m.A], ['B', m.B]] as const) {
    for (let i = 0; i < a.length; i++) {
      const keep = a[i];
      a[i] = keep + eps; const up = score();
      a[i] = keep - eps; const down = score();
      a[i] = keep;
      const fd = (up - down) / (2 * eps);
      assert.ok(Math.abs(fd - g[k][i]) < 2e-3 * (1 + Math.abs(fd)), `${k}[${i}]: finite difference ${fd}, gradient ${g[k][i]}`);
    }
  }
});

/** The largest autocorrelation of the frames' onset envelope at lags lo … hi (the music bench's periodicity, on frames). */
function periodicity(x: Matrix, lo: number, hi: number): number {
  const r = autocorrelation(frameOnsets(x), hi);
  return Math.max(...Array.from(r.subarray(lo, hi + 1)));
}

test('trained on pieces with a beat, the clocked model generates to a beat and the same model without a clock does not', async () => {
  // Two training pieces at different tempi; the beat is in the data, not given to the model.
  const train = [beatSequence(1500, 20, 3, 1), beatSequence(1500, 26, 11, 2)];
  const opts = { nVisible: 4, nHidden: 3, seed: 1, hiddenTaps: [{ from: 8, to: 15 }, { from: 4, to: 7 }, { from: 2, to: 3 }, { from: 1, to: 1 }] };
  const withClock = new MeanPrecisionCRBM({ ...opts, beat: {} }), without = new MeanPrecisionCRBM(opts);
  const fit = { epochs: 8, batchSize: 128, learningRate: 0.05 };
  await withClock.fit(train, fit);
  await without.fit(train, fit);
  assert.ok(withClock.beatPeriods.every((p, i) => Math.abs(p - [20, 26][i]) < 0.2), `training periods ${withClock.beatPeriods}`);
  const real = periodicity(train[0], 16, 64);
  const clocked = [1, 2, 3].map((seed) => periodicity(withClock.generate(600, { seed }), 16, 64));
  const free = [1, 2, 3].map((seed) => periodicity(without.generate(600, { seed }), 16, 64));
  assert.ok(Math.min(...clocked) > 0.5 * real, `clocked ${clocked} vs the training piece's ${real}`);
  assert.ok(Math.max(...free) < Math.min(...clocked) / 2, `no clock ${free} vs clocked ${clocked}`);
  // A given beat is played: generation at period 30 peaks at lag 30 or a multiple (two beats line up as well).
  const r = autocorrelation(frameOnsets(withClock.generate(900, { seed: 4, beat: { period: 30, phase: 0 } })), 64);
  let best = 16;
  for (let k = 16; k <= 64; k++) if (r[k] > r[best]) best = k;
  assert.equal(best % 30, 0, `peak at lag ${best}`);
  assert.ok(r[30] > 0.3, `autocorrelation ${r[30]} at the beat`);
  assert.throws(() => withClock.generate(10, { beat: { period: -1, phase: 0 } }), ParameterError);

  // Save → load keeps the clock and the training periods; the same seed then draws the same frames.
  const path = join(mkdtempSync(join(tmpdir(), 'beat-')), 'm.json');
  await withClock.save(path);
  const back = await MeanPrecisionCRBM.load(path);
  assert.deepEqual(back.beat, withClock.beat);
  assert.deepEqual(back.beatPeriods, withClock.beatPeriods);
  assert.deepEqual(Array.from(back.generate(50, { seed: 9 }).data), Array.from(withClock.generate(50, { seed: 9 }).data));
  back.beatPeriods = [-3];
  await back.save(path, { force: true });
  await assert.rejects(MeanPrecisionCRBM.load(path), (e: Error) => e instanceof ModelFormatError && /beatPeriods/.test(e.message) && e.message.includes(path));
});

test('keepStable covers the beat lag: y = 0.6·y₋₁ + 0.6·y₋₅ grows (its largest root, by bisection, > 1) and is scaled to MAX_BEAT_GROWTH (1)', async () => {
  const { keepStable, MAX_BEAT_GROWTH, stateFrames } = await import('../../src/rbm/training/meanPrecisionCRBMFit');
  const m = new MeanPrecisionCRBM({ nVisible: 2, nHidden: 1, hiddenTaps: [{ from: 1, to: 1 }], beat: { harmonics: 1, minPeriod: 2, maxPeriod: 6 } });
  m.beatPeriods = [5];
  const mv = m.visibleWidth, set = (col: number, a: number): void => { m.A[col] = a; m.A[mv + col + 1] = a; };
  set(0, 0.6); set(2, 0.6);
  // Independent: both bands follow y = a₁y₋₁ + a₂y₋₅, whose growth is the positive root of λ⁵ = a₁λ⁴ + a₂.
  const root = (a1: number, a2: number): number => {
    let lo = 0, hi = 3;
    for (let i = 0; i < 100; i++) { const x = (lo + hi) / 2; if (x ** 5 - a1 * x ** 4 - a2 > 0) hi = x; else lo = x; }
    return lo;
  };
  const truth = root(0.6, 0.6);
  assert.ok(truth > 1.05);
  const v = new Random(2).fillNormal(new Float64Array(2 * stateFrames(m)), 0, 1);
  const growth = keepStable(m, v, 400);
  assert.ok(Math.abs(growth - truth) < 2e-3, `estimated ${growth}, true ${truth}`);
  assert.ok(Math.abs(root(m.A[0], m.A[2]) - MAX_BEAT_GROWTH) < 1e-3, `after scaling: ${root(m.A[0], m.A[2])}`);
  assert.ok(Math.abs(m.A[mv + 1] - m.A[0]) < 1e-7 && Math.abs(m.A[mv + 3] - m.A[2]) < 1e-7, 'both bands scaled alike');
});
