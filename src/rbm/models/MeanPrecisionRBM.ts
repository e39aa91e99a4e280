/**
 * The mean–precision RBM: Gaussian visible units whose mean *and* precision (1 / variance) the binary hidden
 * units set, on whitened frames. It is the frame density model that beats the classical baselines on real music
 * (issue 8), and it stays small enough (≤ 16 hidden units) that its partition function is an exact sum.
 *
 * Why: a Gaussian RBM with one fixed σ per visible unit is a mixture of 2^H Gaussians that share one covariance and
 * differ only in their means. Log-mel frames are not like that: quiet and loud, sparse and dense frames differ in
 * how much every band varies — a *scale* mixture. Measured on four real soundtrack tracks (issue 8), mixtures that
 * share a covariance reach −43 nats/frame, mixtures with a scale per component +28. So here each hidden unit adds
 * precision as well as shifting the mean (the x² statistic of Welling, Rosen-Zvi & Hinton's exponential-family
 * harmoniums, 2005; the same idea as Ranzato & Hinton's mean–covariance RBM, 2010, made diagonal by whitening).
 *
 * On whitened frames x = P(v − μ) (P fixed from the training data, so the bands are decorrelated and unit-variance):
 *
 *   E(x, h) = Σᵢ ½ xᵢ² (λᵢ + Σⱼ Uᵢⱼ hⱼ) − Σᵢ bᵢ xᵢ − Σᵢⱼ xᵢ Wᵢⱼ hⱼ − Σⱼ cⱼ hⱼ,      λ > 0, U ≥ 0
 *
 *   p(hⱼ = 1 | x) = sigmoid(cⱼ + Σᵢ Wᵢⱼ xᵢ − ½ Σᵢ Uᵢⱼ xᵢ²)
 *   p(xᵢ | h)     = N(mᵢ(h), 1/πᵢ(h)),   πᵢ(h) = λᵢ + Σⱼ Uᵢⱼ hⱼ,   mᵢ(h) = (bᵢ + Σⱼ Wᵢⱼ hⱼ) / πᵢ(h)
 *   F(x)          = ½ Σᵢ λᵢ xᵢ² − Σᵢ bᵢ xᵢ − Σⱼ softplus(cⱼ + Σᵢ Wᵢⱼ xᵢ − ½ Σᵢ Uᵢⱼ xᵢ²)
 *   log Z         = log Σₕ exp(Σⱼ cⱼhⱼ + Σᵢ [½ log(2π/πᵢ(h)) + (bᵢ + Σⱼ Wᵢⱼ hⱼ)² / 2πᵢ(h)])   (2^H terms)
 *   log p(v)      = −F(P(v − μ)) − log Z + log |det P|
 *
 * With U = 0 this is the ordinary Gaussian RBM (σᵢ² = 1/λᵢ) on whitened frames, and with W = U = 0 it is exactly
 * the full-covariance Gaussian baseline: the model starts where that baseline is and can only add to it.
 * Training (exact maximum likelihood, ../training/meanPrecisionFit.ts) and the file format
 * (../storage/meanPrecisionFile.ts) plug in through `meanPrecisionDelegates`, as for the RBM.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { assertMatrix } from '../../util/matrix';
import { Random } from '../../util/random';
import { Delegates } from './delegates';

/** Hidden units at most: the partition function sums 2^H hidden states exactly (2^16 = 65,536). */
export const MEAN_PRECISION_MAX_HIDDEN = 16;

const LOG_2PI = Math.log(2 * Math.PI);

/** Options of `new MeanPrecisionRBM(...)`. */
export interface MeanPrecisionRBMOptions {
  nVisible: number;
  /** Hidden units, 1 … {@link MEAN_PRECISION_MAX_HIDDEN} (each doubles the states log Z sums). */
  nHidden: number;
  /** Seed of the initial weights and of every random draw in training (default 0). */
  seed?: number;
}

/** Training options of {@link MeanPrecisionRBM.fit}; defaults in DEFAULT_MEAN_PRECISION_TRAIN (training/meanPrecisionFit.ts). */
export interface MeanPrecisionTrainOptions {
  /** Passes over the training frames. */
  epochs: number;
  /** Frames per gradient step. */
  batchSize: number;
  /** Adam step size (on log λ, log U, W, b, c). */
  learningRate: number;
  /** Added to the covariance's diagonal before whitening (keeps P finite when bands are collinear). */
  ridge: number;
  /** Held-out frames: their exact log-density is reported after every epoch. */
  validation?: Matrix;
  /** Called after every epoch with its metrics (may be async: training waits for it). */
  onEpoch?: (m: MeanPrecisionEpochMetrics) => void | Promise<void>;
  /** Called after every gradient step (0-based epoch and batch), for progress bars. */
  onBatch?: (p: { epoch: number; batch: number; batches: number }) => void;
}

