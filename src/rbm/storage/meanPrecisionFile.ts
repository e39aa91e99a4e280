/**
 * Saving and loading mean–precision RBMs in the project's versioned container (modelFile.ts: JSON header with
 * shapes, metadata and a whole-file checksum, then float32 arrays), kind 'mprbm'.
 */
import { ModelFormatError, ParameterError } from '../../errors';
import { MEAN_PRECISION_ARRAYS, MeanPrecisionRBM, meanPrecisionDelegates } from '../models/MeanPrecisionRBM';
import { adoptMeta, readModelFile, writeModelFile } from './modelFile';
import { recordModelSource } from './source';

/** The file kind in the header. */
export const MEAN_PRECISION_FILE_KIND = 'mprbm';

meanPrecisionDelegates.provide({ save: saveMeanPrecisionRBM, load: loadMeanPrecisionRBM });

/**
 * Saves `model` to `path` (temp file + rename).
 * @throws FileExistsError if the file exists and !force; ParameterError if meta is not JSON-serialisable.
 */
export async function saveMeanPrecisionRBM(model: MeanPrecisionRBM, path: string, opts: { force?: boolean; meta?: Record<string, unknown> } = {}): Promise<void> {
  adoptMeta(model, opts.meta);
  const { nVisible, nHidden, seed, epochsTrained, logDetWhitening, meta } = model;
  const arrays = Object.fromEntries(MEAN_PRECISION_ARRAYS.map((k) => [k, model[k]]));
  await writeModelFile(path, MEAN_PRECISION_FILE_KIND, { nVisible, nHidden, seed, epochsTrained, logDetWhitening, meta }, arrays, opts.force);
}

/** Loads a model saved by {@link saveMeanPrecisionRBM}. @throws ModelFormatError naming the file and what is wrong. */
export async function loadMeanPrecisionRBM(path: string): Promise<MeanPrecisionRBM> {
  const { header, arrays } = await readModelFile(path, MEAN_PRECISION_FILE_KIND);
  const fail = (what: string): never => { throw new ModelFormatError(`${path}: ${what}`); };
  let m: MeanPrecisionRBM;
  try {
    m = new MeanPrecisionRBM({ nVisible: header.nVisible as number, nHidden: header.nHidden as number, seed: Number(header.seed) || 0 });
  } catch (err) {
    return fail((err as Error).message.replace(/^MeanPrecisionRBM: /, ''));
  }
  const D = m.nVisible, H = m.nHidden;
  const expected: Record<string, number> = { W: D * H, logU: D * H, visibleBias: D, hiddenBias: H, logLambda: D, whiteMean: D, whitening: D * D, unwhitening: D * D };
  for (const k of MEAN_PRECISION_ARRAYS) {
    const a = arrays[k];
    if (!a || a.length !== expected[k]) fail(`array '${k}' has ${a ? a.length : 'no'} values, expected ${expected[k]} for ${D} visible × ${H} hidden`);
    if (!a.every(Number.isFinite)) fail(`array '${k}' holds a non-finite value`);
    m[k] = a;
  }
  if (!Number.isFinite(header.logDetWhitening)) fail(`logDetWhitening must be a finite number, got ${JSON.stringify(header.logDetWhitening)}`);
  m.logDetWhitening = header.logDetWhitening as number;
  m.epochsTrained = Number(header.epochsTrained) || 0;
  m.meta = (header.meta as Record<string, unknown>) ?? {};
  recordModelSource(m, path);
  return m;
}
