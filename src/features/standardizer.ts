/**
 * Per-bin standardisation (z-scores), the scaling Gaussian-visible RBMs expect (Hinton 2010, §13.2).
 */
import type { Matrix } from '../types';
import { AffineScaler } from './scalerBase';

/** Saved form of a fitted {@link Standardizer}. */
export interface StandardizerJSON {
  kind: 'Standardizer';
  mean: number[];
  std: number[];
}

/**
 * Per-column standardisation like sklearn's StandardScaler: x → (x − mean)/std with the population std
 * (ddof 0); a column whose std is ~0 keeps std = 1 so it maps to 0 instead of NaN.
 * @example
 * const sc = new Standardizer().fit(X);
 * const Z = sc.transform(X);            // each column mean 0, std 1
 * const X2 = sc.inverseTransform(Z);    // ≈ X
 * const again = Standardizer.fromJSON(JSON.parse(JSON.stringify(sc.toJSON())));
 */
export class Standardizer extends AffineScaler {
  protected readonly kind = 'Standardizer';

  /** Per-column means (a copy); throws if not fitted. */
  get mean(): Float64Array {
    return Float64Array.from(this.offset ?? []);
  }

  /** Per-column standard deviations after the zero guard (a copy). */
  get std(): Float64Array {
    return Float64Array.from(this.scale ?? []);
  }

  protected stats(forEach: (visit: (X: Matrix) => void) => void, cols: number, rows: number): { offset: Float64Array; scale: Float64Array } {
    const mean = new Float64Array(cols);
    const m2 = new Float64Array(cols);
    forEach((X) => {
      for (let i = 0, t = 0; t < X.rows; t++) for (let j = 0; j < cols; j++, i++) mean[j] += X.data[i];
    });
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    // two-pass variance: exact for constant columns, no catastrophic cancellation
    forEach((X) => {
      for (let i = 0, t = 0; t < X.rows; t++) {
        for (let j = 0; j < cols; j++, i++) {
          const d = X.data[i] - mean[j];
          m2[j] += d * d;
        }
      }
    });
    for (let j = 0; j < cols; j++) m2[j] = Math.sqrt(m2[j] / rows);
    return { offset: mean, scale: m2 };
  }

  /** The statistics as plain JSON (save it beside a model). @throws {ParameterError} if not fitted. */
  toJSON(): StandardizerJSON {
    return this.dump('mean', 'std') as unknown as StandardizerJSON;
  }

  /** Rebuilds a fitted Standardizer from {@link toJSON}'s output. @throws {ModelFormatError} naming a bad field. */
  static fromJSON(json: unknown): Standardizer {
    return new Standardizer().load(json, 'mean', 'std');
  }
}
