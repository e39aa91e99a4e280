/**
 * The samples a streaming stage still needs from a signal pushed in pieces: global indices [start, start + length).
 * Pieces are appended (checked finite, numbered in the whole signal in errors); samples no later output reaches are
 * dropped from the front. Shared by the audio stage's StreamResampler and the features stage's FeatureStream.
 */
import { ParameterError } from '../errors';

export class SampleWindow {
  private buf = new Float32Array(0);
  /** Global index of the first held sample. */
  start = 0;
  /** Samples held. */
  length = 0;
  /** Samples pushed so far. */
  received = 0;

  /** @param owner names the caller in errors, e.g. 'StreamResampler.push(y)'. */
  constructor(private readonly owner: string) {}

  /** Checks a piece and counts it as received without holding it (a stage that needs no past samples). */
  count(y: Float32Array): void {
    if (!(y instanceof Float32Array)) throw new ParameterError(`${this.owner}: y must be a Float32Array, got ${y === null ? 'null' : typeof y}`);
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i])) throw new ParameterError(`${this.owner}: sample ${this.received + i} is ${y[i]}; audio samples must be finite`);
    }
    this.received += y.length;
  }

  /** Checks and appends a piece. @throws {ParameterError} for a non-Float32Array or a non-finite sample. */
  push(y: Float32Array): void {
    this.count(y);
    const need = this.length + y.length;
    if (need > this.buf.length) {
      const grown = new Float32Array(Math.max(need, 2 * this.buf.length));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(y, this.length);
    this.length = need;
  }

  /** Samples the buffer can hold before it grows (what the stage's memory is). */
  get capacity(): number {
    return this.buf.length;
  }

  /** The held samples (a view, valid until the next push or drop). */
  samples(): Float32Array {
    return this.buf.subarray(0, this.length);
  }

  /** Drops the held samples before global index `keepFrom`. */
  dropBefore(keepFrom: number): void {
    const drop = Math.min(this.length, keepFrom - this.start);
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.length);
      this.length -= drop;
      this.start += drop;
    }
  }
}
