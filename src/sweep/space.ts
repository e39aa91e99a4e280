/**
 * Search spaces for hyperparameter sweeps: a full grid (every combination) or random draws from
 * per-parameter distributions (Bergstra & Bengio 2012: random search finds good settings with far fewer
 * trials than a grid when only a few hyperparameters matter). Each trial gets a stable id and its own seed,
 * so a sweep can be resumed and any trial re-run alone.
 */
import { ParameterError } from '../errors';
import { Random } from '../util/random';

/** A hyperparameter value: a number (learningRate, nHidden, k, …) or a name (visible type). */
export type HyperValue = number | string;

/** A random-search distribution: a list to choose from, or a numeric range (log-uniform when `log`). */
export type Distribution =
  | HyperValue[]
  | { min: number; max: number; log?: boolean; integer?: boolean };

/** One trial of a sweep: its index in the sweep's order, a stable id, its own seed and its hyperparameters. */
export interface TrialSpec {
  index: number;
  /** Stable id from the hyperparameters and seed: the key that makes a sweep resumable. */
  id: string;
  seed: number;
  params: Record<string, HyperValue>;
}

/** Every combination of a grid, in lexicographic order of the keys as given (last key varies fastest). */
export function expandGrid(grid: Record<string, HyperValue[]>): Record<string, HyperValue>[] {
  let combos: Record<string, HyperValue>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new ParameterError(`grid.${key} must be a non-empty array of values, got ${JSON.stringify(values)}`);
    }
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

/** One draw from a distribution. */
export function drawValue(d: Distribution, rng: Random, name: string): HyperValue {
  if (Array.isArray(d)) {
    if (d.length === 0) throw new ParameterError(`random.space.${name} is an empty list; give at least one value`);
    return d[rng.int(d.length)];
  }
  const { min, max } = d;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max) || (d.log && min <= 0)) {
    throw new ParameterError(`random.space.${name} must have finite min <= max${d.log ? ' and min > 0 for log' : ''}, got ${JSON.stringify(d)}`);
  }
  const u = rng.next();
  const x = d.log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
  if (d.integer) return Math.min(max, Math.round(x));
  // Round to 4 significant digits: readable tables, and ids stay stable across platforms.
  return Number(x.toPrecision(4));
}

/** `n` random configurations from `space`, reproducible from `seed`. */
export function drawRandom(space: Record<string, Distribution>, n: number, seed: number): Record<string, HyperValue>[] {
  if (!Number.isInteger(n) || n < 1) throw new ParameterError(`random.n must be an integer >= 1, got ${n}`);
  const rng = new Random(seed);
  return Array.from({ length: n }, () => {
    const out: Record<string, HyperValue> = {};
    for (const [k, d] of Object.entries(space)) out[k] = drawValue(d, rng, k);
    return out;
  });
}

/** FNV-1a hash of a string, as 8 hex digits (stable trial ids without a crypto dependency). */
export function hashString(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Canonical JSON (sorted keys) so the same hyperparameters always give the same id. */
export function canonicalJson(o: Record<string, HyperValue>): string {
  return JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/**
 * Turns configurations into trials. Trial i's seed is derived from the sweep seed and i, so a resumed sweep
 * gives every trial the seed it would have had in one uninterrupted run.
 */
export function makeTrials(configs: Record<string, HyperValue>[], seed: number): TrialSpec[] {
  const rng = new Random(seed);
  return configs.map((params, index) => {
    const trialSeed = rng.nextUint32();
    return { index, seed: trialSeed, params, id: hashString(`${canonicalJson(params)}|${trialSeed}`) };
  });
}
