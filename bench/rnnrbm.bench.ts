/**
 * `npm run bench -- rnnrbm`: how fast the RNN-RBM trains on the bundled data (issue 9: "training ≤ 2 minutes on
 * this 2-core machine"). Log-mel frames (128 bands, the feature pipeline's defaults) of the 12 × 30 s OpenMSX
 * clips, the last 20 % of each clip held out; one model per setting, `--epochs` epochs each (default 1). Prints
 * frames/s and updates/s (wall clock and CPU time, since the machine is often shared: the load average is printed
 * too), the time a 20-epoch run would take, and the held-out one-step prediction error beside the persistence
 * forecast ("next frame = this frame").
 *
 * Options: `--epochs 3`, `--hidden 150`, `--recurrent 100`, `--hop 256`.
 */
import { cpus, loadavg } from 'node:os';
import { loadDataset } from '../src/data';
import { FeaturePipeline } from '../src/features';
import { initBackend, backendName, DEFAULT_RNNRBM_TRAIN_OPTIONS as D, RNNRBM, type RNNRBMTrainOptions } from '../src/rbm';
import { sliceRows } from '../src/util/matrix';
import type { Matrix } from '../src/types';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const epochs = flag('epochs', 1), nHidden = flag('hidden', 150), nRecurrent = flag('recurrent', 100), hop = flag('hop', 256);
  await initBackend({ log: () => {} });
  const clips = await loadDataset('openmsx');
  const fp = new FeaturePipeline({ kind: 'mel', nMels: 128, hopLength: hop });
  fp.fit(clips.map((c) => c.clip));
  const train: Matrix[] = [], held: Matrix[] = [];
  for (const c of clips) {
    const S = fp.transform(c.clip);
    const cut = Math.floor(S.rows * 0.8);
    train.push(sliceRows(S, 0, cut));
    held.push(sliceRows(S, cut, S.rows));
  }
  const frames = train.reduce((a, s) => a + s.rows, 0);
  let se = 0, n = 0;
  for (const s of held) for (let k = s.cols; k < s.data.length; k++) { se += (s.data[k] - s.data[k - s.cols]) ** 2; n++; }
  console.log(`${clips.length} clips, ${frames} training frames (hop ${hop}), 128 bands; model 128 → ${nHidden} hidden, ${nRecurrent} recurrent; ` +
    `backend ${backendName()}; ${cpus().length} cores; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`held-out persistence forecast ("next = this frame") MSE per unit: ${(se / n).toFixed(3)}`);
  const settings: [string, Partial<RNNRBMTrainOptions>][] = [
    [`defaults (batch ${D.batchSize} × ${D.chunkLength} frames, k ${D.k})`, {}],
    ['k 1', { k: 1 }],
    ['batch 16', { batchSize: 16 }],
    ['chunks of 50 frames', { chunkLength: 50 }],
  ];
  console.log('| setting | frames/s wall | frames/s CPU | updates/s wall | 20 epochs: wall s | 20 epochs: CPU s | held-out MSE after |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, opts] of settings) {
    const model = new RNNRBM({ nVisible: 128, nHidden, nRecurrent, visible: 'gaussian', seed: 1 });
    let updates = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const h = await model.fit(train, { ...opts, epochs, onBatch: () => { updates++; } });
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(cpu0);
    const cpu = (c.user + c.system) / 1e6;
    let e = 0, m = 0;
    for (const s of held) {
      const p = model.predictSequence(s);
      for (let k = s.cols; k < s.data.length; k++) { e += (p.data[k] - s.data[k]) ** 2; m++; }
    }
    const trainWall = h.epochs.reduce((a, x) => a + x.seconds, 0);
    console.log(`| ${name} | ${((frames * epochs) / wall).toFixed(0)} | ${((frames * epochs) / cpu).toFixed(0)} | ${(updates / wall).toFixed(1)} | ${((trainWall / epochs) * 20).toFixed(0)} | ${((cpu / epochs) * 20).toFixed(0)} | ${(e / m).toFixed(3)} |`);
  }
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
