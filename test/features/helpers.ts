/**
 * Test helpers for the features stage: the deterministic test signal (same closed form as
 * data-scripts/fixtures/make_feature_fixtures.py), fixture loading, and tolerance checks.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';

/** The 0.5 s, 16 kHz fixture signal: two tones, a 200 → 3200 Hz chirp and an amplitude-modulated 5.5 kHz tone. */
export function testSignal(sampleRate = 16000, duration = 0.5): Float32Array {
  const n = Math.round(sampleRate * duration);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    y[i] = 0.5 * Math.sin(2 * Math.PI * 440 * t)
      + 0.3 * Math.sin(2 * Math.PI * 1234.5 * t + 0.3)
      + 0.2 * Math.sin(2 * Math.PI * (200 * t + 3000 * t * t))
      + 0.05 * Math.sin(2 * Math.PI * 5555 * t) * Math.cos(2 * Math.PI * 3 * t);
  }
  return y;
}

/** Parses test/fixtures/features/<name>.json. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'features', `${name}.json`), 'utf8')) as T;
}

/** Decodes the generator's quantised arrays (integers in units of scale/1e6). */
export function dequantize(q: number[], scale: number): Float64Array {
  return Float64Array.from(q, (v) => (v * scale) / 1e6);
}

/** max |a − b| / ref, asserting equal lengths. */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>, ref: number): number {
  assert.equal(a.length, b.length, 'lengths differ');
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e / ref;
}

/** Largest |value|. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Asserts that calling `fn` throws `cls` with a message matching every pattern (e.g. the argument name). */
export function throwsWith(fn: () => unknown, cls: new (...a: any[]) => Error, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    for (const p of patterns) assert.match((e as Error).message, p);
    return true;
  });
}
