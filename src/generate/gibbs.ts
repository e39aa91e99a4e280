/**
 * Block Gibbs sampling from an RBM's parameters, in plain TypeScript, with the controls generation needs:
 * several chains, burn-in, thinning, a temperature or an annealing schedule, and clamped units.
 *
 * Why not `rbm.sample()`? Generation changes the temperature and emits a frame at every step of a long,
 * slowly-mixing chain; per-step control is simplest here, and at music sizes (≈130 visible × 256 hidden) one
 * step of a few chains is ~0.1 ms of plain loops, cheaper than a round trip through tfjs. The conditionals are
 * the engine's own (checked against `rbm.hiddenProbs` / `rbm.visibleMeans` in the tests):
 *
 *   p(h_j = 1 | v) = σ((c_j + Σ_i W_ij v_i / s_i²) / T)
 *   Bernoulli visible: p(v_i = 1 | h) = σ((b_i + Σ_j W_ij h_j) / T)
 *   Gaussian visible (Cho, Ilin & Raiko 2011): v_i | h ~ N(b_i + Σ_j W_ij h_j, s_i²·T)
 *
 * with s_i = 1 for Bernoulli units and T the temperature (energy divided by T).
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import type { RBMParams } from '../rbm/types';
import { sigmoid } from '../rbm/evaluation/model64';
import { Random } from '../util/random';
import { type AnnealingSchedule, checkAnnealing, checkTemperature, temperatureAt } from './anneal';

/** The parameters Gibbs sampling needs: the engine's `rbm.params()` (see {@link RBMParams} for the energy). */
export type GibbsParams = Pick<RBMParams, 'visible' | 'nVisible' | 'nHidden' | 'W' | 'visibleBias' | 'hiddenBias' | 'logSigma'>;

/** Units held fixed during sampling (style units, or the known part of a frame). */
export interface Clamp {
  /** 1 where the visible unit is clamped; length nVisible. */
  mask: Uint8Array;
  /** The clamped values (read where mask is 1); length nVisible. */
  values: Float32Array;
}

/** Defaults for {@link gibbsChains}; each says why. */
export const DEFAULT_GIBBS_OPTIONS = {
  /** Independent chains; each yields its own sequence of frames. */
  chains: 1,
  /** Steps discarded before the first frame so the chain forgets its (random or data) start. */
  burnIn: 200,
  /** Gibbs steps between emitted frames: 1 keeps consecutive frames one step apart, hence coherent. */
  thin: 1,
  /** Sampling temperature when no annealing schedule is given. */
  temperature: 1,
  /** Emit the visible mean given the sampled hiddens (smooth spectra) rather than the noisy visible sample. */
  emit: 'mean' as 'mean' | 'sample',
};

/** Options for {@link gibbsChains}. */
export interface GibbsOptions {
  /** Frames to emit per chain (required, >= 1). */
  n: number;
  /** Seed for every random draw (required: everything random is reproducible). */
  seed: number;
  chains?: number;
  burnIn?: number;
  thin?: number;
  temperature?: number;
  /** Cooling schedule over the first `steps` Gibbs steps (counted from the start of burn-in); overrides `temperature`. */
  annealing?: AnnealingSchedule;
  clamp?: Clamp;
  /** Starting visible states, one row per chain (default: random data-like noise). */
  init?: Matrix;
  emit?: 'mean' | 'sample';
  /** Called after each emitted frame with (frames emitted so far over all chains, total); for progress bars. */
  onFrame?: (done: number, total: number) => void;
}


function checkInt(v: number, name: string, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new ParameterError(`${name} must be an integer >= ${min}, got ${v}`);
}

/**
 * One persistent Gibbs chain. Exposed so streaming generation can keep a chain alive across blocks.
 */
export class GibbsChain {
  /** Current visible state (length nVisible). */
  readonly v: Float32Array;
  /** Visible mean from the last step. */
  readonly mean: Float32Array;
  /** Hidden probabilities p(h = 1 | v) from the last step. */
  readonly ph: Float32Array;
  private readonly h: Float32Array;
  private readonly invVar: Float32Array;
  private readonly sigma: Float32Array;
  private readonly rng: Random;
  /** Gibbs steps taken so far (drives the annealing schedule). */
  steps = 0;

  constructor(readonly p: GibbsParams, seed: number, init?: Float32Array, readonly clamp?: Clamp) {
    const { nVisible, nHidden } = p;
    if (p.W.length !== nVisible * nHidden) {
      throw new ParameterError(`W has ${p.W.length} values but nVisible × nHidden = ${nVisible * nHidden}`);
    }
    this.rng = new Random(seed);
    this.v = new Float32Array(nVisible);
    this.mean = new Float32Array(nVisible);
    this.h = new Float32Array(nHidden);
    this.ph = new Float32Array(nHidden);
    this.sigma = new Float32Array(nVisible).fill(1);
    if (p.visible === 'gaussian' && p.logSigma) for (let i = 0; i < nVisible; i++) this.sigma[i] = Math.exp(p.logSigma[i]);
    this.invVar = this.sigma.map((s) => 1 / (s * s));
    if (clamp && (clamp.mask.length !== nVisible || clamp.values.length !== nVisible)) {
      throw new ParameterError(`clamp.mask and clamp.values must have nVisible = ${nVisible} entries, got ${clamp.mask.length} and ${clamp.values.length}`);
    }
    if (init) {
      if (init.length !== nVisible) throw new ParameterError(`init row has ${init.length} values, expected nVisible = ${nVisible}`);
      this.v.set(init);
    } else if (p.visible === 'gaussian') {
      // Start near the model's visible biases, plus unit noise: standardised features live there.
      for (let i = 0; i < nVisible; i++) this.v[i] = p.visibleBias[i] + this.sigma[i] * this.rng.normal();
    } else {
      for (let i = 0; i < nVisible; i++) this.v[i] = this.rng.next() < 0.5 ? 1 : 0;
    }
    this.applyClamp(this.v);
    this.mean.set(this.v);
  }

