/**
 * Random draws for sampling, made in JavaScript from our seeded {@link Random} and handed to whichever engine
 * runs the maths, so the random stream (and so the result) does not depend on the engine.
 */
import { Random } from '../util/random';

/**
 * Fills `out` with uniforms in [0, 1) from a block generator seeded by four draws of `rng`. It is the same sfc32
 * algorithm as {@link Random}, but with its state in local variables, which V8 keeps in registers: ~1.7 ns per
 * number instead of ~40 ns for `rng.fillUniform` (whose uint32 fields are boxed). A CD step at 64 × 256 needs
 * 16k of them, so this matters: 0.03 ms instead of 0.6 ms. Each value has 24 random bits (exact in float32).
 */
export function fillUniformFast(rng: Random, out: Float32Array): Float32Array {
  let a = rng.nextUint32() | 0;
  let b = rng.nextUint32() | 0;
  let c = rng.nextUint32() | 0;
  let d = rng.nextUint32() | 0;
  for (let i = 0; i < out.length; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    out[i] = (t >>> 8) * 5.960464477539063e-8; // × 2⁻²⁴
  }
  return out;
}

/**
 * Fills `out` with standard normal draws by Marsaglia's polar method on {@link fillUniformFast} uniforms: one log
 * and one square root per pair, no sin/cos (about twice as fast as Box-Muller here; Gaussian visible units need
 * 64 × nVisible of these per step). Pairs (x, y) outside the unit disc are rejected (21% of them).
 */
export function fillNormalFast(rng: Random, out: Float32Array): Float32Array {
  const u = fillUniformFast(rng, new Float32Array(2 * Math.ceil(out.length * 0.65) + 2));
  let k = 0;
  for (let i = 0; i < out.length; ) {
    if (k + 2 > u.length) {
      fillUniformFast(rng, u);
      k = 0;
    }
    const x = 2 * u[k++] - 1;
    const y = 2 * u[k++] - 1;
    const s = x * x + y * y;
    if (s >= 1 || s === 0) continue;
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    out[i++] = x * f;
    if (i < out.length) out[i++] = y * f;
  }
  return out;
}

/** The random draws of one CD-k step (see `CDBatch` in training/cdStep.ts). */
export interface CDNoise {
  hiddenUniforms: Float32Array[];
  visibleNoise?: Float32Array[];
}

/**
 * Draws the hidden uniforms (and, when visible units are sampled, the visible noise) of a CD-k step. Pass the
 * previous step's draws as `reuse` to fill the same arrays again when the sizes match: allocating a fresh 64 × 513
 * Float32Array costs ~50 µs (typed arrays that large live outside the JS heap), a noticeable share of a ~1 ms step.
 * The numbers drawn are the same either way.
 */
export function drawCDNoise(
  rng: Random,
  rows: number,
  nVisible: number,
  nHidden: number,
  k: number,
  visibleNoise: 'none' | 'uniform' | 'normal',
  reuse?: CDNoise,
): CDNoise {
  const array = (old: Float32Array | undefined, n: number) => (old?.length === n ? old : new Float32Array(n));
  const hiddenUniforms: Float32Array[] = [];
  const noise: Float32Array[] = [];
  for (let t = 0; t < k; t++) {
    hiddenUniforms.push(fillUniformFast(rng, array(reuse?.hiddenUniforms[t], rows * nHidden)));
    if (visibleNoise === 'uniform') noise.push(fillUniformFast(rng, array(reuse?.visibleNoise?.[t], rows * nVisible)));
    if (visibleNoise === 'normal') noise.push(fillNormalFast(rng, array(reuse?.visibleNoise?.[t], rows * nVisible)));
  }
  return visibleNoise === 'none' ? { hiddenUniforms } : { hiddenUniforms, visibleNoise: noise };
}

/**
 * The generator for one epoch of one seeded run. Deriving it from (seed, epoch) rather than continuing one long
 * stream means a run resumed from a checkpoint at epoch e draws exactly what the uninterrupted run drew.
 */
export function epochRandom(seed: number, epoch: number): Random {
  return new Random((Math.imul((seed >>> 0) + 1, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca77)) >>> 0);
}
