/**
 * The Restricted Boltzmann Machine: binary hidden units and Bernoulli or Gaussian visible units. This file is the
 * model a learner reads: its parameters, conditionals p(h|v) and E[v|h], free energy and Gibbs sampling, written
 * with TensorFlow.js so they read like the equations. It imports only shared types, errors, utilities and tfjs:
 * training (CD-k / PCD, engines) is in ../training/fit.ts and the file format in ../storage/persistence.ts; both
 * import this class and plug `fit`, `save` and `load` in through `rbmDelegates` (see delegates.ts).
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { assertMatrix } from '../../util/matrix';
import { Random } from '../../util/random';
import { checkMemory, rbmTrainingBytes } from '../../util/memoryBudget';
import { ensureTfBackend, tf } from '../backend';
import type { RBMParams, SaveOptions, TrainingHistory, TrainOptionsOf, VisibleType } from '../types';
import { Delegates } from './delegates';
import { checkParams } from './validate';

/** Options of `rbm.fit(data, opts)`: every field is documented in ../types.ts; defaults in DEFAULT_TRAIN_OPTIONS. */
export type TrainOptions = TrainOptionsOf<RBM>;

/**
 * Where `fit`, `save` and `load` come from: training/fit.ts and storage/persistence.ts provide them when loaded
 * (src/rbm/index.ts loads both), so this file never imports them.
 */
export const rbmDelegates = new Delegates<{
  fit: (rbm: RBM, data: Matrix, opts: Partial<TrainOptions>) => Promise<TrainingHistory>;
  save: (rbm: RBM, path: string, opts: SaveOptions) => Promise<void>;
  load: (path: string) => Promise<RBM>;
}>('RBM', { fit: 'training/fit.ts', save: 'storage/persistence.ts', load: 'storage/persistence.ts' });

/** Options of `new RBM(...)`. */
export interface RBMOptions {
  nVisible: number;
  nHidden: number;
  /** Visible unit type (default 'bernoulli'). Gaussian expects standardised data (guide §13.2). */
  visible?: VisibleType;
  /** Seed of the initial weights and of every random draw in training (default 0). */
  seed?: number;
  /** Gaussian only: 'learned' per-unit σ (Cho, Ilin & Raiko 2011; default) or a fixed σ for every unit. */
  sigma?: 'learned' | number;
}

/** Options of {@link RBM.sample}. */
export interface SampleOptions {
  /** Number of samples (chains). */
  n: number;
  /** Gibbs steps v → h → v per chain. */
  gibbsSteps: number;
  /** Starting visible states (n × nVisible). Default: random (Bernoulli: coin flips at p = sigmoid(b); Gaussian: N(b, σ²)). */
  init?: Matrix;
  /** Keep some visible units fixed: `mask[i] = 1` clamps unit i to `values` (n × nVisible matrix, or one row for all chains). */
  clamp?: { mask: Uint8Array; values: Matrix | Float32Array };
  /** Seed of the chain's random draws (default 0). */
  seed?: number;
  /** Divide every pre-activation by T (Gaussian: variance × T): T > 1 explores, T → lower sharpens (annealing). Default 1. */
  temperature?: number;
}

/**
 * A Restricted Boltzmann Machine (Smolensky 1986; Hinton 2002).
 * @example
 * const rbm = new RBM({ nVisible: 128, nHidden: 64, visible: 'gaussian', seed: 1 });
 * const history = await rbm.fit(frames, { epochs: 20, validation: heldOut, onEpoch: (m) => console.log(m) });
 * const generated = rbm.sample({ n: 8, gibbsSteps: 100, seed: 2 });
 * await rbm.save('model.rbm', { meta: { featurePipeline } });
 */
export class RBM {
  readonly visible: VisibleType;
  readonly nVisible: number;
  readonly nHidden: number;
  /** Seed of the initial weights and training draws. */
  seed: number;
  W: Float32Array;
  visibleBias: Float32Array;
  hiddenBias: Float32Array;
  /** Gaussian only: log σᵢ per visible unit. */
  logSigma?: Float32Array;
  /** Gaussian only: whether fit() learns σ. */
  learnSigma: boolean;
  /** Epochs trained so far (fit() initialises the visible biases from the data when this is 0). */
  epochsTrained = 0;
  /** Free-form metadata carried by the saved file (e.g. the feature pipeline that made the training data). */
  meta: Record<string, unknown> = {};

