/**
 * Trial order for the worker pool: longest first. A sweep's trials differ a lot in cost (a 256-hidden-unit
 * trial does twice the matrix work of a 128 one), and a pool that hands them out in grid order can end with one
 * worker running the last big trial alone while the other core idles. Handing out the most expensive trials
 * first (Graham's LPT rule, 1969: makespan within 4/3 of optimal) keeps both cores busy to the end.
 * Only the order of execution changes: every trial keeps its own seed, so its result is the same.
 */
import type { HyperValue, TrialSpec } from './space';

/**
 * Relative cost of one trial: epochs × nHidden × (k + 1). One CD-k step is about 2k + 2 matrix products of
 * size batch × nVisible × nHidden (up pass, k down-and-up passes, gradient), and nVisible is the same for
 * every trial of a sweep. Defaults follow `RBM`/`fit()` (64 hidden units, k = 1) and the sweep's `base`.
 */
export function trialCost(spec: TrialSpec, base: Record<string, HyperValue | boolean>): number {
  const all = { ...base, ...spec.params };
  const num = (v: unknown, fallback: number): number => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : fallback);
  return num(all.epochs, 10) * num(all.nHidden, 64) * (num(all.k, 1) + 1);
}

/** `trials` sorted by {@link trialCost}, most expensive first; ties keep sweep order (stable sort). */
export function longestFirst(trials: TrialSpec[], base: Record<string, HyperValue | boolean>): TrialSpec[] {
  return [...trials].sort((a, b) => trialCost(b, base) - trialCost(a, base));
}
