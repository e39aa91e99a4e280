/**
 * Per-bin [0, 1] scaling, the range Bernoulli-visible RBMs need (values read as probabilities).
 */
import type { Matrix } from '../types';
import { AffineScaler } from './scalerBase';

/** Saved form of a fitted {@link MinMaxScaler}. */
export interface MinMaxScalerJSON {
  kind: 'MinMaxScaler';
  min: number[];
  range: number[];
}

/**
 * Per-column min-max scaling like sklearn's MinMaxScaler: x → (x − min)/(max − min), so training data
 * lies in [0, 1]; a constant column keeps range 1 (maps to 0). New data may fall outside [0, 1]: it is not clipped.
 * @example
 * const sc = new MinMaxScaler().fit(X);
 * const U = sc.transform(X);          // in [0, 1]
 * const X2 = sc.inverseTransform(U);  // ≈ X
 */
export class MinMaxScaler extends AffineScaler {
  protected readonly kind = 'MinMaxScaler';

  /** Per-column minimum seen by fit (a copy). */
  get min(): Float64Array {
    return Float64Array.from(this.offset ?? []);
  }

  /** Per-column max − min after the zero guard (a copy). */
  get range(): Float64Array {
    return Float64Array.from(this.scale ?? []);
  }

  protected stats(forEach: (visit: (X: Matrix) => void) => void, cols: number): { offset: Float64Array; scale: Float64Array } {
    const lo = new Float64Array(cols).fill(Infinity);
    const hi = new Float64Array(cols).fill(-Infinity);
    forEach((X) => {
      for (let i = 0, t = 0; t < X.rows; t++) {
        for (let j = 0; j < cols; j++, i++) {
          const v = X.data[i];
          if (v < lo[j]) lo[j] = v;
          if (v > hi[j]) hi[j] = v;
        }
      }
    });
    const range = new Float64Array(cols);
    for (let j = 0; j < cols; j++) range[j] = hi[j] - lo[j];
    return { offset: lo, scale: range };
  }

  /** The statistics as plain JSON. @throws {ParameterError} if not fitted. */
  toJSON(): MinMaxScalerJSON {
    return this.dump('min', 'range') as unknown as MinMaxScalerJSON;
  }

  /** Rebuilds a fitted MinMaxScaler from {@link toJSON}'s output. @throws {ModelFormatError} naming a bad field. */
  static fromJSON(json: unknown): MinMaxScaler {
    return new MinMaxScaler().load(json, 'min', 'range');
  }
}
