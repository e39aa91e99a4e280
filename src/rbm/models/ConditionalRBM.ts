/**
 * The Conditional RBM (Taylor, Hinton & Roweis, NIPS 2006) for frame sequences such as spectrograms: the
 * previous `order` frames set the visible biases (autoregressive weights A) and hidden biases (B) of an RBM
 * over the current frame. This file and crbm/ are the model: single-frame inference in plain typed arrays
 * (crbm/inference.ts). Training (CD-k on TensorFlow.js) is in ../training/crbm/fit.ts and files (the RBM's
 * container, kind 'crbm') in ../storage/crbmFile.ts; both import this class and plug `fit`, `save` and `load`
 * in through `crbmDelegates` (see delegates.ts), so this file imports neither.
 */
import { ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { assertMatrix } from '../../util/matrix';
import { Random } from '../../util/random';
import { checkMemory, float32Bytes } from '../../util/memoryBudget';
import type { VisibleType } from '../types';
import { dynamicBiases, freeEnergyOne, gibbsFrame, makeScratch, meanFieldPredict } from './crbm/inference';
import type { CRBMEpochMetrics, CRBMHistory, CRBMOptions, CRBMParams, CRBMTrainOptions } from './crbm/types';
import { checkCRBMParams, CRBM_ARRAYS } from './crbm/validate';
import { checkTaps, type HistoryTap, historyRow, isRecent, recentTaps, tapSpan } from './crbm/taps';
import { Delegates } from './delegates';

/**
 * Where `fit`, `save` and `load` come from: training/crbm/fit.ts and storage/crbmFile.ts provide them when loaded
 * (src/rbm/index.ts loads both), so this file never imports them.
 */
export const crbmDelegates = new Delegates<{
  fit: (model: ConditionalRBM, sequences: Matrix[], opts: Partial<CRBMTrainOptions>) => Promise<CRBMHistory>;
  save: (model: ConditionalRBM, path: string, opts: { force?: boolean }) => Promise<void>;
  load: (path: string) => Promise<ConditionalRBM>;
}>('ConditionalRBM', { fit: 'training/crbm/fit.ts', save: 'storage/crbmFile.ts', load: 'storage/crbmFile.ts' });

/** Options of {@link ConditionalRBM.generate}. */
export interface GenerateOptions {
  /** Number of new frames to generate (may be far longer than any training sequence). */
  frames: number;
  /** Starting frames, ≥ span rows × nVisible (span = order for the classic history; e.g. the first frames of a real clip). */
  prime: Matrix;
  /** Gibbs steps per frame (Taylor et al. used 30). */
  gibbsSteps?: number;
  /** Seed of the hidden samples (default 0). */
  seed?: number;
  /** Divides pre-activations (T > 1: wilder, T < 1: more conservative). Default 1. */
  temperature?: number;
  /**
   * How much visible sampling noise enters the chain, in [0, 1]: each Gibbs step uses mean + noise·(sample − mean).
   * 0 (default) = visible means, as Taylor et al. did; 1 = true samples of p(v | h, x).
   */
  noise?: number;
  /**
   * The frame each Gibbs chain ends on: E[v | h, x] with h a SAMPLE of p(h | v, x) ('sample', default), or with h
   * set to those probabilities ('meanField': an average over hidden states, less variance per frame).
   */
  readout?: 'sample' | 'meanField';
}

/**
 * Defaults of {@link GenerateOptions} and of `predictNext`. In `generate`, each frame's Gibbs chain ends on a
 * SAMPLE of the hidden units (visibles stay means), as Taylor et al. generated: ending on hidden means made
 * generated music nearly static (frame-to-frame change 0.063 vs 0.191 sampled; real music 0.27 — measured with
 * bench/generate.bench.ts). `predictNext` stays deterministic (mean-field).
 */
export const DEFAULT_CRBM_GENERATE_OPTIONS = { gibbsSteps: 30, seed: 0, temperature: 1, noise: 0, meanFieldSteps: 5, readout: 'sample' } as const;

/** A Conditional Restricted Boltzmann Machine over frames of nVisible features. */
export class ConditionalRBM {
  readonly visible: VisibleType;
  readonly nVisible: number;
  readonly nHidden: number;
  /** Number of history rows (taps). */
  readonly order: number;
  /** What each history row is: the mean of the frames `from` … `to` back (default: the last `order` frames). */
  readonly taps: HistoryTap[];
  /** Frames of past the history needs: `order` for the classic history, the longest tap's reach otherwise. */
  readonly span: number;
  /** Seed of the initial weights and of training draws. */
  seed: number;
  W: Float32Array;
  visibleBias: Float32Array;
  hiddenBias: Float32Array;
  A: Float32Array;
  B: Float32Array;
  /** Epochs trained so far (fit() sets the visible biases from the data when this is 0). */
  epochsTrained = 0;
  /** Free-form metadata saved with the model (e.g. the feature pipeline). */
  meta: Record<string, unknown> = {};

  /**
   * A fresh model: W, A, B ~ N(0, 0.01²) (Taylor et al. 2006; guide §8), zero biases. Gaussian visible units
   * have unit variance, as in Taylor et al.: feed standardised features (FeaturePipeline's default scaling).
   * @throws ParameterError for non-integer or non-positive sizes or an unknown visible type.
   * @example const crbm = new ConditionalRBM({ nVisible: 64, nHidden: 64, order: 3, visible: 'gaussian', seed: 1 });
   */
  constructor(opts: CRBMOptions) {
    const { nVisible, nHidden, visible = 'gaussian', seed = 0 } = opts;
    const taps = opts.taps === undefined ? undefined : checkTaps(opts.taps, 'ConditionalRBM');
    if (taps && opts.order !== undefined && opts.order !== taps.length) throw new ParameterError(`ConditionalRBM: order ${opts.order} but ${taps.length} taps; order is the number of taps (omit it)`);
    const order = taps ? taps.length : opts.order!;
    for (const [name, v] of [['nVisible', nVisible], ['nHidden', nHidden], ['order', order]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ParameterError(`ConditionalRBM: ${name} must be a positive integer, got ${v}`);
    }
    if (visible !== 'bernoulli' && visible !== 'gaussian') throw new ParameterError(`ConditionalRBM: visible must be 'bernoulli' or 'gaussian', got '${visible}'`);
    // W, A (order × nV × nV) and B (order × nV × nH), each with a gradient, a momentum and the engine's copy (×4),
    // checked before allocating: --order 100000 used to die in V8 ("Invalid typed array length").
    const weights = nVisible * nHidden + order * nVisible * (nVisible + nHidden);
    checkMemory(4 * float32Bytes(weights), `ConditionalRBM: nVisible=${nVisible}, nHidden=${nHidden}, order=${order} (weights, gradients and momentum while training)`,
      { hint: 'use a shorter history (CLI --order) or fewer hidden units (--hidden)' });
    this.visible = visible; this.nVisible = nVisible; this.nHidden = nHidden; this.order = order; this.seed = seed;
    this.taps = taps ?? recentTaps(order);
    this.span = isRecent(this.taps) ? order : tapSpan(this.taps);
    const rng = new Random(seed);
    this.W = rng.fillNormal(new Float32Array(nVisible * nHidden), 0, 0.01);
    this.A = rng.fillNormal(new Float32Array(order * nVisible * nVisible), 0, 0.01);
    this.B = rng.fillNormal(new Float32Array(order * nVisible * nHidden), 0, 0.01);
    this.visibleBias = new Float32Array(nVisible);
    this.hiddenBias = new Float32Array(nHidden);
  }

  /** A model with a copy of the given parameters. @throws ParameterError on inconsistent shapes or non-finite values. */
  static fromParams(p: CRBMParams): ConditionalRBM {
    checkCRBMParams(p, 'ConditionalRBM.fromParams', ParameterError);
    const m = new ConditionalRBM({ nVisible: p.nVisible, nHidden: p.nHidden, order: p.order, visible: p.visible, ...(p.taps ? { taps: p.taps } : {}) });
    for (const k of CRBM_ARRAYS) m[k] = p[k].slice();
    return m;
  }

  /** The parameters as plain arrays (copies). */
  params(): CRBMParams {
    const { visible, nVisible, nHidden, order } = this;
    return { visible, nVisible, nHidden, order, ...(isRecent(this.taps) ? {} : { taps: this.taps.map((t) => ({ ...t })) }), W: this.W.slice(), visibleBias: this.visibleBias.slice(), hiddenBias: this.hiddenBias.slice(), A: this.A.slice(), B: this.B.slice() };
  }

  /** e.g. `ConditionalRBM(gaussian 64 visible → 64 hidden, order 3, 20 epochs trained)`. */
  toString(): string {
    const history = isRecent(this.taps) ? `order ${this.order}` : `${this.order} history taps over ${this.span} frames`;
    return `ConditionalRBM(${this.visible} ${this.nVisible} visible → ${this.nHidden} hidden, ${history}, ${this.epochsTrained} epochs trained)`;
  }


  /**
   * Trains on (history, frame) pairs from every sequence (each frames × nVisible) with CD-k, momentum and
   * weight decay; see {@link CRBMTrainOptions}. Same seed, data and backend → identical weights. Calling fit
   * again continues training (epoch numbers and random draws continue; the momentum buffers start from zero).
   * @throws ParameterError on bad sequences or options; DivergenceError if the weights become non-finite.
   * @example await crbm.fit([S1, S2], { epochs: 30, validation: [S3] });
   */
  fit(sequences: Matrix[], opts: Partial<CRBMTrainOptions> = {}): Promise<CRBMHistory> {
    return crbmDelegates.get('fit')(this, sequences, opts);
  }

  /**
   * The model's prediction of the frame after `history` (span × nVisible, oldest row first): mean-field
   * iteration from the dynamic-bias mean, v ← E[v | p(h | v, x)], `meanFieldSteps` times (default 5: on held-out
   * audio features 5 steps gave 0.147 vs 0.164 MSE for 1 step after 200 epochs, and about the same after 40–60).
   * @throws ParameterError if history is not span × nVisible (span = order for the classic history).
   * @example const next = crbm.predictNext(sliceRows(S, t - 3, t));
   */
  predictNext(history: Matrix, opts: { meanFieldSteps?: number } = {}): Float32Array {
    assertMatrix(history, 'predictNext: history', { cols: this.nVisible });
    if (history.rows !== this.span) throw new ParameterError(`predictNext: history has ${history.rows} rows, expected ${isRecent(this.taps) ? 'order' : 'span'} = ${this.span}`);
    const steps = checkSteps(opts.meanFieldSteps ?? DEFAULT_CRBM_GENERATE_OPTIONS.meanFieldSteps, 'meanFieldSteps');
    const x = historyVector(this, history.data, this.span, new Float32Array(this.order * this.nVisible));
    return Float32Array.from(meanFieldPredict(this, x, 0, steps, makeScratch(this)));
  }

  /**
   * One-step predictions for a whole sequence given its true past (teacher forcing): row t − span of the
   * result predicts frame t, for t = span … rows − 1 (span = order for the classic history). Handy for scoring
   * (MSE against `sliceRows(S, span, S.rows)`).
   * @throws ParameterError if the sequence has ≤ span rows or the wrong width.
   */
  predictSequence(sequence: Matrix, opts: { meanFieldSteps?: number } = {}): Matrix {
    assertMatrix(sequence, 'predictSequence: sequence', { cols: this.nVisible, minRows: this.span + 1 });
    const steps = checkSteps(opts.meanFieldSteps ?? DEFAULT_CRBM_GENERATE_OPTIONS.meanFieldSteps, 'meanFieldSteps');
    const n = sequence.rows - this.span, nV = this.nVisible;
    const out = new Float32Array(n * nV);
    const s = makeScratch(this);
    const x = new Float32Array(this.order * nV);
    for (let r = 0; r < n; r++) {
      if (isRecent(this.taps)) out.set(meanFieldPredict(this, sequence.data, r * nV, steps, s), r * nV);
      else out.set(meanFieldPredict(this, historyVector(this, sequence.data, r + this.span, x), 0, steps, s), r * nV);
    }
    return { rows: n, cols: nV, data: out };
  }

  /**
   * Generates `frames` new frames autoregressively after `prime`: each frame starts its Gibbs chain at the
   * previous frame and is conditioned on its history (the last `span` frames, generated ones included).
   * @returns frames × nVisible (the new frames only; `concatRows([prime, out])` for the whole thing).
   * @throws ParameterError for a short or misshaped prime, or bad frames / gibbsSteps / temperature / noise.
   * @example const more = crbm.generate({ frames: 500, prime: sliceRows(S, 0, 3), seed: 2 });
   */
  generate(opts: GenerateOptions): Matrix {
    const o = { ...DEFAULT_CRBM_GENERATE_OPTIONS, ...opts };
    const nV = this.nVisible, order = this.span;
    assertMatrix(o.prime, 'generate: prime', { cols: nV, minRows: order });
    if (!Number.isInteger(o.frames) || o.frames < 1) throw new ParameterError(`generate: frames must be a positive integer, got ${o.frames}`);
    checkSteps(o.gibbsSteps, 'gibbsSteps');
    if (!(o.temperature > 0 && Number.isFinite(o.temperature))) throw new ParameterError(`generate: temperature must be a positive number, got ${o.temperature}`);
    if (!(o.noise >= 0 && o.noise <= 1)) throw new ParameterError(`generate: noise must be in [0, 1], got ${o.noise}`);
    if (o.readout !== 'sample' && o.readout !== 'meanField') throw new ParameterError(`generate: readout must be 'sample' or 'meanField', got '${String(o.readout)}'`);
    const buf = new Float32Array((order + o.frames) * nV);
    buf.set(o.prime.data.subarray((o.prime.rows - order) * nV));
    const rng = new Random(o.seed);
    const s = makeScratch(this);
    const x = new Float32Array(this.order * nV);
    for (let t = order; t < order + o.frames; t++) {
      // The history (the last frames, or the taps' means reaching `span` back) sets b̂ and ĉ.
      if (isRecent(this.taps)) dynamicBiases(this, buf, (t - order) * nV, s);
      else dynamicBiases(this, historyVector(this, buf, t, x), 0, s);
      for (let i = 0; i < nV; i++) s.v[i] = buf[(t - 1) * nV + i]; // the chain starts at the previous frame
      buf.set(gibbsFrame(this, s, o.gibbsSteps, o.temperature, o.noise, rng, o.readout), t * nV);
    }
    return { rows: o.frames, cols: nV, data: buf.slice(order * nV) };
  }

  /**
   * Free energy F(v | x) = −log Σₕ exp(−E(v, h | x)) of each frame given its history.
   * @param history N × (order·nVisible) history vectors (oldest tap first), or span × nVisible frames when v has one row.
   * @param v N × nVisible frames.
   * @throws ParameterError on mismatched shapes.
   */
  freeEnergy(history: Matrix, v: Matrix): Float32Array {
    const D = this.order * this.nVisible;
    assertMatrix(v, 'freeEnergy: v', { cols: this.nVisible });
    assertMatrix(history, 'freeEnergy: history');
    const single = v.rows === 1 && history.rows === this.span && history.cols === this.nVisible;
    if (!single && (history.cols !== D || history.rows !== v.rows)) {
      throw new ParameterError(`freeEnergy: history is ${history.rows} × ${history.cols}; expected ${v.rows} × ${D} (order·nVisible), or ${this.span} × ${this.nVisible} for one frame`);
    }
    const s = makeScratch(this);
    if (single && !isRecent(this.taps)) history = { rows: 1, cols: D, data: historyVector(this, history.data, this.span, new Float32Array(D)) };
    return Float32Array.from({ length: v.rows }, (_, r) => freeEnergyOne(this, history.data, r * D, v.data, r * this.nVisible, s));
  }

  /** Saves to `path` in the RBM's container format (kind 'crbm'); never overwrites unless `force`. */
  save(path: string, opts: { force?: boolean } = {}): Promise<void> {
    return crbmDelegates.get('save')(this, path, opts);
  }

  /** Loads a model saved by {@link ConditionalRBM.save}. @throws ModelFormatError naming the file and what is wrong. */
  static load(path: string): Promise<ConditionalRBM> {
    return crbmDelegates.get('load')(path);
  }
}

/** The history vector of row t of a frames buffer (rows t − span … t − 1 must exist), written to `out`. */
function historyVector(m: ConditionalRBM, frames: ArrayLike<number>, t: number, out: Float32Array): Float32Array {
  historyRow(m.taps, frames, t, m.nVisible, out);
  return out;
}

function checkSteps(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 0) throw new ParameterError(`${name} must be a non-negative integer, got ${n}`);
  return n;
}

export type { CRBMEpochMetrics, CRBMHistory };
