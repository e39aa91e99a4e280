/**
 * The ONNX engine's multi-step call (`trainSteps`: S mini-batches per native call, the update graph unrolled S
 * times) against (a) the same engine's one-step `trainStep` on each batch in turn, and (b) the float64 reference
 * gradient + momentum update (and, for a learned σ, fit()'s σ step) applied S times. Then fit() with
 * 8 batches per call against 1 per call, in child processes (the setting is read when fit.ts loads).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { drawCDNoise, onnxAvailable, RBM, type CDBatch, type RBMParams } from '../../src/rbm';
import type { Velocities } from '../../src/rbm/training/engines';
import { callPlan } from '../../src/rbm/training/fit';
import { createOnnxEngine } from '../../src/rbm/training/onnx/engine';
import type { UpdateSettings } from '../../src/rbm/training/update';
import { Random } from '../../src/util/random';
import { closeTo, ENGINE_CASES, referenceCDGradient } from './reference';

const NV = 7;
const NH = 5;
const STEPS = 4;
const settings: UpdateSettings = { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, sparsityTarget: 0, sparsityCost: 0, sparsityDecay: 0.95 };

interface Case { name: string; visible: 'bernoulli' | 'gaussian'; k: number; pcd: boolean; sampleVisible: boolean; learned: boolean; unit?: boolean }
/** Every engine case, the Gaussian ones with a fixed σ, a fixed σ of 1 (a graph without the σ products) and a learned σ. */
const CASES: Case[] = ENGINE_CASES.flatMap((c): Case[] => (c.visible === 'gaussian'
  ? [{ ...c, learned: false, name: c.name.replace('learned σ', 'fixed σ') }, { ...c, learned: false, unit: true, name: c.name.replace('learned σ', 'σ = 1') }, { ...c, learned: true }]
  : [{ ...c, learned: false }]));

function setup(c: Case, seed: number, rows: number) {
  const rng = new Random(seed);
  const p: RBMParams = new RBM({ nVisible: NV, nHidden: NH, visible: c.visible, seed, ...(c.visible === 'gaussian' && !c.learned ? { sigma: c.unit ? 1 : 0.8 } : {}) }).params();
  p.W = rng.fillNormal(new Float32Array(NV * NH), 0, 0.5);
  p.visibleBias = rng.fillNormal(new Float32Array(NV), 0, 0.3);
  p.hiddenBias = rng.fillNormal(new Float32Array(NH), 0, 0.3);
  if (c.learned) p.logSigma = rng.fillNormal(new Float32Array(NV), 0, 0.2);
  const velocity: Velocities = {
    W: rng.fillNormal(new Float32Array(NV * NH), 0, 0.01), visibleBias: rng.fillNormal(new Float32Array(NV), 0, 0.01), hiddenBias: rng.fillNormal(new Float32Array(NH), 0, 0.01),
    logVariance: c.learned ? rng.fillNormal(new Float32Array(NV), 0, 0.01) : undefined,
  };
  const data = (n: number) => (c.visible === 'gaussian' ? rng.fillNormal(new Float32Array(n)) : new Float32Array(n).map(() => (rng.next() < 0.4 ? 1 : 0)));
  const chain = c.pcd ? data(rows * NV) : undefined;
  const batches: CDBatch[] = Array.from({ length: STEPS }, () => ({
    v0: data(rows * NV), rows, chain, ...drawCDNoise(rng, rows, NV, NH, c.k, !c.sampleVisible ? 'none' : c.visible === 'gaussian' ? 'normal' : 'uniform'),
  }));
  return { p, velocity, batches };
}

const copy = (p: RBMParams, v: Velocities) => ({
  p: { ...p, W: p.W.slice(), visibleBias: p.visibleBias.slice(), hiddenBias: p.hiddenBias.slice(), logSigma: p.logSigma?.slice() },
  v: { W: v.W.slice(), visibleBias: v.visibleBias.slice(), hiddenBias: v.hiddenBias.slice(), logVariance: v.logVariance?.slice() },
});

