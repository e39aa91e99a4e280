/**
 * Training checkpoints: the model plus everything training carries between epochs (momentum buffers, sparsity
 * estimate, PCD chains, early-stopping state), in the model file container (../storage/modelFile.ts, kind
 * 'checkpoint'), so `fit({ resume })` continues bit-identically. Training may use storage; storage never
 * imports training.
 */
import { ModelFormatError } from '../../errors';
import type { RBM } from '../models/RBM';
import { readModelFile, writeModelFile } from '../storage/modelFile';
import { modelArrays, modelFields, rbmFrom } from '../storage/persistence';
import type { TrainState } from './trainState';

/** Writes the model and training state to `path`, replacing the previous checkpoint. */
export async function saveCheckpoint(path: string, rbm: RBM, s: TrainState): Promise<void> {
  const arrays: Record<string, Float32Array> = { ...modelArrays(rbm), velocityW: s.velocity.W, velocityVisibleBias: s.velocity.visibleBias, velocityHiddenBias: s.velocity.hiddenBias, q: s.q };
  if (s.velocity.logVariance) arrays.velocityLogVariance = s.velocity.logVariance;
  if (s.chain) arrays.chain = s.chain;
  if (s.best) Object.assign(arrays, modelArrays(s.best, 'best'));
  const best = s.best && { value: s.best.value, epoch: s.best.epoch, since: s.best.since };
  await writeModelFile(path, 'checkpoint', { ...modelFields(rbm), epoch: s.epoch, history: s.history, best }, arrays, true);
}

/**
 * Loads a checkpoint into `rbm` (which must have the same shape and visible type) and returns the training state.
 * @throws ModelFormatError if the file is damaged or was written for a different model.
 */
export async function loadCheckpoint(path: string, rbm: RBM): Promise<TrainState> {
  const { header, arrays } = await readModelFile(path, 'checkpoint');
  const saved = rbmFrom(path, header, arrays);
  if (saved.visible !== rbm.visible || saved.nVisible !== rbm.nVisible || saved.nHidden !== rbm.nHidden) {
    throw new ModelFormatError(`${path}: checkpoint is for a ${saved.visible} ${saved.nVisible} × ${saved.nHidden} RBM, but this model is ${rbm.visible} ${rbm.nVisible} × ${rbm.nHidden}`);
  }
  const need = (name: string, length: number): Float32Array => {
    const a = arrays[name];
    if (!a || a.length !== length) throw new ModelFormatError(`${path}: checkpoint array ${name} is missing or has the wrong length (expected ${length})`);
    return a;
  };
  rbm.W.set(saved.W);
  rbm.visibleBias.set(saved.visibleBias);
  rbm.hiddenBias.set(saved.hiddenBias);
  if (saved.logSigma) rbm.logSigma = saved.logSigma;
  rbm.learnSigma = saved.learnSigma;
  rbm.seed = saved.seed;
  rbm.epochsTrained = saved.epochsTrained;
  const s: TrainState = {
    epoch: Number(header.epoch),
    velocity: { W: need('velocityW', rbm.W.length), visibleBias: need('velocityVisibleBias', rbm.nVisible), hiddenBias: need('velocityHiddenBias', rbm.nHidden) },
    q: need('q', rbm.nHidden),
    history: Array.isArray(header.history) ? header.history : [],
  };
  if (rbm.learnSigma) s.velocity.logVariance = need('velocityLogVariance', rbm.nVisible);
  if (arrays.chain) s.chain = arrays.chain;
  const best = header.best as { value: number; epoch: number; since: number } | undefined;
  if (best) s.best = { ...best, W: need('bestW', rbm.W.length), visibleBias: need('bestvisibleBias', rbm.nVisible), hiddenBias: need('besthiddenBias', rbm.nHidden), logSigma: arrays.bestlogSigma };
  if (!Number.isInteger(s.epoch) || s.epoch < 0) throw new ModelFormatError(`${path}: checkpoint epoch ${header.epoch} is not a non-negative integer`);
  return s;
}
