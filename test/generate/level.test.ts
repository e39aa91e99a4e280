/**
 * Issue 11: long generations clipped hard (a 30 s render sat at full scale from 14 s on) because one gain,
 * set on the first block, held however loud later blocks became. The level plan must hold for any length.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeaturePipeline } from '../../src/features';
import { generate, renderBlocks, trainOnClips, type FrameSource } from '../../src/generate';
import { levelPlan, LEVEL_WINDOW_SAMPLES } from '../../src/generate/render';
import { synthesizeDataset } from '../../src/data';
import { initBackend } from '../../src/rbm';
import { ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';

test('levelPlan: the gain holds where it can, dips only around a loud passage, never lets a sample exceed the ceiling, and glides', () => {
  const r = new Random(5);
  const n = 20 * LEVEL_WINDOW_SAMPLES;
  const y = Float32Array.from({ length: n }, () => 0.1 * r.normal());
  for (let i = 10 * LEVEL_WINDOW_SAMPLES; i < 11 * LEVEL_WINDOW_SAMPLES; i++) y[i] *= 40; // a burst 40× louder
  const out = levelPlan(y, 1.5, 0.7);
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  assert.ok(peak <= 0.7 + 1e-6, `peak ${peak}`);
  // Two windows away from the burst the full gain applies, exactly.
  for (const i of [0, 5 * LEVEL_WINDOW_SAMPLES + 7, 17 * LEVEL_WINDOW_SAMPLES]) assert.equal(out[i], Math.fround(y[i] * 1.5));
  // The gain changes by at most (max − min)/window per sample: a glide over one window, never a step.
  const gain = (i: number) => out[i] / y[i];
  let worst = 0;
  for (let i = 1; i < n; i++) if (Math.abs(y[i]) > 1e-3 && Math.abs(y[i - 1]) > 1e-3) worst = Math.max(worst, Math.abs(gain(i) - gain(i - 1)));
  assert.ok(worst <= (1.5 / LEVEL_WINDOW_SAMPLES) * 1.01, `largest gain step ${worst}`);
  assert.deepEqual(Array.from(levelPlan(Float32Array.of(0.1, 2, 0.1), 1, 0.7, 1), (v) => +v.toFixed(6)), [0.035, 0.7, 0.035]);
});

/** Frames whose log-magnitudes rise steadily: the audio gets ~20 dB louder every 10 s, as a drifting chain can. */
class Crescendo implements FrameSource {
  private t = 0;
  constructor(private readonly cols: number, private readonly perFrame: number) {}
  next(n: number): Matrix {
    const data = new Float32Array(n * this.cols);
    const r = new Random(this.t);
    for (let i = 0; i < n; i++, this.t++) for (let j = 0; j < this.cols; j++) data[i * this.cols + j] = this.t * this.perFrame + 0.3 * r.normal();
    return { rows: n, cols: this.cols, data };
  }
}

test('a 40 s render that keeps getting louder never reaches full scale and holds its level from block to block', async () => {
  const fp = new FeaturePipeline({ sampleRate: 4000, nFft: 256, hopLength: 64, nMels: 24, compression: 'db' });
  const r = new Random(1);
  fp.fit([Float32Array.from({ length: 8000 }, () => 0.01 * r.normal())]);
  const sr = 4000;
  const seconds = 40;
  const y = new Float32Array(seconds * sr);
  let at = 0;
  // db features standardised with a small std: a rise of 0.01 per frame is several dB per second.
  await renderBlocks(new Crescendo(fp.nFeatures, 0.01), { pipeline: fp, totalSamples: seconds * sr, blockFrames: 62, overlapFrames: 8, nIter: 2, momentum: 0.99, seed: 1, loopSamples: 0 },
    (b) => { y.set(b, at); at += b.length; });
  const peaks: number[] = [];
  for (let s = 0; s < seconds; s++) peaks.push(y.subarray(s * sr, (s + 1) * sr).reduce((m, v) => Math.max(m, Math.abs(v)), 0));
  const fullScale = y.reduce((k, v) => k + (Math.abs(v) >= 32767 / 32768 ? 1 : 0), 0);
  assert.equal(fullScale, 0, `${fullScale} samples at full scale; per-second peaks ${peaks.map((p) => p.toFixed(2)).join(' ')}`);
  assert.ok(Math.max(...peaks) < 0.99, `peaks ${peaks.map((p) => p.toFixed(2)).join(' ')}`);
  // The level holds: the last 10 seconds are as loud as the first block was made (0.7), not quieter or clipped.
  for (const p of peaks.slice(30)) assert.ok(p > 0.5 && p < 0.99, `late peaks ${peaks.slice(30).map((q) => q.toFixed(2)).join(' ')}`);
});

test('blocks that make no new audio are refused instead of looping forever: renderBlocks(blockFrames 1), generate(blockSeconds 0.01)', async () => {
  const fp = new FeaturePipeline({ sampleRate: 4000, nFft: 256, hopLength: 64, nMels: 24 });
  fp.fit([Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i / 3))]);
  const t0 = performance.now();
  await assert.rejects(renderBlocks(new Crescendo(24, 0), { pipeline: fp, totalSamples: 4000, blockFrames: 1, overlapFrames: 2, nIter: 1, momentum: 0, seed: 1, loopSamples: 0 }, () => {}),
    (e: unknown) => e instanceof ParameterError && /blockFrames=1 .* makes no new audio per block/.test(e.message));
  assert.ok(performance.now() - t0 < 2000);
});

test('generate: --block-seconds below two hops and --temperature 1e300 are ParameterErrors naming the option and the flag', async () => {
  await initBackend({ log: () => {} });
  const { model } = await trainOnClips(synthesizeDataset({ seed: 1, clips: 2, seconds: 2 }), { nHidden: 8, epochs: 1, seed: 1 });
  await assert.rejects(generate(model, { seconds: 2, blockSeconds: 0.01 }), (e: unknown) =>
    e instanceof ParameterError && /blockSeconds \(CLI --block-seconds\) is 0\.01 s, shorter than two hops/.test(e.message));
  for (const t of [1e300, 0, Number.NaN]) {
    await assert.rejects(generate(model, { seconds: 2, temperature: t }), (e: unknown) =>
      e instanceof ParameterError && e.message.startsWith(`temperature (CLI --temperature) must be a number > 0 and ≤ 1000, got ${t}`));
  }
  await assert.rejects(generate(model, { seconds: 2, annealing: { from: 1e300, to: 1, steps: 5 } }), (e: unknown) =>
    e instanceof ParameterError && e.message.startsWith('annealing.from (CLI --anneal-from)'));
  // At the largest temperature allowed the output is still finite audio below full scale.
  const hot = await generate(model, { seconds: 1, temperature: 1000, nIter: 2, seed: 2 });
  assert.ok(hot.channels[0].every((v) => Number.isFinite(v) && Math.abs(v) < 1));
});
