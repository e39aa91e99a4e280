/**
 * The RNN-RBM (Boulanger-Lewandowski, Bengio & Vincent, "Modeling Temporal Dependencies in High-Dimensional
 * Sequences: Application to Polyphonic Music Generation and Transcription", ICML 2012): a sequence of RBMs, one
 * per frame, whose biases are set by the state of a recurrent network that has read every earlier frame.
 *
 * With u(0) = 0 and, for each frame t = 1, 2, …
 *
 *     b_v(t) = b_v + W_uv u(t−1)                         visible biases of frame t's RBM
 *     b_h(t) = b_h + W_uh u(t−1)                         hidden biases of frame t's RBM
 *     P(v(t) | v(<t)) = RBM(W, b_v(t), b_h(t))           the frame model
 *     u(t) = tanh(b_u + W_uu u(t−1) + W_vu v(t))         the RNN reads the frame
 *
 * so the whole history, not a fixed window, conditions each frame. This file is the model a learner reads: the
 * recurrence, each frame's conditionals and free energy, prediction and generation, one frame at a time in plain
 * typed arrays (a few thousand multiply-adds per step are far cheaper in JavaScript than a tensor launch).
 * Training (CD-k on the frame RBMs, back-propagation through time for the RNN) is in ../training/rnnrbmFit.ts,
 * the file format in ../storage/rnnrbmFile.ts; both plug `fit`, `save` and `load` in through `rnnrbmDelegates`
 * (see delegates.ts), so this file imports neither.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { assertMatrix } from '../../util/matrix';
import { Random } from '../../util/random';
import { Delegates } from './delegates';
import type { RNNRBMHistory, RNNRBMTrainOptions } from './rnnrbmTypes';

/** Where `fit`, `save` and `load` come from (src/rbm/index.ts loads both modules). */
export const rnnrbmDelegates = new Delegates<{
  fit: (model: RNNRBM, sequences: Matrix[], opts: Partial<RNNRBMTrainOptions>) => Promise<RNNRBMHistory>;
  save: (model: RNNRBM, path: string, opts: RNNRBMSaveOptions) => Promise<void>;
  load: (path: string) => Promise<RNNRBM>;
}>('RNNRBM', { fit: 'training/rnnrbmFit.ts', save: 'storage/rnnrbmFile.ts', load: 'storage/rnnrbmFile.ts' });

/** Options of {@link RNNRBM.save}. */
export interface RNNRBMSaveOptions {
  /** Overwrite an existing file (default false). */
  force?: boolean;
  /** JSON-serialisable metadata to store (default: `model.meta`); becomes `model.meta` after loading. */
  meta?: Record<string, unknown>;
}

/** The kind of visible unit: 'bernoulli' (piano rolls, data in [0, 1]) or 'gaussian' (standardised features). */
export type RNNRBMVisible = 'bernoulli' | 'gaussian';

/**
 * Every number that defines an RNN-RBM, as plain typed arrays (row-major). Energy of frame t's RBM:
 * Bernoulli `E(v, h) = −vᵀWh − b_v(t)ᵀv − b_h(t)ᵀh`; Gaussian with a fixed σ for every unit
 * `E(v, h) = Σᵢ (vᵢ − b_v(t)ᵢ)²/2σ² − vᵀWh/σ² − b_h(t)ᵀh` (the RBM class's parameterisation with σᵢ = σ).
 */
export interface RNNRBMParams {
  visible: RNNRBMVisible;
  nVisible: number;
  nHidden: number;
  /** Units of the recurrent state u (the paper's n_hidden_recurrent). */
  nRecurrent: number;
  /** Gaussian only: the standard deviation of every visible unit (fixed; 1 suits standardised features). */
  sigma: number;
  /** nVisible × nHidden, `W[i * nHidden + j]` (as in the RBM). */
  W: Float32Array;
  /** Static visible biases b_v (length nVisible). */
  visibleBias: Float32Array;
  /** Static hidden biases b_h (length nHidden). */
  hiddenBias: Float32Array;
  /** State → visible biases, nRecurrent × nVisible, `Wuv[k * nVisible + i]`. */
  Wuv: Float32Array;
  /** State → hidden biases, nRecurrent × nHidden, `Wuh[k * nHidden + j]`. */
  Wuh: Float32Array;
  /** Frame → state, nVisible × nRecurrent, `Wvu[i * nRecurrent + l]`. */
  Wvu: Float32Array;
  /** State → state, nRecurrent × nRecurrent, `Wuu[k * nRecurrent + l]`. */
  Wuu: Float32Array;
  /** Recurrent bias b_u (length nRecurrent). */
  recurrentBias: Float32Array;
}

