/**
 * Hyperparameter sweeps: a grid or random draws over RBM settings (learning rate, hidden units, k, momentum,
 * weight decay, sparsity, visible type), trials run in parallel on worker threads, each seeded, results saved
 * after every trial (resumable), hopeless trials stopped early.
 */
import * as os from 'node:os';
import { ParameterError } from '../errors';
import { onnxAvailable, type BackendName } from '../rbm';
import type { Matrix } from '../types';
import { assertMatrix } from '../util/matrix';
import { type PoolTiming, runPool } from './pool';
import { readSweepFile, writeSweepFiles, type TrialResult } from './results';
import { type Distribution, drawRandom, expandGrid, type HyperValue, makeTrials } from './space';
import { type EarlyStopRule, runTrial, type TrialConfig } from './trial';

/** Defaults for {@link sweep}; each says why. */
export const DEFAULT_SWEEP_OPTIONS = {
  /** Held-out reconstruction error: cheap, reported by `fit()` every epoch, comparable across trials. */
  metric: 'validationReconstructionError',
  seed: 0,
  /** One trial per core: each trial's engine is single-threaded in a worker. */
  workers: os.cpus().length,
  /** Judge after 3 epochs; stop at 50 % worse than the best finished trial at the same epoch. */
  earlyStop: { afterEpochs: 3, margin: 0.5 } as EarlyStopRule | false,
  /** Options every trial shares unless the search space overrides them (small: sweeps are for many quick runs). */
  base: { epochs: 10, batchSize: 64 } as Record<string, HyperValue | boolean>,
};

/** Options for {@link sweep}. Give exactly one of `grid` and `random`. */
export interface SweepOptions {
  /** Every combination, e.g. `{ learningRate: [0.001, 0.01], nHidden: [64, 128] }`. */
  grid?: Record<string, HyperValue[]>;
  /** `n` random draws, e.g. `{ n: 8, space: { learningRate: { min: 1e-4, max: 1e-1, log: true }, k: [1, 3] } }`. */
  random?: { n: number; space: Record<string, Distribution> };
  /** Training data (examples × features). */
  train: Matrix;
  /** Held-out data the metric is measured on (same columns as `train`). */
  validation: Matrix;
  base?: Record<string, HyperValue | boolean>;
  /** A key of the per-epoch metrics of `fit()`. */
  metric?: string;
  /** 'min' or 'max'; default: 'max' for metrics named like a likelihood, else 'min'. */
  direction?: 'min' | 'max';
  seed?: number;
  /** Worker threads (default: number of cores). 0 runs trials one by one in this thread (handy for debugging). */
  workers?: number;
  /** Results JSON path (a CSV twin is written beside it). Existing results there are resumed from. */
  out?: string;
  /** Read finished trials from this file (default: `out`) and skip them. */
  resumeFrom?: string;
  earlyStop?: EarlyStopRule | false;
  /**
   * RBM engine inside worker threads. Default: 'onnx' when onnxruntime-node is installed, otherwise 'wasm'
   * (single-threaded). Every worker runs its engine on one thread (RBM_ONNX_THREADS=1 unless you set it), so N
   * workers share N cores and a trial's metrics do not depend on the worker count. Measured speedups of 2
   * workers over 1 on 2 cores are printed by bench/sweep.bench.ts (`npm run bench -- sweep`).
   */
  workerBackend?: BackendName;
  /** Called after each finished trial (including resumed ones, with `resumed: true`). */
  onTrial?: (r: TrialResult, done: number, total: number, resumed: boolean) => void;
  onEpoch?: (trialId: string, epoch: number, value: number) => void;
}

/** What {@link sweep} resolves to. */
export interface SweepResult {
  metric: string;
  direction: 'min' | 'max';
  /** Every trial, in sweep order. */
  trials: TrialResult[];
  /** The best completed trial (undefined when none completed). */
  best?: TrialResult;
  /**
   * Where the time went, for judging the parallel speedup: `seconds` is the whole call; with worker threads,
   * `readySeconds`/`doneSeconds` say per worker when it was ready to train (start-up) and when it ran out of
   * trials (the rest is idle time), `readyCpuSeconds`/`cpuSeconds` how much CPU its thread used by then (see
   * PoolTiming: on a busy machine a worker gets less than a whole core). Each trial's own training time is its
   * `seconds`.
   */
  timing: { seconds: number } & Partial<PoolTiming>;
}

