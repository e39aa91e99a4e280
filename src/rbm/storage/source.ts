/**
 * Which file a loaded model came from, so errors found later in its saved metadata (feature pipeline, scaler,
 * feature count) can name the file. Kept beside the model rather than on it: the model classes stay free of
 * storage concerns, and a model made in memory simply has no source.
 */
const sources = new WeakMap<object, string>();

/** Records that `model` was read from `path` (the loaders call this). */
export function recordModelSource(model: object, path: string): void {
  sources.set(model, path);
}

/**
 * The file a model was loaded from by `RBM.load`, `ConditionalRBM.load` or `RNNRBM.load`; undefined for a model
 * made in memory.
 * @example const m = await RBM.load('models/rbm.json'); modelSource(m); // 'models/rbm.json'
 */
export function modelSource(model: object): string | undefined {
  return model && typeof model === 'object' ? sources.get(model) : undefined;
}
