/**
 * A tiny pool of `worker_threads` that runs sweep trials in parallel: each worker receives the training and
 * validation matrices once (in SharedArrayBuffers, so N workers do not copy the data N times), then trials one
 * at a time, and posts each epoch's metric and the final result back.
 */
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import * as os from 'node:os';
import { RbmMusicError } from '../errors';
import type { Matrix } from '../types';
import type { TrialResult } from './results';
import type { TrialConfig } from './trial';
import type { TrialSpec } from './space';

/** Messages a worker posts. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'epoch'; id: string; epoch: number; value: number }
  | { type: 'result'; result: TrialResult };

/** A Matrix whose data lives in a SharedArrayBuffer (visible to every worker without copying). */
export function toShared(m: Matrix): Matrix {
  const data = new Float32Array(new SharedArrayBuffer(m.data.length * 4));
  data.set(m.data);
  return { rows: m.rows, cols: m.cols, data };
}

/** Options for {@link runPool}. */
export interface PoolOptions {
  workers: number;
  train: Matrix;
  validation: Matrix;
  config: TrialConfig;
  /** Best finished learning curve so far, sent with each new trial for early stopping. */
  bestCurve: () => number[] | undefined;
  onResult: (r: TrialResult) => void;
  onEpoch?: (id: string, epoch: number, value: number) => void;
  /** RBM engine each worker initialises (see SweepOptions.workerBackend). */
  backend: string;
}

/** Runs `trials` on `opts.workers` threads; resolves when all have reported. */
export async function runPool(trials: TrialSpec[], opts: PoolOptions): Promise<void> {
  const queue = [...trials];
  const shared = { train: toShared(opts.train), validation: toShared(opts.validation) };
  const n = Math.max(1, Math.min(opts.workers, trials.length));
  const shim = path.join(__dirname, 'workerShim.mjs');
  const runOne = (): Promise<void> => new Promise((resolve, reject) => {
    const worker = new Worker(shim, {
      workerData: { ...shared, config: opts.config, backend: opts.backend },
      // One engine thread per worker, so N workers share N cores instead of oversubscribing them (read by the
      // onnx engine when it supports RBM_ONNX_THREADS; wasm is single-threaded anyway).
      env: { ...process.env, RBM_ONNX_THREADS: String(n > 1 ? 1 : Math.max(1, os.availableParallelism())) },
    });
    let current: TrialSpec | undefined;
    let finished = false;
    const next = (): void => {
      current = queue.shift();
      if (!current) {
        finished = true;
        void worker.terminate().then(() => resolve());
        return;
      }
      worker.postMessage({ type: 'trial', spec: current, bestCurve: opts.bestCurve() });
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') next();
      else if (m.type === 'epoch') opts.onEpoch?.(m.id, m.epoch, m.value);
      else if (m.type === 'result') {
        opts.onResult(m.result);
        next();
      }
    });
    worker.on('error', (err) => reject(new RbmMusicError(`sweep worker crashed while running trial ${current?.index ?? '?'}: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => {
      if (!finished) reject(new RbmMusicError(`sweep worker exited with code ${code} during trial ${current?.index ?? "?"}`));
    });
  });
  await Promise.all(Array.from({ length: n }, runOne));
}
