/**
 * `rbm-music sweep`: a hyperparameter sweep on the bundled data set's features (or a folder's), trials in
 * parallel on worker threads, results to JSON + CSV + a vega-lite chart spec; resumable.
 */
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { Command, Option } from 'commander';
import { FileExistsError, ParameterError, RbmMusicError } from '../../errors';
import { DATASET_NAMES } from '../../data';
import { DEFAULT_FEATURE_CONFIG, FeaturePipeline } from '../../features';
import { checkMemory, rbmTrainingBytes } from '../../util/memoryBudget';
import { concatRows } from '../../util/matrix';
import { Random } from '../../util/random';
import { atomicWriteFileSync } from '../../util/atomicWrite';
import { csvPathFor, sweep, sweepChartSpec, type Distribution, type HyperValue } from '../../sweep';
import { toTrainOptions } from '../../sweep/trial';
import { DEFAULT_TRAIN_OPTIONS, RBM, type VisibleType } from '../../rbm';
import { resolveTrainOptions } from '../../rbm/training/trainOptions';
import type { Matrix } from '../../types';
import { createProgress } from '../progress';
import { outputFileFlag } from '../outputPath';
import { nonNegativeInt, positiveInt, positiveNumber } from '../parse';
import { loadTrainingClips } from './train';

/** The CLI's default grid: learning rate × hidden units, 4 quick trials. */
export const DEFAULT_CLI_GRID = 'learningRate=0.001,0.005;nHidden=64,128';

function parseValue(s: string): HyperValue {
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) ? n : s.trim();
}

/** Per-epoch metrics fit() reports with validation data, i.e. what `--metric` may name. */
export const SWEEP_METRICS = ['validationReconstructionError', 'reconstructionError', 'freeEnergyGap', 'weightUpdateRatio', 'hiddenSparsity'];

/** Names a sweep may vary: every fit() option, plus the model's shape and the short names of src/sweep/trial.ts. */
const SWEEPABLE = [...Object.keys(DEFAULT_TRAIN_OPTIONS), 'nHidden', 'visible', 'momentum', 'sparsity'];

/**
 * Checks one hyperparameter value as RBM and fit() will, so a typo fails before any audio is loaded instead of
 * every trial failing one by one (and the sweep exiting 0).
 * @throws ParameterError naming the flag, the name=value and what is valid.
 */
export function checkHyperValue(flag: string, name: string, value: HyperValue): void {
  if (!SWEEPABLE.includes(name)) throw new ParameterError(`${flag}: "${name}" is not a hyperparameter; valid names: ${SWEEPABLE.join(', ')}`);
  try {
    // Against the real feature count (the sweep's pipeline uses the default nMels), before the RBM below allocates.
    if (name === 'nHidden' && typeof value === 'number') {
      checkMemory(rbmTrainingBytes(DEFAULT_FEATURE_CONFIG.nMels, value), `an RBM with ${DEFAULT_FEATURE_CONFIG.nMels} visible and ${value} hidden units`, { hint: 'use fewer hidden units' });
    }
    const visible = (name === 'visible' ? value : 'gaussian') as VisibleType;
    new RBM({ nVisible: 1, nHidden: name === 'nHidden' ? (value as number) : 1, visible });
    resolveTrainOptions(toTrainOptions({ [name]: value }) as never, visible);
  } catch (err) {
    if (err instanceof ParameterError) throw new ParameterError(`${flag} ${name}=${value}: ${err.message}`);
    throw err;
  }
}

/** Parses `name=v1,v2;name2=v3` into a grid. @throws ParameterError naming the bad part. */
export function parseGrid(spec: string): Record<string, HyperValue[]> {
  const grid: Record<string, HyperValue[]> = {};
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]\w*)=(.+)$/.exec(part);
    if (!m) throw new ParameterError(`--grid part "${part}" must look like name=value1,value2 (e.g. ${DEFAULT_CLI_GRID})`);
    grid[m[1]] = m[2].split(',').map(parseValue);
    for (const v of grid[m[1]]) checkHyperValue('--grid', m[1], v);
  }
  if (Object.keys(grid).length === 0) throw new ParameterError(`--grid is empty; e.g. --grid "${DEFAULT_CLI_GRID}"`);
  return grid;
}