/** The parameter arrays in the order files store them. */
export const RNNRBM_ARRAYS = ['W', 'visibleBias', 'hiddenBias', 'Wuv', 'Wuh', 'Wvu', 'Wuu', 'recurrentBias'] as const;
/** The name of one parameter array. */
export type RNNRBMArray = (typeof RNNRBM_ARRAYS)[number];

/** Options of `new RNNRBM(...)`. */
export interface RNNRBMOptions {
  nVisible: number;
  nHidden: number;
  /** Recurrent units (default 100: the paper's reference implementation used 100 with 150 hidden units). */
  nRecurrent?: number;
  /** 'bernoulli' (default; piano rolls) or 'gaussian' (standardised real-valued frames, e.g. log-mel). */
  visible?: RNNRBMVisible;
  /** Gaussian only: fixed σ of every visible unit (default 1, right for standardised data; Taylor et al. 2006 do the same). */
  sigma?: number;
  /** Seed of the initial weights and of every random draw in training (default 0). */
  seed?: number;
}

/** Options of {@link RNNRBM.generate}. */
export interface RNNRBMGenerateOptions {
  /** Seed of the Gibbs chains (default 0). */
  seed?: number;
  /** Divides every pre-activation by T (Gaussian: variance × T). T > 1 wilder, T < 1 more conservative. Default 1. */
  temperature?: number;
  /** Frames (rows × nVisible) the RNN reads first, so the new frames continue them. Default: none (u(0) = 0). */
  prime?: Matrix;
  /** Gibbs steps per generated frame (default 25, the reference implementation's value). */
  gibbsSteps?: number;
  /**
   * Gaussian only: how much visible sampling noise enters each frame's chain, in [0, 1]: each Gibbs step uses
   * mean + noise·σ√T·N(0, 1). 0 (default) keeps the visible means, as training's negative phase does
   * (`sampleVisible` false for Gaussian units) and as the ConditionalRBM generates; 1 = true samples.
   */
  noise?: number;
  /**
   * Gaussian only: what the RNN reads back after each generated frame. 'sample' (default): the frame's mean plus
   * σ√T·N(0, 1) noise — a draw from the frame's distribution, like the data frames the RNN read in training (the
   * reference implementation feeds back its Bernoulli samples); 'mean': the returned frame itself. Measured on
   * log-mel frames (4 epochs, 300 frames after a 100-frame prime): 'mean' settled into a near-static drone (frame
   * change 0.03, per-band spread over the last 100 frames 0.05 at σ = 1), 'sample' kept moving (0.27 / 0.80 at
   * σ = 1, 0.11 / 1.08 at σ = 0.5; real music 0.09 / 0.54). Returned frames are means either way.
   */
  feed?: 'sample' | 'mean';
}

/** Defaults of {@link RNNRBMGenerateOptions} and of the prediction helpers. */
export const DEFAULT_RNNRBM_GENERATE_OPTIONS = { seed: 0, temperature: 1, gibbsSteps: 25, noise: 0, feed: 'sample', meanFieldSteps: 5 } as const;

/** Float64 working buffers for one chain, reused frame after frame so the loops allocate nothing. */
interface Scratch {
  u: Float64Array;
  uNext: Float64Array;
  bv: Float64Array;
  bh: Float64Array;
  v: Float64Array;
  h: Float64Array;
}

/** An RNN-RBM over frames of nVisible features (a sequence is a Matrix, frames × nVisible). */
export class RNNRBM implements RNNRBMParams {
  readonly visible: RNNRBMVisible;
  readonly nVisible: number;
  readonly nHidden: number;
  readonly nRecurrent: number;
  readonly sigma: number;
  /** Seed of the initial weights and of training draws. */
  seed: number;
  W: Float32Array;
  visibleBias: Float32Array;
  hiddenBias: Float32Array;
  Wuv: Float32Array;
  Wuh: Float32Array;
  Wvu: Float32Array;
  Wuu: Float32Array;
  recurrentBias: Float32Array;
  /** Epochs trained so far. */
  epochsTrained = 0;
  /** Free-form metadata saved with the model (e.g. the feature pipeline that made the frames). */
  meta: Record<string, unknown> = {};

