/**
 * Bernoulli RBM quality beside scikit-learn (issue 8 item 4): held-out log-likelihood (nats per example) of our
 * `fit()` defaults and of scikit-learn's BernoulliRBM at its example settings (64 hidden, learning rate 0.06,
 * batch 10, 20 epochs), both trained in this run on the same rows and both scored by the same estimator
 * (`evaluate()`: AIS with 2000 temperatures × 64 runs for the digits, exact log Z for bars-and-stripes).
 * Data: scikit-learn's 8×8 digits binarised (test/fixtures/rbm/digits-binary.json; first 80 % train, last 20 %
 * held out) and 4×4 bars-and-stripes (600 training / 200 held-out draws). Seeds 0–2.
 *
 *   npm run bench -- bernoulli            (needs /usr/bin/python3 with scikit-learn for the peer)
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { RBM } from '../src/rbm';
import { barsAndStripes, evaluate, type RBMParamsLike } from '../src/rbm/evaluation';
import type { Matrix } from '../src/types';

const SEEDS = [0, 1, 2];
const SKLEARN = { nHidden: 64, learningRate: 0.06, batchSize: 10, epochs: 20 };

function digits(): { train: Matrix; test: Matrix } {
  const fx = JSON.parse(fs.readFileSync(path.join(__dirname, '../test/fixtures/rbm/digits-binary.json'), 'utf8'));
  const data = new Float32Array(fx.rows * 64);
  fx.hex.forEach((h: string, r: number) => {
    for (let k = 0; k < 16; k++) { const nib = parseInt(h[k], 16); for (let b = 0; b < 4; b++) data[r * 64 + 4 * k + b] = (nib >> b) & 1; }
  });
  const nTrain = Math.floor(0.8 * fx.rows);
  return { train: { rows: nTrain, cols: 64, data: data.slice(0, nTrain * 64) }, test: { rows: fx.rows - nTrain, cols: 64, data: data.slice(nTrain * 64) } };
}

/** scikit-learn's BernoulliRBM trained on `train` (rows sent as JSON), returned as our parameter record. */
function sklearnRbm(train: Matrix, seed: number): RBMParamsLike | string {
  const py = `
import json, sys, numpy as np
from sklearn.neural_network import BernoulliRBM
d = json.load(sys.stdin); X = np.array(d['x'], dtype=np.float64).reshape(-1, d['cols'])
m = BernoulliRBM(n_components=${SKLEARN.nHidden}, learning_rate=${SKLEARN.learningRate}, batch_size=${SKLEARN.batchSize}, n_iter=${SKLEARN.epochs}, random_state=d['seed']).fit(X)
print(json.dumps({'W': m.components_.T.ravel().tolist(), 'b': m.intercept_visible_.tolist(), 'c': m.intercept_hidden_.tolist()}))`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify({ x: Array.from(train.data), cols: train.cols, seed }), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) return `scikit-learn peer skipped: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`;
  const o = JSON.parse(r.stdout);
  return { visible: 'bernoulli', nVisible: train.cols, nHidden: SKLEARN.nHidden, W: o.W, visibleBias: o.b, hiddenBias: o.c };
}

async function ours(train: Matrix, seed: number): Promise<RBM> {
  const rbm = new RBM({ nVisible: train.cols, nHidden: SKLEARN.nHidden, seed });
  await rbm.fit(train, { epochs: SKLEARN.epochs }); // our defaults otherwise (DEFAULT_TRAIN_OPTIONS, 'auto' learning rate)
  return rbm;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

async function main() {
  console.log(`held-out log-likelihood, nats per example (higher is better); seeds ${SEEDS.join(', ')}; load ${os.loadavg()[0].toFixed(1)}`);
  const bas = { train: barsAndStripes(4, { count: 600, seed: 1 }), test: barsAndStripes(4, { count: 200, seed: 2 }) };
  for (const [name, d] of [['digits 8×8 binarised', digits()], ['bars-and-stripes 4×4', bas]] as const) {
    const a: number[] = [], s: number[] = [];
    let skipped = '';
    for (const seed of SEEDS) {
      const ais = { betas: 2000, runs: 64, seed: 100 + seed, baseRate: d.train };
      a.push(evaluate(await ours(d.train, seed), d.test, { ais }).logDensity);
      const peer = sklearnRbm(d.train, seed);
      if (typeof peer === 'string') { skipped = peer; continue; }
      s.push(evaluate(peer, d.test, { ais }).logDensity);
    }
    const gain = s.length ? (mean(a) - mean(s)).toFixed(2) : 'n/a';
    console.log(`${name.padEnd(24)} ours ${mean(a).toFixed(2)} ± ${sd(a).toFixed(2)}   scikit-learn ${s.length ? `${mean(s).toFixed(2)} ± ${sd(s).toFixed(2)}` : skipped}   ours − sklearn ${gain}`);
  }
}
main();
