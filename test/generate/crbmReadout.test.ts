// The CRBM generation read-out and the rendered-block spread cap (issue 9: noisy CRBM output), against
// hand-computed float64 references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConditionalRBM } from '../../src/rbm';
import { capSpread } from '../../src/generate/sources';
import { ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** An order-1 CRBM (3 visible, 2 hidden) with random weights and biases. */
function tiny(): ConditionalRBM {
  const m = new ConditionalRBM({ nVisible: 3, nHidden: 2, order: 1, visible: 'gaussian', seed: 4 });
  const rng = new Random(9);
  for (const k of ['W', 'A', 'B', 'visibleBias', 'hiddenBias'] as const) m[k].set(rng.fillNormal(new Float32Array(m[k].length), 0, 0.8));
  return m;
}

/** Dynamic biases b̂ = b + xA, ĉ = c + xB of an order-1 model given the previous frame x. */
function biases(m: ConditionalRBM, x: number[]): { b: number[]; c: number[] } {
  const b = [0, 1, 2].map((i) => m.visibleBias[i] + x.reduce((s, xk, k) => s + xk * m.A[k * 3 + i], 0));
  const c = [0, 1].map((j) => m.hiddenBias[j] + x.reduce((s, xk, k) => s + xk * m.B[k * 2 + j], 0));
  return { b, c };
}

test("ConditionalRBM.generate readout 'meanField' with 0 Gibbs steps is E[v | h = p(h | v_prev, x)], whatever the seed; 'sample' ends on a binary h", () => {
  const m = tiny();
  const prime = { rows: 1, cols: 3, data: Float32Array.from([0.3, -1.2, 0.7]) };
  const want: number[][] = [];
  let prev = Array.from(prime.data);
  for (let t = 0; t < 4; t++) {
    const { b, c } = biases(m, prev);
    const h = c.map((cj, j) => sig(cj + prev.reduce((s, v, i) => s + v * m.W[i * 2 + j], 0)));
    prev = b.map((bi, i) => bi + h[0] * m.W[i * 2] + h[1] * m.W[i * 2 + 1]);
    want.push(prev);
  }
  for (const seed of [1, 2]) {
    const got = m.generate({ frames: 4, prime, gibbsSteps: 0, seed, readout: 'meanField' });
    want.forEach((row, t) => row.forEach((v, i) => assert.ok(Math.abs(got.data[t * 3 + i] - v) < 1e-5, `seed ${seed} frame ${t} unit ${i}: ${got.data[t * 3 + i]} vs ${v}`)));
  }
  // The sampled read-out: each frame is b̂ + W h for one of the four binary h, given the frame before it.
  const s = m.generate({ frames: 6, prime, gibbsSteps: 0, seed: 3, readout: 'sample' });
  let x = Array.from(prime.data);
  for (let t = 0; t < 6; t++) {
    const { b } = biases(m, x);
    const row = Array.from(s.data.subarray(t * 3, t * 3 + 3));
    const hit = [[0, 0], [0, 1], [1, 0], [1, 1]].some((h) => row.every((v, i) => Math.abs(v - (b[i] + h[0] * m.W[i * 2] + h[1] * m.W[i * 2 + 1])) < 1e-5));
    assert.ok(hit, `sampled frame ${t} ${row} is not b̂ + W·h for a binary h`);
    x = row;
  }
  assert.throws(() => m.generate({ frames: 1, prime, readout: 'mode' as never }), ParameterError);
});

test('capSpread scales a column whose standard deviation is above the cap down to the cap around its mean; others are untouched', () => {
  // Column 0: values 1, 5, 1, 5 (mean 3, sd 2); column 1: 0, 1, 0, 1 (mean 0.5, sd 0.5).
  const X = { rows: 4, cols: 2, data: Float32Array.from([1, 0, 5, 1, 1, 0, 5, 1]) };
  const Y = capSpread(X, 1);
  assert.deepEqual(Array.from(Y.data), [2, 0, 4, 1, 2, 0, 4, 1]);
  assert.deepEqual(Array.from(X.data), [1, 0, 5, 1, 1, 0, 5, 1], 'the input is not changed');
  assert.deepEqual(Array.from(capSpread(X, 3).data), Array.from(X.data));
});

test('SequenceFrameSource caps the spread of what it emits, while the model keeps reading its own uncapped frames', async () => {
  const { SequenceFrameSource } = await import('../../src/generate/sources');
  const seen: number[][] = [];
  // A model that alternates +3 / −3 in its one feature and records the history it was given.
  const model = {
    order: 2,
    generate: ({ frames, prime }: { frames: number; prime: { data: Float32Array } }) => {
      seen.push(Array.from(prime.data));
      return { rows: frames, cols: 1, data: Float32Array.from({ length: frames }, (_, t) => (t % 2 ? -3 : 3)) };
    },
  };
  const src = new SequenceFrameSource(model, { seed: 1, gibbsSteps: 1, temperature: 1, prime: { rows: 2, cols: 1, data: new Float32Array(2) }, nFeatures: 1, spreadCap: 0.5 });
  assert.deepEqual(Array.from(src.next(4).data), [0.5, -0.5, 0.5, -0.5]);
  src.next(4);
  assert.deepEqual(seen[1], [3, -3], 'the history holds the model frames, not the capped ones');
});

test("generate: a CRBM's free output uses the mean-field read-out and the spread cap; a continuation keeps the sampled read-out, uncapped", async () => {
  const { FeaturePipeline } = await import('../../src/features');
  const { generate } = await import('../../src/generate');
  const SR = 16000;
  const y = Float32Array.from({ length: 2 * SR }, (_, i) => Math.sin((2 * Math.PI * (i < SR ? 220 : 330) * i) / SR) * 0.3);
  const pipeline = new FeaturePipeline({ nMels: 16 });
  pipeline.fit([y]);
  const m = new ConditionalRBM({ nVisible: 16, nHidden: 6, order: 2, visible: 'gaussian', seed: 1 });
  const rng = new Random(3);
  for (const k of ['W', 'A', 'B'] as const) m[k].set(rng.fillNormal(new Float32Array(m[k].length), 0, 0.1));
  const same = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
  const run = async (o: object): Promise<Float32Array> => (await generate(m, { pipeline, seconds: 1, seed: 2, nIter: 2, gibbsSteps: 2, ...o })).channels[0];
  assert.ok(same(await run({}), await run({ crbmReadout: 'meanField', spreadCap: 0.6 })), 'free defaults: meanField, cap 0.6');
  assert.ok(!same(await run({}), await run({ crbmReadout: 'sample', spreadCap: false })), 'the free defaults change the output');
  const prime = { sampleRate: SR, channels: [y] }, primed = { prime, primeSeconds: 0.5, seconds: 1.5 };
  assert.ok(same(await run(primed), await run({ ...primed, crbmReadout: 'sample', spreadCap: false })), 'continuation defaults: sample, no cap');
  await assert.rejects(run({ spreadCap: 0 }), ParameterError);
  await assert.rejects(run({ crbmReadout: 'mode' }), ParameterError);
});