/** Δθ = μ·velocity + ε·(g − λθ), θ + Δθ, in float64 (as momentumStep). */
function referenceUpdate(value: ArrayLike<number>, grad: ArrayLike<number>, velocity: ArrayLike<number>, decay: boolean) {
  const delta = Array.from(value, (x, i) => settings.momentum * velocity[i] + settings.learningRate * (grad[i] - (decay ? settings.weightDecay * x : 0)));
  return { value: Array.from(value, (x, i) => x + delta[i]), velocity: delta };
}

describe('ONNX engine, several mini-batches per call (trainSteps)', { skip: !onnxAvailable() && 'onnxruntime-node (optional dependency) is not installed' }, () => {
  for (const c of CASES) {
    test(`${STEPS} steps in one call equal ${STEPS} one-step calls and the float64 reference: ${c.name}`, async () => {
      const { p, velocity, batches } = setup(c, 21, 3);
      const one = copy(p, velocity);
      const ref = copy(p, velocity);
      const engine = await createOnnxEngine(p, { ...c, fuseUpdate: true, stepsPerCall: STEPS, measureEvery: 2 });
      try {
        assert.equal(engine.stepsPerCall, STEPS);
        const arrays = [p.W, p.visibleBias, p.hiddenBias, velocity.W, p.logSigma];
        const r = await engine.trainSteps(p, velocity, batches, settings);
        assert.deepEqual([p.W, p.visibleBias, p.hiddenBias, velocity.W, p.logSigma].map((a, i) => a === arrays[i]), [true, true, true, true, true], 'written into the same arrays');

        // (a) one step per call, the chains carried from step to step as fit() does
        const oneMeans: Float32Array[] = [];
        const oneSq: number[][] = [];
        let chain = batches[0].chain?.slice();
        for (const batch of batches) {
          const s = await engine.trainStep(one.p, one.v, { ...batch, chain }, settings, true);
          oneMeans.push(s.hiddenMean);
          oneSq.push([s.updateSq, s.valueSq]);
          if (chain) chain.set(s.chain!);
        }
        // Same graph nodes, same kernels: the same float32 numbers.
        assert.deepEqual([p.W, p.visibleBias, p.hiddenBias], [one.p.W, one.p.visibleBias, one.p.hiddenBias], 'parameters equal the one-step path bit for bit');
        assert.deepEqual([velocity.W, velocity.visibleBias, velocity.hiddenBias], [one.v.W, one.v.visibleBias, one.v.hiddenBias], 'velocities equal the one-step path bit for bit');
        assert.deepEqual([p.logSigma, velocity.logVariance], [one.p.logSigma, one.v.logVariance], 'log σ and its velocity too');
        assert.deepEqual(r.hiddenMeans, oneMeans, 'every step\'s hidden means');
        if (c.pcd) assert.deepEqual(r.chain, chain, 'chains after the last step');
        // Sums measured at steps 0 and 2 (float32 in the graph vs float64 in JS), NaN elsewhere.
        for (let t = 0; t < STEPS; t++) {
          if (t % 2) assert.ok(Number.isNaN(r.updateSq[t]) && Number.isNaN(r.valueSq[t]), `step ${t} is not measured`);
          else closeTo([r.updateSq[t], r.valueSq[t]], oneSq[t], 1e-5, `updateSq, valueSq after step ${t}`);
        }

        // (b) the float64 reference, step after step
        let refChain = batches[0].chain ? Array.from(batches[0].chain) : undefined;
        let W: number[] = Array.from(ref.p.W), b: number[] = Array.from(ref.p.visibleBias), cb: number[] = Array.from(ref.p.hiddenBias);
        let vW: number[] = Array.from(ref.v.W), vb: number[] = Array.from(ref.v.visibleBias), vc: number[] = Array.from(ref.v.hiddenBias);
        let logSigma = ref.p.logSigma ? Array.from(ref.p.logSigma) : undefined;
        let vz = ref.v.logVariance ? Array.from(ref.v.logVariance) : undefined;
        for (const [t, batch] of batches.entries()) {
          const params = { ...ref.p, W: Float32Array.from(W), visibleBias: Float32Array.from(b), hiddenBias: Float32Array.from(cb), logSigma: logSigma && Float32Array.from(logSigma) };
          const g = referenceCDGradient(params, { ...batch, chain: refChain ? Float32Array.from(refChain) : undefined });
          closeTo(r.hiddenMeans[t], g.hiddenMean, 1e-5, `hidden means of step ${t}`);
          ({ value: W, velocity: vW } = referenceUpdate(W, g.dW, vW, true));
          ({ value: b, velocity: vb } = referenceUpdate(b, g.dVisibleBias, vb, false));
          ({ value: cb, velocity: vc } = referenceUpdate(cb, g.dHiddenBias, vc, false));
          if (c.learned) {
            // fit()'s σ step: momentum on z = 2 log σ (no decay), log σ = max(z / 2, log 0.05)
            const z = referenceUpdate(logSigma!.map((x) => 2 * x), g.dLogVariance, vz!, false);
            logSigma = z.value.map((x) => Math.max(x / 2, Math.log(0.05)));
            vz = z.velocity;
          }
          if (refChain) refChain = g.chain;
        }
        closeTo(p.W, W, 1e-5, 'W');
        closeTo(velocity.W, vW, 1e-5, 'velocity W');
        closeTo(p.visibleBias, b, 1e-5, 'visibleBias');
        closeTo(velocity.visibleBias, vb, 1e-5, 'velocity visibleBias');
        closeTo(p.hiddenBias, cb, 1e-5, 'hiddenBias');
        closeTo(velocity.hiddenBias, vc, 1e-5, 'velocity hiddenBias');
        if (c.pcd) closeTo(r.chain!, refChain!, 1e-5, 'chain');
        if (c.learned) {
          closeTo(p.logSigma!, logSigma!, 1e-5, 'log σ');
          closeTo(velocity.logVariance!, vz!, 1e-5, 'velocity log σ²');
        }
      } finally {
        engine.dispose();
      }
    });
  }

  test('a 4-step engine also takes 2 batches in one call, equal to 2 one-step calls', async () => {
    const c = CASES[1]; // Bernoulli PCD-2, sampled visibles: the chains carry over between steps
    const { p, velocity, batches } = setup(c, 23, 3);
    const one = copy(p, velocity);
    const engine = await createOnnxEngine(p, { ...c, fuseUpdate: true, stepsPerCall: STEPS, measureEvery: 2 });
    try {
      const r = await engine.trainSteps(p, velocity, batches.slice(0, 2), settings);
      const chain = batches[0].chain!.slice();
      for (const batch of batches.slice(0, 2)) chain.set((await engine.trainStep(one.p, one.v, { ...batch, chain }, settings)).chain!);
      assert.deepEqual([p.W, p.visibleBias, p.hiddenBias, velocity.W], [one.p.W, one.p.visibleBias, one.p.hiddenBias, one.v.W]);
      assert.deepEqual(r.chain, chain);
      assert.equal(r.hiddenMeans.length, 2);
    } finally {
      engine.dispose();
    }
  });

  test('trainSteps refuses a wrong number of batches and batches of different sizes', async () => {
    const c = CASES[0];
    const { p, velocity, batches } = setup(c, 22, 2);
    const engine = await createOnnxEngine(p, { ...c, fuseUpdate: true, stepsPerCall: STEPS });
    try {
      await assert.rejects(engine.trainSteps(p, velocity, batches.slice(3), settings), /takes 2 to 4 batches/);
      await assert.rejects(engine.trainSteps(p, velocity, [...batches, batches[0]], settings), /takes 2 to 4 batches/);
      await assert.rejects(engine.trainSteps(p, velocity, [...batches.slice(1), { ...batches[0], rows: 1, v0: batches[0].v0.subarray(0, NV) }], settings), /same size/);
    } finally {
      engine.dispose();
    }
  });
});

