/**
 * Sweep results on disk: one JSON file (the source of truth, read back to resume) and a CSV twin for
 * spreadsheets, both written atomically after every finished trial, so an interrupted sweep loses at most the
 * trials that were running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ModelFormatError } from '../errors';
import { atomicWriteFileSync } from '../util/atomicWrite';
import type { HyperValue } from './space';

/** How a trial ended: ran all epochs, was stopped as hopeless, produced NaN/Inf, or threw. */
export type TrialStatus = 'completed' | 'early-stopped' | 'diverged' | 'failed';

/** One finished trial. */
export interface TrialResult {
  index: number;
  id: string;
  seed: number;
  params: Record<string, HyperValue>;
  status: TrialStatus;
  /** The sweep metric on the validation data after the last epoch run (NaN when diverged/failed). */
  metric: number;
  /** The metric after each epoch (the learning curve the chart draws). */
  curve: number[];
  epochs: number;
  seconds: number;
  /** Why the trial was stopped or failed (one line), when it was. */
  reason?: string;
}

/** The JSON results file. */
export interface SweepFile {
  version: 1;
  metric: string;
  /** 'min' when lower is better (reconstruction error), 'max' when higher is better (log-likelihood). */
  direction: 'min' | 'max';
  trials: TrialResult[];
}

/** Reads a results file written by {@link writeSweepFiles}; a missing file gives an empty list. */
export function readSweepFile(path: string): TrialResult[] {
  if (!existsSync(path)) return [];
  let parsed: SweepFile;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ModelFormatError(`${path} is not a readable sweep results file (invalid JSON: ${(err as Error).message})`);
  }
  if (!parsed || parsed.version !== 1 || !Array.isArray(parsed.trials)) {
    throw new ModelFormatError(`${path} is not a version-1 sweep results file (expected { version: 1, trials: [...] })`);
  }
  // Each trial is checked before use: a hand-edited or damaged entry (no `curve`, a null trial) must be a
  // message naming the file and the trial, not "internal error: Cannot read properties of undefined".
  return parsed.trials.map((t, i) => {
    const bad = (what: string): never => {
      throw new ModelFormatError(`${path}: trial ${i} of the sweep results file ${what}; fix or delete the file (or run without --resume, with --force)`);
    };
    if (!t || typeof t !== 'object') bad(`is ${JSON.stringify(t)}, not an object`);
    if (typeof t.id !== 'string') bad('has no "id" string');
    if (!Number.isInteger(t.index)) bad('has no integer "index"');
    if (!Array.isArray(t.curve) || !t.curve.every((x) => x === null || typeof x === 'number')) bad('has no "curve" list of numbers');
    if (!t.params || typeof t.params !== 'object') bad('has no "params" object');
    if (typeof t.status !== 'string') bad('has no "status"');
    // JSON has no NaN: it was written as null.
    return { ...t, metric: t.metric ?? NaN, curve: t.curve.map((x) => x ?? NaN), seconds: Number(t.seconds) || 0 };
  });
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The results as CSV text: one row per trial, one column per hyperparameter, sorted by index. */
export function sweepCsv(trials: TrialResult[], metric: string): string {
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const header = ['index', 'id', 'seed', ...keys, metric, 'status', 'epochs', 'seconds', 'reason'];
  const rows = [...trials].sort((a, b) => a.index - b.index).map((t) =>
    [t.index, t.id, t.seed, ...keys.map((k) => t.params[k]), t.metric, t.status, t.epochs, t.seconds.toFixed(2), t.reason]
      .map(csvCell).join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

/** The CSV path that goes with a JSON results path (`x.json` → `x.csv`). */
export function csvPathFor(jsonPath: string): string {
  return jsonPath.replace(/\.json$/i, '') + '.csv';
}

/** Writes `<out>` (JSON) and its `.csv` twin atomically, replacing earlier versions of the same sweep. */
export function writeSweepFiles(out: string, file: SweepFile): void {
  const sorted = { ...file, trials: [...file.trials].sort((a, b) => a.index - b.index) };
  atomicWriteFileSync(out, JSON.stringify(sorted, null, 1) + '\n', { force: true });
  atomicWriteFileSync(csvPathFor(out), sweepCsv(sorted.trials, file.metric), { force: true });
}