/** One epoch of {@link MeanPrecisionRBM.fit}. */
export interface MeanPrecisionEpochMetrics {
  epoch: number;
  /** Exact mean log p(v) of the training frames, nats per frame. */
  trainLogDensity: number;
  /** Exact mean log p(v) of the validation frames, when given. */
  validationLogDensity?: number;
  /** Mean p(h = 1 | v) over the training frames. */
  meanHiddenActivation: number;
  seconds: number;
}

/** What {@link MeanPrecisionRBM.fit} returns. */
export interface MeanPrecisionHistory { epochs: MeanPrecisionEpochMetrics[] }

/** The parameter arrays, in the order the model file stores them. */
export const MEAN_PRECISION_ARRAYS = ['W', 'logU', 'visibleBias', 'hiddenBias', 'logLambda', 'whiteMean', 'whitening', 'unwhitening'] as const;
export type MeanPrecisionArray = (typeof MEAN_PRECISION_ARRAYS)[number];

/** Where `fit`, `save` and `load` come from (see delegates.ts). */
export const meanPrecisionDelegates = new Delegates<{
  fit: (m: MeanPrecisionRBM, data: Matrix, opts: Partial<MeanPrecisionTrainOptions>) => Promise<MeanPrecisionHistory>;
  save: (m: MeanPrecisionRBM, path: string, opts: { force?: boolean; meta?: Record<string, unknown> }) => Promise<void>;
  load: (path: string) => Promise<MeanPrecisionRBM>;
}>('MeanPrecisionRBM', { fit: 'training/meanPrecisionFit.ts', save: 'storage/meanPrecisionFile.ts', load: 'storage/meanPrecisionFile.ts' });

/** Every hidden state's sums, shared by log Z, its gradient and sampling: see {@link MeanPrecisionRBM.hiddenStates}. */
export interface HiddenStateTable {
  /** 2^H rows × nVisible: πᵢ(h) = λᵢ + Σⱼ Uᵢⱼ hⱼ. */
  precision: Float64Array;
  /** 2^H rows × nVisible: mᵢ(h) = (bᵢ + Σⱼ Wᵢⱼ hⱼ) / πᵢ(h). */
  mean: Float64Array;
  /** p(h) of each state (the visible units integrated out). */
  prob: Float64Array;
  /** log Z (whitened space). */
  logZ: number;
}

/**
 * A mean–precision RBM (see the file comment for the energy).
 * @example
 * const m = new MeanPrecisionRBM({ nVisible: 128, nHidden: 10, seed: 1 });
 * await m.fit(frames, { validation: heldOut, onEpoch: (e) => console.log(e.validationLogDensity) });
 * m.meanLogDensity(heldOut); // nats per frame, exact
 */
export class MeanPrecisionRBM {
  readonly nVisible: number;
  readonly nHidden: number;
  seed: number;
  /** nVisible × nHidden: how each hidden unit shifts the whitened mean. */
  W: Float32Array;
  /** nVisible × nHidden: log of how much precision each hidden unit adds to each whitened band (U = e^logU ≥ 0). */
  logU: Float32Array;
  visibleBias: Float32Array;
  hiddenBias: Float32Array;
  /** log λᵢ: the precision of whitened band i with every hidden unit off. */
  logLambda: Float32Array;
  /** μ of the whitening x = P(v − μ). */
  whiteMean: Float32Array;
  /** P (nVisible × nVisible, row-major): lower-triangular L⁻¹ of the training covariance's Cholesky factor. */
  whitening: Float32Array;
  /** P⁻¹ = L, to map whitened frames back. */
  unwhitening: Float32Array;
  /** log |det P| (the Jacobian that turns a density of x into one of v). */
  logDetWhitening = 0;
  /** Epochs trained so far (fit() sets the whitening from the data when this is 0). */
  epochsTrained = 0;
  meta: Record<string, unknown> = {};
  /** The hidden-state table, kept until a parameter changes (see {@link hiddenStates}). */
  private table?: { key: string; t: HiddenStateTable };

