/**
 * Bars-and-stripes (MacKay 2003): the toy data set of notebook 03. An n × n binary image is either some
 * rows all on ("stripes") or some columns all on ("bars"). There are 2^(n+1) − 2 distinct patterns (the
 * blank and the full image are both a bar and a stripe pattern and are counted once), e.g. 30 for n = 4, so
 * a model that learns the uniform distribution over them reaches the optimum mean log-likelihood
 * −log(2^(n+1) − 2) (−log 30 ≈ −3.40 for 4 × 4).
 *
 * Measured here (2 shared cores, onnx engine; the 30 patterns × 20 as data, batch 10, sampled visibles):
 * 20 hidden, CD-20, learning rate 0.05 × 0.97^epoch, 100 epochs → mean exact LL −3.55 … −3.62 (seeds 1–4) in
 * 5–14 s; 20 hidden, CD-50, 0.05 × 0.99^epoch, 400 epochs → −3.48 in ~80 s. CD-1/CD-5 stall near −4.1 and
 * PCD-1 with 10 chains oscillates between −5 and −11 on this strongly multimodal set.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { Random } from '../../util/random';

/** Options of {@link barsAndStripes}. */
export interface BarsAndStripesOptions {
  /** Draw this many patterns uniformly at random (with replacement); omit for every distinct pattern once. */
  count?: number;
  /** Seed for the draws. */
  seed?: number;
}

/**
 * Bars-and-stripes patterns as a Matrix of rows = patterns, cols = n·n pixels (row-major image, 0/1).
 * @param n image side (default 4 → 16 pixels, 30 patterns); 1 ≤ n ≤ 10.
 * @throws ParameterError for a bad side or count.
 * @example
 * const all = barsAndStripes(4);                          // 30 × 16, each pattern once
 * const train = barsAndStripes(4, { count: 600, seed: 1 }); // 600 uniform draws
 */
export function barsAndStripes(n = 4, opts: BarsAndStripesOptions = {}): Matrix {
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new ParameterError(`barsAndStripes side n must be an integer in [1, 10], got ${n}`);
  const d = n * n;
  const seen = new Set<string>();
  const patterns: Uint8Array[] = [];
  for (const stripes of [true, false]) {
    for (let mask = 0; mask < 2 ** n; mask++) {
      const p = new Uint8Array(d);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) p[r * n + c] = (mask >> (stripes ? r : c)) & 1;
      }
      const key = p.join('');
      if (!seen.has(key)) {
        seen.add(key);
        patterns.push(p);
      }
    }
  }
  const count = opts.count ?? patterns.length;
  if (!Number.isInteger(count) || count < 1) throw new ParameterError(`count must be a positive integer, got ${count}`);
  const rng = new Random(opts.seed ?? 0);
  const data = new Float32Array(count * d);
  for (let k = 0; k < count; k++) {
    data.set(patterns[opts.count === undefined ? k : rng.int(patterns.length)], k * d);
  }
  return { rows: count, cols: d, data };
}

/** The best possible mean log-likelihood on bars-and-stripes of side n: −log(2^(n+1) − 2) nats. */
export function barsAndStripesOptimum(n = 4): number {
  return -Math.log(2 ** (n + 1) - 2);
}
