/**
 * The ONNX engine's fused training step (CD-k gradient + momentum / weight-decay update in one graph) against the
 * float64 reference gradient followed by the update rule of momentumStep written out in float64 here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { drawCDNoise, onnxAvailable, RBM, type CDBatch, type RBMParams } from '../../src/rbm';
import { createOnnxEngine } from '../../src/rbm/training/onnx/engine';
import type { UpdateSettings } from '../../src/rbm/training/update';
import { Random } from '../../src/util/random';
import { closeTo, ENGINE_CASES, referenceCDGradient } from './reference';


const cases = ENGINE_CASES;

function setup(c: (typeof cases)[number], seed: number, rows: number) {
  const rng = new Random(seed);
  const nv = 7;
  const nh = 5;
  const p = new RBM({ nVisible: nv, nHidden: nh, visible: c.visible, seed }).params();
  p.W = rng.fillNormal(new Float32Array(nv * nh), 0, 0.5);
  p.visibleBias = rng.fillNormal(new Float32Array(nv), 0, 0.3);
  p.hiddenBias = rng.fillNormal(new Float32Array(nh), 0, 0.3);
  if (c.visible === 'gaussian') p.logSigma = rng.fillNormal(new Float32Array(nv), 0, 0.2);
  const velocity = {
    W: rng.fillNormal(new Float32Array(nv * nh), 0, 0.01), visibleBias: rng.fillNormal(new Float32Array(nv), 0, 0.01), hiddenBias: rng.fillNormal(new Float32Array(nh), 0, 0.01),
    logVariance: c.visible === 'gaussian' ? rng.fillNormal(new Float32Array(nv), 0, 0.01) : undefined,
  };
  const data = (n: number) => (c.visible === 'gaussian' ? rng.fillNormal(new Float32Array(n)) : new Float32Array(n).map(() => (rng.next() < 0.4 ? 1 : 0)));
  const noise = drawCDNoise(rng, rows, nv, nh, c.k, !c.sampleVisible ? 'none' : c.visible === 'gaussian' ? 'normal' : 'uniform');
  const batch: CDBatch = { v0: data(rows * nv), rows, chain: c.pcd ? data(rows * nv) : undefined, ...noise };
  return { p, velocity, batch };
}

/** Δθ = μ·velocity + ε·(g − λθ), θ + Δθ, in float64. */
function referenceUpdate(value: Float32Array, grad: ArrayLike<number>, velocity: Float32Array, s: UpdateSettings, decay: boolean) {
  const delta = Array.from(value, (x, i) => s.momentum * velocity[i] + s.learningRate * (grad[i] - (decay ? s.weightDecay * x : 0)));
  return { value: Array.from(value, (x, i) => x + delta[i]), velocity: delta };
}

const settings: UpdateSettings = { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, sparsityTarget: 0, sparsityCost: 0, sparsityDecay: 0.95 };

