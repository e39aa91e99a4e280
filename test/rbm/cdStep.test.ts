/**
 * One CD-k step, both engines (tfjs reference, ONNX graph), against a float64 loop implementation fed the same
 * uniforms: Bernoulli and Gaussian (learned σ) visibles, CD-1 and PCD-k with sampled visibles.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cdGradientTf, drawCDNoise, initBackend, onnxAvailable, RBM, type CDBatch, type CDGradient, type RBMParams } from '../../src/rbm';
import { createOnnxEngine } from '../../src/rbm/training/onnx/engine';
import { Random } from '../../src/util/random';
import { closeTo, ENGINE_CASES, referenceCDGradient } from './reference';


function tinyModel(visible: 'bernoulli' | 'gaussian', seed: number): RBMParams {
  const rng = new Random(seed);
  const nv = 7;
  const nh = 5;
  const p = new RBM({ nVisible: nv, nHidden: nh, visible, seed }).params();
  p.W = rng.fillNormal(new Float32Array(nv * nh), 0, 0.5);
  p.visibleBias = rng.fillNormal(new Float32Array(nv), 0, 0.3);
  p.hiddenBias = rng.fillNormal(new Float32Array(nh), 0, 0.3);
  if (visible === 'gaussian') p.logSigma = rng.fillNormal(new Float32Array(nv), 0, 0.2);
  return p;
}

const cases = ENGINE_CASES;

function makeBatch(p: RBMParams, c: (typeof cases)[number], rows: number, seed: number): CDBatch {
  const rng = new Random(seed);
  const data = (n: number) => (p.visible === 'gaussian' ? rng.fillNormal(new Float32Array(n)) : new Float32Array(n).map(() => (rng.next() < 0.4 ? 1 : 0)));
  const noise = drawCDNoise(rng, rows, p.nVisible, p.nHidden, c.k, !c.sampleVisible ? 'none' : p.visible === 'gaussian' ? 'normal' : 'uniform');
  return { v0: data(rows * p.nVisible), rows, chain: c.pcd ? data(rows * p.nVisible) : undefined, ...noise };
}

function check(g: CDGradient, ref: ReturnType<typeof referenceCDGradient>, p: RBMParams, pcd: boolean, tol: number): void {
  closeTo(g.dW, ref.dW, tol, 'dW');
  closeTo(g.dVisibleBias, ref.dVisibleBias, tol, 'dVisibleBias');
  closeTo(g.dHiddenBias, ref.dHiddenBias, tol, 'dHiddenBias');
  closeTo(g.hiddenMean, ref.hiddenMean, tol, 'hiddenMean');
  if (p.visible === 'gaussian') closeTo(g.dLogVariance!, ref.dLogVariance, tol, 'dLogVariance');
  else assert.equal(g.dLogVariance, undefined);
  if (pcd) closeTo(g.chain!, ref.chain, tol, 'chain');
}

describe('one CD-k step equals a float64 hand-written reference fed the same uniforms', () => {
  before(async () => {
    await initBackend({ backend: 'wasm', log: () => {} });
  });
  for (const c of cases) {
    test(`tfjs engine: ${c.name}`, () => {
      const p = tinyModel(c.visible, 3);
      const batch = makeBatch(p, c, 6, 11);
      check(cdGradientTf(p, batch), referenceCDGradient(p, batch), p, c.pcd, 1e-5);
    });
    test(`onnx engine: ${c.name}`, { skip: !onnxAvailable() && 'onnxruntime-node (optional dependency) is not installed' }, async () => {
      const p = tinyModel(c.visible, 4);
      const batch = makeBatch(p, c, 6, 12);
      const engine = await createOnnxEngine(p, c);
      check(await engine.gradient(p, batch), referenceCDGradient(p, batch), p, c.pcd, 1e-5);
      engine.dispose();
    });
  }

  test('onnx and tfjs engines agree at full size (513 × 256, batch 64)', { skip: !onnxAvailable() && 'onnxruntime-node is not installed' }, async () => {
    const p = new RBM({ nVisible: 513, nHidden: 256, seed: 2 }).params();
    const c = cases[0];
    const batch = makeBatch(p, c, 64, 5);
    const engine = await createOnnxEngine(p, c);
    const a = cdGradientTf(p, batch);
    const b = await engine.gradient(p, batch);
    closeTo(b.dW, a.dW, 1e-5, 'dW');
    closeTo(b.dHiddenBias, a.dHiddenBias, 1e-5, 'dHiddenBias');
    engine.dispose();
  });
});
