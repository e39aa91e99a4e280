/** The shared update rule (momentum, weight decay, sparsity) against hand-computed numbers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addSparsityGradient, momentumStep, type UpdateSettings } from '../../src/rbm';

const settings: UpdateSettings = { learningRate: 0.1, momentum: 0.5, weightDecay: 0.01, sparsityTarget: 0.1, sparsityCost: 0.2, sparsityDecay: 0.9 };

test('momentumStep: Δθ ← μΔθ + ε(g − λθ) with decay on weights only, and the update ratio sums', () => {
  const W = Float32Array.from([1, -2]);
  const b = Float32Array.from([3]);
  const vW = Float32Array.from([0.2, 0]);
  const vb = Float32Array.from([-0.4]);
  const r = momentumStep([
    { value: W, grad: Float32Array.from([0.5, 1]), velocity: vW, decay: true },
    { value: b, grad: Float32Array.from([2]), velocity: vb },
  ], settings, true);
  // W[0]: Δ = 0.5·0.2 + 0.1·(0.5 − 0.01·1) = 0.149; W[1]: Δ = 0 + 0.1·(1 + 0.02) = 0.102; b: Δ = −0.2 + 0.2 = 0 (no decay)
  assert.ok(Math.abs(vW[0] - 0.149) < 1e-7 && Math.abs(W[0] - 1.149) < 1e-6);
  assert.ok(Math.abs(vW[1] - 0.102) < 1e-7 && Math.abs(W[1] + 1.898) < 1e-6);
  assert.ok(Math.abs(vb[0]) < 1e-7 && Math.abs(b[0] - 3) < 1e-6);
  assert.ok(Math.abs(r.updateSq - (0.149 ** 2 + 0.102 ** 2)) < 1e-6);
  assert.ok(Math.abs(r.valueSq - (1.149 ** 2 + 1.898 ** 2)) < 1e-5);
  assert.ok(Number.isNaN(momentumStep([{ value: W, grad: W, velocity: vW, decay: true }], settings).updateSq), 'not measured → NaN');
});

test('addSparsityGradient: q tracks activity and pushes over-active units down (guide §11)', () => {
  const q = Float32Array.from([0.5, 0.1]);
  const dW = new Float32Array(4); // 2 visible × 2 hidden
  const dc = new Float32Array(2);
  addSparsityGradient(q, Float32Array.from([0.5, 0.1]), Float32Array.from([1, 0.5]), dW, dc, settings);
  assert.ok(Math.abs(q[0] - 0.5) < 1e-7 && Math.abs(q[1] - 0.1) < 1e-7);
  assert.ok(Math.abs(dc[0] + 0.2 * 0.4) < 1e-7, 'hidden unit 0 (q 0.5 > p 0.1) gets a negative bias gradient');
  assert.ok(Math.abs(dc[1]) < 1e-7, 'hidden unit 1 is on target');
  assert.ok(Math.abs(dW[0] + 0.08) < 1e-7 && Math.abs(dW[2] + 0.04) < 1e-7 && Math.abs(dW[1]) < 1e-7 && Math.abs(dW[3]) < 1e-7);
});

test('sumOfSquares: Σ aᵢ² matches the closed form Σ i² = n(n+1)(2n+1)/6 for lengths that are and are not multiples of 4', async () => {
  const { sumOfSquares } = await import('../../src/rbm/training/update');
  for (const n of [0, 1, 3, 7, 8, 513 * 256 + 1]) {
    const a = Float32Array.from({ length: n }, (_, i) => i + 1);
    assert.equal(sumOfSquares(a), (n * (n + 1) * (2 * n + 1)) / 6, `n = ${n}`);
  }
  assert.equal(sumOfSquares(Float32Array.of(-0.5, 0.25, 0, 2)), 0.25 + 0.0625 + 4);
});
