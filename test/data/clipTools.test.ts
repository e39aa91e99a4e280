import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trimSilence, normalizePeak } from '../../src/data';
import { ParameterError } from '../../src/errors';

test('trimSilence: drops silent 10 ms frames at both ends, keeps quiet-but-audible ones', () => {
  const sr = 1000; // 10-sample frames
  const y = new Float32Array(100);
  for (let i = 30; i < 70; i++) y[i] = i === 30 ? 0.01 : 0.5; // 0.01 is −34 dB below the peak: audible
  const t = trimSilence({ sampleRate: sr, channels: [y] });
  assert.equal(t.channels[0].length, 40);
  assert.equal(t.channels[0][0], Math.fround(0.01));
  assert.equal(trimSilence({ sampleRate: sr, channels: [y] }, { end: false }).channels[0].length, 70);
  assert.equal(trimSilence({ sampleRate: sr, channels: [new Float32Array(50)] }).channels[0].length, 0);
  assert.throws(() => trimSilence({ sampleRate: sr, channels: [y] }, { thresholdDb: 3 }), ParameterError);
});

test('normalizePeak: the largest |sample| becomes 10^(dB/20), shape kept, input untouched', () => {
  const y = new Float32Array([0.1, -0.4, 0.2]);
  const n = normalizePeak({ sampleRate: 8000, channels: [y] }, -6);
  const g = 10 ** (-6 / 20) / 0.4;
  Array.from(y).forEach((v, i) => assert.ok(Math.abs(n.channels[0][i] - v * g) < 1e-6, `sample ${i}`));
  assert.ok(Math.abs(Math.max(...n.channels[0].map(Math.abs)) - 10 ** (-6 / 20)) < 1e-6);
  assert.equal(y[1], Math.fround(-0.4));
  assert.throws(() => normalizePeak({ sampleRate: 8000, channels: [y] }, 1), ParameterError);
});
