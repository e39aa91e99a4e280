/**
 * Loads a saved music model of either kind (RBM or ConditionalRBM: the file header says which), with errors
 * that name the file and say how to make one.
 */
import { existsSync } from 'node:fs';
import { ModelFormatError, ParameterError } from '../errors';
import { RBM } from '../rbm';
import { ConditionalRBM, MeanPrecisionCRBM, MeanPrecisionRBM, RNNRBM } from '../rbm';
import { FeaturePipeline } from '../features';
import { musicMeta, type MusicModelMeta } from './musicModel';

/**
 * Loads `path` as an RBM or ConditionalRBM and checks it carries rbm-music metadata (its feature pipeline).
 * @throws {ParameterError} when the file does not exist.
 * @throws {ModelFormatError} naming the file: a damaged file, a model without a saved feature pipeline, or
 *   metadata that does not fit the model ({@link checkMusicModel}).
 * @example const model = await loadMusicModel('models/rbm.json');
 */
export async function loadMusicModel(path: string): Promise<RBM | ConditionalRBM | RNNRBM | MeanPrecisionRBM | MeanPrecisionCRBM> {
  if (!existsSync(path)) throw new ParameterError(`model file ${path} does not exist; train one with \`rbm-music train\` (writes models/rbm.json)`);
  let model: RBM | ConditionalRBM | RNNRBM | MeanPrecisionRBM | MeanPrecisionCRBM;
  try {
    model = await RBM.load(path);
  } catch (err) {
    // The file header names the kind; the RBM loader's error says which it found.
    if (!(err instanceof ModelFormatError) || !/kind '(crbm|rnnrbm|mprbm|mpcrbm)'/.test(err.message)) throw err;
    const kind = /kind '(\w+)'/.exec(err.message)![1];
    model = kind === 'rnnrbm' ? await RNNRBM.load(path)
      : kind === 'mprbm' ? await MeanPrecisionRBM.load(path)
        : kind === 'mpcrbm' ? await MeanPrecisionCRBM.load(path) : await ConditionalRBM.load(path);
  }
  checkMusicModel(model, path);
  return model;
}

/**
 * Checks everything generation and ranking will read from a music model's saved metadata — the feature
 * pipeline and its scaler, the feature count, the style units — against each other and the model's shape,
 * so a damaged or hand-edited file fails at load with a {@link ModelFormatError} naming the file (not later
 * as a ParameterError from deep inside generation that names no file).
 * @throws {ModelFormatError} `<path>: <what is wrong>`.
 */
export function checkMusicModel(model: RBM | ConditionalRBM | RNNRBM | MeanPrecisionRBM | MeanPrecisionCRBM, path: string): MusicModelMeta {
  const fail = (what: string, cause?: unknown): never => {
    throw new ModelFormatError(`${path}: ${what}`, { cause });
  };
  const meta = musicMeta(model, path);
  let pipeline: FeaturePipeline | undefined;
  try {
    pipeline = FeaturePipeline.fromJSON(meta.pipeline);
  } catch (err) {
    fail(`its saved feature pipeline (meta.pipeline) is unusable: ${(err as Error).message}`, err);
  }
  if (!pipeline!.fitted) fail('its saved feature pipeline has no fitted scaler (meta.pipeline.scaler is null); train the model again');
  if (meta.nFeatures !== pipeline!.nFeatures) fail(`meta.nFeatures is ${JSON.stringify(meta.nFeatures)} but its feature pipeline gives ${pipeline!.nFeatures} features`);
  if (!Array.isArray(meta.styles) || !meta.styles.every((x) => typeof x === 'string')) fail(`meta.styles must be a list of style names, got ${JSON.stringify(meta.styles)}`);
  if (!(typeof meta.styleScale === 'number' && Number.isFinite(meta.styleScale) && meta.styleScale > 0)) fail(`meta.styleScale must be a positive number, got ${JSON.stringify(meta.styleScale)}`);
  const fe = meta.freeEnergy as { mean?: unknown; std?: unknown } | undefined;
  if (fe !== undefined && !(fe && Number.isFinite(fe.mean) && Number.isFinite(fe.std) && (fe.std as number) > 0)) {
    fail(`meta.freeEnergy must be { mean, std } with finite numbers and std > 0 (rank scores are calibrated by it), got ${JSON.stringify(fe)}`);
  }
  if (model.nVisible !== meta.nFeatures + meta.styles.length) {
    fail(`model/feature mismatch: the model has ${model.nVisible} visible units but its metadata gives ${meta.nFeatures} features${meta.styles.length ? ` + ${meta.styles.length} style units` : ''}`);
  }
  return meta;
}
