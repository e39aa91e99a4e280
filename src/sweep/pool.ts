/**
 * A tiny pool of `worker_threads` that runs sweep trials in parallel: all workers start at once, each receives
 * the training and validation matrices once (in SharedArrayBuffers, so N workers do not copy the data N times),
 * then trials one at a time, longest first (see schedule.ts), and posts each epoch's metric and the result back.
 */
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { RbmMusicError } from '../errors';
import type { Matrix } from '../types';
import type { TrialResult } from './results';
import type { TrialConfig } from './trial';
import type { TrialSpec } from './space';
import { longestFirst } from './schedule';

/** Messages a worker posts (`cpuSeconds`: the worker thread's CPU time so far, see cpuTime.ts). */
export type WorkerMessage =
  | { type: 'ready'; cpuSeconds: number }
  | { type: 'epoch'; id: string; epoch: number; value: number }
  | { type: 'result'; result: TrialResult; cpuSeconds: number };

/** A Matrix whose data lives in a SharedArrayBuffer (visible to every worker without copying). */
export function toShared(m: Matrix): Matrix {
  const data = new Float32Array(new SharedArrayBuffer(m.data.length * 4));
  data.set(m.data);
  return { rows: m.rows, cols: m.cols, data };
}

/**
 * Where a pool's time went, in seconds since {@link runPool} was called: when each worker was ready to train
 * (thread start, TypeScript loader, tfjs / onnxruntime load, engine init) and when it ran out of trials; and how
 * much CPU each worker thread used for each, so that a shared machine's share of the cores shows:
 * `(cpuSeconds[w] − readyCpuSeconds[w]) / (doneSeconds[w] − readySeconds[w])` is the fraction of a core worker w
 * had while training (1 on an otherwise idle machine). CPU figures are NaN where there is no /proc.
 */
export interface PoolTiming {
  /** Per worker: seconds from the call until the worker could take its first trial. */
  readySeconds: number[];
  /** Per worker: seconds from the call until it finished its last trial (the rest is idle time). */
  doneSeconds: number[];
  /** Per worker: CPU seconds its thread used to start up (until ready). */
  readyCpuSeconds: number[];
  /** Per worker: CPU seconds its thread used in all, start-up and trials. */
  cpuSeconds: number[];
}

/**
 * The parent's Node flags minus the ones that load tsx (`--import tsx`, `--require …/tsx/…`, as `node --import
 * tsx` and the `tsx` command add them). A worker inherits the parent's flags by default; with tsx's loader
 * active from the start, the worker would also run tfjs's 3 MB of plain JavaScript through it (measured: ~0.75 s
 * instead of ~0.2 s per worker). The shim registers tsx itself, after loading those packages plainly.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    const takesValue = /^(--import|--require|-r|--loader|--experimental-loader)$/.test(a);
    const value = takesValue ? execArgv[i + 1] ?? '' : a;
    if (/tsx/.test(value) && (takesValue || /^(--import|--require|-r|--loader|--experimental-loader)=/.test(a))) {
      if (takesValue) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * Starts a Worker with `options.execArgv`, leaving out the flags a Worker refuses: V8 and process-wide options such as
 * `--max-old-space-size=4096`, `--expose-gc` or `--stack-size` (Node throws ERR_WORKER_INVALID_EXEC_ARGV for them,
 * so a sweep run under `node --max-old-space-size=… ` failed at once). They apply to the whole process, workers
 * included, so nothing is lost by not repeating them.
 */
export function startWorker(file: string, options: ConstructorParameters<typeof Worker>[1] & { execArgv: string[] }): Worker {
  try {
    return new Worker(file, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
    // Node's message lists them: "Initiated Worker with invalid execArgv flags: --a, --b=1".
    const listed = /flags:\s*(.*)$/.exec((err as Error).message)?.[1] ?? '';
    const refused = new Set(listed.split(',').map((f) => f.trim()));
    return new Worker(file, { ...options, execArgv: options.execArgv.filter((a) => !refused.has(a)) });
  }
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

/** Runs `trials` on `opts.workers` threads, longest first; resolves when all have reported, with the timing. */
export async function runPool(trials: TrialSpec[], opts: PoolOptions): Promise<PoolTiming> {
  const t0 = performance.now();
  const since = (): number => (performance.now() - t0) / 1000;
  const queue = longestFirst(trials, opts.config.base);
  const shared = { train: toShared(opts.train), validation: toShared(opts.validation) };
  const n = Math.max(1, Math.min(opts.workers, trials.length));
  const shim = path.join(__dirname, 'workerShim.mjs');
  const timing: PoolTiming = { readySeconds: [], doneSeconds: [], readyCpuSeconds: [], cpuSeconds: [] };
  const execArgv = workerExecArgv();
  const runOne = (w: number): Promise<void> => new Promise((resolve, reject) => {
    const worker = startWorker(shim, {
      execArgv,
      workerData: { ...shared, config: opts.config, backend: opts.backend },
      // One engine thread per worker, whatever the worker count: N workers share N cores instead of
      // oversubscribing them, and a trial's numbers do not depend on how many workers ran the sweep (onnx sums in
      // a different order with 2 threads, so the last bits of the metrics would change). wasm is single-threaded
      // anyway. An RBM_ONNX_THREADS the user set is respected.
      env: { ...process.env, RBM_ONNX_THREADS: process.env.RBM_ONNX_THREADS ?? '1' },
    });
    let current: TrialSpec | undefined;
    let finished = false;
    const next = (): void => {
      current = queue.shift();
      if (!current) {
        finished = true;
        timing.doneSeconds[w] = since();
        void worker.terminate().then(() => resolve());
        return;
      }
      worker.postMessage({ type: 'trial', spec: current, bestCurve: opts.bestCurve() });
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        timing.readySeconds[w] = since();
        timing.readyCpuSeconds[w] = timing.cpuSeconds[w] = m.cpuSeconds;
        next();
      }
      else if (m.type === 'epoch') opts.onEpoch?.(m.id, m.epoch, m.value);
      else if (m.type === 'result') {
        timing.cpuSeconds[w] = m.cpuSeconds;
        opts.onResult(m.result);
        next();
      }
    });
    worker.on('error', (err) => reject(new RbmMusicError(`sweep worker crashed while running trial ${current?.index ?? '?'}: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => {
      if (!finished) reject(new RbmMusicError(`sweep worker exited with code ${code} during trial ${current?.index ?? "?"}`));
    });
  });
  await Promise.all(Array.from({ length: n }, (_, w) => runOne(w)));
  return timing;
}
