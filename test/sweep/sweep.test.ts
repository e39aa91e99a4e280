import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sweep, readSweepFile, sweepChartSpec, sweepCurvesSpec, expandGrid, drawRandom, makeTrials } from '../../src/sweep';
import { ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';

/** Binary data with structure: each row is one of 6 prototypes with 5 % of bits flipped. */
function prototypes(rows: number, seed: number, cols = 24): Matrix {
  const rng = new Random(7);
  const protos = Array.from({ length: 6 }, () => Array.from({ length: cols }, () => (rng.next() < 0.4 ? 1 : 0)));
  const r = new Random(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const p = protos[r.int(6)];
    for (let j = 0; j < cols; j++) data[i * cols + j] = r.next() < 0.05 ? 1 - p[j] : p[j];
  }
  return { rows, cols, data };
}

const train = prototypes(400, 1);
const validation = prototypes(100, 2);
const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'rbm-sweep-'));

test('grid sweep on 2 worker threads: every trial, JSON + CSV, best is the lowest error; resume skips finished trials', async () => {
  const out = path.join(tmp(), 'sweep.json');
  const grid = { learningRate: [0.001, 0.1], nHidden: [4, 16] };
  const base = { epochs: 4, batchSize: 20, visible: 'bernoulli' };
  const c0 = process.cpuUsage();
  const r = await sweep({ grid, train, validation, base, out, workers: 2, seed: 3, earlyStop: false });
  const c = process.cpuUsage(c0);
  assert.equal(r.trials.length, 4);
  // Each worker's thread CPU (start-up, then in all) is part of this process's CPU time during the call.
  const { readyCpuSeconds = [], cpuSeconds = [] } = r.timing;
  assert.equal(cpuSeconds.length, 2);
  if (process.platform === 'linux') {
    for (let w = 0; w < 2; w++) assert.ok(readyCpuSeconds[w] > 0 && cpuSeconds[w] >= readyCpuSeconds[w], `worker ${w}: ${readyCpuSeconds[w]} → ${cpuSeconds[w]}`);
    assert.ok(cpuSeconds[0] + cpuSeconds[1] <= (c.user + c.system) / 1e6 + 0.03, `workers ${cpuSeconds} vs process ${(c.user + c.system) / 1e6}`);
  }
  assert.ok(r.trials.every((t) => t.status === 'completed' && t.curve.length === 4 && Number.isFinite(t.metric)), JSON.stringify(r.trials.map((t) => [t.status, t.reason])));
  const best = Math.min(...r.trials.map((t) => t.metric));
  assert.equal(r.best!.metric, best);
  // A bigger learning rate learns these prototypes faster in 4 epochs: sanity that params really reach fit().
  const err = (lr: number, nh: number): number => r.trials.find((t) => t.params.learningRate === lr && t.params.nHidden === nh)!.metric;
  assert.ok(err(0.1, 16) < err(0.001, 16), `lr 0.1 → ${err(0.1, 16)}, lr 0.001 → ${err(0.001, 16)}`);
  const saved = readSweepFile(out);
  assert.equal(saved.length, 4);
  const csv = readFileSync(out.replace('.json', '.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 5);
  assert.match(csv[0], /^index,id,seed,learningRate,nHidden,validationReconstructionError,status/);
  // Resume: same sweep again → all four come from the file, nothing is retrained.
  let resumed = 0;
  const again = await sweep({ grid, train, validation, base, out, workers: 2, seed: 3, earlyStop: false, onTrial: (_t, _d, _n, wasResumed) => { if (wasResumed) resumed++; } });
  assert.equal(resumed, 4);
  assert.deepEqual(again.trials.map((t) => t.metric), r.trials.map((t) => t.metric));
});

test('trials are seeded: results do not depend on how many workers ran them', async () => {
  const grid = { learningRate: [0.05, 0.02], nHidden: [8] };
  const base = { epochs: 3, batchSize: 20, visible: 'bernoulli' };
  const a = await sweep({ grid, train, validation, base, workers: 2, seed: 5, earlyStop: false });
  const b = await sweep({ grid, train, validation, base, workers: 1, seed: 5, earlyStop: false });
  assert.deepEqual(a.trials.map((t) => t.curve), b.trials.map((t) => t.curve));
  assert.notDeepEqual(a.trials[0].curve, a.trials[1].curve);
});

test('hopeless trials stop early; diverging ones are marked diverged', async () => {
  const r = await sweep({
    grid: { learningRate: [0.1, 0.00001, 1e6] }, train, validation, workers: 0, seed: 1,
    base: { epochs: 8, batchSize: 20, visible: 'bernoulli', nHidden: 16, weightDecay: 0 },
    earlyStop: { afterEpochs: 2, margin: 0.2 },
  });
  const [good, slow, wild] = r.trials;
  assert.equal(good.status, 'completed');
  assert.equal(slow.status, 'early-stopped', slow.reason);
  assert.ok(slow.epochs < 8 && slow.epochs >= 2, `stopped after ${slow.epochs} epochs`);
  assert.ok(['early-stopped', 'diverged'].includes(wild.status), `${wild.status}: ${wild.reason}`);
});

test('every sweepable hyperparameter reaches fit(): k, momentum, weight decay, sparsity, visible type', async () => {
  const r = await sweep({
    grid: { k: [1, 3], momentum: [0.9], weightDecay: [0.001], sparsity: [0.05], visible: ['bernoulli'] }, train, validation, workers: 0,
    base: { epochs: 2, batchSize: 50, nHidden: 8, learningRate: 0.05 }, earlyStop: false,
  });
  assert.ok(r.trials.every((t) => t.status === 'completed'), JSON.stringify(r.trials.map((t) => t.reason)));
  // k reaches fit(): trial 0 of two sweeps with the same seed has the same trial seed, so only k differs.
  const one = async (k: number): Promise<number[]> => (await sweep({ grid: { k: [k] }, train, validation, workers: 0, seed: 4,
    base: { epochs: 2, batchSize: 50, nHidden: 8, visible: 'bernoulli' }, earlyStop: false })).trials[0].curve;
  assert.notDeepEqual(await one(1), await one(3));
  assert.deepEqual(await one(1), await one(1));
  const bad = await sweep({ grid: { visible: ['purple'] }, train, validation, workers: 0, base: { epochs: 1 }, earlyStop: false });
  assert.equal(bad.trials[0].status, 'failed');
  assert.match(bad.trials[0].reason!, /purple/);
});

test('search spaces: grid order, seeded random draws, stable ids; bad specs are ParameterErrors', async () => {
  assert.deepEqual(expandGrid({ a: [1, 2], b: ['x', 'y'] }), [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]);
  const space = { learningRate: { min: 1e-4, max: 1e-1, log: true }, k: [1, 3, 5], nHidden: { min: 8, max: 64, integer: true } };
  const d1 = drawRandom(space, 20, 9), d2 = drawRandom(space, 20, 9);
  assert.deepEqual(d1, d2);
  assert.ok(d1.every((c) => (c.learningRate as number) >= 1e-4 && (c.learningRate as number) <= 0.1 && Number.isInteger(c.nHidden)));
  // Log-uniform: about half the draws below the geometric midpoint 3.2e-3.
  const below = drawRandom(space, 400, 1).filter((c) => (c.learningRate as number) < 10 ** -2.5).length;
  assert.ok(below > 160 && below < 240, `${below}/400 below the log midpoint`);
  const t1 = makeTrials(d1, 4), t2 = makeTrials(d1, 4);
  assert.deepEqual(t1.map((t) => t.id), t2.map((t) => t.id));
  assert.equal(new Set(t1.map((t) => t.id)).size, t1.length);
  await assert.rejects(sweep({ train, validation }), (e: Error) => e instanceof ParameterError && /exactly one of grid or random/.test(e.message));
  await assert.rejects(sweep({ grid: { a: [] }, train, validation }), /grid.a must be a non-empty array/);
  await assert.rejects(sweep({ grid: { a: [1] }, train, validation: prototypes(5, 1, 3) }), /validation has 3 columns, expected 24/);
});

test('chart specs are vega-lite with one point per trial and one line point per epoch', async () => {
  const r = await sweep({ grid: { learningRate: [0.01, 0.1] }, train, validation, workers: 0, base: { epochs: 2, batchSize: 50, visible: 'bernoulli', nHidden: 8 }, earlyStop: false });
  const spec = sweepChartSpec(r.trials, { metric: r.metric }) as any;
  assert.equal(spec.data.values.length, 2);
  assert.equal(spec.encoding.x.field, 'learningRate');
  assert.match(spec.$schema, /vega-lite\/v5/);
  const curves = sweepCurvesSpec(r.trials) as any;
  assert.equal(curves.data.values.length, 4);
  assert.ok(!existsSync('undefined'));
});

test('a sweep runs under node flags a Worker refuses (--max-old-space-size, --stack-size): they are left out of the workers\' flags', () => {
  const script = `
    const { sweep } = require('./src/sweep');
    const m = (n) => ({ rows: n, cols: 4, data: Float32Array.from({ length: n * 4 }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0) });
    sweep({ grid: { nHidden: [2] }, train: m(40), validation: m(10), base: { epochs: 1, batchSize: 20, visible: 'bernoulli' }, workers: 1, earlyStop: false, workerBackend: 'wasm' })
      .then((r) => console.log('status', r.trials[0].status));`;
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '--stack-size=2000', '--import', 'tsx', '-e', script], { cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /status completed/);
});
