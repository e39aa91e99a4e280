/**
 * The training loop of `ConditionalRBM.fit`: (history, frame) pairs from every sequence, shuffled each epoch,
 * mini-batch CD-k (cdStep.ts), then the RBM's own momentum / weight-decay update (../update.ts) and its seeded
 * draws (../../draws.ts), so a CRBM trains by exactly the same rules as the plain RBM.
 */
import { DivergenceError, ParameterError } from '../../../errors';
import type { Matrix } from '../../../types';
import { allRowsEqual, takeRows } from '../../../util/matrix';
import { initBackend } from '../../backend';
import { drawCDNoise, epochRandom } from '../../draws';
import { crbmDelegates, type ConditionalRBM } from '../../models/ConditionalRBM';
import { historyPairs } from '../../models/crbm/history';
import { CRBM_AUTO_LEARNING_RATE, DEFAULT_CRBM_TRAIN_OPTIONS, type CRBMEpochMetrics, type CRBMHistory, type CRBMTrainOptions } from '../../models/crbm/types';
import { visibleBiasFromData } from '../trainState';
import { momentumStep, type ParamGroup } from '../update';
import { crbmGradient } from './cdStep';

export type { CRBMHistory };

// crbm.fit(sequences, opts) runs trainCRBM: the model forwards to it without importing this file.
crbmDelegates.provide({ fit: trainCRBM });

/** Trains `model` in place. */
export async function trainCRBM(model: ConditionalRBM, sequences: Matrix[], partial: Partial<CRBMTrainOptions>): Promise<CRBMHistory> {
  const o = { ...DEFAULT_CRBM_TRAIN_OPTIONS, ...partial };
  const learningRate = o.learningRate === 'auto' ? CRBM_AUTO_LEARNING_RATE[model.visible] : o.learningRate;
  checkOptions(o, learningRate);
  const { history, frames } = historyPairs(sequences, model.taps, 'fit: sequences');
  if (frames.cols !== model.nVisible) throw new ParameterError(`fit: sequences have ${frames.cols} columns but the model has nVisible = ${model.nVisible}`);
  // As RBM.fit: identical frames (silence, a constant feature) leave nothing to learn, and training would
  // otherwise "succeed" with a degenerate model.
  if (frames.rows > 1 && allRowsEqual(frames)) {
    throw new ParameterError(`fit: sequences have no variation: all ${frames.rows} frames are identical (e.g. silent audio or a constant feature); a ConditionalRBM needs frames that differ`);
  }
  if (o.validation) historyPairs(o.validation, model.taps, 'fit: validation');
  await initBackend();
  if (model.epochsTrained === 0) model.visibleBias.set(visibleBiasFromData(model.visible, frames));
  const { nVisible: nV, nHidden: nH } = model;
  const zerosLike = (a: Float32Array) => new Float32Array(a.length);
  const groups: ParamGroup[] = [
    { value: model.W, grad: zerosLike(model.W), velocity: zerosLike(model.W), decay: true },
    { value: model.A, grad: zerosLike(model.A), velocity: zerosLike(model.A), decay: true },
    { value: model.B, grad: zerosLike(model.B), velocity: zerosLike(model.B), decay: true },
    { value: model.visibleBias, grad: zerosLike(model.visibleBias), velocity: zerosLike(model.visibleBias) },
    { value: model.hiddenBias, grad: zerosLike(model.hiddenBias), velocity: zerosLike(model.hiddenBias) },
  ];
  const noiseKind = !o.sampleVisible ? 'none' : model.visible === 'gaussian' ? 'normal' : 'uniform';
  const out: CRBMEpochMetrics[] = [];
  const first = model.epochsTrained;
  for (let e = 0; e < o.epochs; e++) {
    const epoch = first + e;
    const started = performance.now();
    const settings = {
      learningRate, momentum: epoch < o.momentumSwitchEpoch ? o.initialMomentum : o.finalMomentum,
      weightDecay: o.weightDecay, sparsityTarget: 0, sparsityCost: 0, sparsityDecay: 0,
    };
    const lastGood = groups.map((g) => g.value.slice()); // restored if this epoch diverges
    const rng = epochRandom(model.seed, epoch);
    const order = rng.shuffle(Int32Array.from({ length: frames.rows }, (_, i) => i));
    let errSum = 0, batches = 0, aborted = false;
    for (let start = 0; start < frames.rows; start += o.batchSize) {
      const idx = order.subarray(start, Math.min(start + o.batchSize, frames.rows));
      const g = crbmGradient(model, {
        history: takeRows(history, idx).data, v0: takeRows(frames, idx).data, rows: idx.length,
        ...drawCDNoise(rng, idx.length, nV, nH, o.k, noiseKind),
      });
      [g.dW, g.dA, g.dB, g.dVisibleBias, g.dHiddenBias].forEach((grad, k) => { groups[k].grad = grad; });
      momentumStep(groups, settings);
      if (!groups.every((g) => allFinite(g.value))) {
        groups.forEach((g, k) => g.value.set(lastGood[k]));
        throw new DivergenceError(`ConditionalRBM.fit: training diverged in epoch ${epoch} (batch ${batches}) at learning rate ${learningRate}: ` +
          `the weights became NaN or infinite; the model keeps its weights from the start of epoch ${epoch}. ` +
          `Use a learning rate 10× smaller${model.visible === 'gaussian' ? ' and standardised features' : ''}.`, epoch);
      }
      errSum += g.reconstructionError;
      batches++;
      if (o.signal?.aborted) { aborted = true; break; }
    }
    const metrics: CRBMEpochMetrics = {
      epoch, reconstructionError: errSum / batches, seconds: 0, learningRate, momentum: settings.momentum,
    };
    if (o.validation) metrics.validationPredictionError = predictionError(model, o.validation);
    metrics.seconds = (performance.now() - started) / 1000;
    model.epochsTrained = epoch + 1;
    out.push(metrics);
    await o.onEpoch?.(metrics);
    if (aborted) return { epochs: out, stopReason: 'aborted' };
  }
  return { epochs: out, stopReason: 'completed' };
}

/** Mean squared error per unit of teacher-forced one-step predictions over some sequences. */
export function predictionError(model: ConditionalRBM, sequences: Matrix[]): number {
  let s = 0, n = 0;
  for (const seq of sequences) {
    if (seq.rows <= model.span) continue;
    const pred = model.predictSequence(seq);
    const off = model.span * seq.cols;
    for (let k = 0; k < pred.data.length; k++) s += (pred.data[k] - seq.data[off + k]) ** 2;
    n += pred.data.length;
  }
  return s / n;
}

function allFinite(a: Float32Array): boolean {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * 0; // NaN·0 and ±Inf·0 are NaN; finite·0 is 0
  return s === 0;
}

function checkOptions(o: CRBMTrainOptions, learningRate: number): void {
  for (const k of ['epochs', 'batchSize', 'k'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new ParameterError(`fit: ${k} must be a positive integer, got ${o[k]}`);
  }
  if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new ParameterError(`fit: learningRate must be a positive number or 'auto', got ${o.learningRate}`);
  for (const k of ['initialMomentum', 'finalMomentum'] as const) {
    if (!(o[k] >= 0 && o[k] < 1)) throw new ParameterError(`fit: ${k} must be in [0, 1), got ${o[k]}`);
  }
  if (!(o.weightDecay >= 0)) throw new ParameterError(`fit: weightDecay must be ≥ 0, got ${o.weightDecay}`);
  if (!(o.momentumSwitchEpoch >= 0)) throw new ParameterError(`fit: momentumSwitchEpoch must be ≥ 0, got ${o.momentumSwitchEpoch}`);
}
