/**
 * Griffin-Lim: convergence with iterations, fast (momentum 0.99) beats classic (0), seeded repeatability.
 * No numpy fixture here: librosa draws its random phases from numpy's generator, so the property tests
 * below are the honest check (spectral convergence is computed independently from a fresh STFT).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { griffinLim, istft, magnitude, spectralConvergence, stft } from '../../src/features';
import { testSignal } from './helpers';

const y = testSignal(); // 0.5 s at 16 kHz
const OPTS = { nFft: 512, hopLength: 128 };
const S = magnitude(stft(y, OPTS));
const score = (yHat: Float32Array): number => spectralConvergence(S, magnitude(stft(yHat, OPTS)));

test('spectralConvergence: 0 for identical, 1 for silence, scale-aware', () => {
  assert.equal(spectralConvergence(S, S), 0);
  const zero = { rows: S.rows, cols: S.cols, data: new Float32Array(S.data.length) };
  assert.equal(spectralConvergence(S, zero), 1);
  const half = { rows: S.rows, cols: S.cols, data: S.data.map((v) => v / 2) };
  assert.ok(Math.abs(spectralConvergence(S, half) - 0.5) < 1e-6);
});

test('spectral convergence falls with iterations (classic and fast)', (t) => {
  for (const momentum of [0, 0.99]) {
    const sc = [1, 4, 16, 64].map((nIter) => score(griffinLim(S, { ...OPTS, nIter, momentum, seed: 3 })));
    for (let i = 1; i < sc.length; i++) assert.ok(sc[i] < sc[i - 1], `momentum ${momentum}: ${sc.join(', ')}`);
    t.diagnostic(`momentum ${momentum}: SC after 1/4/16/64 iterations ${sc.map((v) => v.toFixed(4)).join(' / ')}`);
  }
});

test('fast Griffin-Lim (momentum 0.99) beats classic (0) at equal iterations, for several seeds', (t) => {
  for (const seed of [0, 1, 2]) {
    for (const nIter of [16, 32]) {
      const classic = score(griffinLim(S, { ...OPTS, nIter, momentum: 0, seed }));
      const fast = score(griffinLim(S, { ...OPTS, nIter, momentum: 0.99, seed }));
      assert.ok(fast < classic, `seed ${seed}, ${nIter} iterations: fast ${fast} vs classic ${classic}`);
      if (nIter === 32) t.diagnostic(`seed ${seed}, 32 iterations: fast ${fast.toFixed(4)}, classic ${classic.toFixed(4)}`);
    }
  }
});

test('onIteration reports each iteration; classic GL never gets worse', () => {
  const seen: number[] = [];
  griffinLim(S, { ...OPTS, nIter: 20, momentum: 0, seed: 5, onIteration: (i, sc) => { assert.equal(i, seen.length); seen.push(sc); } });
  assert.equal(seen.length, 20);
  // Griffin & Lim 1984: the inconsistency is non-increasing; allow float32 rounding
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] <= seen[i - 1] + 1e-5, `iteration ${i}: ${seen[i - 1]} → ${seen[i]}`);
});

test('same seed → identical audio; different seed → different audio; length is honoured', () => {
  const a = griffinLim(S, { ...OPTS, nIter: 4, seed: 11 });
  const b = griffinLim(S, { ...OPTS, nIter: 4, seed: 11 });
  const c = griffinLim(S, { ...OPTS, nIter: 4, seed: 12 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(a.length, (S.rows - 1) * OPTS.hopLength);
  assert.equal(griffinLim(S, { ...OPTS, nIter: 2, length: y.length }).length, y.length);
});

test('init null with nIter 0 is the inverse STFT of S with zero phase', () => {
  const out = griffinLim(S, { ...OPTS, nIter: 0, init: null });
  const ref = istft({ re: S, im: { rows: S.rows, cols: S.cols, data: new Float32Array(S.data.length) } }, OPTS);
  assert.deepEqual(out, ref);
});

test('uncentred framing: Griffin-Lim returns nFft + hop·(frames − 1) samples and still converges', () => {
  const opts = { nFft: 512, hopLength: 128, center: false };
  const Su = magnitude(stft(y, opts));
  const yHat = griffinLim(Su, { ...opts, nIter: 32, seed: 1 });
  assert.equal(yHat.length, 512 + 128 * (Su.rows - 1));
  assert.ok(spectralConvergence(Su, magnitude(stft(yHat, opts))) < 0.15);
});
