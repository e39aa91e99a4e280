/**
 * What a trained music model carries besides its weights, in `model.meta` (saved with the model file): the
 * feature pipeline that made its training frames (so generation can undo the scaling and the CLI can refuse
 * a mismatched model), the style names of its one-hot style units, and the free-energy statistics of its
 * training frames (to calibrate taste scores).
 *
 * Style units: with styles ['chords', 'arpeggio'] every training frame gets two extra visible units,
 * `[features…, 1, 0]` for chords and `[features…, 0, 1]` for arpeggio (scaled by `styleScale`). The RBM
 * learns the joint distribution of sound and label; clamping the label units at generation time samples
 * from the conditional p(sound | style) — the "joint label units" of Hinton's 2006 DBN digits model.
 */
import { ModelFormatError, ParameterError } from '../errors';
import type { Matrix } from '../types';
import { FeaturePipeline } from '../features';
import type { Clamp } from './gibbs';

/** The metadata record written into `model.meta`. */
export interface MusicModelMeta {
  kind: 'rbm-music';
  version: 1;
  model: 'rbm' | 'crbm' | 'rnnrbm' | 'mprbm' | 'mpcrbm';
  /** `FeaturePipeline.toJSON()` of the training features. */
  pipeline: unknown;
  /** Number of feature columns (the visible units before any style units). */
  nFeatures: number;
  /** Style names, one visible unit each after the features (empty: no style units). */
  styles: string[];
  /** Value of an "on" style unit. */
  styleScale: number;
  /** Mean and standard deviation of the per-frame free energy on the training frames (for rank scores). */
  freeEnergy?: { mean: number; std: number };
  /** What the model was trained on (for people reading the file). */
  trainedOn?: string;
}

/** Anything with the `meta` record our models carry. */
export interface HasMeta { meta: Record<string, unknown> }

/** Reads and checks a model's music metadata; `source` names the file in errors. */
export function musicMeta(model: HasMeta, source = 'model'): MusicModelMeta {
  const m = model.meta as Partial<MusicModelMeta> | undefined;
  if (!m || m.kind !== 'rbm-music' || !m.pipeline || typeof m.nFeatures !== 'number') {
    throw new ModelFormatError(`${source} has no rbm-music feature metadata (meta.pipeline); train it with trainOnClips() or \`rbm-music train\`, or pass the pipeline explicitly`);
  }
  return { styles: [], styleScale: 1, ...m } as MusicModelMeta;
}

/** The model's feature pipeline: the one given, else the one saved in its metadata. */
export function modelPipeline(model: HasMeta, given?: FeaturePipeline, source = 'model'): FeaturePipeline {
  if (given) return given;
  const saved = musicMeta(model, source).pipeline;
  try {
    return FeaturePipeline.fromJSON(saved as any);
  } catch (err) {
    throw new ModelFormatError(`${source}: its saved feature pipeline (meta.pipeline) is unusable: ${(err as Error).message}`, { cause: err });
  }
}

/** Appends one-hot style columns to a feature matrix (style index `s` of `nStyles`, scaled). */
export function withStyleColumns(X: Matrix, s: number, nStyles: number, scale: number): Matrix {
  if (nStyles === 0) return X;
  const cols = X.cols + nStyles;
  const data = new Float32Array(X.rows * cols);
  for (let t = 0; t < X.rows; t++) {
    data.set(X.data.subarray(t * X.cols, (t + 1) * X.cols), t * cols);
    data[t * cols + X.cols + s] = scale;
  }
  return { rows: X.rows, cols, data };
}

/** Drops the trailing style columns, leaving the feature frames. */
export function featureColumns(X: Matrix, nFeatures: number): Matrix {
  if (X.cols === nFeatures) return X;
  const data = new Float32Array(X.rows * nFeatures);
  for (let t = 0; t < X.rows; t++) data.set(X.data.subarray(t * X.cols, t * X.cols + nFeatures), t * nFeatures);
  return { rows: X.rows, cols: nFeatures, data };
}

/** Index of a style given by name or index; throws naming the valid styles. */
export function styleIndex(style: string | number, styles: string[]): number {
  const i = typeof style === 'number' ? style : styles.indexOf(style);
  if (styles.length === 0) throw new ParameterError(`style '${style}' was asked for but the model has no style units; train with styles (CLI: --styles) to use it`);
  if (!Number.isInteger(i) || i < 0 || i >= styles.length) throw new ParameterError(`style '${style}' is not one of the model's styles: ${styles.join(', ')}`);
  return i;
}

/** The clamp that fixes the style units to one-hot `s` (features left free). */
export function styleClamp(nFeatures: number, s: number, nStyles: number, scale: number): Clamp {
  const n = nFeatures + nStyles;
  const mask = new Uint8Array(n);
  const values = new Float32Array(n);
  for (let k = 0; k < nStyles; k++) {
    mask[nFeatures + k] = 1;
    values[nFeatures + k] = k === s ? scale : 0;
  }
  return { mask, values };
}
