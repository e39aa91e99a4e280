/**
 * Saving and loading RBMs and training checkpoints (the container is described in modelFile.ts).
 * A model file holds the parameters, the seed, the epochs trained and free-form `meta`; a checkpoint adds the
 * optimiser state so `fit({ resume })` continues bit-identically.
 */
import { ModelFormatError, ParameterError } from '../errors';
import { initBackend } from './backend';
import { readModelFile, writeModelFile, type FileHeader } from './modelFile';
import { RBM } from './RBM';
import type { TrainState } from './trainState';
import type { RBMParams } from './types';
import { checkParams } from './validate';

/** Options of `rbm.save(path, opts)`. */
export interface SaveOptions {
  /** Overwrite an existing file (default false). */
  force?: boolean;
  /** JSON-serialisable metadata to store with the model (default: `rbm.meta`); becomes `rbm.meta` after loading. */
  meta?: Record<string, unknown>;
}

function modelFields(rbm: RBM) {
  return { visible: rbm.visible, nVisible: rbm.nVisible, nHidden: rbm.nHidden, learnSigma: rbm.learnSigma, seed: rbm.seed, epochsTrained: rbm.epochsTrained, meta: rbm.meta };
}

function modelArrays(rbm: Pick<RBM, 'W' | 'visibleBias' | 'hiddenBias' | 'logSigma'>, prefix = ''): Record<string, Float32Array> {
  const a: Record<string, Float32Array> = { [prefix + 'W']: rbm.W, [prefix + 'visibleBias']: rbm.visibleBias, [prefix + 'hiddenBias']: rbm.hiddenBias };
  if (rbm.logSigma) a[prefix + 'logSigma'] = rbm.logSigma;
  return a;
}

/** Saves `rbm` to `path` (temp file + rename). @throws FileExistsError if it exists and !force; ParameterError if meta is not JSON. */
export async function saveRBM(rbm: RBM, path: string, opts: SaveOptions = {}): Promise<void> {
  if (opts.meta !== undefined) {
    try {
      JSON.stringify(opts.meta);
    } catch (err) {
      throw new ParameterError(`save: meta must be JSON-serialisable (${(err as Error).message})`);
    }
    rbm.meta = opts.meta;
  }
  await writeModelFile(path, 'model', modelFields(rbm), modelArrays(rbm), opts.force);
}

/** Builds an RBM from a model or checkpoint header and arrays, turning every inconsistency into ModelFormatError. */
function rbmFrom(path: string, header: FileHeader, arrays: Record<string, Float32Array>): RBM {
  const p = { visible: header.visible, nVisible: header.nVisible, nHidden: header.nHidden, W: arrays.W, visibleBias: arrays.visibleBias, hiddenBias: arrays.hiddenBias, logSigma: arrays.logSigma, learnSigma: header.learnSigma } as RBMParams;
  try {
    checkParams(p, 'model');
  } catch (err) {
    throw new ModelFormatError(`${path}: ${(err as Error).message.replace(/^model: /, '')}`);
  }
  const rbm = RBM.fromParams(p);
  rbm.seed = Number(header.seed) || 0;
  rbm.epochsTrained = Number(header.epochsTrained) || 0;
  rbm.meta = (header.meta as Record<string, unknown>) ?? {};
  return rbm;
}

/** Loads a model saved by `rbm.save`. @throws ModelFormatError naming the file and what is wrong. */
export async function loadRBM(path: string): Promise<RBM> {
  const { header, arrays } = await readModelFile(path, 'model');
  await initBackend();
  return rbmFrom(path, header, arrays);
}

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
