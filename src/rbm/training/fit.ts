/**
 * The training loop behind `rbm.fit(data, opts)`: shuffle, mini-batches of CD-k / PCD steps, the momentum update,
 * per-epoch metrics, early stopping, checkpoints and divergence checks.
 */
import { DivergenceError, ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { allRowsEqual, assertMatrix } from '../../util/matrix';
import { initBackend } from '../backend';
import { drawCDNoise, epochRandom, type CDNoise } from '../draws';
import { rbmDelegates, type RBM } from '../models/RBM';
import type { EpochMetrics, RBMParams, StopReason, TrainingHistory, TrainingWarning } from '../types';
import type { CDBatch, CDEngine } from './cdStep';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { createEngine, type FusedCDEngine, type MultiStepEngine } from './engines';
import { checkDegeneracy, columnStd, reportWarnings } from './guards';
import { epochMetrics } from './metrics';
import { resolveTrainOptions, type TrainOptions } from './trainOptions';
import { initBiasesFromData, newTrainState, restore, snapshot, type TrainState } from './trainState';
import { addSparsityGradient, momentumStep, type UpdateSettings } from './update';

/** The update ratio ‖ΔW‖/‖W‖ is measured on every MEASURE_EVERY-th mini-batch (it costs ~30% of an update). */
const MEASURE_EVERY = 8;

/**
 * Mini-batches per engine call where the engine can take several (the onnx engine without a sparsity penalty,
 * see onnx/engine.ts): the parameters then cross between JS and the runtime once per group instead of once per batch.
 * A power of two, so the measured batches (every MEASURE_EVERY-th) fall on the steps the engine measures and the
 * result is the one-batch-per-call result (tested in test/rbm/onnxSteps.test.ts). Env RBM_STEPS_PER_CALL overrides
 * (1 turns it off). Why 8: at 513 × 256 on this 2-core machine 16–32 gained a little more at batch 10 and nothing at
 * batch 64, while a group's graph takes longer to build (~0.15 s at 32) and fewer epochs fill whole groups.
 */
export const STEPS_PER_CALL = powerOfTwo(Number(process.env.RBM_STEPS_PER_CALL)) ?? 8;

function powerOfTwo(n: number): number | undefined {
  return n >= 1 && n <= 1024 && Number.isInteger(Math.log2(n)) ? n : undefined;
}

/** Learned σ never falls below this (keeps 1/σ² ≤ 400, so one step cannot blow the weights up). */
export const MIN_SIGMA = 0.05;

/** The parameters as a view (no copies) for the engines. */
function view(rbm: RBM): RBMParams {
  const { visible, nVisible, nHidden, W, visibleBias, hiddenBias, logSigma, learnSigma } = rbm;
  return { visible, nVisible, nHidden, W, visibleBias, hiddenBias, logSigma, learnSigma };
}

// rbm.fit(data, opts) runs trainRBM: the model forwards to it without importing this file (models/delegates.ts).
rbmDelegates.provide({ fit: trainRBM });

/** Trains `rbm` in place; see {@link TrainOptions}. Resolves with every epoch's metrics and why it stopped. */
export async function trainRBM(rbm: RBM, data: Matrix, partial: Partial<TrainOptions>): Promise<TrainingHistory> {
  const o = resolveTrainOptions(partial, rbm.visible);
  assertMatrix(data, 'fit: data', { cols: rbm.nVisible, minRows: 1 });
  // Identical rows (silent audio, a constant feature) leave nothing to learn, and a learned σ then explodes
  // (measured: mean σ 1.6e13 after 2 epochs, or NaN) while fit() would otherwise report success.
  if (data.rows > 1 && allRowsEqual(data)) {
    throw new ParameterError(`fit: data has no variation: all ${data.rows} rows are identical (e.g. silent audio or a constant feature); an RBM needs examples that differ`);
  }
  if (o.validation) assertMatrix(o.validation, 'fit: validation', { cols: rbm.nVisible, minRows: 1 });
  const backend = await initBackend(o.backend ? { backend: o.backend } : {});
  // PCD chains must be real Markov chains; a learned σ needs sampled visibles, else the model-side (v − b)² term
  // misses the σ² of the noise and σ only grows (we measured it: σ → 2–14 and no learning).
  const sampleVisible = o.sampleVisible ?? (o.method === 'pcd' || rbm.learnSigma);
  const resumeFrom = o.resume === true ? o.checkpoint!.path : o.resume || undefined;
  let state: TrainState;
  if (resumeFrom) {
    state = await loadCheckpoint(resumeFrom, rbm);
  } else {
    if (rbm.epochsTrained === 0) initBiasesFromData(rbm, data, MIN_SIGMA);
    state = newTrainState(rbm, data, o.method, o.batchSize);
  }
  // The sparsity penalty's gradient is added in JS before the update, so only without it may the engine fuse the update.
  const fuseUpdate = !(o.sparsityTarget > 0 && o.sparsityCost > 0);
  // The batches per engine call an epoch will use, so the engine can build those graphs before the first epoch.
  const callSizes = [...new Set(callPlan(data.rows, o.batchSize, fuseUpdate ? STEPS_PER_CALL : 1))];
  const engine = await createEngine(backend, rbm, {
    k: o.k, pcd: o.method === 'pcd', sampleVisible, fuseUpdate, stepsPerCall: STEPS_PER_CALL, measureEvery: MEASURE_EVERY, minSigma: MIN_SIGMA, callSizes,
  });
  let stopReason: StopReason = 'completed';
  const warnings: TrainingWarning[] = [];
  const mode = o.degeneracy ?? 'warn';
  const dataStd = mode === 'off' ? new Float64Array(0) : columnStd(data);
  try {
    while (state.epoch < o.epochs && stopReason === 'completed') {
      stopReason = await runEpoch(rbm, data, o, state, engine, sampleVisible, fuseUpdate);
      if (mode === 'off') continue;
      // Guards (issue 8): a finite but useless model (σ on its floor or exploded, dead/saturated hidden units, PCD
      // chains on one mode) is reported with the epoch and a remedy, or thrown as a DivergenceError.
      const found = checkDegeneracy(rbm, { data, epoch: state.epoch - 1, minSigma: MIN_SIGMA, chain: state.chain, dataStd, monitorRows: o.monitorRows });
      warnings.push(...found);
      reportWarnings(found, mode, o.onWarning);
    }
  } finally {
    engine.dispose();
  }
  return { epochs: state.history, warnings, stopReason, bestEpoch: state.best?.epoch, backend: engine.name };
}

async function runEpoch(rbm: RBM, data: Matrix, o: ReturnType<typeof resolveTrainOptions>, state: TrainState, engine: CDEngine | FusedCDEngine | MultiStepEngine, sampleVisible: boolean, fuseUpdate: boolean): Promise<StopReason> {
  const started = performance.now();
  const epoch = state.epoch;
  const lastGood = snapshot(rbm);
  const settings: UpdateSettings = {
    learningRate: o.learningRateSchedule ? o.learningRateSchedule(epoch, o.learningRate) : o.learningRate * o.learningRateDecay ** epoch,
    momentum: epoch < o.momentumSwitchEpoch ? o.initialMomentum : o.finalMomentum,
    weightDecay: o.weightDecay, sparsityTarget: o.sparsityTarget, sparsityCost: o.sparsityCost, sparsityDecay: o.sparsityDecay,
  };
  const { nVisible: nv, nHidden: nh } = rbm;
  const rng = epochRandom(rbm.seed, epoch);
  const order = rng.shuffle(Int32Array.from({ length: data.rows }, (_, i) => i));
  const batches = Math.ceil(data.rows / o.batchSize);
  const noiseKind = !sampleVisible ? 'none' : rbm.visible === 'gaussian' ? 'normal' : 'uniform';
  let ratioSum = 0;
  let sparsitySum = 0;
  let aborted = false;
  let done = 0;
  let measured = 0;
  // Several batches per engine call where the engine can (see callPlan). Their rows and random draws are made in
  // the same order as one at a time, so the result is the same.
  const perCall = 'trainSteps' in engine && fuseUpdate ? engine.stepsPerCall : 1;
  const plan = callPlan(data.rows, o.batchSize, perCall);
  // The batches and their random draws are written into the same arrays every step: allocating fresh ones costs
  // ~50 µs each at 64 × 513 (large typed arrays live outside the JS heap), ~8% of a fused ONNX step.
  const batchBuffers = Array.from({ length: perCall }, () => new Float32Array(Math.min(o.batchSize, data.rows) * nv));
  const noises: (CDNoise | undefined)[] = new Array(perCall);
  for (let call = 0, b = 0; b < batches; call++) {
    const n = plan[call];
    const cdBatches: CDBatch[] = [];
    let v0: Matrix | undefined;
    for (let t = 0; t < n; t++) {
      const idx = order.subarray((b + t) * o.batchSize, Math.min((b + t + 1) * o.batchSize, data.rows));
      v0 = gatherRows(data, idx, batchBuffers[t]);
      noises[t] = drawCDNoise(rng, idx.length, nv, nh, o.k, noiseKind, noises[t]);
      cdBatches.push({ v0: v0.data, rows: idx.length, chain: state.chain?.subarray(0, idx.length * nv), ...noises[t]! });
    }
    const chain = cdBatches[0].chain;
    // Cho et al. take steps in z = log σ²; we store log σ = z / 2. (The fused engines do this step themselves.)
    const fused = 'trainStep' in engine && fuseUpdate;
    const z = rbm.learnSigma && !fused ? rbm.logSigma!.map((s) => 2 * s) : undefined;
    /** Per batch of this call: its hidden means and, on measured batches, ‖ΔW‖² and ‖W‖². */
    let steps: { hiddenMean: Float32Array; updateSq: number; valueSq: number; hiddenBias?: Float32Array }[];
    let chainOut: Float32Array | undefined;
    // Measured batches: every MEASURE_EVERY-th. A group starts at a multiple of its size (a power of two), so
    // these are the steps the engine measures (every MEASURE_EVERY-th of a group, from its first).
    const isMeasured = (t: number) => (b + t) % MEASURE_EVERY === 0;
    if (n > 1) {
      const r = await (engine as MultiStepEngine).trainSteps(view(rbm), state.velocity, cdBatches, settings);
      steps = r.hiddenMeans.map((hiddenMean, t) => ({ hiddenMean, hiddenBias: r.hiddenBiases[t], updateSq: r.updateSq[t], valueSq: r.valueSq[t] }));
      chainOut = r.chain;
    } else if ('trainStep' in engine && fuseUpdate) {
      // The engine updates W, both biases and σ itself (same maths as momentumStep and the σ step below).
      const r = await engine.trainStep(view(rbm), state.velocity, cdBatches[0], settings, isMeasured(0));
      steps = [r];
      chainOut = r.chain;
    } else {
      const grad = await engine.gradient(view(rbm), cdBatches[0]);
      if (settings.sparsityTarget > 0) addSparsityGradient(state.q, grad.hiddenMean, meanInput(rbm, v0!), grad.dW, grad.dHiddenBias, settings);
      const { updateSq, valueSq } = momentumStep([
        { value: rbm.W, grad: grad.dW, velocity: state.velocity.W, decay: true },
        { value: rbm.visibleBias, grad: grad.dVisibleBias, velocity: state.velocity.visibleBias },
        { value: rbm.hiddenBias, grad: grad.dHiddenBias, velocity: state.velocity.hiddenBias },
        ...(z ? [{ value: z, grad: grad.dLogVariance!, velocity: state.velocity.logVariance! }] : []),
      ], settings, isMeasured(0));
      steps = [{ hiddenMean: grad.hiddenMean, updateSq, valueSq }];
      chainOut = grad.chain;
    }
    if (chain && chainOut) chain.set(chainOut);
    if (z) rbm.logSigma!.set(z.map((zi) => Math.max(zi / 2, Math.log(MIN_SIGMA))));
    for (let t = 0; t < n; t++) {
      const batch = b + t;
      const { hiddenMean, updateSq, valueSq, hiddenBias = rbm.hiddenBias } = steps[t];
      const measure = isMeasured(t);
      // NaN anywhere in W reaches every hidden probability, so checking the small hidden arrays each batch
      // (and everything at the end of the epoch) catches divergence without scanning W every step. (A group run in
      // one call reports each step's hidden biases, so the same batch is named as when run one by one.)
      const bad = !allFinite(hiddenMean) || !allFinite(hiddenBias) || (measure && !(Number.isFinite(updateSq) && Number.isFinite(valueSq)))
        || (batch === batches - 1 && !(allFinite(rbm.W) && allFinite(rbm.visibleBias) && (!rbm.logSigma || allFinite(rbm.logSigma))));
      if (bad) {
        restore(rbm, lastGood);
        const where = o.checkpoint ? `the last good checkpoint is ${o.checkpoint.path} (written every ${o.checkpoint.every} epochs)` : 'no checkpoint was configured';
        throw new DivergenceError(`fit: training diverged in epoch ${epoch} (batch ${batch}): the weights became NaN or infinite at learning rate ${settings.learningRate}. ` +
          `The model keeps its weights from the start of epoch ${epoch}; ${where}. Try a learning rate 10× smaller${rbm.visible === 'gaussian' ? ' and standardised data' : ''}.`, epoch);
      }
      if (measure) {
        ratioSum += Math.sqrt(updateSq / Math.max(valueSq, 1e-30));
        measured++;
      }
      sparsitySum += hiddenMean.reduce((a, x) => a + x, 0) / nh;
      done++;
      o.onBatch?.({ epoch, batch, batches });
    }
    b += n;
    // Checked after every engine call: a group of batches run in one call is not split.
    if (o.signal?.aborted) {
      aborted = true;
      break;
    }
  }
  const metrics = epochMetrics(rbm, data, o, {
    epoch, weightUpdateRatio: ratioSum / Math.max(measured, 1), hiddenSparsity: sparsitySum / done,
    learningRate: settings.learningRate, momentum: settings.momentum,
  });
  metrics.seconds = (performance.now() - started) / 1000;
  state.history.push(metrics);
  state.epoch = epoch + 1;
  rbm.epochsTrained++; // counts epochs of earlier fit() calls too
  const early = trackBest(rbm, o, state, metrics);
  await o.onEpoch?.(metrics);
  if (aborted) return 'aborted'; // no checkpoint of a partial epoch: resuming from it could not be bit-identical
  if (o.checkpoint && state.epoch % o.checkpoint.every === 0) await saveCheckpoint(o.checkpoint.path, rbm, state);
  if (early) {
    if (o.restoreBest && state.best) restore(rbm, state.best);
    return 'earlyStopping';
  }
  return o.shouldStop?.(metrics) ? 'stopHook' : 'completed';
}

/**
 * The number of batches each engine call of an epoch takes: whole groups of `perCall` (a power of two), then the
 * full-size batches left over in decreasing powers of two (so each group starts at a multiple of its size), then
 * the smaller last batch alone. E.g. 150 rows in batches of 8 with perCall 8: [8, 8, 2, 1]. An epoch of fewer
 * than `perCall` batches goes one by one (as before groups existed: a tiny data set gains little from them, and
 * an abort from `onBatch` then stops after that very batch).
 */
export function callPlan(rows: number, batchSize: number, perCall: number): number[] {
  const full = Math.floor(rows / batchSize);
  if (full < perCall) return new Array<number>(Math.ceil(rows / batchSize)).fill(1);
  const plan: number[] = [];
  for (let left = full; left > 0; ) {
    let n = perCall;
    while (n > left) n /= 2;
    plan.push(n);
    left -= n;
  }
  if (rows % batchSize) plan.push(1);
  return plan;
}

/** Early-stopping bookkeeping; returns true when patience has run out. */
function trackBest(rbm: RBM, o: ReturnType<typeof resolveTrainOptions>, state: TrainState, metrics: EpochMetrics): boolean {
  if (o.patience === undefined) return false;
  const value = metrics[o.monitor];
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ParameterError(`fit: monitor '${o.monitor}' is not a metric of this run; available: ${Object.keys(metrics).join(', ')}`);
  }
  if (!state.best || value < state.best.value) {
    state.best = { value, epoch: state.epoch - 1, since: 0, ...snapshot(rbm) };
    return false;
  }
  state.best.since++;
  return state.best.since >= o.patience;
}

/** Batch mean of each visible unit's input to the hidden layer, vᵢ/σᵢ² (for the sparsity gradient of W). */
function meanInput(rbm: RBM, v: Matrix): Float32Array {
  const out = new Float32Array(rbm.nVisible);
  for (let r = 0; r < v.rows; r++) for (let i = 0; i < v.cols; i++) out[i] += v.data[r * v.cols + i] / v.rows;
  if (rbm.logSigma) for (let i = 0; i < out.length; i++) out[i] *= Math.exp(-2 * rbm.logSigma[i]);
  return out;
}

/** The rows `idx` of `data` copied into the front of `out` (like takeRows, without allocating). */
function gatherRows(data: Matrix, idx: Int32Array, out: Float32Array): Matrix {
  const c = data.cols;
  for (let r = 0; r < idx.length; r++) out.set(data.data.subarray(idx[r] * c, (idx[r] + 1) * c), r * c);
  return { rows: idx.length, cols: c, data: out.subarray(0, idx.length * c) };
}

function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
