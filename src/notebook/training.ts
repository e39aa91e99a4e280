/**
 * Live training views that update ONE output in place (Jupyter display_id): a progress bar and a
 * training monitor whose `onEpoch` plugs straight into `rbm.fit(data, { onEpoch })`.
 * Everything renders synchronously (hand-drawn SVG), so updates appear even while a synchronous
 * training loop holds the event loop between epochs.
 */
import { ParameterError } from '../errors';
import { escapeHtml } from './html';
import { newDisplayHandle } from './output';
import { sparklineSvg } from './sparkline';

/** A progress bar that redraws itself in place; see {@link progressBar}. */
export interface ProgressBar {
  /** Sets the number of completed steps (default: one more than before) and redraws. */
  update(done?: number, note?: string): void;
  /** Marks the bar complete and redraws. */
  done(note?: string): void;
}

function barHtml(label: string, done: number, total: number, note: string): string {
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : 100;
  return `<div class="rbm-progress" style="font:12px system-ui,sans-serif;margin:4px 0"><div>${escapeHtml(label)} ${done}/${total}` +
    `${note ? ` · ${escapeHtml(note)}` : ''}</div><div style="background:#eee;border-radius:3px;height:8px;width:360px;overflow:hidden">` +
    `<div style="background:#4c78a8;height:8px;width:${pct.toFixed(1)}%"></div></div></div>`;
}

function barText(label: string, done: number, total: number, note: string): string {
  const n = total > 0 ? Math.round((20 * Math.min(done, total)) / total) : 20;
  return `${label} [${'#'.repeat(n)}${'.'.repeat(20 - n)}] ${done}/${total}${note ? ` ${note}` : ''}`;
}

/**
 * Creates a progress bar output.
 *
 * @param total - number of steps (≥ 0).
 * @param label - text before the counter.
 * @throws {ParameterError} when `total` is not a non-negative integer.
 * @example
 * const bar = progressBar(clips.length, 'rendering');
 * for (const c of clips) { render(c); bar.update(); }
 * bar.done();
 */
export function progressBar(total: number, label = 'progress'): ProgressBar {
  if (!Number.isInteger(total) || total < 0) throw new ParameterError(`progressBar: total=${total} must be a non-negative integer`);
  const out = newDisplayHandle();
  let count = 0;
  const draw = (note: string) => out.show({ 'text/html': barHtml(label, count, total, note), 'text/plain': barText(label, count, total, note) });
  draw('');
  return {
    update(done?: number, note = '') { count = done ?? count + 1; draw(note); },
    done(note = 'done') { count = total; draw(note); },
  };
}

/**
 * Per-epoch numbers, as the RBM's `fit` reports them (`EpochMetrics`); any object whose numeric fields are
 * metrics is accepted (typed `object` so interfaces without an index signature fit too).
 */
export type EpochMetricsLike = object;
type Metrics = Record<string, unknown>;

/** Options of {@link trainingMonitor}. */
export interface TrainingMonitorOptions {
  /** Planned epochs, for the progress bar. Default: unknown (no bar). */
  epochs?: number;
  /** Which metric names to plot. Default: every numeric field except `epoch` and `seconds`. */
  metrics?: string[];
  /** Heading. Default 'Training'. */
  title?: string;
  /** Human names of metrics, merged over {@link METRIC_LABELS} (e.g. `{ trainF: 'mean F, training' }`). */
  labels?: Record<string, string>;
}

/**
 * What the curves of the monitor are called: the names `fit` reports, said in words (a learner reads
 * "mean hidden activation", not `hiddenSparsity`).
 */
export const METRIC_LABELS: Readonly<Record<string, string>> = Object.freeze({
  reconstructionError: 'reconstruction error (training)',
  validationReconstructionError: 'reconstruction error (held out)',
  freeEnergyGap: 'free-energy gap (held out − training)',
  hiddenSparsity: 'mean hidden activation',
  weightUpdateRatio: 'update / weight size',
  pseudoLogLikelihood: 'pseudo-log-likelihood',
  learningRate: 'learning rate',
  sigma: 'mean σ',
});

/** What {@link trainingMonitor} returns. */
export interface TrainingMonitor {
  /** Record one epoch's metrics and redraw; pass as `fit(data, { onEpoch: monitor.onEpoch })`. */
  onEpoch: (metrics: EpochMetricsLike) => void;
  /** Final redraw (marks the bar complete). */
  done: () => void;
  /** Every metrics object received, in order (copies). */
  history: Record<string, unknown>[];
}

/**
 * A live training view: progress bar, latest values and one small curve per metric, all in a single
 * output updated in place.
 *
 * @example
 * const monitor = trainingMonitor({ epochs: 20 });
 * await rbm.fit(X, { epochs: 20, onEpoch: monitor.onEpoch });
 * monitor.done();
 */
export function trainingMonitor(options: TrainingMonitorOptions = {}): TrainingMonitor {
  const out = newDisplayHandle();
  const history: Metrics[] = [];
  const title = options.title ?? 'Training';
  const label = (k: string) => options.labels?.[k] ?? METRIC_LABELS[k] ?? k;
  let finished = false;
  const names = () => options.metrics ?? [...new Set(history.flatMap((m) => Object.keys(m)))]
    .filter((k) => k !== 'epoch' && k !== 'seconds' && history.some((m) => typeof m[k] === 'number'));
  const draw = () => {
    const n = history.length, total = options.epochs ?? n, last = history[n - 1] ?? {};
    const seconds = history.reduce((s, m) => s + (typeof m.seconds === 'number' ? m.seconds : 0), 0);
    const note = `${finished ? 'done' : 'epoch ' + n}${seconds > 0 ? ` · ${seconds.toFixed(1)} s` : ''}`;
    const latest = names().map((k) => `${label(k)} = ${typeof last[k] === 'number' ? Number((last[k] as number).toPrecision(4)) : '–'}`);
    const curves = names().map((k) => sparklineSvg(history.map((m) => (typeof m[k] === 'number' ? (m[k] as number) : NaN)),
      { label: label(k), x: history.map((m, i) => (typeof m.epoch === 'number' ? m.epoch + 1 : i + 1)), xTitle: 'epoch', width: 240, height: 110 }));
    out.show({
      'text/html': `<div class="rbm-monitor" style="font:12px system-ui,sans-serif"><div style="font-weight:600;font-size:14px">${escapeHtml(title)}</div>` +
        `${barHtml('epoch', n, total, note)}<div style="color:#333">${escapeHtml(latest.join(' · '))}</div>` +
        `<div style="display:flex;flex-wrap:wrap;gap:8px">${curves.join('')}</div></div>`,
      'text/plain': `${barText(title, n, total, note)}\n${latest.join('  ')}`,
    });
  };
  return {
    history,
    onEpoch: (metrics) => { history.push({ ...(metrics as Metrics) }); draw(); },
    done: () => { finished = true; draw(); },
  };
}
