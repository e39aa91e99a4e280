/**
 * Shared plumbing for the per-bin scalers: an affine map x → (x − offset)/scale per column, whose
 * statistics are kept (and saved as JSON) so generated features can be mapped back.
 */
import { ModelFormatError, ParameterError } from '../errors';
import type { Matrix } from '../types';
import { checkMatrix } from './validate';

/** A fitted per-column affine scaler: `transform(X) = (X − offset)/scale`, `inverseTransform` undoes it. */
export abstract class AffineScaler {
  /** Per-column offset subtracted first (mean or minimum); null until fitted. */
  protected offset: Float64Array | null = null;
  /** Per-column divisor (std or range); a near-zero one is replaced by 1 so constant bins stay finite. */
  protected scale: Float64Array | null = null;

  /** Class name used in messages and JSON. */
  protected abstract readonly kind: string;
  /**
   * Computes offset and scale from the rows that `forEach(visit)` visits block by block (it may be called more
   * than once, visiting the same rows in the same order each time); `cols` columns, `rows` ≥ 1 rows in all.
   */
  protected abstract stats(forEach: (visit: (X: Matrix) => void) => void, cols: number, rows: number): { offset: Float64Array; scale: Float64Array };

  /** Whether {@link fit} (or fromJSON) has run. */
  get fitted(): boolean {
    return this.offset !== null;
  }

  /** Number of columns it was fitted on (0 before fitting). */
  get nFeatures(): number {
    return this.offset?.length ?? 0;
  }

  /**
   * Learns the per-column statistics of X (frames × features, ≥ 1 row). Returns `this` for chaining.
   * @throws {ParameterError} for a malformed, empty or non-finite X.
   */
  fit(X: Matrix): this {
    checkMatrix('X', X, { minRows: 1 });
    return this.setStats(this.stats((visit) => visit(X), X.cols, X.rows));
  }

  /**
   * {@link fit} on rows that arrive in blocks (e.g. read back from a file, so they never sit in memory together):
   * `forEach(visit)` calls `visit` on each block in order, and must visit the same blocks each time it is called
   * (a standardizer makes two passes). The statistics equal fit's on the blocks stacked, bit for bit (same sums
   * in the same order). Returns `this`.
   * @throws {ParameterError} for a malformed or non-finite block, blocks of different widths, or no rows at all.
   */
  fitBlocks(forEach: (visit: (X: Matrix) => void) => void): this {
    let rows = 0;
    let cols = -1;
    forEach((X) => {
      checkMatrix('X', X, { minRows: 0 });
      if (cols >= 0 && X.cols !== cols) throw new ParameterError(`blocks have ${cols} and ${X.cols} columns; every block must have the same width`);
      cols = X.cols;
      rows += X.rows;
    });
    if (rows === 0) throw new ParameterError('fitBlocks: the blocks hold no rows; at least one row is needed');
    return this.setStats(this.stats(forEach, cols, rows));
  }

  private setStats({ offset, scale }: { offset: Float64Array; scale: Float64Array }): this {
    for (let j = 0; j < scale.length; j++) {
      // sklearn's _handle_zeros_in_scale: a (numerically) constant column keeps its values, shifted
      if (!(scale[j] > 10 * Number.EPSILON * Math.max(1, Math.abs(offset[j])))) scale[j] = 1;
    }
    this.offset = offset;
    this.scale = scale;
    return this;
  }

  private ready(X: Matrix, name: string): { offset: Float64Array; scale: Float64Array } {
    if (!this.offset || !this.scale) throw new ParameterError(`${this.kind} is not fitted yet; call fit(X) before ${name}`);
    checkMatrix('X', X, { cols: this.offset.length });
    return { offset: this.offset, scale: this.scale };
  }

  /** (X − offset)/scale per column; a new matrix. @throws {ParameterError} if not fitted or the column count differs. */
  transform(X: Matrix): Matrix {
    const { offset, scale } = this.ready(X, 'transform');
    const out = new Float32Array(X.data.length);
    for (let t = 0, i = 0; t < X.rows; t++) {
      for (let j = 0; j < X.cols; j++, i++) out[i] = (X.data[i] - offset[j]) / scale[j];
    }
    return { rows: X.rows, cols: X.cols, data: out };
  }

  /** fit(X) then transform(X). */
  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  /** X·scale + offset per column: undoes {@link transform}. @throws {ParameterError} if not fitted or the column count differs. */
  inverseTransform(X: Matrix): Matrix {
    const { offset, scale } = this.ready(X, 'inverseTransform');
    const out = new Float32Array(X.data.length);
    for (let t = 0, i = 0; t < X.rows; t++) {
      for (let j = 0; j < X.cols; j++, i++) out[i] = X.data[i] * scale[j] + offset[j];
    }
    return { rows: X.rows, cols: X.cols, data: out };
  }

  /** Plain statistics arrays for JSON, named by the subclass. */
  protected dump(offsetName: string, scaleName: string): Record<string, unknown> {
    if (!this.offset || !this.scale) throw new ParameterError(`${this.kind} is not fitted yet; nothing to save`);
    return { kind: this.kind, [offsetName]: Array.from(this.offset), [scaleName]: Array.from(this.scale) };
  }

  /** Restores statistics from parsed JSON, checking every field. @throws {ModelFormatError} naming the field. */
  protected load(json: unknown, offsetName: string, scaleName: string): this {
    const o = json as Record<string, unknown>;
    if (!o || typeof o !== 'object' || o.kind !== this.kind) {
      throw new ModelFormatError(`${this.kind} JSON must be an object with kind: '${this.kind}', got kind ${JSON.stringify(o?.kind)}`);
    }
    const read = (name: string, positive: boolean): Float64Array => {
      const a = o[name];
      if (!Array.isArray(a) || a.length === 0 || !a.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0))) {
        throw new ModelFormatError(`${this.kind} JSON field '${name}' must be a non-empty array of finite${positive ? ' positive' : ''} numbers`);
      }
      return Float64Array.from(a as number[]);
    };
    const offset = read(offsetName, false), scale = read(scaleName, true);
    if (offset.length !== scale.length) {
      throw new ModelFormatError(`${this.kind} JSON fields '${offsetName}' (${offset.length}) and '${scaleName}' (${scale.length}) differ in length`);
    }
    this.offset = offset;
    this.scale = scale;
    return this;
  }
}