  /**
   * A fresh model with W ~ N(0, 0.01²) (guide §8) and zero biases; `fit()` sets the visible biases from the data.
   * @throws ParameterError for non-positive or non-integer sizes, an unknown visible type or a bad sigma.
   * @example const rbm = new RBM({ nVisible: 513, nHidden: 256, visible: 'gaussian', seed: 1 });
   */
  constructor(opts: RBMOptions) {
    const { nVisible, nHidden, visible = 'bernoulli', seed = 0, sigma = 'learned' } = opts;
    for (const [name, v] of [['nVisible', nVisible], ['nHidden', nHidden]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ParameterError(`RBM: ${name} must be a positive integer, got ${v}`);
    }
    if (visible !== 'bernoulli' && visible !== 'gaussian') throw new ParameterError(`RBM: visible must be 'bernoulli' or 'gaussian', got '${visible}'`);
    if (sigma !== 'learned' && !(typeof sigma === 'number' && sigma > 0 && Number.isFinite(sigma))) {
      throw new ParameterError(`RBM: sigma must be 'learned' or a positive number, got ${sigma}`);
    }
    // Before allocating: nHidden 1e12 used to reach V8's "Invalid typed array length" or many GB of swap.
    checkMemory(rbmTrainingBytes(nVisible, nHidden), `RBM: nVisible=${nVisible}, nHidden=${nHidden} (weights, gradient and momentum while training)`,
      { hint: 'use fewer hidden units (CLI --hidden) or fewer features (--n-mels)' });
    this.visible = visible; this.nVisible = nVisible; this.nHidden = nHidden; this.seed = seed;
    this.W = new Random(seed).fillNormal(new Float32Array(nVisible * nHidden), 0, 0.01);
    this.visibleBias = new Float32Array(nVisible);
    this.hiddenBias = new Float32Array(nHidden);
    this.learnSigma = visible === 'gaussian' && sigma === 'learned';
    if (visible === 'gaussian') this.logSigma = new Float32Array(nVisible).fill(sigma === 'learned' ? 0 : Math.log(sigma));
  }

  /** A model with the given parameters (copied). @throws ParameterError if shapes or values are inconsistent. */
  static fromParams(p: RBMParams): RBM {
    checkParams(p, 'RBM.fromParams');
    const rbm = new RBM({ nVisible: p.nVisible, nHidden: p.nHidden, visible: p.visible });
    rbm.W = p.W.slice();
    rbm.visibleBias = p.visibleBias.slice();
    rbm.hiddenBias = p.hiddenBias.slice();
    if (p.visible === 'gaussian') {
      rbm.logSigma = p.logSigma!.slice();
      rbm.learnSigma = p.learnSigma !== false;
    }
    return rbm;
  }

  /** The parameters as plain arrays (copies). */
  params(): RBMParams {
    const p: RBMParams = { visible: this.visible, nVisible: this.nVisible, nHidden: this.nHidden, W: this.W.slice(), visibleBias: this.visibleBias.slice(), hiddenBias: this.hiddenBias.slice() };
    if (this.logSigma) Object.assign(p, { logSigma: this.logSigma.slice(), learnSigma: this.learnSigma });
    return p;
  }

  /** e.g. `RBM(bernoulli 784 → 500 hidden, 12 epochs trained, |W| mean 0.0213)`. */
  toString(): string {
    let s = 0;
    for (const w of this.W) s += Math.abs(w);
    const sigma = this.logSigma ? `, σ ${this.learnSigma ? 'learned' : 'fixed'} (mean ${(this.logSigma.reduce((a, x) => a + Math.exp(x), 0) / this.nVisible).toPrecision(3)})` : '';
    return `RBM(${this.visible} ${this.nVisible} visible → ${this.nHidden} hidden, ${this.epochsTrained} epochs trained, mean |W| ${(s / this.W.length).toPrecision(3)}${sigma})`;
  }

  /**
   * Trains in place on the rows of `data` (examples × nVisible) by CD-k or PCD; every option is in
   * {@link TrainOptions} (defaults: DEFAULT_TRAIN_OPTIONS). Picks the engine itself (`initBackend()`).
   * @returns every epoch's metrics and why training stopped.
   * @throws ParameterError for bad data or options; DivergenceError (with `.epoch`) if the weights become NaN/Inf
   *   (the model keeps its weights from the start of that epoch); ModelFormatError for a bad `resume` file.
   * @example const h = await rbm.fit(data, { epochs: 30, method: 'pcd', validation, patience: 5 });
   */
  fit(data: Matrix, opts: Partial<TrainOptions> = {}): Promise<TrainingHistory> {
    return rbmDelegates.get('fit')(this, data, opts);
  }

  // ---- inference: each takes rows of states and returns rows of probabilities / means ----

  /** The model's tensors (callers dispose them, or wrap in tf.tidy). */
  protected tensors() {
    ensureTfBackend();
    const W = tf.tensor2d(this.W, [this.nVisible, this.nHidden]);
    const sigma = this.logSigma ? tf.exp(tf.tensor1d(this.logSigma)) : null;
    return { W, Wt: tf.transpose(W), b: tf.tensor1d(this.visibleBias), c: tf.tensor1d(this.hiddenBias), sigma, invVar: sigma ? tf.reciprocal(tf.square(sigma)) : null };
  }

  /** Hidden pre-activations cⱼ + Σᵢ vᵢWᵢⱼ/σᵢ² (σ = 1 for Bernoulli), divided by the temperature. */
  private hiddenInput(t: ReturnType<RBM['tensors']>, v: tf.Tensor2D, T = 1): tf.Tensor2D {
    const x = t.invVar ? tf.mul(v, t.invVar) : v;
    return tf.div(tf.add(tf.matMul(x as tf.Tensor2D, t.W), t.c), T) as tf.Tensor2D;
  }

  /** Visible means: sigmoid((b + Wh)/T) for Bernoulli units, b + Wh for Gaussian ones. */
  private visibleMean(t: ReturnType<RBM['tensors']>, h: tf.Tensor2D, T = 1): tf.Tensor2D {
    const a = tf.add(tf.matMul(h, t.Wt), t.b) as tf.Tensor2D;
    return this.visible === 'gaussian' ? a : tf.sigmoid(tf.div(a, T)) as tf.Tensor2D;
  }

  /** p(hⱼ = 1 | v) for each row of `v` (rows × nVisible) → rows × nHidden. */
  hiddenProbs(v: Matrix): Matrix {
    assertMatrix(v, 'hiddenProbs: v', { cols: this.nVisible });
    return this.run(v.rows, this.nHidden, () => tf.sigmoid(this.hiddenInput(this.tensors(), tf.tensor2d(v.data, [v.rows, v.cols]))));
  }

  /** E[v | h] for each row of `h` (rows × nHidden) → rows × nVisible. */
  visibleMeans(h: Matrix): Matrix {
    assertMatrix(h, 'visibleMeans: h', { cols: this.nHidden });
    return this.run(h.rows, this.nVisible, () => this.visibleMean(this.tensors(), tf.tensor2d(h.data, [h.rows, h.cols])));
  }

  /** Mean-field reconstruction v → p(h|v) → E[v|h] (no sampling) → rows × nVisible. */
  reconstruct(v: Matrix): Matrix {
    assertMatrix(v, 'reconstruct: v', { cols: this.nVisible });
    return this.run(v.rows, this.nVisible, () => {
      const t = this.tensors();
      return this.visibleMean(t, tf.sigmoid(this.hiddenInput(t, tf.tensor2d(v.data, [v.rows, v.cols]))));
    });
  }

  /**
   * Free energy F(v) = −log Σₕ e^{−E(v,h)} of each row (lower = more probable):
   * Bernoulli `−bᵀv − Σⱼ softplus(cⱼ + vᵀW:ⱼ)`; Gaussian `Σᵢ (vᵢ − bᵢ)²/2σᵢ² − Σⱼ softplus(cⱼ + (v/σ²)ᵀW:ⱼ)`.
   */
  freeEnergy(v: Matrix): Float32Array {
    assertMatrix(v, 'freeEnergy: v', { cols: this.nVisible });
    return this.run(v.rows, 1, () => {
      const t = this.tensors();
      const x = tf.tensor2d(v.data, [v.rows, v.cols]);
      const hiddenTerm = tf.sum(tf.softplus(this.hiddenInput(t, x)), 1);
      const visibleTerm = t.invVar
        ? tf.sum(tf.mul(tf.square(tf.sub(x, t.b)), tf.div(t.invVar, 2)), 1)
        : tf.neg(tf.sum(tf.mul(x, t.b), 1));
      return tf.sub(visibleTerm, hiddenTerm);
    }).data;
  }

  /**
   * Runs `n` Gibbs chains for `gibbsSteps` steps and returns the last step's visible means (n × nVisible).
   * Clamped units are reset to their values after every visible update (conditional generation / inpainting).
   * @throws ParameterError for a bad n, gibbsSteps, temperature, init or clamp shape.
   * @example const frames = rbm.sample({ n: 16, gibbsSteps: 200, seed: 3 });
   */
  sample(opts: SampleOptions): Matrix {
    const { n, gibbsSteps, init, clamp, seed = 0, temperature: T = 1 } = opts;
    if (!Number.isInteger(n) || n < 1) throw new ParameterError(`sample: n must be a positive integer, got ${n}`);
    if (!Number.isInteger(gibbsSteps) || gibbsSteps < 0) throw new ParameterError(`sample: gibbsSteps must be a non-negative integer, got ${gibbsSteps}`);
    if (!(T > 0 && Number.isFinite(T))) throw new ParameterError(`sample: temperature must be a positive number, got ${T}`);
    if (init) {
      assertMatrix(init, 'sample: init', { cols: this.nVisible });
      if (init.rows !== n) throw new ParameterError(`sample: init has ${init.rows} rows, expected n = ${n}`);
    }
    const clampAt = clamp ? clampFunction(clamp, n, this.nVisible) : (v: Float32Array) => v;
    const rng = new Random(seed);
    const nv = this.nVisible;
    let v: Float32Array = init ? init.data.slice() : new Float32Array(n * nv);
    if (!init) this.drawVisible(rng, v, new Float32Array(n * nv).map((_, i) => this.visibleBias[i % nv]), T, true);
    v = clampAt(v);
    for (let s = 0; s < gibbsSteps; s++) {
      const ph = this.run(n, this.nHidden, () => tf.sigmoid(this.hiddenInput(this.tensors(), tf.tensor2d(v, [n, nv]), T))).data;
      const h = ph.map((p) => (rng.next() < p ? 1 : 0));
      const mean = this.run(n, nv, () => this.visibleMean(this.tensors(), tf.tensor2d(h, [n, this.nHidden]), T)).data;
      v = clampAt(s === gibbsSteps - 1 ? mean : this.drawVisible(rng, mean.slice(), mean, T, false));
    }
    return { rows: n, cols: nv, data: v };
  }

  /** Replaces `out` with samples around `mean` (Bernoulli: coin flips, Gaussian: mean + σ√T·N(0,1)). */
  private drawVisible(rng: Random, out: Float32Array, mean: Float32Array, T: number, fromBias: boolean): Float32Array {
    const nv = this.nVisible;
    for (let i = 0; i < out.length; i++) {
      if (this.visible === 'gaussian') out[i] = mean[i] + Math.exp(this.logSigma![i % nv]) * Math.sqrt(T) * rng.normal();
      else out[i] = rng.next() < (fromBias ? 1 / (1 + Math.exp(-mean[i] / T)) : mean[i]) ? 1 : 0;
    }
    return out;
  }

  /** Runs a tfjs computation in tf.tidy and copies its result out as a Matrix. */
  private run(rows: number, cols: number, f: () => tf.Tensor): Matrix {
    // Read the data outside tidy: tidy walks whatever it returns, and walking a typed array costs ~0.4 µs per element.
    const result = tf.tidy(f);
    const data = (result.dataSync() as Float32Array).slice();
    result.dispose();
    return { rows, cols, data };
  }

  // ---- persistence ----

  /** Saves to `path` (see storage/modelFile.ts for the format). Never overwrites unless `force`. */
  save(path: string, opts: SaveOptions = {}): Promise<void> {
    return rbmDelegates.get('save')(this, path, opts);
  }

  /** Loads a model saved by {@link RBM.save}. @throws ModelFormatError naming the file and what is wrong. */
  static load(path: string): Promise<RBM> {
    return rbmDelegates.get('load')(path);
  }
}

/** Builds v ↦ v with the clamped units set, checking the clamp's shapes once. */
function clampFunction(clamp: NonNullable<SampleOptions['clamp']>, n: number, nv: number): (v: Float32Array) => Float32Array {
  const { mask, values } = clamp;
  if (!(mask instanceof Uint8Array) || mask.length !== nv) throw new ParameterError(`sample: clamp.mask must be a Uint8Array of length nVisible = ${nv}`);
  const vals = values instanceof Float32Array ? values : values.data;
  const perRow = values instanceof Float32Array ? vals.length === nv : values.rows === n && values.cols === nv;
  const shared = values instanceof Float32Array && vals.length === nv;
  if (!perRow) throw new ParameterError(`sample: clamp.values must be a Float32Array of length ${nv} or an ${n} × ${nv} Matrix`);
  return (v) => {
    for (let r = 0; r < n; r++) for (let i = 0; i < nv; i++) if (mask[i]) v[r * nv + i] = vals[shared ? i : r * nv + i];
    return v;
  };
}
