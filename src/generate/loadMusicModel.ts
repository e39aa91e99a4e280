/**
 * Loads a saved music model of either kind (RBM or ConditionalRBM: the file header says which), with errors
 * that name the file and say how to make one.
 */
import { existsSync } from 'node:fs';
import { ModelFormatError, ParameterError } from '../errors';
import { RBM } from '../rbm';
import { ConditionalRBM } from '../rbm';
import { musicMeta } from './musicModel';

/**
 * Loads `path` as an RBM or ConditionalRBM and checks it carries rbm-music metadata (its feature pipeline).
 * @throws {ParameterError} when the file does not exist.
 * @throws {ModelFormatError} for a damaged file, or a model without a saved feature pipeline.
 * @example const model = await loadMusicModel('models/rbm.json');
 */
export async function loadMusicModel(path: string): Promise<RBM | ConditionalRBM> {
  if (!existsSync(path)) throw new ParameterError(`model file ${path} does not exist; train one with \`rbm-music train\` (writes models/rbm.json)`);
  let model: RBM | ConditionalRBM;
  try {
    model = await RBM.load(path);
  } catch (err) {
    if (!(err instanceof ModelFormatError) || !/kind 'crbm'/.test(err.message)) throw err;
    model = await ConditionalRBM.load(path);
  }
  musicMeta(model, path);
  return model;
}