/** The better of two metric values under `direction`, treating NaN as worst. */
function better(a: number, b: number, direction: 'min' | 'max'): boolean {
  if (!Number.isFinite(b)) return Number.isFinite(a);
  return direction === 'min' ? a < b : a > b;
}

/**
 * Runs a hyperparameter sweep.
 *
 * @returns every trial's result and the best one.
 * @throws {ParameterError} for a missing/ambiguous search space or mismatched data.
 * @example
 * const r = await sweep({ grid: { learningRate: [0.001, 0.01], nHidden: [32, 64] }, train, validation, out: 'sweeps/lr.json' });
 * console.log(r.best?.params, r.best?.metric);
 */
export async function sweep(opts: SweepOptions): Promise<SweepResult> {
  const t0 = performance.now();
  const o = { ...DEFAULT_SWEEP_OPTIONS, ...opts, base: { ...DEFAULT_SWEEP_OPTIONS.base, ...(opts.base ?? {}) } };
  if (!!o.grid === !!o.random) throw new ParameterError('sweep needs exactly one of grid or random (got ' + (o.grid ? 'both' : 'neither') + ')');
  assertMatrix(o.train, 'train', { minRows: 2 });
  assertMatrix(o.validation, 'validation', { cols: o.train.cols, minRows: 1 });
  if (!Number.isInteger(o.workers) || o.workers < 0) throw new ParameterError(`workers must be an integer >= 0, got ${o.workers}`);
  const direction = o.direction ?? (/likelihood|loglik|ll$/i.test(o.metric) ? 'max' : 'min');
  const configs = o.grid ? expandGrid(o.grid) : drawRandom(o.random!.space, o.random!.n, o.seed);
  const trials = makeTrials(configs, o.seed);
  const previous = new Map((o.resumeFrom ?? o.out ? readSweepFile((o.resumeFrom ?? o.out)!) : []).map((t) => [t.id, t]));
  const results: TrialResult[] = [];
  let bestCurve: number[] | undefined;
  let best: TrialResult | undefined;
  const config: TrialConfig = { metric: o.metric, direction, base: o.base, earlyStop: o.earlyStop };
  const record = (r: TrialResult, resumed: boolean): void => {
    results.push(r);
    if (r.status === 'completed' && (!best || better(r.metric, best.metric, direction))) {
      best = r;
      bestCurve = r.curve;
    }
    if (o.out && !resumed) writeSweepFiles(o.out, { version: 1, metric: o.metric, direction, trials: results });
    o.onTrial?.(r, results.length, trials.length, resumed);
  };
  let poolTiming: PoolTiming | undefined;
  const todo = trials.filter((t) => {
    const old = previous.get(t.id);
    if (old) record(old, true);
    return !old;
  });
  if (o.workers === 0) {
    for (const t of todo) record(await runTrial(t, o.train, o.validation, config, bestCurve, (e, v) => o.onEpoch?.(t.id, e, v)), false);
  } else if (todo.length) {
    poolTiming = await runPool(todo, {
      workers: o.workers, train: o.train, validation: o.validation, config, backend: o.workerBackend ?? (onnxAvailable() ? 'onnx' : 'wasm'),
      bestCurve: () => bestCurve, onResult: (r) => record(r, false), onEpoch: o.onEpoch,
    });
  }
  if (o.out && todo.length === 0 && results.length) writeSweepFiles(o.out, { version: 1, metric: o.metric, direction, trials: results });
  results.sort((a, b) => a.index - b.index);
  return { metric: o.metric, direction, trials: results, best, timing: { seconds: (performance.now() - t0) / 1000, ...poolTiming } };
}
