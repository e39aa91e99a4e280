import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resample, resampleClip } from '../../src/audio';
import { ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import { maxAbsDiff, noise, sine } from './wavBuilder';

/** RMS of y over [from, to). */
function rmsOf(y: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += y[i] * y[i];
  return Math.sqrt(s / (to - from));
}

/** Naive linear interpolation, the kind of resampler we must beat: used to show the alias test has teeth. */
function linearResample(y: Float32Array, from: number, to: number): Float32Array {
  const out = new Float32Array(Math.ceil((y.length * to) / from));
  for (let t = 0; t < out.length; t++) {
    const x = (t * from) / to;
    const k = Math.floor(x);
    out[t] = (1 - (x - k)) * y[k] + (x - k) * (y[k + 1] ?? 0);
  }
  return out;
}

// Edges are excluded from comparisons: the filter sees zeros beyond the ends, as resampy's does.
const EDGE = 250;

test('44.1 kHz → 16 kHz: a 7 kHz tone keeps frequency, amplitude and phase; a 9 kHz tone is removed, not aliased to 7 kHz', () => {
  const n = 44100 / 2;
  const y7 = resample(sine(7000, 44100, n), 44100, 16000);
  const y9 = resample(sine(9000, 44100, n), 44100, 16000);
  assert.equal(y7.length, 8000);
  // The output must be the same sine sampled at 16 kHz: this checks frequency, amplitude and timing at once.
  const want = sine(7000, 16000, 8000);
  assert.ok(maxAbsDiff(y7, want, EDGE, 8000 - EDGE) < 5e-3 * 0.5, `7 kHz error ${maxAbsDiff(y7, want, EDGE, 8000 - EDGE)}`);
  // 9 kHz is above the new Nyquist (8 kHz): it would fold to 7 kHz. Required: below −80 dB of its level.
  const level9 = rmsOf(y9, EDGE, 8000 - EDGE) / (0.5 / Math.SQRT2);
  assert.ok(level9 < 1e-4, `9 kHz leaks at ${20 * Math.log10(level9)} dB`);
  // The test has teeth: linear interpolation lets the 9 kHz tone through as a 7 kHz alias at high level.
  const lin9 = rmsOf(linearResample(sine(9000, 44100, n), 44100, 16000), EDGE, 8000 - EDGE) / (0.5 / Math.SQRT2);
  assert.ok(lin9 > 0.1, `linear interpolation alias level ${lin9}`);
  // A mixture comes out as the 7 kHz tone alone.
  const s9 = sine(9000, 44100, n);
  const mix = sine(7000, 44100, n).map((v, i) => v + s9[i]);
  assert.ok(maxAbsDiff(resample(mix, 44100, 16000), want, EDGE, 8000 - EDGE) < 3e-3);
});

test('passband is flat (±0.05 dB up to 90 % of Nyquist) and the stopband is below −100 dB, both directions', () => {
  for (const [from, to] of [[48000, 22050], [16000, 44100], [22050, 16000]]) {
    const nyq = Math.min(from, to) / 2;
    const n = from / 4;
    for (const frac of [0.05, 0.3, 0.6, 0.9]) {
      const f = frac * nyq;
      const out = resample(sine(f, from, n), from, to);
      const m = out.length;
      const err = maxAbsDiff(out, sine(f, to, m), EDGE * 2, m - EDGE * 2);
      assert.ok(err < 0.5 * (10 ** (0.05 / 20) - 1), `${from}→${to} f=${f}: error ${err}`);
    }
    if (from > to) {
      for (const frac of [1.06, 1.3, 1.8].filter((x) => x * nyq < from / 2)) {
        const out = resample(sine(frac * nyq, from, n), from, to);
        const level = rmsOf(out, EDGE, out.length - EDGE) / (0.5 / Math.SQRT2);
        assert.ok(level < 1e-5, `${from}→${to} f=${frac * nyq}: ${20 * Math.log10(level)} dB`);
      }
    }
  }
});

test('upsampling creates no images: a 12 kHz multi-tone → 44.1 kHz matches the same tones sampled at 44.1 kHz, and comes back', () => {
  const r = new Random(7);
  const tones = Array.from({ length: 8 }, () => ({ f: 100 + r.next() * 5000, phase: r.next() * 2 * Math.PI, amp: 0.1 * r.next() }));
  const at = (sr: number, n: number): Float32Array => {
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) for (const { f, phase, amp } of tones) y[i] += amp * Math.sin((2 * Math.PI * f * i) / sr + phase);
    return y;
  };
  const y = at(12000, 6000);
  const up = resample(y, 12000, 44100);
  assert.equal(up.length, 22050);
  // Images of each tone (at 12000 − f, 12000 + f, …) would show up here as a large difference.
  assert.ok(maxAbsDiff(up, at(44100, 22050), 4 * EDGE, 22050 - 4 * EDGE) < 1e-4);
  const back = resample(up, 44100, 12000);
  assert.equal(back.length, 6000);
  assert.ok(maxAbsDiff(back, y, EDGE, 6000 - EDGE) < 1e-4);
});

