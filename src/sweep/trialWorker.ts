/**
 * The body of a sweep worker thread (loaded through workerShim.js): initialise the RBM backend once, then run
 * each trial the main thread sends and post its per-epoch metric and result back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '../rbm';
import type { Matrix } from '../types';
import type { TrialSpec } from './space';
import { runTrial, type TrialConfig } from './trial';
import { threadCpuSeconds } from './cpuTime';

const { train, validation, config, backend } = workerData as { train: Matrix; validation: Matrix; config: TrialConfig; backend: BackendName };
const port = parentPort!;

async function main(): Promise<void> {
  await initBackend({ backend, log: () => {} });
  port.on('message', async (m: { type: 'trial'; spec: TrialSpec; bestCurve?: number[] }) => {
    const result = await runTrial(m.spec, train, validation, config, m.bestCurve,
      (epoch, value) => port.postMessage({ type: 'epoch', id: m.spec.id, epoch, value }));
    port.postMessage({ type: 'result', result, cpuSeconds: threadCpuSeconds() });
  });
  port.postMessage({ type: 'ready', cpuSeconds: threadCpuSeconds() });
}

void main();
