/**
 * Frame density models on real music nobody here wrote (issue 8): four Battle for Wesnoth soundtrack tracks
 * (battle-epic, elf-land, frantic-old, revelation; 264 s; GPL-2+, built by `bash data-scripts/wesnoth.sh`),
 * the project's default features, the first 80 % of each track to train (feature scaler fitted there too) and the
 * last 20 % held out. Prints held-out log-density in nats per frame (128 dims) for the classical baselines
 * (diagonal Gaussian, full-covariance Gaussian, 64-component diagonal GMM, all fitted by src/rbm/evaluation/
 * baselines.ts) beside the mean–precision RBM at `rbm-music train --model mprbm` defaults (3 seeds, exact log Z)
 * and the Gaussian RBM at `--model rbm` defaults (1 seed, AIS log Z), with training times; then the temporal models
 * on the same held-out frames, each scored given its past (the held-out part continues its track, so the last
 * frames of the training part are its context): the conditional mean–precision RBM at `--model mpcrbm` defaults
 * (3 seeds) beside its classical peer, a linear-Gaussian autoregression on the previous frame (ridge least squares,
 * full-covariance residual). When /usr/bin/python3
 * has scikit-learn, its GaussianMixture (64 diagonal components) is fitted on the same frames as a peer check.
 *
 *   npm run bench -- density            (minutes: it trains the models)
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { loadAudio } from '../src/audio';
import { trainOnClips } from '../src/generate';
import { baselineLogDensities, evaluate, fitFullGaussian, initBackend, MeanPrecisionCRBM, MeanPrecisionRBM, RBM } from '../src/rbm';
import { ridgeRegression } from '../src/util/linalg';
import { concatRows } from '../src/util/matrix';
import type { AudioClip, Matrix } from '../src/types';

const TRACKS = ['battle-epic', 'elf-land', 'frantic-old', 'revelation'];
const SEEDS = [0, 1, 2];
const DIR = path.join(__dirname, '../cache/datasets/wesnoth');

const cut = (c: AudioClip, from: number, to: number): AudioClip => ({
  ...c, channels: c.channels.map((y) => y.slice(Math.round(from * y.length), Math.round(to * y.length))),
});

/** scikit-learn's GaussianMixture(64, 'diag') on the same frames, as an outside check of our EM baseline. */
function sklearnGmm(train: Matrix, test: Matrix): string {
  const py = `
import sys, numpy as np
from sklearn.mixture import GaussianMixture
raw = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float32).astype(np.float64)
n_tr = ${train.rows}; D = ${train.cols}
X = raw[:n_tr*D].reshape(-1, D); T = raw[n_tr*D:].reshape(-1, D)
g = GaussianMixture(64, covariance_type='diag', random_state=0, max_iter=100, reg_covar=1e-6).fit(X)
print(g.score(T))`;
  const input = Buffer.concat([Buffer.from(train.data.buffer, train.data.byteOffset, train.data.byteLength), Buffer.from(test.data.buffer, test.data.byteOffset, test.data.byteLength)]);
  const r = spawnSync('/usr/bin/python3', ['-c', py], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return r.status === 0 ? Number(r.stdout).toFixed(1) : `skipped (${(r.stderr || String(r.error)).trim().split('\n').pop()})`;
}

/** The last `span` frames of `before` (context) followed by `after`: a held-out part scored given its past. */
function withContext(before: Matrix, after: Matrix, span: number): Matrix {
  const D = before.cols, data = new Float32Array((span + after.rows) * D);
  data.set(before.data.subarray((before.rows - span) * D));
  data.set(after.data, span * D);
  return { rows: span + after.rows, cols: D, data };
}

/**
 * Mean held-out log p(vₜ | vₜ₋₁) of a linear-Gaussian autoregression (ridge 1e-3 least squares with an intercept,
 * full-covariance Gaussian residual) over frames `from` … of each held-out sequence.
 */
function autoregression(trainSeqs: Matrix[], heldSeqs: Matrix[], from: number): number {
  const D = trainSeqs[0].cols, m = D + 1;
  const pairs = (seqs: Matrix[], start: number) => {
    const z: number[] = [], y: number[] = [];
    for (const s of seqs) for (let t = Math.max(1, start); t < s.rows; t++) {
      z.push(1, ...s.data.subarray((t - 1) * D, t * D)); y.push(...s.data.subarray(t * D, (t + 1) * D));
    }
    return { z: Float64Array.from(z), y: Float64Array.from(y), rows: y.length / D };
  };
  const tr = pairs(trainSeqs, 1), te = pairs(heldSeqs, from);
  const coef = ridgeRegression(tr.z, tr.y, tr.rows, m, D, 1e-3, 'autoregression');
  const residual = (p: typeof tr): Matrix => {
    const out = new Float32Array(p.rows * D);
    for (let t = 0; t < p.rows; t++) for (let i = 0; i < D; i++) {
      let s = p.y[t * D + i];
      for (let a = 0; a < m; a++) s -= p.z[t * m + a] * coef[a * D + i];
      out[t * D + i] = s;
    }
    return { rows: p.rows, cols: D, data: out };
  };
  return fitFullGaussian(residual(tr), { ridge: 1e-6 }).meanLogDensity(residual(te));
}

async function main(): Promise<void> {
  const files = TRACKS.map((t) => path.join(DIR, `${t}.wav`));
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length) {
    console.log(`density bench skipped: ${missing.length} Wesnoth tracks missing (${missing.map((f) => path.basename(f)).join(', ')}); build them with: bash data-scripts/wesnoth.sh`);
    return;
  }
  await initBackend({ log: () => {} });
  const clips = await Promise.all(files.map((f) => loadAudio(f)));
  const train = clips.map((c) => cut(c, 0, 0.8)), held = clips.map((c) => cut(c, 0.8, 1));
  const seconds = clips.reduce((s, c) => s + c.channels[0].length / c.sampleRate, 0);
  console.log(`${TRACKS.length} tracks, ${seconds.toFixed(0)} s; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);

  const rows: [string, string, string][] = [];
  let heldFrames: Matrix | undefined, trainFrames: Matrix | undefined;
  for (const seed of SEEDS) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    const { model, pipeline, frames } = await trainOnClips(train, { model: 'mprbm', seed });
    const wall = (performance.now() - t0) / 1000, cpu = (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1e6;
    heldFrames ??= concatRows(held.map((c) => pipeline.transform(c.channels[0])));
    trainFrames ??= frames;
    const m = model as MeanPrecisionRBM;
    rows.push([`mean–precision RBM, ${m.nHidden} hidden, seed ${seed} (exact log Z)`, m.meanLogDensity(heldFrames).toFixed(1), `${wall.toFixed(0)} s wall, ${cpu.toFixed(0)} s CPU`]);
    console.log(rows[rows.length - 1].join(' | '));
  }
  const b = baselineLogDensities(trainFrames!, heldFrames!);
  const base: [string, string, string][] = [
    ['diagonal Gaussian', b.diagonalGaussian.toFixed(1), ''],
    ['full-covariance Gaussian', b.fullGaussian.toFixed(1), ''],
    ['64-component diagonal GMM (ours, EM)', b.diagonalGmm.toFixed(1), ''],
    ['64-component diagonal GMM (scikit-learn)', sklearnGmm(trainFrames!, heldFrames!), ''],
  ];
  {
    const t0 = performance.now();
    const { model } = await trainOnClips(train, { model: 'rbm', epochs: 15, seed: 0 });
    const wall = (performance.now() - t0) / 1000;
    const r = evaluate(model as RBM, heldFrames!);
    base.push([`Gaussian RBM, 256 hidden, σ = 1, 15 epochs (AIS ± ${r.logZStderr.toFixed(2)})`, r.logDensity.toFixed(1), `${wall.toFixed(0)} s wall`]);
  }
  // Temporal models: each held-out frame scored given its past (context: the training part's last frames).
  const temporal: [string, string, string][] = [];
  for (const seed of SEEDS) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    const { model, pipeline } = await trainOnClips(train, { model: 'mpcrbm', seed });
    const wall = (performance.now() - t0) / 1000, cpu = (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1e6;
    const m = model as MeanPrecisionCRBM;
    const seqs = train.map((c, i) => withContext(pipeline.transform(c.channels[0]), pipeline.transform(held[i].channels[0]), m.span));
    temporal.push([`conditional mean–precision RBM, ${m.nHidden} hidden, seed ${seed} (exact log Z, given the past)`, m.meanLogDensity(seqs).toFixed(1), `${wall.toFixed(0)} s wall, ${cpu.toFixed(0)} s CPU`]);
    console.log(temporal[temporal.length - 1].join(' | '));
    if (seed === SEEDS[0]) {
      const trainSeqs = train.map((c) => pipeline.transform(c.channels[0]));
      temporal.unshift(['linear-Gaussian autoregression on the previous frame (given the past)', autoregression(trainSeqs, seqs, m.span).toFixed(1), '']);
    }
  }
  console.log('\n| model | held-out log-density (nats/frame) | training |\n|---|---|---|');
  for (const r of [...base, ...rows, ...temporal]) console.log(`| ${r.join(' | ')} |`);
}

main();