/** Parses `name=min:max[:log][:int];name2=a,b` into a random-search space. */
export function parseSpace(spec: string): Record<string, Distribution> {
  const space: Record<string, Distribution> = {};
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]\w*)=(.+)$/.exec(part);
    if (!m) throw new ParameterError(`--space part "${part}" must look like name=min:max[:log][:int] or name=a,b,c`);
    const range = m[2].split(':');
    if (range.length >= 2) {
      const [min, max] = range.slice(0, 2).map(Number);
      if (!Number.isFinite(min) || !Number.isFinite(max)) throw new ParameterError(`--space ${m[1]}: "${m[2]}" needs numeric min:max`);
      space[m[1]] = { min, max, log: range.includes('log'), integer: range.includes('int') };
      for (const v of [min, max]) checkHyperValue('--space', m[1], v);
    } else {
      space[m[1]] = m[2].split(',').map(parseValue);
      for (const v of space[m[1]] as HyperValue[]) checkHyperValue('--space', m[1], v);
    }
  }
  return space;
}

/** Frames of the clips as features, split into seeded random training and validation rows (90/10). */
function splitFrames(X: Matrix, seed: number): { train: Matrix; validation: Matrix } {
  const idx = new Random(seed).shuffle(Array.from({ length: X.rows }, (_, i) => i));
  const nVal = Math.max(1, Math.round(X.rows * 0.1));
  const take = (ids: number[]): Matrix => {
    const data = new Float32Array(ids.length * X.cols);
    ids.forEach((r, k) => data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), k * X.cols));
    return { rows: ids.length, cols: X.cols, data };
  };
  return { train: take(idx.slice(nVal)), validation: take(idx.slice(0, nVal)) };
}

interface SweepFlags {
  grid?: string; random?: number; space?: string; out: string; resume?: boolean; force?: boolean; epochs: number;
  workers: number; seed: number; metric: string; dataset: string; clips: number; seconds: number; scaling: 'standardize' | 'minmax';
}

