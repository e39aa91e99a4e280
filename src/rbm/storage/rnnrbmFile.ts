/**
 * Saving and loading RNN-RBMs and their training checkpoints in the project's versioned container
 * (modelFile.ts: JSON header with shapes, metadata and a checksum, then float32 arrays), kinds 'rnnrbm' and
 * 'rnnrbm-checkpoint'.
 */
import { ModelFormatError, ParameterError } from '../../errors';
import { RNNRBM, RNNRBM_ARRAYS, rnnrbmDelegates, type RNNRBMArray, type RNNRBMParams, type RNNRBMSaveOptions } from '../models/RNNRBM';
import type { RNNRBMEpochMetrics } from '../models/rnnrbmTypes';
import { adoptMeta, readModelFile, writeModelFile, type FileHeader } from './modelFile';
import { recordModelSource } from './source';

/** Adam / momentum buffers and the history so far: what a checkpoint adds to the model. */
export interface RNNRBMOptimizerState {
  /** Updates made so far (Adam's bias correction needs it). */
  step: number;
  /** First moment (Adam) or velocity (SGD) of every parameter array. */
  m: Record<RNNRBMArray, Float32Array>;
  /** Second moment (Adam) of every parameter array. */
  v: Record<RNNRBMArray, Float32Array>;
  history: RNNRBMEpochMetrics[];
}

function fields(m: RNNRBM): Record<string, unknown> {
  const { visible, nVisible, nHidden, nRecurrent, sigma, seed, epochsTrained, meta } = m;
  return { visible, nVisible, nHidden, nRecurrent, sigma, seed, epochsTrained, meta };
}

function arrays(m: RNNRBM): Record<string, Float32Array> {
  return Object.fromEntries(RNNRBM_ARRAYS.map((k) => [k, m[k]]));
}

/**
 * Saves `model` to `path` (temp file + rename).
 * @throws FileExistsError if the file exists and !force; ParameterError if meta is not JSON-serialisable.
 */
export async function saveRNNRBM(model: RNNRBM, path: string, opts: RNNRBMSaveOptions = {}): Promise<void> {
  adoptMeta(model, opts.meta);
  await writeModelFile(path, 'rnnrbm', fields(model), arrays(model), opts.force);
}

/** Builds a model from a header and arrays, turning every inconsistency into a ModelFormatError naming the file. */
function modelFrom(path: string, header: FileHeader, a: Record<string, Float32Array>): RNNRBM {
  const p = { visible: header.visible, nVisible: header.nVisible, nHidden: header.nHidden, nRecurrent: header.nRecurrent, sigma: header.sigma } as RNNRBMParams;
  for (const k of RNNRBM_ARRAYS) p[k] = a[k];
  let m: RNNRBM;
  try {
    m = RNNRBM.fromParams(p);
  } catch (err) {
    throw new ModelFormatError(`${path}: ${(err as Error).message.replace(/^RNNRBM(\.fromParams)?: /, '')}`);
  }
  m.seed = Number(header.seed) || 0;
  m.epochsTrained = Number(header.epochsTrained) || 0;
  m.meta = (header.meta as Record<string, unknown>) ?? {};
  return m;
}

/** Loads a model saved by {@link saveRNNRBM}. @throws ModelFormatError naming the file and what is wrong. */
export async function loadRNNRBM(path: string): Promise<RNNRBM> {
  const { header, arrays: a } = await readModelFile(path, 'rnnrbm');
  const m = modelFrom(path, header, a);
  recordModelSource(m, path);
  return m;
}

rnnrbmDelegates.provide({ save: saveRNNRBM, load: loadRNNRBM });

/** Writes the model, the optimiser state and the history to `path`, replacing the previous checkpoint. */
export async function saveRNNRBMCheckpoint(path: string, model: RNNRBM, s: RNNRBMOptimizerState): Promise<void> {
  const a = arrays(model);
  for (const k of RNNRBM_ARRAYS) { a[`m.${k}`] = s.m[k]; a[`v.${k}`] = s.v[k]; }
  await writeModelFile(path, 'rnnrbm-checkpoint', { ...fields(model), step: s.step, history: s.history }, a, true);
}

/**
 * Loads a checkpoint into `model` (same shape and visible type) and returns the optimiser state.
 * @throws ModelFormatError if the file is damaged or was written for a differently shaped model.
 */
export async function loadRNNRBMCheckpoint(path: string, model: RNNRBM): Promise<RNNRBMOptimizerState> {
  const { header, arrays: a } = await readModelFile(path, 'rnnrbm-checkpoint');
  const saved = modelFrom(path, header, a);
  const shape = (m: RNNRBM) => `${m.visible} ${m.nVisible} × ${m.nHidden} (${m.nRecurrent} recurrent${m.visible === 'gaussian' ? `, σ ${m.sigma}` : ''})`;
  if (shape(saved) !== shape(model)) throw new ModelFormatError(`${path}: checkpoint is for an RNN-RBM ${shape(saved)}, but this model is ${shape(model)}`);
  const buffer = (name: string, n: number): Float32Array => {
    const x = a[name];
    if (!x || x.length !== n) throw new ModelFormatError(`${path}: checkpoint array ${name} is missing or has the wrong length (expected ${n})`);
    return x;
  };
  const m = {} as Record<RNNRBMArray, Float32Array>, v = {} as Record<RNNRBMArray, Float32Array>;
  for (const k of RNNRBM_ARRAYS) {
    m[k] = buffer(`m.${k}`, model[k].length);
    v[k] = buffer(`v.${k}`, model[k].length);
    model[k] = saved[k];
  }
  model.seed = saved.seed;
  model.epochsTrained = saved.epochsTrained;
  model.meta = saved.meta;
  const step = Number(header.step);
  if (!Number.isInteger(step) || step < 0) throw new ModelFormatError(`${path}: checkpoint step ${String(header.step)} is not a non-negative integer`);
  return { step, m, v, history: Array.isArray(header.history) ? (header.history as RNNRBMEpochMetrics[]) : [] };
}