  private applyClamp(x: Float32Array): void {
    const c = this.clamp;
    if (!c) return;
    for (let i = 0; i < x.length; i++) if (c.mask[i]) x[i] = c.values[i];
  }

  /**
   * How much visible sampling noise enters the chain state, in [0, 1] (Gaussian units): the next state is
   * mean + noise·(sample − mean). 1 = exact Gibbs sampling; smaller values follow the model's mean dynamics
   * more closely, as Taylor et al. (2006) did for generation. Does not apply to Bernoulli units.
   */
  visibleNoise = 1;

  /** One full step v → h → v at temperature `T`. */
  step(T: number): void {
    const { nVisible, nHidden, W, visibleBias, hiddenBias } = this.p;
    const gaussian = this.p.visible === 'gaussian';
    const { v, h, ph, mean, rng, invVar, sigma } = this;
    // Hidden pre-activations: c + Wᵀ (v / s²), accumulated row by row for cache-friendly access to W.
    const pre = new Float64Array(nHidden);
    for (let j = 0; j < nHidden; j++) pre[j] = hiddenBias[j];
    for (let i = 0; i < nVisible; i++) {
      const x = gaussian ? v[i] * invVar[i] : v[i];
      if (x === 0) continue;
      const base = i * nHidden;
      for (let j = 0; j < nHidden; j++) pre[j] += W[base + j] * x;
    }
    for (let j = 0; j < nHidden; j++) {
      ph[j] = sigmoid(pre[j] / T);
      h[j] = rng.next() < ph[j] ? 1 : 0;
    }
    const sqrtT = Math.sqrt(T);
    for (let i = 0; i < nVisible; i++) {
      let a = visibleBias[i];
      const base = i * nHidden;
      for (let j = 0; j < nHidden; j++) if (h[j]) a += W[base + j];
      if (gaussian) {
        mean[i] = a;
        v[i] = a + this.visibleNoise * sigma[i] * sqrtT * rng.normal();
      } else {
        const q = sigmoid(a / T);
        mean[i] = q;
        v[i] = rng.next() < q ? 1 : 0;
      }
    }
    this.applyClamp(v);
    this.applyClamp(mean);
    this.steps++;
  }

  /**
   * The mean-field visible frame `E[v | p(h | v)]`: the visible mean given the hidden *probabilities* of the
   * current state rather than one binary draw. It removes the frame-to-frame flicker of individual hidden
   * samples while following the same chain (written to `out`).
   */
  meanField(out: Float32Array): Float32Array {
    const { nVisible, nHidden, W, visibleBias } = this.p;
    const { ph } = this;
    for (let i = 0; i < nVisible; i++) {
      let a = visibleBias[i];
      const base = i * nHidden;
      for (let j = 0; j < nHidden; j++) a += W[base + j] * ph[j];
      out[i] = this.p.visible === 'gaussian' ? a : sigmoid(a);
    }
    this.applyClamp(out);
    return out;
  }
}

/**
 * Runs `chains` independent Gibbs chains and returns, for each, `n` frames taken every `thin` steps after
 * `burnIn` steps. With `thin = 1` consecutive frames are one Gibbs step apart: a trained RBM's chain mixes
 * slowly, so neighbouring frames share most of their hidden units and the sequence evolves smoothly —
 * that is what makes RBM output sound like continuing music rather than independent random frames.
 *
 * @returns one Matrix (n × nVisible) per chain, frames in time order.
 * @throws {ParameterError} for bad counts, temperatures, clamp or init shapes.
 * @example
 * const [frames] = gibbsChains(rbm.params(), { n: 300, seed: 1, burnIn: 200, annealing: { from: 2, to: 1, steps: 200 } });
 */
export function gibbsChains(p: GibbsParams, opts: GibbsOptions): Matrix[] {
  const o = { ...DEFAULT_GIBBS_OPTIONS, ...opts };
  checkInt(o.n, 'n', 1);
  checkInt(o.chains, 'chains', 1);
  checkInt(o.burnIn, 'burnIn', 0);
  checkInt(o.thin, 'thin', 1);
  if (o.annealing) checkAnnealing(o.annealing);
  else checkTemperature(o.temperature);
  if (o.init && (o.init.rows !== o.chains || o.init.cols !== p.nVisible)) {
    throw new ParameterError(`init must be chains × nVisible = ${o.chains} × ${p.nVisible}, got ${o.init.rows} × ${o.init.cols}`);
  }
  const tempAt = (s: number): number => (o.annealing ? temperatureAt(s, o.annealing) : o.temperature);
  const master = new Random(o.seed);
  const total = o.n * o.chains;
  const out: Matrix[] = [];
  for (let c = 0; c < o.chains; c++) {
    const init = o.init ? o.init.data.subarray(c * p.nVisible, (c + 1) * p.nVisible) : undefined;
    const chain = new GibbsChain(p, master.nextUint32(), init, o.clamp);
    for (let s = 0; s < o.burnIn; s++) chain.step(tempAt(chain.steps));
    const data = new Float32Array(o.n * p.nVisible);
    for (let t = 0; t < o.n; t++) {
      for (let s = 0; s < o.thin; s++) chain.step(tempAt(chain.steps));
      data.set(o.emit === 'mean' ? chain.mean : chain.v, t * p.nVisible);
      o.onFrame?.(c * o.n + t + 1, total);
    }
    out.push({ rows: o.n, cols: p.nVisible, data });
  }
  return out;
}