  /**
   * A fresh model: W ~ N(0, 0.1²), U ≈ e⁻⁴ (hidden units start almost without a say on the precision), λ = 1
   * (whitened bands have unit variance), identity whitening until `fit()` sets it.
   * @throws ParameterError for sizes out of range.
   */
  constructor(opts: MeanPrecisionRBMOptions) {
    const { nVisible, nHidden, seed = 0 } = opts;
    if (!Number.isInteger(nVisible) || nVisible < 1 || nVisible > 4096) throw new ParameterError(`MeanPrecisionRBM: nVisible must be an integer in 1 … 4096, got ${nVisible}`);
    if (!Number.isInteger(nHidden) || nHidden < 1 || nHidden > MEAN_PRECISION_MAX_HIDDEN) {
      throw new ParameterError(`MeanPrecisionRBM: nHidden must be an integer in 1 … ${MEAN_PRECISION_MAX_HIDDEN} (log Z sums all 2^nHidden hidden states), got ${nHidden}`);
    }
    this.nVisible = nVisible; this.nHidden = nHidden; this.seed = seed;
    const rng = new Random(seed);
    this.W = rng.fillNormal(new Float32Array(nVisible * nHidden), 0, 0.1);
    this.logU = rng.fillNormal(new Float32Array(nVisible * nHidden), -4, 0.1);
    this.visibleBias = new Float32Array(nVisible);
    this.hiddenBias = new Float32Array(nHidden);
    this.logLambda = new Float32Array(nVisible);
    this.whiteMean = new Float32Array(nVisible);
    this.whitening = identity(nVisible);
    this.unwhitening = identity(nVisible);
  }

  /** e.g. `MeanPrecisionRBM(128 visible → 10 hidden, 40 epochs trained)`. */
  toString(): string {
    return `MeanPrecisionRBM(${this.nVisible} visible → ${this.nHidden} hidden, ${this.epochsTrained} epochs trained)`;
  }

  /** Number of free parameters (W, U, b, c, λ; the whitening is fixed statistics, counted as the full Gaussian's). */
  get nParams(): number {
    const D = this.nVisible;
    return 2 * D * this.nHidden + 2 * D + this.nHidden + D + (D * (D + 1)) / 2;
  }

  /** Short name for baseline tables. */
  get name(): string { return `mean–precision RBM (${this.nHidden} hidden)`; }

  /** Trains in place by exact maximum likelihood (see training/meanPrecisionFit.ts for the defaults). */
  fit(data: Matrix, opts: Partial<MeanPrecisionTrainOptions> = {}): Promise<MeanPrecisionHistory> {
    return meanPrecisionDelegates.get('fit')(this, data, opts);
  }

  // ---- whitening ----

  /** x = P(v − μ) for each row of `v` → Float64Array (rows × nVisible). */
  whiten(v: Matrix): Float64Array {
    assertMatrix(v, 'MeanPrecisionRBM: v', { cols: this.nVisible });
    const D = this.nVisible, P = this.whitening, out = new Float64Array(v.rows * D), d = new Float64Array(D);
    for (let t = 0; t < v.rows; t++) {
      for (let i = 0; i < D; i++) d[i] = v.data[t * D + i] - this.whiteMean[i];
      for (let i = 0; i < D; i++) {
        let s = 0;
        for (let k = 0; k <= i; k++) s += P[i * D + k] * d[k]; // P is lower-triangular
        out[t * D + i] = s;
      }
    }
    return out;
  }

  /** v = μ + P⁻¹x for each row of whitened `x` → a Matrix of frames. */
  unwhiten(x: Float64Array, rows: number): Matrix {
    const D = this.nVisible, L = this.unwhitening, data = new Float32Array(rows * D);
    for (let t = 0; t < rows; t++) {
      for (let i = 0; i < D; i++) {
        let s = this.whiteMean[i];
        for (let k = 0; k <= i; k++) s += L[i * D + k] * x[t * D + k];
        data[t * D + i] = s;
      }
    }
    return { rows, cols: D, data };
  }

  // ---- the conditionals and the free energy, on whitened rows ----

