// Long-reaching CRBM histories (issue 9 item 2): taps are checked against histories written out by hand, the
// classic taps reproduce the classic model exactly, and a tapped model saves, loads and generates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConditionalRBM, historyPairs } from '../../src/rbm';
import { historyRow, lagTaps, multiScaleTaps, recentTaps, runningSums, tapMeans, tapSpan } from '../../src/rbm/models/crbm/taps';
import { ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';

test('tap sets: recent = last frames one by one; lags = 1, 2, 4, …; multiscale = octave windows; all oldest first', () => {
  assert.deepEqual(recentTaps(3), [{ from: 3, to: 3 }, { from: 2, to: 2 }, { from: 1, to: 1 }]);
  assert.deepEqual(lagTaps(5).map((t) => t.from), [8, 4, 2, 1]);
  assert.deepEqual(multiScaleTaps(5), [{ from: 4, to: 7 }, { from: 2, to: 3 }, { from: 1, to: 1 }]);
  assert.equal(tapSpan(multiScaleTaps(125)), 127); // 2 s at 62.5 frames/s: 7 taps
  assert.equal(multiScaleTaps(125).length, 7);
  assert.throws(() => lagTaps(0), (e: unknown) => e instanceof ParameterError && /span must be a positive integer, got 0/.test((e as Error).message));
});

test('historyRow: each tap is the mean of its frames, written out by hand', () => {
  // Frame t has values [t, 10t]; frame 9's multiscale(4) history: taps [4–7], [2–3], [1].
  const frames = Float32Array.from({ length: 20 }, (_, k) => (k % 2 ? 10 : 1) * Math.floor(k / 2));
  const out = new Float32Array(6);
  historyRow(multiScaleTaps(4), frames, 9, 2, out);
  const mean = (ts: number[]): number => ts.reduce((a, b) => a + b, 0) / ts.length;
  assert.deepEqual(Array.from(out), [mean([2, 3, 4, 5]), 10 * mean([2, 3, 4, 5]), 6.5, 65, 8, 80]);
});

test('historyPairs with taps: pairs start at the span; the classic taps give the classic pairs', () => {
  const S: Matrix = { rows: 12, cols: 2, data: new Random(1).fillNormal(new Float32Array(24), 0, 1) };
  const classic = historyPairs([S], 3), tapped = historyPairs([S], recentTaps(3));
  assert.deepEqual(tapped.history.data, classic.history.data);
  const lags = historyPairs([S], lagTaps(4)); // lags 4, 2, 1: first frame t = 4
  assert.equal(lags.frames.rows, 8);
  assert.deepEqual(Array.from(lags.history.data.subarray(0, 6)), [S.data[0], S.data[1], S.data[4], S.data[5], S.data[6], S.data[7]]);
  assert.deepEqual(Array.from(lags.frames.data.subarray(0, 2)), [S.data[8], S.data[9]]);
});

test('a tapped CRBM predicts from the taps (equal to a classic CRBM fed the tap vector), saves, loads and generates', async () => {
  const rng = new Random(2);
  const taps = lagTaps(4);
  const m = new ConditionalRBM({ nVisible: 3, nHidden: 4, taps, seed: 3 });
  assert.equal(m.order, 3);
  assert.equal(m.span, 4);
  m.A.set(rng.fillNormal(new Float32Array(m.A.length), 0, 0.3));
  m.B.set(rng.fillNormal(new Float32Array(m.B.length), 0, 0.3));
  const S: Matrix = { rows: 10, cols: 3, data: rng.fillNormal(new Float32Array(30), 0, 1) };
  // The same weights in a classic order-3 model, given the rows at lags 4, 2, 1 as its "last three frames".
  const classic = ConditionalRBM.fromParams({ ...m.params(), taps: undefined });
  const pick = (t: number): Matrix => ({ rows: 3, cols: 3, data: Float32Array.from([...S.data.subarray((t - 4) * 3, (t - 3) * 3), ...S.data.subarray((t - 2) * 3, (t - 1) * 3), ...S.data.subarray((t - 1) * 3, t * 3)]) });
  const seq = m.predictSequence(S);
  assert.equal(seq.rows, 6);
  for (let t = 4; t < 10; t++) {
    const want = classic.predictNext(pick(t));
    const got = seq.data.subarray((t - 4) * 3, (t - 3) * 3);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-5, `t=${t} i=${i}: ${got[i]} vs ${want[i]}`);
  }
  assert.throws(() => m.predictNext(pick(5)), (e: unknown) => e instanceof ParameterError && /expected span = 4/.test((e as Error).message));
  const dir = mkdtempSync(path.join(tmpdir(), 'taps-'));
  try {
    await m.save(path.join(dir, 'm.json'));
    const back = await ConditionalRBM.load(path.join(dir, 'm.json'));
    assert.deepEqual(back.taps, taps);
    assert.deepEqual(back.predictSequence(S).data, seq.data);
    const g = back.generate({ frames: 5, prime: S, seed: 1 });
    assert.deepEqual(g.data, m.generate({ frames: 5, prime: S, seed: 1 }).data);
    assert.equal(g.rows, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => new ConditionalRBM({ nVisible: 2, nHidden: 2, order: 2, taps }), ParameterError);
  assert.throws(() => new ConditionalRBM({ nVisible: 2, nHidden: 2, taps: [{ from: 2, to: 1 }] }), (e: unknown) => e instanceof ParameterError && /1 ≤ from ≤ to/.test((e as Error).message));
});

test('tapMeans from running sums equals historyRow (the direct means) for every row of a sequence', () => {
  const nV = 3, rows = 40, taps = [...multiScaleTaps(15), { from: 2, to: 2 }];
  const frames = Float64Array.from({ length: rows * nV }, (_, i) => Math.sin(i * 0.7) * (1 + (i % 5)));
  const cum = runningSums(frames, nV), a = new Float64Array(taps.length * nV), b = new Float64Array(taps.length * nV);
  for (let t = 15; t < rows; t++) {
    historyRow(taps, frames, t, nV, a);
    tapMeans(taps, cum, t, nV, b);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-12, `row ${t}, value ${i}: ${v} vs ${b[i]}`));
  }
});
