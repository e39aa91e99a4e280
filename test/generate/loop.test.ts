import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossfade, makeSeamlessLoop, wrapDiscontinuity } from '../../src/generate/loop';
import { Random } from '../../src/util/random';
import { ParameterError } from '../../src/errors';

/** A few seconds of "music": random partials with a slow envelope, so the two ends are unrelated. */
function tones(seed: number, seconds: number, sr: number): Float32Array {
  const rng = new Random(seed);
  const y = new Float32Array(seconds * sr);
  for (let k = 0; k < 6; k++) {
    const f = 110 * 2 ** (rng.int(24) / 12), ph = rng.next() * 2 * Math.PI, a = 0.1 + 0.1 * rng.next();
    const rate = 0.2 + rng.next();
    for (let t = 0; t < y.length; t++) y[t] += a * Math.sin(2 * Math.PI * f * t / sr + ph) * (0.6 + 0.4 * Math.sin(2 * Math.PI * rate * t / sr));
  }
  return y;
}

test('a crossfaded loop wraps as smoothly as any other sample step; the raw clip clicks', () => {
  const sr = 16000;
  const ratios: number[] = [];
  for (let seed = 1; seed <= 8; seed++) {
    const y = tones(seed, 4, sr);
    const raw = wrapDiscontinuity(y);
    const loop = wrapDiscontinuity(makeSeamlessLoop(y, { sampleRate: sr, crossfadeSeconds: 0.5 }));
    ratios.push(loop / raw);
    assert.ok(raw > 2, `seed ${seed}: the unprepared wrap should click (${raw.toFixed(2)} × p99 step)`);
    // A step at the wrap no bigger than the signal's own large steps: inaudible.
    assert.ok(loop <= 1, `seed ${seed}: loop wrap ${loop.toFixed(2)} × p99 step`);
  }
  // On average the raw wrap is many times worse (a click).
  const mean = ratios.reduce((a, b) => a + b) / ratios.length;
  console.log(`loop/raw wrap discontinuity: mean ratio ${mean.toFixed(3)}`);
  assert.ok(mean < 0.2, `mean loop/raw discontinuity ratio ${mean.toFixed(3)}`);
});

test('loop layout: length N − L, middle untouched, end fades into the start', () => {
  const y = Float32Array.from({ length: 30 }, (_, i) => i);
  const L = 5;
  const out = makeSeamlessLoop(y, { sampleRate: 1, crossfadeSeconds: L, curve: 'linear' });
  assert.equal(out.length, 25);
  assert.deepEqual(Array.from(out.subarray(0, 20)), Array.from(y.subarray(5, 25)));
  assert.equal(out[20], 25); // starts as the clip's end…
  assert.equal(out[24], 4); // …ends as y[L-1], the neighbour of out[0] = y[L]
});

test('crossfade is equal-power for uncorrelated signals and checks lengths', () => {
  const rng = new Random(3);
  const a = rng.fillNormal(new Float32Array(20000)), b = rng.fillNormal(new Float32Array(20000));
  const c = crossfade(a, b);
  const mid = c.subarray(8000, 12000);
  const power = mid.reduce((s, v) => s + v * v, 0) / mid.length;
  assert.ok(Math.abs(power - 1) < 0.08, `power in the middle of the fade ${power}`);
  assert.throws(() => crossfade(a, b.subarray(1)), ParameterError);
  assert.throws(() => makeSeamlessLoop(a, { sampleRate: 1, crossfadeSeconds: -1 }), /crossfadeSeconds/);
});