  /** Hidden pre-activations cⱼ + Σᵢ Wᵢⱼxᵢ − ½ Σᵢ Uᵢⱼxᵢ² of whitened rows → rows × nHidden. */
  hiddenInputs(x: Float64Array, rows: number): Float64Array {
    const D = this.nVisible, H = this.nHidden, out = new Float64Array(rows * H), U = this.U();
    for (let t = 0; t < rows; t++) {
      for (let j = 0; j < H; j++) out[t * H + j] = this.hiddenBias[j];
      for (let i = 0; i < D; i++) {
        const xi = x[t * D + i], half = 0.5 * xi * xi;
        for (let j = 0; j < H; j++) out[t * H + j] += this.W[i * H + j] * xi - U[i * H + j] * half;
      }
    }
    return out;
  }

  /** U = e^logU (nVisible × nHidden): the precision each hidden unit adds to each whitened band. */
  U(): Float64Array {
    return Float64Array.from(this.logU, Math.exp);
  }

  /** p(hⱼ = 1 | v) for each row of frames `v` → rows × nHidden. */
  hiddenProbs(v: Matrix): Matrix {
    const a = this.hiddenInputs(this.whiten(v), v.rows);
    return { rows: v.rows, cols: this.nHidden, data: Float32Array.from(a, sigmoid) };
  }

  /** E[v | h] for each row of binary `h` (rows × nHidden) → frames (rows × nVisible), read from the state table. */
  visibleMeans(h: Matrix): Matrix {
    assertMatrix(h, 'visibleMeans: h', { cols: this.nHidden });
    const D = this.nVisible, H = this.nHidden, { mean } = this.hiddenStates(), x = new Float64Array(h.rows * D);
    for (let t = 0; t < h.rows; t++) {
      let k = 0;
      for (let j = 0; j < H; j++) if (h.data[t * H + j]) k |= 1 << j;
      x.set(mean.subarray(k * D, (k + 1) * D), t * D);
    }
    return this.unwhiten(x, h.rows);
  }

  /** F(x) of whitened rows (see the file comment) → one value per row; `a`: their hiddenInputs if already at hand. */
  freeEnergyWhite(x: Float64Array, rows: number, a = this.hiddenInputs(x, rows)): Float64Array {
    const D = this.nVisible, H = this.nHidden, out = new Float64Array(rows);
    for (let t = 0; t < rows; t++) {
      let f = 0;
      for (let i = 0; i < D; i++) { const xi = x[t * D + i]; f += 0.5 * Math.exp(this.logLambda[i]) * xi * xi - this.visibleBias[i] * xi; }
      for (let j = 0; j < H; j++) f -= softplus(a[t * H + j]);
      out[t] = f;
    }
    return out;
  }

  /** Free energy of frames, −log p*(v) with the whitening's Jacobian included, so log p(v) = −F(v) − log Z. */
  freeEnergy(v: Matrix): Float64Array {
    const f = this.freeEnergyWhite(this.whiten(v), v.rows);
    for (let t = 0; t < f.length; t++) f[t] -= this.logDetWhitening;
    return f;
  }

  // ---- the partition function, exactly ----

  /**
   * Every hidden state's precision and mean (2^H × nVisible), its probability p(h) and log Z. Each state
   * differs from a smaller one by its lowest set unit, so each row is one earlier row plus one column of U and W
   * (2^H · D additions, not 2^H · D · H). Cached until a parameter changes.
   */
  hiddenStates(): HiddenStateTable {
    const key = this.fingerprint();
    if (this.table?.key === key) return this.table.t;
    const D = this.nVisible, H = this.nHidden, K = 1 << H;
    const precision = new Float64Array(K * D), num = new Float64Array(K * D), mean = new Float64Array(K * D);
    const logW = new Float64Array(K);
    for (let i = 0; i < D; i++) { precision[i] = Math.exp(this.logLambda[i]); num[i] = this.visibleBias[i]; }
    const bias = new Float64Array(K);
    for (let k = 1; k < K; k++) {
      const j = 31 - Math.clz32(k & -k), prev = k & (k - 1);
      bias[k] = bias[prev] + this.hiddenBias[j];
      for (let i = 0; i < D; i++) {
        precision[k * D + i] = precision[prev * D + i] + Math.exp(this.logU[i * H + j]);
        num[k * D + i] = num[prev * D + i] + this.W[i * H + j];
      }
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let e = bias[k];
      for (let i = 0; i < D; i++) {
        const p = precision[k * D + i], n = num[k * D + i];
        e += 0.5 * (LOG_2PI - Math.log(p)) + (n * n) / (2 * p);
        mean[k * D + i] = n / p;
      }
      logW[k] = e;
      if (e > max) max = e;
    }
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(logW[k] - max);
    const logZ = max + Math.log(s);
    const prob = logW.map((e) => Math.exp(e - logZ));
    const t = { precision, mean, prob, logZ };
    this.table = { key, t };
    return t;
  }

