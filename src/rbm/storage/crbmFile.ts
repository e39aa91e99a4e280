/**
 * Saving and loading Conditional RBMs in the RBM's container (modelFile.ts), kind 'crbm': the header holds the
 * shape, seed, epochs trained and `meta`; the arrays are W, visibleBias, hiddenBias, A and B (CRBM_ARRAYS order).
 */
import { ModelFormatError } from '../../errors';
import { ConditionalRBM, crbmDelegates } from '../models/ConditionalRBM';
import type { CRBMParams } from '../models/crbm/types';
import { checkCRBMParams, CRBM_ARRAYS } from '../models/crbm/validate';
import { isRecent } from '../models/crbm/taps';
import { readModelFile, writeModelFile, type FileHeader } from './modelFile';
import { recordModelSource } from './source';

// crbm.save() and ConditionalRBM.load() run these: the model forwards to them without importing this file.
crbmDelegates.provide({ save: saveCRBM, load: loadCRBM });

/** Saves `model` to `path` (temp file + rename). @throws FileExistsError if it exists and !force. */
export async function saveCRBM(model: ConditionalRBM, path: string, opts: { force?: boolean } = {}): Promise<void> {
  const { visible, nVisible, nHidden, order, seed, epochsTrained, meta } = model;
  const arrays = Object.fromEntries(CRBM_ARRAYS.map((k) => [k, model[k]]));
  // Taps are written only when they are not the classic last-`order`-frames history, so such files stay as before.
  const taps = isRecent(model.taps) ? {} : { taps: model.taps };
  await writeModelFile(path, 'crbm', { visible, nVisible, nHidden, order, ...taps, seed, epochsTrained, meta }, arrays, opts.force);
}

/** Loads a model saved by `crbm.save`. @throws ModelFormatError naming the file and what is wrong. */
export async function loadCRBM(path: string): Promise<ConditionalRBM> {
  const { header, arrays } = await readModelFile(path, 'crbm');
  const p = crbmFromFile(path, header, arrays);
  const m = ConditionalRBM.fromParams(p);
  m.seed = Number(header.seed) || 0;
  m.epochsTrained = Number(header.epochsTrained) || 0;
  m.meta = (header.meta as Record<string, unknown>) ?? {};
  recordModelSource(m, path);
  return m;
}

/** The CRBMParams stored in a file's header and arrays. @throws ModelFormatError naming `path`. */
export function crbmFromFile(path: string, header: FileHeader, arrays: Record<string, Float32Array>): CRBMParams {
  const p = {
    visible: header.visible, nVisible: header.nVisible, nHidden: header.nHidden, order: header.order,
    W: arrays.W, visibleBias: arrays.visibleBias, hiddenBias: arrays.hiddenBias, A: arrays.A, B: arrays.B,
    ...(header.taps !== undefined ? { taps: header.taps } : {}),
  } as CRBMParams;
  checkCRBMParams(p, `${path}: shape mismatch`, ModelFormatError);
  return p;
}