test('DC gain is 1 and an impulse stays where it was in time', () => {
  const dc = resample(new Float32Array(4000).fill(0.25), 44100, 16000);
  for (let i = EDGE; i < dc.length - EDGE; i++) assert.ok(Math.abs(dc[i] - 0.25) < 1e-5, `dc[${i}] = ${dc[i]}`);
  const imp = new Float32Array(1000);
  imp[441] = 1;
  const out = resample(imp, 44100, 16000);
  let arg = 0;
  for (let i = 1; i < out.length; i++) if (out[i] > out[arg]) arg = i;
  assert.equal(arg, 160); // 441 × 16000/44100
});

test("quality 'fast' is also band-limited (9 kHz below −70 dB) and much cheaper", () => {
  const y9 = resample(sine(9000, 44100, 22050), 44100, 16000, { quality: 'fast' });
  const level = rmsOf(y9, EDGE, y9.length - EDGE) / (0.5 / Math.SQRT2);
  assert.ok(level < 10 ** (-70 / 20), `${20 * Math.log10(level)} dB`);
  const y2 = resample(sine(2000, 44100, 22050), 44100, 16000, { quality: 'fast' });
  assert.ok(maxAbsDiff(y2, sine(2000, 16000, 8000), EDGE, 8000 - EDGE) < 1e-3);
});

test('lengths follow ceil(n · to / from); equal rates copy; resampleClip converts every channel', () => {
  assert.equal(resample(new Float32Array(1001), 44100, 16000).length, Math.ceil((1001 * 16000) / 44100));
  assert.equal(resample(new Float32Array(3), 8000, 48000).length, 18);
  const y = Float32Array.of(0.1, 0.2);
  const same = resample(y, 8000, 8000);
  assert.deepEqual(same, y);
  assert.notEqual(same, y);
  const clip = resampleClip({ sampleRate: 32000, channels: noise(2, 2, 3200) }, 16000);
  assert.equal(clip.sampleRate, 16000);
  assert.deepEqual(clip.channels.map((c) => c.length), [1600, 1600]);
});

test('bad arguments are ParameterErrors naming the argument', () => {
  const y = new Float32Array(10);
  assert.throws(() => resample(y, 0, 16000), (e: unknown) => e instanceof ParameterError && /fromRate is 0/.test(e.message));
  assert.throws(() => resample(y, 16000, Number.NaN), (e: unknown) => e instanceof ParameterError && /toRate is NaN/.test(e.message));
  assert.throws(() => resample(new Float32Array(0), 8000, 16000), (e: unknown) => e instanceof ParameterError && /y is empty/.test(e.message));
  assert.throws(() => resample(Float32Array.of(Number.POSITIVE_INFINITY), 8000, 16000), (e: unknown) => e instanceof ParameterError && /y\[0\] is Infinity/.test(e.message));
  assert.throws(() => resample(y, 8000, 16000, { quality: 'best!' as 'best' }), (e: unknown) => e instanceof ParameterError && /quality/.test(e.message));
});