  /**
   * A fresh model: every weight ~ N(0, 0.01²) (guide §8; small recurrent weights keep the untrained RNN
   * contractive), zero biases. Training initialises b_v from the data (or W, b_v, b_h from a pre-trained RBM).
   * @throws ParameterError for non-positive or non-integer sizes, an unknown visible type or a bad sigma.
   * @example const m = new RNNRBM({ nVisible: 88, nHidden: 150, nRecurrent: 100, visible: 'bernoulli', seed: 1 });
   */
  constructor(opts: RNNRBMOptions) {
    const { nVisible, nHidden, nRecurrent = 100, visible = 'bernoulli', sigma = 1, seed = 0 } = opts ?? ({} as RNNRBMOptions);
    for (const [name, v] of [['nVisible', nVisible], ['nHidden', nHidden], ['nRecurrent', nRecurrent]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ParameterError(`RNNRBM: ${name} must be a positive integer, got ${v}`);
    }
    if (visible !== 'bernoulli' && visible !== 'gaussian') throw new ParameterError(`RNNRBM: visible must be 'bernoulli' or 'gaussian', got '${visible}'`);
    if (!(typeof sigma === 'number' && sigma > 0 && Number.isFinite(sigma))) throw new ParameterError(`RNNRBM: sigma must be a positive number, got ${sigma}`);
    if (!Number.isFinite(seed)) throw new ParameterError(`RNNRBM: seed must be a finite number, got ${seed}`);
    this.visible = visible; this.nVisible = nVisible; this.nHidden = nHidden; this.nRecurrent = nRecurrent; this.sigma = sigma; this.seed = seed;
    const rng = new Random(seed);
    const normal = (n: number) => rng.fillNormal(new Float32Array(n), 0, 0.01);
    this.W = normal(nVisible * nHidden);
    this.Wuv = normal(nRecurrent * nVisible);
    this.Wuh = normal(nRecurrent * nHidden);
    this.Wvu = normal(nVisible * nRecurrent);
    this.Wuu = normal(nRecurrent * nRecurrent);
    this.visibleBias = new Float32Array(nVisible);
    this.hiddenBias = new Float32Array(nHidden);
    this.recurrentBias = new Float32Array(nRecurrent);
  }

  /** A model with a copy of the given parameters. @throws ParameterError on inconsistent shapes or non-finite values. */
  static fromParams(p: RNNRBMParams): RNNRBM {
    const m = new RNNRBM({ nVisible: p?.nVisible, nHidden: p?.nHidden, nRecurrent: p?.nRecurrent, visible: p?.visible, sigma: p?.sigma });
    for (const name of RNNRBM_ARRAYS) {
      const a = p[name];
      const n = m[name].length;
      if (!(a instanceof Float32Array) || a.length !== n) throw new ParameterError(`RNNRBM.fromParams: ${name} must be a Float32Array of length ${n}, got ${a instanceof Float32Array ? `length ${a.length}` : String(a)}`);
      const bad = a.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new ParameterError(`RNNRBM.fromParams: ${name}[${bad}] is ${a[bad]}; parameters must be finite`);
      m[name] = a.slice();
    }
    return m;
  }

  /** The parameters as plain arrays (copies). */
  params(): RNNRBMParams {
    const { visible, nVisible, nHidden, nRecurrent, sigma } = this;
    const p = { visible, nVisible, nHidden, nRecurrent, sigma } as RNNRBMParams;
    for (const name of RNNRBM_ARRAYS) p[name] = this[name].slice();
    return p;
  }

  /** e.g. `RNNRBM(bernoulli 88 visible → 150 hidden, 100 recurrent, 20 epochs trained)`. */
  toString(): string {
    const sigma = this.visible === 'gaussian' ? `, σ ${this.sigma}` : '';
    return `RNNRBM(${this.visible} ${this.nVisible} visible → ${this.nHidden} hidden, ${this.nRecurrent} recurrent${sigma}, ${this.epochsTrained} epochs trained)`;
  }

  /**
   * Trains in place on `sequences` (each frames × nVisible; Gaussian: standardised features) by CD-k on the frame
   * RBMs and back-propagation through time for the RNN; every option is in {@link RNNRBMTrainOptions} (defaults:
   * DEFAULT_RNNRBM_TRAIN_OPTIONS). Same seed, data and backend → identical parameters.
   * @throws ParameterError for bad sequences or options; DivergenceError naming the epoch if the parameters become
   *   NaN/Inf (the model keeps its parameters from the start of that epoch); ModelFormatError for a bad `resume` file.
   * @example const history = await model.fit(songs, { epochs: 20, validation: [heldOut], onEpoch: (m) => console.log(m) });
   */
  fit(sequences: Matrix[], opts: Partial<RNNRBMTrainOptions> = {}): Promise<RNNRBMHistory> {
    return rnnrbmDelegates.get('fit')(this, sequences, opts);
  }

  /** Saves to `path` in the project's model container (kind 'rnnrbm', checksummed); never overwrites unless `force`. */
  save(path: string, opts: RNNRBMSaveOptions = {}): Promise<void> {
    return rnnrbmDelegates.get('save')(this, path, opts);
  }

  /** Loads a model saved by {@link RNNRBM.save}. @throws ModelFormatError naming the file and what is wrong. */
  static load(path: string): Promise<RNNRBM> {
    return rnnrbmDelegates.get('load')(path);
  }

  // ---- one frame at a time: the equations of the module comment ----

  private scratch(): Scratch {
    const { nVisible: nV, nHidden: nH, nRecurrent: nU } = this;
    return { u: new Float64Array(nU), uNext: new Float64Array(nU), bv: new Float64Array(nV), bh: new Float64Array(nH), v: new Float64Array(nV), h: new Float64Array(nH) };
  }

  /** s.bv = b_v + W_uv u, s.bh = b_h + W_uh u for the current state s.u. */
  private frameBiases(s: Scratch): void {
    const { nVisible: nV, nHidden: nH, nRecurrent: nU } = this;
    s.bv.set(this.visibleBias);
    s.bh.set(this.hiddenBias);
    for (let k = 0; k < nU; k++) {
      const x = s.u[k];
      if (x === 0) continue;
      for (let i = 0; i < nV; i++) s.bv[i] += x * this.Wuv[k * nV + i];
      for (let j = 0; j < nH; j++) s.bh[j] += x * this.Wuh[k * nH + j];
    }
  }

  /** s.u ← tanh(b_u + W_uu s.u + W_vu v) for the frame v = data[off … off + nVisible). */
  private advance(s: Scratch, data: ArrayLike<number>, off: number): void {
    const { nVisible: nV, nRecurrent: nU } = this;
    const a = s.uNext;
    a.set(this.recurrentBias);
    for (let k = 0; k < nU; k++) {
      const x = s.u[k];
      if (x === 0) continue;
      for (let l = 0; l < nU; l++) a[l] += x * this.Wuu[k * nU + l];
    }
    for (let i = 0; i < nV; i++) {
      const x = data[off + i];
      if (x === 0) continue;
      for (let l = 0; l < nU; l++) a[l] += x * this.Wvu[i * nU + l];
    }
    for (let l = 0; l < nU; l++) s.u[l] = Math.tanh(a[l]);
  }

  /** s.h ← hidden pre-activations b_h(t) + (s.v/σ²)ᵀW (σ = 1 for Bernoulli), divided by T. */
  private frameHiddenInput(s: Scratch, T: number): void {
    const { nVisible: nV, nHidden: nH, W } = this;
    const scale = this.visible === 'gaussian' ? 1 / (this.sigma * this.sigma) : 1;
    s.h.set(s.bh);
    for (let i = 0; i < nV; i++) {
      const x = s.v[i] * scale;
      if (x === 0) continue;
      for (let j = 0; j < nH; j++) s.h[j] += x * W[i * nH + j];
    }
    if (T !== 1) for (let j = 0; j < nH; j++) s.h[j] /= T;
  }

  /** s.v ← E[v | h = s.h]: sigmoid((b_v(t) + Wh)/T) for Bernoulli units, b_v(t) + Wh for Gaussian ones. */
  private frameVisibleMean(s: Scratch, T: number): void {
    const { nVisible: nV, nHidden: nH, W } = this;
    for (let i = 0; i < nV; i++) {
      let a = s.bv[i];
      for (let j = 0; j < nH; j++) a += W[i * nH + j] * s.h[j];
      s.v[i] = this.visible === 'gaussian' ? a : 1 / (1 + Math.exp(-a / T));
    }
  }

  /** Free energy of the frame data[off…] under the current biases: the RBM's formula with b_v(t), b_h(t). */
  private frameFreeEnergy(s: Scratch, data: ArrayLike<number>, off: number): number {
    const nV = this.nVisible;
    let visibleTerm = 0;
    for (let i = 0; i < nV; i++) {
      const x = data[off + i];
      s.v[i] = x;
      visibleTerm += this.visible === 'gaussian' ? (x - s.bv[i]) ** 2 / (2 * this.sigma * this.sigma) : -x * s.bv[i];
    }
    this.frameHiddenInput(s, 1);
    let hiddenTerm = 0;
    for (let j = 0; j < this.nHidden; j++) hiddenTerm += softplus(s.h[j]);
    return visibleTerm - hiddenTerm;
  }

  /** Mean-field prediction from the current biases: v = E[v | h = 0], then v ← E[v | p(h | v)] `steps` times. */
  private meanField(s: Scratch, steps: number): void {
    s.h.fill(0);
    this.frameVisibleMean(s, 1);
    for (let t = 0; t < steps; t++) {
      this.frameHiddenInput(s, 1);
      for (let j = 0; j < s.h.length; j++) s.h[j] = sigmoid(s.h[j]);
      this.frameVisibleMean(s, 1);
    }
  }

  // ---- sequences ----

  /**
   * The RNN's states after each frame of `sequence` (teacher forcing): row t is the state that has read rows
   * 0 … t and sets the biases of row t + 1 (u(t+1) in the module comment's numbering, where frames count from 1).
   * @returns rows × nRecurrent.
   * @throws ParameterError if the sequence is not a finite Matrix with nVisible columns.
   */
  states(sequence: Matrix): Matrix {
    assertMatrix(sequence, 'RNNRBM.states: sequence', { cols: this.nVisible });
    const s = this.scratch();
    const out = new Float32Array(sequence.rows * this.nRecurrent);
    for (let t = 0; t < sequence.rows; t++) {
      this.advance(s, sequence.data, t * this.nVisible);
      out.set(s.u, t * this.nRecurrent);
    }
    return { rows: sequence.rows, cols: this.nRecurrent, data: out };
  }

  /**
   * The dynamic biases of every frame given the frames before it: `visible` rows × nVisible holds b_v(t),
   * `hidden` rows × nHidden holds b_h(t) (row 0 is from u(0) = 0, i.e. the static biases).
   * @throws ParameterError for a bad sequence.
   */
  biases(sequence: Matrix): { visible: Matrix; hidden: Matrix } {
    assertMatrix(sequence, 'RNNRBM.biases: sequence', { cols: this.nVisible });
    const { nVisible: nV, nHidden: nH } = this;
    const bv = new Float32Array(sequence.rows * nV);
    const bh = new Float32Array(sequence.rows * nH);
    this.walk(sequence, (s, t) => { bv.set(s.bv, t * nV); bh.set(s.bh, t * nH); });
    return { visible: { rows: sequence.rows, cols: nV, data: bv }, hidden: { rows: sequence.rows, cols: nH, data: bh } };
  }

  /**
   * Free energy of each frame given its history, F(v(t) | v(<t)) = −log Σₕ exp(−E(v(t), h)) with frame t's
   * biases (lower = more probable; log p(v(t) | v(<t)) = −F − log Z(t)).
   * @returns one value per row of `sequence`.
   * @throws ParameterError for a bad sequence.
   */
  freeEnergy(sequence: Matrix): Float32Array {
    assertMatrix(sequence, 'RNNRBM.freeEnergy: sequence', { cols: this.nVisible });
    const F = new Float32Array(sequence.rows);
    this.walk(sequence, (s, t) => { F[t] = this.frameFreeEnergy(s, sequence.data, t * this.nVisible); });
    return F;
  }

  /**
   * One-step predictions for a whole sequence given its true past (teacher forcing): row t is the expected frame
   * t given frames 0 … t − 1, by mean-field iteration of frame t's RBM (row 0 is predicted from no history).
   * Score it against the sequence itself, e.g. mean squared error, or threshold at 0.5 for piano rolls.
   * @param opts.meanFieldSteps v ← E[v | p(h | v)] iterations (default 5, as the ConditionalRBM).
   * @throws ParameterError for a bad sequence or meanFieldSteps.
   * @example const pred = model.predictSequence(heldOut); // rows × nVisible
   */
  predictSequence(sequence: Matrix, opts: { meanFieldSteps?: number } = {}): Matrix {
    assertMatrix(sequence, 'RNNRBM.predictSequence: sequence', { cols: this.nVisible });
    const steps = checkCount(opts.meanFieldSteps ?? DEFAULT_RNNRBM_GENERATE_OPTIONS.meanFieldSteps, 'predictSequence: meanFieldSteps');
    const out = new Float32Array(sequence.rows * this.nVisible);
    this.walk(sequence, (s, t) => { this.meanField(s, steps); out.set(s.v, t * this.nVisible); });
    return { rows: sequence.rows, cols: this.nVisible, data: out };
  }

  /**
   * The expected next frame after `history` (rows × nVisible, oldest first; 0 rows = the first frame of a piece).
   * @throws ParameterError for a bad history or meanFieldSteps.
   */
  predictNext(history: Matrix, opts: { meanFieldSteps?: number } = {}): Float32Array {
    assertMatrix(history, 'RNNRBM.predictNext: history', { cols: this.nVisible });
    const steps = checkCount(opts.meanFieldSteps ?? DEFAULT_RNNRBM_GENERATE_OPTIONS.meanFieldSteps, 'predictNext: meanFieldSteps');
    const s = this.scratch();
    for (let t = 0; t < history.rows; t++) this.advance(s, history.data, t * this.nVisible);
    this.frameBiases(s);
    this.meanField(s, steps);
    return Float32Array.from(s.v);
  }

  /**
   * Generates `nFrames` new frames. The RNN first reads `prime` (if given); then for each frame it sets the RBM's
   * biases from its state, runs `gibbsSteps` Gibbs steps starting at the previous frame (the first frame starts at
   * the biases' mean), and reads the result back in. Bernoulli frames are samples (0/1, like piano-roll notes);
   * Gaussian frames are the visible means E[v | h] after a sampled h, as the ConditionalRBM generates (`noise`
   * sets how much visible noise the chain itself carries; default none, like training's negative phase).
   * @returns nFrames × nVisible (the new frames only).
   * @throws ParameterError for a bad nFrames, seed, temperature, gibbsSteps, noise or prime.
   * @example const roll = model.generate(200, { seed: 1, prime: sliceRows(song, 0, 32) });
   */
  generate(nFrames: number, opts: RNNRBMGenerateOptions = {}): Matrix {
    checkCount(nFrames, 'generate: nFrames', 1);
    const next = this.makeGenerator(opts, 'generate');
    const out = new Float32Array(nFrames * this.nVisible);
    for (let t = 0; t < nFrames; t++) out.set(next(), t * this.nVisible);
    return { rows: nFrames, cols: this.nVisible, data: out };
  }

  /**
   * The frame-by-frame form of {@link RNNRBM.generate} for streaming: reads `prime`, then each call of the returned
   * function generates, returns and reads back one more frame (the RNN state carries the whole history, so memory
   * and time per frame stay constant however long it runs). Same options and seed → the same frames as generate().
   * @throws ParameterError for a bad seed, temperature, gibbsSteps or prime.
   * @example const next = model.generator({ seed: 1, prime }); for (;;) writeFrame(next());
   */
  generator(opts: RNNRBMGenerateOptions = {}): () => Float32Array {
    return this.makeGenerator(opts, 'generator');
  }

  /** {@link RNNRBM.generator}, naming `caller` in its error messages. */
  private makeGenerator(opts: RNNRBMGenerateOptions, caller: string): () => Float32Array {
    const o = { ...DEFAULT_RNNRBM_GENERATE_OPTIONS, ...opts };
    checkCount(o.gibbsSteps, `${caller}: gibbsSteps`, 1);
    if (!(o.temperature > 0 && Number.isFinite(o.temperature))) throw new ParameterError(`${caller}: temperature must be a positive number, got ${o.temperature}`);
    if (!Number.isFinite(o.seed)) throw new ParameterError(`${caller}: seed must be a finite number, got ${o.seed}`);
    if (!(o.noise >= 0 && o.noise <= 1)) throw new ParameterError(`${caller}: noise must be in [0, 1], got ${o.noise}`);
    if (o.feed !== 'sample' && o.feed !== 'mean') throw new ParameterError(`${caller}: feed must be 'sample' or 'mean', got '${String(o.feed)}'`);
    if (o.prime !== undefined) assertMatrix(o.prime, `${caller}: prime`, { cols: this.nVisible });
    const { nVisible: nV, nHidden: nH } = this;
    const T = o.temperature;
    const rng = new Random(o.seed);
    const s = this.scratch();
    const prev = new Float64Array(nV);
    let havePrev = false;
    if (o.prime) {
      for (let t = 0; t < o.prime.rows; t++) this.advance(s, o.prime.data, t * nV);
      if (o.prime.rows > 0) { prev.set(o.prime.data.subarray((o.prime.rows - 1) * nV, o.prime.rows * nV)); havePrev = true; }
    }
    const sd = o.noise * this.sigma * Math.sqrt(T);
    const feedSd = this.visible === 'gaussian' && o.feed === 'sample' ? this.sigma * Math.sqrt(T) : 0;
    const fed = new Float64Array(nV);
    return () => {
      this.frameBiases(s);
      if (havePrev) s.v.set(prev);
      else { s.h.fill(0); this.frameVisibleMean(s, T); }
      for (let step = 0; step < o.gibbsSteps; step++) {
        this.frameHiddenInput(s, T);
        for (let j = 0; j < nH; j++) s.h[j] = rng.next() < sigmoid(s.h[j]) ? 1 : 0;
        this.frameVisibleMean(s, T);
        const last = step === o.gibbsSteps - 1;
        if (this.visible === 'bernoulli') for (let i = 0; i < nV; i++) s.v[i] = rng.next() < s.v[i] ? 1 : 0;
        else if (!last && sd > 0) for (let i = 0; i < nV; i++) s.v[i] += sd * rng.normal();
      }
      prev.set(s.v);
      havePrev = true;
      fed.set(prev);
      if (feedSd > 0) for (let i = 0; i < nV; i++) fed[i] += feedSd * rng.normal();
      this.advance(s, fed, 0);
      return Float32Array.from(prev);
    };
  }

  /**
   * A deterministic forecast: reads `history` once, then `frames` times predicts the next frame by mean field
   * (as {@link RNNRBM.predictNext}) and reads its own prediction back in. Row k is the forecast k + 1 frames ahead;
   * held-out error at horizon h compares row h − 1 with the true frame.
   * @throws ParameterError for a bad history, frames or meanFieldSteps.
   * @example const ahead = model.forecast(sliceRows(song, 0, t), 50); // frames t … t + 49
   */
  forecast(history: Matrix, frames: number, opts: { meanFieldSteps?: number } = {}): Matrix {
    assertMatrix(history, 'RNNRBM.forecast: history', { cols: this.nVisible });
    checkCount(frames, 'forecast: frames', 1);
    const steps = checkCount(opts.meanFieldSteps ?? DEFAULT_RNNRBM_GENERATE_OPTIONS.meanFieldSteps, 'forecast: meanFieldSteps');
    const nV = this.nVisible;
    const s = this.scratch();
    for (let t = 0; t < history.rows; t++) this.advance(s, history.data, t * nV);
    const out = new Float32Array(frames * nV);
    const v = new Float64Array(nV);
    for (let k = 0; k < frames; k++) {
      this.frameBiases(s);
      this.meanField(s, steps);
      v.set(s.v);
      out.set(v, k * nV);
      this.advance(s, v, 0);
    }
    return { rows: frames, cols: nV, data: out };
  }

  /** Runs the recurrence over `sequence`, calling `f(scratch, t)` with frame t's biases set (before reading frame t). */
  private walk(sequence: Matrix, f: (s: Scratch, t: number) => void): void {
    const s = this.scratch();
    for (let t = 0; t < sequence.rows; t++) {
      this.frameBiases(s);
      f(s, t);
      this.advance(s, sequence.data, t * this.nVisible);
    }
  }
}

function checkCount(n: number, name: string, min = 0): number {
  if (!Number.isInteger(n) || n < min) throw new ParameterError(`${name} must be an integer ≥ ${min}, got ${n}`);
  return n;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** log(1 + eˣ) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