/** Adds `sweep` to the program. */
export function registerSweep(program: Command): void {
  program.command('sweep')
    .description('hyperparameter sweep (learning rate, hidden units, k, momentum, weight decay, sparsity, visible type) ' +
      'with trials in parallel on worker threads; writes JSON, CSV and a vega-lite chart')
    .argument('[folder]', 'folder of WAV files (default: --dataset)')
    .option('--grid <spec>', `every combination, e.g. "${DEFAULT_CLI_GRID}" (the default)`)
    .option('--random <n>', 'n random draws from --space instead of a grid', positiveInt('--random'))
    .option('--space <spec>', 'random-search space, e.g. "learningRate=1e-4:1e-2:log;nHidden=32:256:int;k=1,3"')
    .option('-o, --out <file>', 'results JSON (CSV and chart written beside it)', 'sweeps/sweep.json')
    .option('--resume', 'continue a sweep whose results file exists (finished trials are skipped)')
    .option('-f, --force', 'start over, replacing an existing results file')
    .option('-e, --epochs <n>', 'epochs per trial', positiveInt('--epochs'), 5)
    .option('-w, --workers <n>', 'worker threads (0 = run in this thread)', nonNegativeInt('--workers'), os.cpus().length)
    .option('--seed <n>', 'sweep seed (each trial gets its own seed from it)', nonNegativeInt('--seed'), 0)
    .option('--metric <name>', 'per-epoch metric to compare (from fit())', 'validationReconstructionError')
    .addOption(new Option('-d, --dataset <name>', 'data set when no folder is given').choices([...DATASET_NAMES]).default('openmsx'))
    .option('-n, --clips <n>', 'clips to use (small: sweeps are for many quick runs)', positiveInt('--clips'), 4)
    .option('-s, --seconds <s>', 'seconds per clip', positiveNumber('--seconds'), 20)
    .addOption(new Option('--scaling <s>', 'feature scaling: standardize (Gaussian visibles) or minmax (Bernoulli, for visible=bernoulli)').choices(['standardize', 'minmax']).default('standardize'))
    .addHelpText('after', '\nExamples:\n  rbm-music sweep\n  rbm-music sweep --grid "learningRate=0.0005,0.002,0.008;k=1,3" --epochs 8\n' +
      '  rbm-music sweep --random 12 --space "learningRate=1e-4:1e-2:log;nHidden=32:256:int;momentum=0.5:0.95" -o sweeps/rand.json\n' +
      '  rbm-music sweep --resume -o sweeps/rand.json --random 12 --space "..."   # after an interruption')
    .action(async (folder: string | undefined, o: SweepFlags, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      const started = performance.now();
      if (o.grid && o.random) throw new ParameterError('--grid and --random are exclusive: pick one');
      if (o.random && !o.space) throw new ParameterError('--random needs --space (e.g. --space "learningRate=1e-4:1e-2:log")');
      if (!SWEEP_METRICS.includes(o.metric)) throw new ParameterError(`--metric ${o.metric} is not a metric fit() reports; valid: ${SWEEP_METRICS.join(', ')}`);
      // Parse before touching files: a typo in --grid must not cost the old results under --force.
      const grid = o.random ? undefined : parseGrid(o.grid ?? DEFAULT_CLI_GRID);
      const random = o.random ? { n: o.random, space: parseSpace(o.space!) } : undefined;
      const out = outputFileFlag(o.out, '--out', 'sweeps/sweep.json');
      if (existsSync(out) && !o.resume && !o.force) throw new FileExistsError(`${out} already exists; pass --resume to continue that sweep or --force to start over`);
      // --force: the old results go, so no trial is skipped.
      if (o.force && !o.resume) for (const f of [out, csvPathFor(out)]) rmSync(f, { force: true });
      const progress = createProgress({ quiet });
      progress.start(1, 'loading audio');
      const clips = await loadTrainingClips(folder, { dataset: o.dataset, clips: o.clips, seconds: o.seconds });
      const pipeline = new FeaturePipeline({ scaling: o.scaling });
      const X = pipeline.fitTransform(clips.map((c) => c.clip));
      const { train, validation } = splitFrames(X, o.seed);
      progress.stop();
      const trials = grid ? Object.values(grid).reduce((n, v) => n * v.length, 1) : o.random!;
      progress.start(trials, 'trials');
      const result = await sweep({
        grid, random, train, validation, out, seed: o.seed, workers: o.workers, metric: o.metric,
        base: { epochs: o.epochs, batchSize: 64, visible: o.scaling === 'minmax' ? 'bernoulli' : 'gaussian' },
        onTrial: (t, done) => progress.update(done, `trial ${t.index} ${t.status}`),
      });
      progress.stop();
      const chartPath = out.replace(/\.json$/i, '') + '.chart.json';
      atomicWriteFileSync(chartPath, JSON.stringify(sweepChartSpec(result.trials, { metric: result.metric }), null, 1), { force: true });
      console.log(`${result.trials.length} trials on ${train.rows} frames × ${train.cols} (${clips.length} clips), ${o.workers} worker${o.workers === 1 ? '' : 's'}`);
      for (const t of result.trials) {
        console.log(`  #${t.index} ${JSON.stringify(t.params)} → ${o.metric} ${Number.isFinite(t.metric) ? t.metric.toFixed(4) : 'NaN'} (${t.status}${t.reason ? `: ${t.reason}` : ''})`);
      }
      if (result.best) console.log(`best: #${result.best.index} ${JSON.stringify(result.best.params)} (${result.best.metric.toFixed(4)})`);
      console.log(`results: ${out}, ${csvPathFor(out)}, chart: ${chartPath}`);
      // A sweep in which nothing finished has no answer: say so with a failing exit code (scripts check it).
      if (!result.trials.some((t) => t.status === 'completed' || t.status === 'early-stopped')) {
        const first = result.trials.find((t) => t.reason);
        throw new RbmMusicError(`every one of the ${result.trials.length} trials failed or diverged (results in ${out})${first ? `; trial #${first.index}: ${first.reason}` : ''}`);
      }
      console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}
