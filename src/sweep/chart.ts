/**
 * Charts of sweep results as plain vega-lite 5 spec objects (data inlined), so a notebook can render them with
 * the display helpers and a script can save them as JSON. Two views: the final metric against one
 * hyperparameter (coloured by another), and every trial's learning curve.
 */
import { ParameterError } from '../errors';
import type { TrialResult } from './results';
import type { VegaLiteSpec } from '../notebook/chart';

/** Options for {@link sweepChartSpec}. */
export interface SweepChartOptions {
  /** The metric's name for the y axis (default 'metric'). */
  metric?: string;
  /** Hyperparameter on the x axis (default: the first one that varies). */
  x?: string;
  /** Hyperparameter that colours the points (default: the second one that varies, if any). */
  color?: string;
  /** Log scale on x (default: true when x spans more than a factor of 20, as learning rates do). */
  logX?: boolean;
  /**
   * Scale of the metric (y) axis. Default 'linear' (not starting at zero, so small differences show). 'log' keeps
   * one exploding or diverging trial from flattening all the others; every metric must then be positive.
   */
  yScale?: 'linear' | 'log';
  title?: string;
}

/** The vega-lite scale of the metric axis for `yScale`. @throws ParameterError for another value. */
function metricScale(yScale: SweepChartOptions['yScale'], fn: string): Record<string, unknown> {
  if (yScale === undefined || yScale === 'linear') return { zero: false };
  if (yScale === 'log') return { type: 'log' };
  throw new ParameterError(`${fn}: yScale must be 'linear' or 'log', got '${String(yScale)}'`);
}

/**
 * A metric more than this many times the median trial's is "off the scale": drawn at the top edge of the
 * axis with its value written beside it, so one diverged trial (4e27) cannot flatten every other point.
 */
export const OFF_SCALE_FACTOR = 10;

/** Top of the metric axis when some values are off the scale (else undefined: let vega-lite choose). */
export function metricCeiling(values: number[]): number | undefined {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length < 2) return undefined;
  const median = Math.abs(finite[Math.floor((finite.length - 1) / 2)]);
  const inside = finite.filter((v) => Math.abs(v) <= OFF_SCALE_FACTOR * median);
  if (inside.length === finite.length && finite.length === values.length) return undefined;
  const top = Math.max(...inside);
  return top + 0.15 * Math.abs(top - Math.min(...inside) || top);
}

/** Flat rows (one per trial: hyperparameters, metric, status) for charts and tables. */
export function sweepRows(trials: TrialResult[]): Record<string, unknown>[] {
  return trials.map((t) => ({ trial: t.index, ...t.params, metric: Number.isFinite(t.metric) ? t.metric : null, status: t.status, epochs: t.epochs }));
}

/** The hyperparameters whose values differ between trials, in first-seen order. */
export function varyingParams(trials: TrialResult[]): string[] {
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  return keys.filter((k) => new Set(trials.map((t) => String(t.params[k]))).size > 1);
}

/**
 * Final metric against a hyperparameter: one point per trial, coloured by a second one, shaped by status
 * (completed / early-stopped / diverged).
 * @throws ParameterError when `yScale` is not 'linear' or 'log'.
 * @example display.vegaLite(sweepChartSpec(result.trials, { metric: 'reconstructionError', yScale: 'log' }))
 */
export function sweepChartSpec(trials: TrialResult[], opts: SweepChartOptions = {}): VegaLiteSpec {
  const varying = varyingParams(trials);
  const x = opts.x ?? varying[0] ?? 'trial';
  const color = opts.color ?? varying.find((k) => k !== x);
  const xs = trials.map((t) => Number(t.params[x])).filter((v) => Number.isFinite(v) && v > 0);
  const logX = opts.logX ?? (xs.length > 1 && Math.max(...xs) / Math.min(...xs) > 20);
  const numericX = xs.length === trials.length && x !== 'trial';
  const metric = opts.metric ?? 'metric';
  const yScale = metricScale(opts.yScale, 'sweepChartSpec');
  const ceiling = metricCeiling(trials.map((t) => t.metric));
  const rows = sweepRows(trials).map((r) => {
    const m = r.metric as number | null;
    const off = ceiling !== undefined && (m === null || m > ceiling);
    return { ...r, shown: off ? ceiling : m, offScale: off ? (m === null ? `${r.status} ↑` : `${m.toExponential(1)} ↑`) : '' };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: opts.title ?? `${metric} by ${x}`,
    width: 360,
    height: 240,
    data: { values: rows },
    layer: [
      { mark: { type: 'point', filled: true, size: 70 }, encoding: { shape: { field: 'status', type: 'nominal' } } },
      // Off-scale trials sit on the top edge; their real value is written beside them.
      { transform: [{ filter: "datum.offScale != ''" }], mark: { type: 'text', align: 'left', dx: 7, fontSize: 10 }, encoding: { text: { field: 'offScale' } } },
    ],
    encoding: {
      x: numericX
        ? { field: x, type: 'quantitative', scale: logX ? { type: 'log' } : { zero: false } }
        : { field: x, type: 'ordinal' },
      y: { field: 'shown', type: 'quantitative', title: ceiling === undefined ? metric : `${metric} (off-scale trials at the top edge)`,
        scale: ceiling === undefined ? yScale : { ...yScale, domainMax: ceiling } },
      ...(color ? { color: { field: color, type: 'nominal' } } : {}),
      tooltip: [{ field: 'trial' }, ...Object.keys(trials[0]?.params ?? {}).map((k) => ({ field: k })), { field: 'metric' }, { field: 'status' }],
    },
  };
}

/**
 * Every trial's learning curve (metric after each epoch), one line per trial; `yScale` as for {@link sweepChartSpec}.
 * @throws ParameterError when `yScale` is not 'linear' or 'log'.
 * @example display.vegaLite(sweepCurvesSpec(result.trials, { metric: 'reconstructionError', yScale: 'log' }))
 */
export function sweepCurvesSpec(trials: TrialResult[], opts: Pick<SweepChartOptions, 'metric' | 'title' | 'yScale'> = {}): VegaLiteSpec {
  const yScale = metricScale(opts.yScale, 'sweepCurvesSpec');
  const values = trials.flatMap((t) => t.curve.map((m, e) => ({ trial: t.index, epoch: e + 1, metric: Number.isFinite(m) ? m : null, status: t.status })));
  const metric = opts.metric ?? 'metric';
  // A diverging curve is cut at the top edge (clamped) instead of stretching the axis over decades.
  const ceiling = metricCeiling(trials.flatMap((t) => t.curve.filter((m) => Number.isFinite(m))));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: opts.title ?? `${metric} per epoch, one line per trial`,
    width: 360,
    height: 240,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'metric', type: 'quantitative', title: ceiling === undefined ? metric : `${metric} (clipped at the top edge)`,
        scale: ceiling === undefined ? yScale : { ...yScale, domainMax: ceiling, clamp: true } },
      color: { field: 'trial', type: 'nominal' },
      strokeDash: { field: 'status', type: 'nominal' },
    },
  };
}
