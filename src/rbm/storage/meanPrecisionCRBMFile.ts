/**
 * Saving and loading conditional mean–precision RBMs in the project's versioned container (modelFile.ts), kind
 * 'mpcrbm': the frame model's arrays and whitening, the history taps, the beat clock and training periods when
 * the model has one, and A, B.
 */
import { ModelFormatError, ParameterError } from '../../errors';
import { MEAN_PRECISION_ARRAYS } from '../models/MeanPrecisionRBM';
import { MeanPrecisionCRBM, meanPrecisionCRBMDelegates } from '../models/MeanPrecisionCRBM';
import { adoptMeta, readModelFile, writeModelFile } from './modelFile';
import { recordModelSource } from './source';
import { checkBeatClock } from '../models/crbm/beatClock';

/** The file kind in the header. */
export const MEAN_PRECISION_CRBM_FILE_KIND = 'mpcrbm';

meanPrecisionCRBMDelegates.provide({ save: saveMeanPrecisionCRBM, load: loadMeanPrecisionCRBM });

/**
 * Saves `model` to `path` (temp file + rename).
 * @throws FileExistsError if the file exists and !force; ParameterError if meta is not JSON-serialisable.
 */
export async function saveMeanPrecisionCRBM(model: MeanPrecisionCRBM, path: string, opts: { force?: boolean; meta?: Record<string, unknown> } = {}): Promise<void> {
  adoptMeta(model, opts.meta);
  const f = model.frame;
  const header = {
    nVisible: model.nVisible, nHidden: model.nHidden, seed: model.seed, epochsTrained: f.epochsTrained, logDetWhitening: f.logDetWhitening,
    visibleTaps: model.visibleTaps, hiddenTaps: model.hiddenTaps, meta: model.meta,
    ...(model.beat ? { beat: model.beat, beatPeriods: model.beatPeriods } : {}),
  };
  const arrays = { ...Object.fromEntries(MEAN_PRECISION_ARRAYS.map((k) => [k, f[k]])), A: model.A, B: model.B };
  await writeModelFile(path, MEAN_PRECISION_CRBM_FILE_KIND, header, arrays, opts.force);
}

/** Loads a model saved by {@link saveMeanPrecisionCRBM}. @throws ModelFormatError naming the file and what is wrong. */
export async function loadMeanPrecisionCRBM(path: string): Promise<MeanPrecisionCRBM> {
  const { header, arrays } = await readModelFile(path, MEAN_PRECISION_CRBM_FILE_KIND);
  const fail = (what: string): never => { throw new ModelFormatError(`${path}: ${what}`); };
  let m: MeanPrecisionCRBM;
  try {
    m = new MeanPrecisionCRBM({
      nVisible: header.nVisible as number, nHidden: header.nHidden as number, seed: Number(header.seed) || 0,
      visibleTaps: header.visibleTaps as any, hiddenTaps: header.hiddenTaps as any,
      // Files from before the beat clock have none.
      ...(header.beat ? { beat: checkBeatClock(header.beat, 'beat clock', ModelFormatError) } : {}),
    });
  } catch (err) {
    return fail((err as Error).message.replace(/^MeanPrecision(C)?RBM: /, ''));
  }
  const D = m.nVisible, H = m.nHidden, f = m.frame;
  const expected: Record<string, number> = {
    W: D * H, logU: D * H, visibleBias: D, hiddenBias: H, logLambda: D, whiteMean: D, whitening: D * D, unwhitening: D * D,
    A: m.A.length, B: m.B.length,
  };
  for (const k of [...MEAN_PRECISION_ARRAYS, 'A', 'B'] as const) {
    const a = arrays[k];
    if (!a || a.length !== expected[k]) fail(`array '${k}' has ${a ? a.length : 'no'} values, expected ${expected[k]} for ${D} visible × ${H} hidden and the stored taps`);
    if (!a.every(Number.isFinite)) fail(`array '${k}' holds a non-finite value`);
    if (k === 'A' || k === 'B') m[k] = a;
    else f[k] = a;
  }
  if (!Number.isFinite(header.logDetWhitening)) fail(`logDetWhitening must be a finite number, got ${JSON.stringify(header.logDetWhitening)}`);
  f.logDetWhitening = header.logDetWhitening as number;
  f.epochsTrained = Number(header.epochsTrained) || 0;
  if (m.beat) {
    const p = header.beatPeriods;
    if (!Array.isArray(p) || !p.every((x) => Number.isFinite(x) && x > 0)) fail(`beatPeriods must be a list of positive numbers, got ${JSON.stringify(p)}`);
    m.beatPeriods = (p as number[]).slice();
  }
  m.meta = (header.meta as Record<string, unknown>) ?? {};
  recordModelSource(m, path);
  return m;
}
