/**
 * Temperature schedules for Gibbs sampling. Sampling at temperature T divides the energy by T: T > 1 flattens
 * the distribution (the chain moves between modes more freely), T < 1 sharpens it (cleaner, more repetitive
 * output). Annealing starts hot and cools, the classic way to let a chain escape its starting point before
 * it settles (Kirkpatrick et al. 1983; used for RBMs by Salakhutdinov 2009 and in AIS).
 */
import { ParameterError } from '../errors';

/** A geometric cooling schedule: temperature goes from `from` to `to` over `steps` Gibbs steps, then stays at `to`. */
export interface AnnealingSchedule {
  /** Starting temperature (e.g. 2). Must be > 0. */
  from: number;
  /** Final temperature (e.g. 1). Must be > 0. */
  to: number;
  /** Number of Gibbs steps over which to cool (e.g. the burn-in length). */
  steps: number;
}

/**
 * Highest temperature accepted: 1000 already makes every binary unit a fair coin to within 0.1 % for the
 * energies of trained models; far beyond it (1e300) Gaussian samples overflow float32 and generation failed
 * with "X contains a non-finite value" instead of naming the temperature.
 */
export const MAX_TEMPERATURE = 1000;

/** Throws a {@link ParameterError} naming `name` unless `t` is a usable temperature (finite, > 0, ≤ {@link MAX_TEMPERATURE}). */
export function checkTemperature(t: number, name = 'temperature'): void {
  if (!(t > 0) || !(t <= MAX_TEMPERATURE)) throw new ParameterError(`${name} must be a number > 0 and ≤ ${MAX_TEMPERATURE}, got ${t}`);
}

/** Validates a schedule, naming the bad field. */
export function checkAnnealing(a: AnnealingSchedule): void {
  checkTemperature(a.from, 'annealing.from');
  checkTemperature(a.to, 'annealing.to');
  if (!Number.isInteger(a.steps) || a.steps < 0) {
    throw new ParameterError(`annealing.steps must be an integer >= 0, got ${a.steps}`);
  }
}

/**
 * The temperature at Gibbs step `step` (0-based): geometric interpolation `from·(to/from)^(step/steps)`,
 * because equal ratios between neighbouring temperatures is what keeps successive distributions equally
 * close (the same reason AIS spaces its betas geometrically).
 *
 * @example temperatureAt(0, { from: 2, to: 1, steps: 10 }) // 2; at step >= 10 it is 1
 */
export function temperatureAt(step: number, a: AnnealingSchedule): number {
  if (a.steps <= 0 || step >= a.steps) return a.to;
  return a.from * Math.pow(a.to / a.from, step / a.steps);
}
