import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longestFirst, trialCost } from '../../src/sweep/schedule';
import { workerExecArgv } from '../../src/sweep/pool';
import { expandGrid, makeTrials } from '../../src/sweep';

test('longestFirst: most expensive trials first (epochs × nHidden × (k+1)), ties keep sweep order, seeds untouched', () => {
  const trials = makeTrials(expandGrid({ learningRate: [0.01, 0.05], nHidden: [64, 256], k: [1, 3] }), 2);
  const base = { epochs: 10 };
  const order = longestFirst(trials, base);
  // Costs by hand: nHidden 256 k 3 → 10·256·4 = 10240; 256 k1 → 5120; 64 k3 → 2560; 64 k1 → 1280.
  assert.deepEqual(order.map((t) => trialCost(t, base)), [10240, 10240, 5120, 5120, 2560, 2560, 1280, 1280]);
  assert.deepEqual(order.slice(0, 2).map((t) => t.params.learningRate), [0.01, 0.05]); // stable among equals
  assert.deepEqual([...order].sort((a, b) => a.index - b.index), trials); // same trials, same seeds and ids
  // Defaults when a trial says nothing: 10 epochs, 64 hidden units, k = 1; epochs from the trial beat base.
  assert.equal(trialCost({ index: 0, id: 'x', seed: 1, params: {} }, {}), 10 * 64 * 2);
  assert.equal(trialCost({ index: 0, id: 'x', seed: 1, params: { epochs: 3, nHidden: 8 } }, { epochs: 50 }), 3 * 8 * 2);
});

test('workerExecArgv drops only the flags that load tsx, in both spellings', () => {
  assert.deepEqual(workerExecArgv(['--import', 'tsx', '--enable-source-maps']), ['--enable-source-maps']);
  assert.deepEqual(workerExecArgv(['--require', '/x/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///x/node_modules/tsx/dist/loader.mjs']), []);
  assert.deepEqual(workerExecArgv(['--import=tsx', '--max-old-space-size=512', '--require', './other.js']), ['--max-old-space-size=512', '--require', './other.js']);
});
