/**
 * fit()'s degeneracy guards (issue 8): each failure is provoked for real and must be reported with its kind and
 * epoch; a healthy run reports nothing; degeneracy: 'throw' turns the warning into a DivergenceError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RBM } from '../../src/rbm';
import { DivergenceError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';
import type { TrainingWarning } from '../../src/rbm/types';

/** Four Gaussian clusters in `cols` dimensions; columns in `tiny` are scaled by `tinyScale`. */
function clusters(rows: number, cols: number, seed: number, tiny: number[] = [], tinyScale = 1): Matrix {
  const r = new Random(seed);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: cols }, () => 1.5 * r.normal()));
  const data = new Float32Array(rows * cols);
  for (let t = 0; t < rows; t++) {
    const c = centres[r.int(4)];
    for (let i = 0; i < cols; i++) data[t * cols + i] = (c[i] + 0.5 * r.normal()) * (tiny.includes(i) ? tinyScale : 1);
  }
  return { rows, cols, data };
}
const kinds = (ws: TrainingWarning[]) => [...new Set(ws.map((w) => w.kind))];

test('a healthy CD run with learned σ reports no warnings', async () => {
  const rbm = new RBM({ nVisible: 16, nHidden: 32, visible: 'gaussian', seed: 0 });
  const h = await rbm.fit(clusters(600, 16, 1), { epochs: 8, batchSize: 20 });
  assert.deepEqual(h.warnings, []);
});

test('σ explosion: PCD with learned σ (the issue-8 failure) is reported with its epoch, and onWarning hears it', async () => {
  const rbm = new RBM({ nVisible: 16, nHidden: 32, visible: 'gaussian', seed: 0 });
  const heard: TrainingWarning[] = [];
  const h = await rbm.fit(clusters(600, 16, 1), { epochs: 8, batchSize: 20, method: 'pcd', learningRate: 0.05, onWarning: (w) => heard.push(w) });
  const w = h.warnings.find((x) => x.kind === 'sigmaExplosion');
  assert.ok(w, `no σ explosion reported: ${JSON.stringify(h.warnings)}`);
  assert.ok(w.value > 3 && w.epoch >= 0 && w.epoch < 8 && new RegExp(`^epoch ${w.epoch}: σ exploded`).test(w.message), w.message);
  assert.deepEqual(heard, h.warnings);
});

test("σ collapse: near-constant columns drive learned σ onto its floor", async () => {
  const rbm = new RBM({ nVisible: 16, nHidden: 8, visible: 'gaussian', seed: 0 });
  const h = await rbm.fit(clusters(300, 16, 2, [0, 1, 2, 3], 0.01), { epochs: 1, learningRate: 1e-5 });
  assert.deepEqual(kinds(h.warnings), ['sigmaCollapse']);
  assert.ok(h.warnings[0].value >= 0.25, String(h.warnings[0].value));
});

test('dead and saturated hidden units are reported', async () => {
  for (const [bias, kind] of [[-40, 'deadHidden'], [40, 'saturatedHidden']] as const) {
    const rbm = new RBM({ nVisible: 16, nHidden: 8, visible: 'gaussian', sigma: 1, seed: 0 });
    rbm.hiddenBias.fill(bias);
    const h = await rbm.fit(clusters(300, 16, 3), { epochs: 1, learningRate: 1e-6 });
    assert.deepEqual(kinds(h.warnings), [kind]);
    assert.equal(h.warnings[0].value, 1);
  }
});

test('PCD chains stuck on one mode are reported; degeneracy: "throw" raises a DivergenceError naming the epoch', async () => {
  const r = new Random(4);
  const data: Matrix = { rows: 200, cols: 12, data: Float32Array.from({ length: 2400 }, () => +(r.next() < 0.5)) };
  const stuck = () => {
    const rbm = new RBM({ nVisible: 12, nHidden: 6, seed: 0 });
    rbm.epochsTrained = 1; // keep our visible biases (fit() sets them from the data on a fresh model)
    rbm.visibleBias.fill(30); // every chain goes to all-ones and stays there
    return rbm;
  };
  const h = await stuck().fit(data, { epochs: 1, method: 'pcd', learningRate: 1e-6, batchSize: 20 });
  assert.deepEqual(kinds(h.warnings), ['stuckChain']);
  assert.ok(h.warnings[0].value < 0.05);
  await assert.rejects(stuck().fit(data, { epochs: 2, method: 'pcd', learningRate: 1e-6, batchSize: 20, degeneracy: 'throw' }),
    (e: unknown) => e instanceof DivergenceError && e.epoch === 0 && /stuck on one mode/.test(e.message));
});
