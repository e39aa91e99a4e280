/**
 * Child process of test/rbm/onnxSteps.test.ts: trains the same small RBMs through fit() on the onnx engine with
 * the RBM_STEPS_PER_CALL its parent sets (the engine's batches per call is fixed when fit.ts loads) and prints
 * the weights, each epoch's metrics and the batches reported to onBatch as JSON.
 */
import { initBackend, RBM } from '../../src/rbm';
import { Random } from '../../src/util/random';

/** 150 rows in batches of 8: 18 full batches (16 in two groups of 8, 2 one by one) and a last batch of 6. */
function data(visible: 'bernoulli' | 'gaussian', cols: number, seed: number) {
  const rng = new Random(seed);
  const n = 150 * cols;
  return { rows: 150, cols, data: visible === 'gaussian' ? rng.fillNormal(new Float32Array(n)) : new Float32Array(n).map(() => (rng.next() < 0.3 ? 1 : 0)) };
}

async function main() {
  await initBackend({ backend: 'onnx', log: () => {} });
  const out: Record<string, unknown> = {};
  const runs = [
    { name: 'bernoulli-pcd2', visible: 'bernoulli' as const, opts: { method: 'pcd' as const, k: 2, learningRate: 0.1 } },
    { name: 'gaussian-fixed-cd1', visible: 'gaussian' as const, opts: { learningRate: 0.01, sampleVisible: true } },
    { name: 'gaussian-learned-cd1', visible: 'gaussian' as const, learned: true, opts: { learningRate: 0.01 } },
  ];
  for (const { name, visible, opts, learned } of runs) {
    const x = data(visible, 12, 3);
    const rbm = new RBM({ nVisible: 12, nHidden: 6, visible, seed: 5, ...(visible === 'gaussian' && !learned ? { sigma: 1 } : {}) });
    const batches: number[] = [];
    const h = await rbm.fit(x, { ...opts, epochs: 3, batchSize: 8, momentumSwitchEpoch: 1, validation: x, onBatch: (b) => batches.push(b.batch) });
    const p = rbm.params();
    out[name] = {
      logSigma: p.logSigma && Array.from(p.logSigma), W: Array.from(p.W), visibleBias: Array.from(p.visibleBias), hiddenBias: Array.from(p.hiddenBias),
      epochs: h.epochs.map(({ seconds: _, ...m }) => m), batches, backend: h.backend,
    };
  }
  // An abort during a group of batches run in one call takes effect at the end of the group.
  const controller = new AbortController();
  const seen: number[] = [];
  const h = await new RBM({ nVisible: 12, nHidden: 6, seed: 5 }).fit(data('bernoulli', 12, 3), {
    epochs: 3, batchSize: 8, signal: controller.signal,
    onBatch: (b) => {
      seen.push(b.batch);
      if (b.epoch === 1 && b.batch === 2) controller.abort();
    },
  });
  out.abort = { stopReason: h.stopReason, epochs: h.epochs.length, batches: seen.length };
  // A learning rate far too high: the DivergenceError names the same epoch and batch, and the weights go back to
  // the start of that epoch, whichever way the batches were run.
  const diverging = new RBM({ nVisible: 12, nHidden: 6, visible: 'gaussian', seed: 6, sigma: 1 });
  try {
    await diverging.fit(data('gaussian', 12, 4), { epochs: 3, batchSize: 8, learningRate: 1000, degeneracy: 'off' });
    out.divergence = 'did not diverge';
  } catch (e) {
    out.divergence = { name: (e as Error).name, message: (e as Error).message, W: Array.from(diverging.W) };
  }
  process.stdout.write(JSON.stringify(out));
}

void main();
