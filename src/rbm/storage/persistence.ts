/**
 * Saving and loading RBMs (the container is described in modelFile.ts). A model file holds the parameters, the
 * seed, the epochs trained and free-form `meta`. Training checkpoints (the same plus the optimiser state) are
 * written by ../training/checkpoint.ts with the helpers exported here.
 */
import { ModelFormatError, ParameterError } from '../../errors';
import { initBackend } from '../backend';
import { RBM, rbmDelegates } from '../models/RBM';
import { checkParams } from '../models/validate';
import type { RBMParams, SaveOptions } from '../types';
import { adoptMeta, readModelFile, writeModelFile, type FileHeader } from './modelFile';
import { recordModelSource } from './source';

export type { SaveOptions };

// rbm.save() and RBM.load() run saveRBM and loadRBM: the model forwards to them without importing this file.
rbmDelegates.provide({ save: saveRBM, load: loadRBM });

/** The header fields of a model file (also the start of a checkpoint's header). */
export function modelFields(rbm: RBM) {
  return { visible: rbm.visible, nVisible: rbm.nVisible, nHidden: rbm.nHidden, learnSigma: rbm.learnSigma, seed: rbm.seed, epochsTrained: rbm.epochsTrained, meta: rbm.meta };
}

/** The arrays of a model file, names prefixed by `prefix` (a checkpoint stores its best epoch's as 'best…'). */
export function modelArrays(rbm: Pick<RBM, 'W' | 'visibleBias' | 'hiddenBias' | 'logSigma'>, prefix = ''): Record<string, Float32Array> {
  const a: Record<string, Float32Array> = { [prefix + 'W']: rbm.W, [prefix + 'visibleBias']: rbm.visibleBias, [prefix + 'hiddenBias']: rbm.hiddenBias };
  if (rbm.logSigma) a[prefix + 'logSigma'] = rbm.logSigma;
  return a;
}

/** Saves `rbm` to `path` (temp file + rename). @throws FileExistsError if it exists and !force; ParameterError if meta is not JSON. */
export async function saveRBM(rbm: RBM, path: string, opts: SaveOptions = {}): Promise<void> {
  adoptMeta(rbm, opts.meta);
  await writeModelFile(path, 'model', modelFields(rbm), modelArrays(rbm), opts.force);
}

/** Builds an RBM from a model or checkpoint header and arrays, turning every inconsistency into ModelFormatError. */
export function rbmFrom(path: string, header: FileHeader, arrays: Record<string, Float32Array>): RBM {
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
  const rbm = rbmFrom(path, header, arrays);
  recordModelSource(rbm, path);
  return rbm;
}