test('callPlan: whole groups, the leftover full batches in decreasing powers of two, the smaller last batch alone', () => {
  assert.deepEqual(callPlan(150, 8, 8), [8, 8, 2, 1]); // 18 full batches of 8 and one of 6
  assert.deepEqual(callPlan(120, 8, 8), [8, 4, 2, 1]);
  assert.deepEqual(callPlan(56, 8, 8), Array(7).fill(1), 'fewer batches than a group: one by one');
  assert.deepEqual(callPlan(8192, 64, 8), Array(16).fill(8));
  assert.deepEqual(callPlan(150, 8, 1), Array(19).fill(1));
  assert.deepEqual(callPlan(5, 8, 8), [1]);
  for (const [rows, size] of [[150, 8], [1000, 64], [99, 10]]) {
    const plan = callPlan(rows, size, 8);
    assert.equal(plan.reduce((a, n) => a + n, 0), Math.ceil(rows / size), 'every batch once');
    let start = 0;
    for (const n of plan) {
      assert.equal(start % n, 0, `a group of ${n} starts at a multiple of its size (${start})`);
      start += n;
    }
  }
});

/** Runs test/rbm/stepsPerCallRun.ts with `RBM_STEPS_PER_CALL` = perCall and parses what it prints. */
function trainWith(perCall: number) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'stepsPerCallRun.ts')], {
    encoding: 'utf8', env: { ...process.env, RBM_STEPS_PER_CALL: String(perCall) },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('fit() with several mini-batches per engine call', { skip: !onnxAvailable() && 'onnxruntime-node (optional dependency) is not installed' }, () => {
  test('8 batches per call train the same weights and report the same epochs and batches as 1 per call', () => {
    const one = trainWith(1);
    const eight = trainWith(8);
    for (const name of ['bernoulli-pcd2', 'gaussian-fixed-cd1', 'gaussian-learned-cd1']) {
      const [a, b] = [one[name], eight[name]];
      assert.equal(b.backend, 'onnx');
      assert.deepEqual([b.W, b.visibleBias, b.hiddenBias, b.logSigma], [a.W, a.visibleBias, a.hiddenBias, a.logSigma], `${name}: weights`);
      assert.deepEqual(b.batches, a.batches, `${name}: onBatch calls`);
      assert.equal(b.batches.length, 3 * 19);
      for (const [e, m] of b.epochs.entries()) {
        const { weightUpdateRatio, ...rest } = m;
        const { weightUpdateRatio: expected, ...expectedRest } = a.epochs[e];
        assert.deepEqual(rest, expectedRest, `${name}: epoch ${e} metrics`);
        // ‖ΔW‖ / ‖W‖ from float32 sums in the graph instead of float64 sums in JS
        closeTo([weightUpdateRatio], [expected], 1e-5, `${name}: epoch ${e} update ratio`);
        assert.ok(weightUpdateRatio > 0);
      }
    }
    assert.deepEqual(one.abort, { stopReason: 'aborted', epochs: 2, batches: 19 + 3 });
    assert.deepEqual(eight.abort, { stopReason: 'aborted', epochs: 2, batches: 19 + 8 }, 'an abort takes effect at the end of the group of 8');
    assert.equal(one.divergence.name, 'DivergenceError', JSON.stringify(one.divergence));
    const batch = Number(/\(batch (\d+)\)/.exec(one.divergence.message)?.[1]);
    assert.ok(batch < 16, `diverged inside a group of 8 (batch ${batch})`);
    assert.deepEqual(eight.divergence, one.divergence, 'the same DivergenceError (epoch, batch) and the same restored weights');
  });
});
