/**
 * One sweep trial: build an RBM from the trial's hyperparameters, train it on the sweep's training data while
 * watching the chosen validation metric after every epoch, and stop early when the trial is hopeless.
 * Runs identically inside a worker thread or in the main thread (`workers: 0`).
 */
import { DivergenceError } from '../errors';
import type { Matrix } from '../types';
import { RBM } from '../rbm';
import type { TrialResult } from './results';
import type { HyperValue, TrialSpec } from './space';

/** When to give up on a trial. */
export interface EarlyStopRule {
  /** Judge a trial only after this many epochs (learning curves cross early on). Default 3. */
  afterEpochs?: number;
  /**
   * Stop when the metric is worse than the best finished trial's metric at the same epoch by more than this
   * fraction of its magnitude. Default 0.5 (50 % worse).
   */
  margin?: number;
}

/** Settings shared by every trial of a sweep (sent once to each worker). */
export interface TrialConfig {
  /** Key of the per-epoch metrics that `fit()` reports (e.g. 'validationReconstructionError', 'freeEnergyGap'). */
  metric: string;
  direction: 'min' | 'max';
  /** Options common to every trial (epochs, batchSize, …); a trial's own hyperparameters override them. */
  base: Record<string, HyperValue | boolean>;
  earlyStop: EarlyStopRule | false;
}

/** Hyperparameters that shape the model rather than its training. */
const MODEL_KEYS = new Set(['nHidden', 'visible']);

/**
 * Short sweep names → `fit()` option names: `momentum` sets the final momentum (the initial one stays at the
 * guide's 0.5, or the momentum itself when smaller); `sparsity` is the sparsity target.
 */
export function toTrainOptions(all: Record<string, HyperValue | boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if (MODEL_KEYS.has(k)) continue;
    if (k === 'momentum') {
      out.finalMomentum = v;
      out.initialMomentum = Math.min(0.5, Number(v));
    } else if (k === 'sparsity') out.sparsityTarget = v;
    else out[k] = v;
  }
  return out;
}

/** Whether `value` is worse than `best` by more than `margin` of |best|. */
export function isHopeless(value: number, best: number, margin: number, direction: 'min' | 'max'): boolean {
  const slack = margin * Math.max(Math.abs(best), 1e-12);
  return direction === 'min' ? value > best + slack : value < best - slack;
}

/**
 * Trains one trial. Never throws for a bad trial: divergence and errors become a result with that status,
 * so one bad learning rate cannot end a sweep.
 */
export async function runTrial(spec: TrialSpec, train: Matrix, validation: Matrix, config: TrialConfig,
  bestCurve: number[] | undefined, onEpoch?: (epoch: number, value: number) => void): Promise<TrialResult> {
  const start = performance.now();
  const all: Record<string, HyperValue | boolean> = { ...config.base, ...spec.params };
  const curve: number[] = [];
  const rule = config.earlyStop === false ? undefined : { afterEpochs: 3, margin: 0.5, ...config.earlyStop };
  let status: TrialResult['status'] = 'completed';
  let reason: string | undefined;
  const finish = (): TrialResult => ({
    index: spec.index, id: spec.id, seed: spec.seed, params: spec.params, status,
    metric: curve.length ? curve[curve.length - 1] : NaN, curve, epochs: curve.length,
    seconds: (performance.now() - start) / 1000, ...(reason ? { reason } : {}),
  });
  const trainOpts = toTrainOptions(all);
  try {
    const rbm = new RBM({
      nVisible: train.cols,
      nHidden: Number(all.nHidden ?? 64),
      visible: (all.visible as 'bernoulli' | 'gaussian') ?? 'gaussian',
      seed: spec.seed,
    });
    await rbm.fit(train, {
      ...trainOpts,
      seed: spec.seed,
      validation,
      // Judged after each epoch; returning true ends fit() cleanly (stopReason 'stopHook').
      shouldStop: (m: Record<string, number | undefined>) => {
        if (m[config.metric] === undefined) {
          status = 'failed';
          reason = `metric '${config.metric}' is not reported by fit(); available: ${Object.keys(m).join(', ')}`;
          return true;
        }
        const value = Number(m[config.metric]);
        curve.push(value);
        onEpoch?.(m.epoch ?? curve.length - 1, value);
        if (!Number.isFinite(value)) {
          status = 'diverged';
          reason = `${config.metric} became ${value} at epoch ${curve.length}`;
          return true;
        }
        const e = curve.length - 1;
        if (rule && curve.length >= rule.afterEpochs && bestCurve && e < bestCurve.length
          && isHopeless(value, bestCurve[e], rule.margin, config.direction)) {
          status = 'early-stopped';
          reason = `${config.metric} ${value.toPrecision(4)} at epoch ${e + 1} is worse than the best trial's ${bestCurve[e].toPrecision(4)} by more than ${rule.margin * 100}%`;
          return true;
        }
        return false;
      },
    } as any);
  } catch (err) {
    if (err instanceof DivergenceError) {
      status = 'diverged';
      reason = err.message.split('\n')[0];
    } else if (status === 'completed') {
      status = 'failed';
      reason = (err as Error).message.split('\n')[0];
    }
  }
  return finish();
}