describe('fused ONNX training step (gradient + momentum update in one graph)', { skip: !onnxAvailable() && 'onnxruntime-node (optional dependency) is not installed' }, () => {
  for (const c of cases) {
    test(`equals reference gradient + update: ${c.name}`, async () => {
      const { p, velocity, batch } = setup(c, 11, 4);
      // fit()'s σ step: momentum on z = 2 log σ, then log σ = max(z / 2, log 0.05); one σ's velocity pushes it below the floor
      if (c.visible === 'gaussian') velocity.logVariance![0] = -1000;
      const ref = referenceCDGradient(p, batch);
      const W = referenceUpdate(p.W, ref.dW, velocity.W, settings, true);
      const vb = referenceUpdate(p.visibleBias, ref.dVisibleBias, velocity.visibleBias, settings, false);
      const hb = referenceUpdate(p.hiddenBias, ref.dHiddenBias, velocity.hiddenBias, settings, false);
      const z = c.visible === 'gaussian' ? referenceUpdate(p.logSigma!.map((x) => 2 * x), ref.dLogVariance, velocity.logVariance!, settings, false) : undefined;
      const engine = await createOnnxEngine(p, { ...c, fuseUpdate: true });
      try {
        const r = await engine.trainStep(p, velocity, batch, settings, true);
        if (z) {
          closeTo(velocity.logVariance!, z.velocity, 1e-5, 'velocity log σ²');
          closeTo(p.logSigma!, z.value.map((x) => Math.max(x / 2, Math.log(0.05))), 1e-5, 'log σ');
          assert.ok(z.value[0] / 2 < Math.log(0.05) && p.logSigma![0] === Math.fround(Math.log(0.05)), `σ₀ held at its floor (${p.logSigma![0]})`);
        }
        closeTo(p.W, W.value, 1e-5, 'W');
        closeTo(velocity.W, W.velocity, 1e-5, 'velocity W');
        closeTo(p.visibleBias, vb.value, 1e-5, 'visibleBias');
        closeTo(velocity.visibleBias, vb.velocity, 1e-5, 'velocity visibleBias');
        closeTo(p.hiddenBias, hb.value, 1e-5, 'hiddenBias');
        closeTo(velocity.hiddenBias, hb.velocity, 1e-5, 'velocity hiddenBias');
        closeTo(r.hiddenMean, ref.hiddenMean, 1e-5, 'hiddenMean');
        const sq = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x * x, 0);
        closeTo([r.updateSq, r.valueSq], [sq(W.velocity), sq(W.value)], 1e-5, 'updateSq, valueSq');
        if (c.visible === 'gaussian') closeTo(r.dLogVariance!, ref.dLogVariance, 1e-5, 'dLogVariance');
        else assert.equal(r.dLogVariance, undefined);
        if (c.pcd) closeTo(r.chain!, ref.chain, 1e-5, 'chain');
      } finally {
        engine.dispose();
      }
    });
  }

  test('Gaussian with fixed σ: the new W and biases written straight into the model\'s arrays equal the reference', async () => {
    const c = cases[2];
    const { p, velocity, batch } = setup(c, 12, 5);
    p.learnSigma = false;
    const engine = await createOnnxEngine(p, { ...c, fuseUpdate: true });
    try {
      for (let step = 0; step < 2; step++) {
        const ref = referenceCDGradient(p, batch);
        const W = referenceUpdate(p.W, ref.dW, velocity.W, settings, true);
        const vb = referenceUpdate(p.visibleBias, ref.dVisibleBias, velocity.visibleBias, settings, false);
        const hb = referenceUpdate(p.hiddenBias, ref.dHiddenBias, velocity.hiddenBias, settings, false);
        const arrays = [p.W, p.visibleBias, p.hiddenBias, velocity.W];
        const r = await engine.trainStep(p, velocity, batch, settings);
        assert.deepEqual([p.W, p.visibleBias, p.hiddenBias, velocity.W].map((a, i) => a === arrays[i]), [true, true, true, true], 'same arrays');
        closeTo(p.W, W.value, 1e-5, `W after step ${step + 1}`);
        closeTo(velocity.W, W.velocity, 1e-5, `velocity W after step ${step + 1}`);
        closeTo(p.visibleBias, vb.value, 1e-5, `visibleBias after step ${step + 1}`);
        closeTo(p.hiddenBias, hb.value, 1e-5, `hiddenBias after step ${step + 1}`);
        closeTo(r.hiddenMean, ref.hiddenMean, 1e-5, 'hiddenMean');
        assert.equal(r.dLogVariance, undefined);
      }
    } finally {
      engine.dispose();
    }
  });

  test('a smaller last batch and repeated steps reuse the right output buffers', async () => {
    const c = cases[1];
    const full = setup(c, 5, 6);
    const last = setup(c, 6, 2);
    const engine = await createOnnxEngine(full.p, { ...c, fuseUpdate: true });
    try {
      for (const { batch } of [full, last, full]) {
        const expected = referenceCDGradient(full.p, batch);
        const W = referenceUpdate(full.p.W, expected.dW, full.velocity.W, settings, true);
        const r = await engine.trainStep(full.p, full.velocity, batch, settings);
        closeTo(full.p.W, W.value, 1e-5, `W after a batch of ${batch.rows}`);
        assert.equal(r.chain!.length, batch.rows * full.p.nVisible);
        assert.ok(Number.isNaN(r.updateSq), 'updateSq is only measured when asked');
      }
    } finally {
      engine.dispose();
    }
  });
});
