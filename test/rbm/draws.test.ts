/** The block random draws fed to the CD engines: right distributions, reproducible from the seed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawCDNoise, epochRandom, fillNormalFast, fillUniformFast } from '../../src/rbm';
import { Random } from '../../src/util/random';

function moments(a: Float32Array) {
  let m = 0;
  for (const x of a) m += x / a.length;
  let v = 0;
  let k = 0;
  for (const x of a) {
    v += (x - m) ** 2 / a.length;
    k += (x - m) ** 4 / a.length;
  }
  return { mean: m, variance: v, kurtosis: k / (v * v) };
}

test('fillUniformFast: U[0, 1) (mean 1/2, variance 1/12), same seed → same numbers', () => {
  const a = fillUniformFast(new Random(1), new Float32Array(200000));
  const { mean, variance } = moments(a);
  assert.ok(a.every((x) => x >= 0 && x < 1));
  assert.ok(Math.abs(mean - 0.5) < 0.005 && Math.abs(variance - 1 / 12) < 0.002, `mean ${mean}, variance ${variance}`);
  assert.deepEqual(fillUniformFast(new Random(1), new Float32Array(1000)), a.subarray(0, 1000));
});

test('fillNormalFast: N(0, 1) (mean 0, variance 1, kurtosis 3; 4.5% beyond ±2), reproducible', () => {
  const a = fillNormalFast(new Random(2), new Float32Array(200001)); // odd length: the last pair is cut
  const { mean, variance, kurtosis } = moments(a);
  assert.ok(Math.abs(mean) < 0.01 && Math.abs(variance - 1) < 0.01 && Math.abs(kurtosis - 3) < 0.05, `mean ${mean}, variance ${variance}, kurtosis ${kurtosis}`);
  const tail = a.filter((x) => Math.abs(x) > 2).length / a.length;
  assert.ok(Math.abs(tail - 0.0455) < 0.003, `P(|z| > 2) = ${tail}`);
  assert.deepEqual(fillNormalFast(new Random(2), new Float32Array(200001)), a);
});

test('drawCDNoise and epochRandom: shapes, kinds, and distinct streams per epoch', () => {
  const d = drawCDNoise(new Random(3), 4, 5, 6, 2, 'normal');
  assert.equal(d.hiddenUniforms.length, 2);
  assert.equal(d.hiddenUniforms[0].length, 24);
  assert.equal(d.visibleNoise!.length, 2);
  assert.equal(d.visibleNoise![1].length, 20);
  assert.equal(drawCDNoise(new Random(3), 4, 5, 6, 1, 'none').visibleNoise, undefined);
  assert.notEqual(epochRandom(1, 0).next(), epochRandom(1, 1).next());
  assert.notEqual(epochRandom(1, 0).next(), epochRandom(2, 0).next());
  assert.equal(epochRandom(7, 3).next(), epochRandom(7, 3).next());
});