  /** log Z, exact (whitened space: the whitening's Jacobian is in {@link freeEnergy}). */
  logPartition(): number {
    return this.hiddenStates().logZ;
  }

  /** log p(v) of each row of frames, exact, in nats. */
  logDensity(v: Matrix): Float64Array {
    const logZ = this.logPartition();
    return this.freeEnergy(v).map((f) => -f - logZ);
  }

  /** Mean log p(v) over the rows: nats per frame (comparable with the baselines' `meanLogDensity`). */
  meanLogDensity(v: Matrix): number {
    const l = this.logDensity(v);
    let s = 0;
    for (const x of l) s += x;
    return s / l.length;
  }

  // ---- sampling ----

  /**
   * `n` independent exact samples of frames: h from p(h) (the table), then v from p(v | h) at temperature T
   * (variance × T). No Gibbs chain is needed: with log Z summed exactly, p(h) is known.
   */
  sampleExact(n: number, { seed = 0, temperature = 1 }: { seed?: number; temperature?: number } = {}): Matrix {
    if (!Number.isInteger(n) || n < 1) throw new ParameterError(`sampleExact: n must be a positive integer, got ${n}`);
    checkTemperature(temperature);
    const { prob, precision, mean } = this.hiddenStates();
    const rng = new Random(seed), D = this.nVisible, x = new Float64Array(n * D);
    const cdf = new Float64Array(prob.length);
    prob.reduce((acc, p, k) => (cdf[k] = acc + p), 0);
    for (let t = 0; t < n; t++) {
      const u = rng.next() * cdf[cdf.length - 1];
      let k = 0;
      while (k < cdf.length - 1 && cdf[k] < u) k++;
      for (let i = 0; i < D; i++) x[t * D + i] = mean[k * D + i] + Math.sqrt(temperature / precision[k * D + i]) * rng.normal();
    }
    return this.unwhiten(x, n);
  }

  /**
   * One Gibbs step x → h → x of a chain on whitened rows (in place): h ~ p(h | x), then x ~ p(x | h) from the
   * state table, both at temperature T (pre-activations / T, variance × T). Returns E[x | h] (whitened).
   */
  gibbsStep(x: Float64Array, rows: number, rng: Random, temperature = 1): Float64Array {
    const D = this.nVisible, H = this.nHidden, a = this.hiddenInputs(x, rows);
    const { precision, mean } = this.hiddenStates(), means = new Float64Array(rows * D);
    for (let t = 0; t < rows; t++) {
      let k = 0; // the sampled hidden state, as an index into the state table
      for (let j = 0; j < H; j++) if (rng.next() < sigmoid(a[t * H + j] / temperature)) k |= 1 << j;
      for (let i = 0; i < D; i++) {
        const m = mean[k * D + i];
        means[t * D + i] = m;
        x[t * D + i] = m + Math.sqrt(temperature / precision[k * D + i]) * rng.normal();
      }
    }
    return means;
  }

  /** A fingerprint of every parameter value, so cached tables follow in-place edits. */
  private fingerprint(): string {
    let h = 0x811c9dc5;
    for (const a of [this.W, this.logU, this.visibleBias, this.hiddenBias, this.logLambda]) {
      const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
      for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i], 0x01000193);
    }
    return `${h >>> 0}`;
  }

  // ---- persistence ----

  /** Saves to `path` (temp file + rename; never overwrites unless `force`). */
  save(path: string, opts: { force?: boolean; meta?: Record<string, unknown> } = {}): Promise<void> {
    return meanPrecisionDelegates.get('save')(this, path, opts);
  }

  /** Loads a model saved by {@link MeanPrecisionRBM.save}. @throws ModelFormatError naming the file. */
  static load(path: string): Promise<MeanPrecisionRBM> {
    return meanPrecisionDelegates.get('load')(path);
  }
}

function identity(n: number): Float32Array {
  const a = new Float32Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

function sigmoid(a: number): number {
  return 1 / (1 + Math.exp(-a));
}

function softplus(a: number): number {
  return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
}

function checkTemperature(T: number): void {
  if (!(T > 0 && Number.isFinite(T))) throw new ParameterError(`temperature must be a positive finite number, got ${T}`);
}
