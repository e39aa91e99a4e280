/**
 * The conditional mean–precision RBM: a linear autoregression carries each frame on from the last, and the
 * mean–precision RBM of MeanPrecisionRBM.ts models what the autoregression cannot predict — with the music's
 * longer past setting its hidden biases (as Taylor, Hinton & Roweis's conditional RBM does for the ordinary RBM).
 *
 * Why: the mean–precision RBM is the best frame density model here (issue 8), but frames drawn from it one by one
 * know nothing of what came before. Here, on whitened frames yₜ,
 *
 *   yₜ = A zᵥ(t) + rₜ        zᵥ: the visible history (default: the previous frame — what a frame is most like)
 *   rₜ ~ mean–precision RBM with hidden biases cₜ = c + B zₕ(t)
 *                            zₕ: the hidden history (default: means of frames 1, 2–3, 4–7, … back, reaching ≈ 2 s)
 *
 * so p(yₜ | past) = p_RBM(yₜ − A zᵥ | cₜ). Shifting a density does not change its normaliser, so log Zₜ depends on
 * the past only through cₜ, and with the state table of the base biases (each state's precision πₖ, mean mₖ and
 * probability pₖ) it is a sum over the 2^H states, cheap per frame:
 *
 *   log Zₜ = log Z + log Σₖ pₖ exp(Δcₜ·hₖ),      p(hₖ | past) ∝ pₖ exp(Δcₜ·hₖ),      E[y | hₖ, past] = A zᵥ + mₖ.
 *
 * Training is exact maximum likelihood (no sampling) and generation exact ancestral sampling: for each new frame
 * pick a hidden state from those weights, draw the innovation from its Gaussian, add it to the autoregression's
 * prediction — no Gibbs chain, nothing to mix or burn in. The innovation form (rather than letting the past shift
 * the visible *biases*, whose mean shift Δb/πₖ a learned precision can amplify) keeps free generation stable: the
 * frames grow without bound exactly when A has an eigenvalue beyond 1, which training prevents (see keepStable in
 * ../training/meanPrecisionCRBMFit.ts). Of the fixed lags only the previous frame feeds the autoregression, because
 * more visible lags over-fitted on real music (numpy, 4 soundtrack tracks: previous frame +14 nats/frame held out
 * over the unconditional model; lags 1, 2, 4, 8: −8; on the bundled songs lags 1, 2, 4, …, 128 also exploded in
 * generation); the longer memory goes through the hidden units, which choose *which* texture comes next — and,
 * with the beat clock below, through the one lag that music itself repeats at.
 *
 * Training first fits the whitening to the residual of a ridge regression of each frame on its visible history, so
 * the model starts exactly at that linear-Gaussian autoregression and can only add to it.
 *
 * With a **beat clock** (option `beat`, see crbm/beatClock.ts) both histories also hold the frame's place in the
 * beat — cos and sin of 2πk(t − φ)/P, the sequence's own beat estimated from its frames — so A can add the
 * beat's mean shape to the prediction and B can make some states likelier on the beat than off it; and the
 * visible history also holds the frame one beat back (`beatLags`), so A can carry the last beat's sound into this
 * one, as music repeats. Generation then plays to a beat: the prime's, or one of the training songs' periods
 * picked by the seed. Measured on the bundled data (`npm run bench -- music`, 8 seeds, CLI defaults): onset
 * periodicity 0.115 → 0.39 free and 0.45 continuing a prime (real music 0.67); with 12 epochs and no stability
 * check on the beat lag it reached 0.44–0.60 but could explode on small data; the clock alone gave 0.24 (and
 * flatter, noisier spectra), the clock in the hidden biases alone 0.10.
 */
import { DivergenceError, ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { assertMatrix } from '../../util/matrix';
import { Random } from '../../util/random';
import { type HistoryTap, checkTaps, multiScaleTaps, runningSums, tapMeans, tapSpan } from './crbm/taps';
import { type Beat, type BeatClockOptions, checkBeat, checkBeatClock, clockRow, estimateBeat } from './crbm/beatClock';
import { Delegates } from './delegates';
import {
  MeanPrecisionRBM, type MeanPrecisionEpochMetrics, type MeanPrecisionTrainOptions,
} from './MeanPrecisionRBM';

/** Options of `new MeanPrecisionCRBM(...)`. */
export interface MeanPrecisionCRBMOptions {
  nVisible: number;
  /** Hidden units, 1 … 16 (log Z sums 2^H states). */
  nHidden: number;
  seed?: number;
  /** History that shifts the visible biases (default: the previous frame, `[{ from: 1, to: 1 }]`). */
  visibleTaps?: HistoryTap[];
  /** History that shifts the hidden biases (default: `multiScaleTaps(125)`, ≈ 2 s at the default 62.5 frames/s). */
  hiddenTaps?: HistoryTap[];
  /** A beat clock in both histories (see the file comment): `{}` for its defaults, false or absent for none. */
  beat?: Partial<BeatClockOptions> | false;
}

/** Options of {@link MeanPrecisionCRBM.generate} and {@link MeanPrecisionCRBM.sampler}. */
export interface MeanPrecisionCRBMSampleOptions {
  seed?: number;
  /** Variance × temperature (default 1). */
  temperature?: number;
  /** Frames to continue (frames × nVisible). */
  prime?: Matrix;
  /** The beat to play to (a model with a beat clock): default the prime's, else a training period the seed picks. */
  beat?: Beat;
}

/** Training options of {@link MeanPrecisionCRBM.fit} (those of MeanPrecisionRBM, on sequences). */
export interface MeanPrecisionCRBMTrainOptions extends Omit<MeanPrecisionTrainOptions, 'validation'> {
  /** Ridge of the initial autoregression, relative to the number of frames (default 1e-3). */
  regressionRidge: number;
  /** Adam step size of the history weights A and B (`learningRate` is the frame model's). */
  historyLearningRate: number;
  /** Held-out sequences: their exact conditional log-density is reported after every epoch. */
  validation?: Matrix[];
}

/** What {@link MeanPrecisionCRBM.fit} returns. */
export interface MeanPrecisionCRBMHistory {
  epochs: MeanPrecisionEpochMetrics[];
  /** Held-out (or training) log-density of the linear-Gaussian autoregression the model starts from. */
  startLogDensity: number;
}

/** Where `fit`, `save` and `load` come from (see delegates.ts). */
export const meanPrecisionCRBMDelegates = new Delegates<{
  fit: (m: MeanPrecisionCRBM, sequences: Matrix[], opts: Partial<MeanPrecisionCRBMTrainOptions>) => Promise<MeanPrecisionCRBMHistory>;
  save: (m: MeanPrecisionCRBM, path: string, opts: { force?: boolean; meta?: Record<string, unknown> }) => Promise<void>;
  load: (path: string) => Promise<MeanPrecisionCRBM>;
}>('MeanPrecisionCRBM', { fit: 'training/meanPrecisionCRBMFit.ts', save: 'storage/meanPrecisionCRBMFile.ts', load: 'storage/meanPrecisionCRBMFile.ts' });

/** What each frame's past sets (see {@link MeanPrecisionCRBM.conditionals}). */
export interface FrameConditionals {
  /** rows × nVisible: the autoregression's prediction A zᵥ (whitened). */
  shift: Float64Array;
  /** rows × nHidden: Δc = B zₕ. */
  dc: Float64Array;
  /** rows × 2^H: p(hₖ | past). */
  post: Float64Array;
  /** rows: log Zₜ (whitened space). */
  logZ: Float64Array;
}

/**
 * A conditional mean–precision RBM (see the file comment).
 * @example
 * const m = new MeanPrecisionCRBM({ nVisible: 128, nHidden: 8, seed: 1 });
 * await m.fit([song1, song2]);
 * m.meanLogDensity([heldOut]);      // nats per frame, exact: log p(vₜ | v₍<ₜ₎)
 * const frames = m.generate(625, { seed: 3 });
 */
export class MeanPrecisionCRBM {
  /** The frame model with the base biases b, c, and the whitening. */
  readonly frame: MeanPrecisionRBM;
  readonly visibleTaps: HistoryTap[];
  readonly hiddenTaps: HistoryTap[];
  /** The beat clock, when the model has one. */
  readonly beat?: BeatClockOptions;
  /** The beat periods (frames) of the training sequences: generation without a prime plays to one of them. */
  beatPeriods: number[] = [];
  /** nVisible × visibleWidth (nVisible·(|visibleTaps| + beatLags) + the clock's columns), row-major: the autoregression's prediction Σₐ Aᵢₐ zᵥₐ of whitened band i. */
  A: Float32Array;
  /** nHidden × hiddenWidth (nVisible·|hiddenTaps| + the clock's columns): Δcⱼ = Σₐ Bⱼₐ zₕₐ. */
  B: Float32Array;
  meta: Record<string, unknown> = {};
  /** @throws ParameterError for sizes or taps out of range. */
  constructor(opts: MeanPrecisionCRBMOptions) {
    this.frame = new MeanPrecisionRBM({ nVisible: opts.nVisible, nHidden: opts.nHidden, seed: opts.seed });
    this.visibleTaps = checkTaps(opts.visibleTaps ?? [{ from: 1, to: 1 }], 'MeanPrecisionCRBM: visibleTaps');
    this.hiddenTaps = checkTaps(opts.hiddenTaps ?? multiScaleTaps(125), 'MeanPrecisionCRBM: hiddenTaps');
    if (opts.beat) this.beat = checkBeatClock(opts.beat, 'MeanPrecisionCRBM');
    this.A = new Float32Array(this.nVisible * this.visibleWidth);
    this.B = new Float32Array(this.nHidden * this.hiddenWidth);
  }

  /** Columns of the beat clock in each history (2 per harmonic; 0 without a clock). */
  get clockWidth(): number { return this.beat ? 2 * this.beat.harmonics : 0; }
  /** Length of a visible history zᵥ. */
  get visibleWidth(): number { return this.nVisible * (this.visibleTaps.length + this.beatLags) + this.clockWidth; }
  /** Whole beats back the visible history also reads (0 without a beat clock). */
  get beatLags(): number { return this.beat?.beatLags ?? 0; }
  /** Length of a hidden history zₕ. */
  get hiddenWidth(): number { return this.nVisible * this.hiddenTaps.length + this.clockWidth; }

  get nVisible(): number { return this.frame.nVisible; }
  get nHidden(): number { return this.frame.nHidden; }
  get seed(): number { return this.frame.seed; }
  get epochsTrained(): number { return this.frame.epochsTrained; }
  /** Frames of past the history needs: the first `span` frames of a sequence are context, not scored. */
  get span(): number {
    return Math.max(tapSpan(this.visibleTaps), tapSpan(this.hiddenTaps), this.beat ? this.beatLags * this.beat.maxPeriod + 1 : 0);
  }
  get name(): string { return `conditional mean–precision RBM (${this.nHidden} hidden)`; }

  toString(): string {
    return `MeanPrecisionCRBM(${this.nVisible} visible → ${this.nHidden} hidden, history ${this.span} frames, ${this.epochsTrained} epochs trained)`;
  }

  /** Trains in place by exact maximum likelihood on whole sequences (frames × nVisible each). */
  fit(sequences: Matrix[], opts: Partial<MeanPrecisionCRBMTrainOptions> = {}): Promise<MeanPrecisionCRBMHistory> {
    return meanPrecisionCRBMDelegates.get('fit')(this, sequences, opts);
  }

  /**
   * The histories of frames `from` … `y.length / nVisible − 1` of a whitened sequence `y`: zᵥ (rows × visibleWidth)
   * and zₕ (rows × hiddenWidth). `from` must be ≥ span. A model with a beat clock needs the sequence's `beat` and
   * the sequence's frame number of y's row 0 (`t0`, when y is the end of a longer sequence).
   */
  histories(y: Float64Array, from: number, beat?: Beat, t0 = 0): { zv: Float64Array; zh: Float64Array; rows: number } {
    const D = this.nVisible, rows = y.length / D - from, mv = this.visibleWidth, mh = this.hiddenWidth, K = this.beat?.harmonics ?? 0;
    if (K && !beat) throw new ParameterError('MeanPrecisionCRBM.histories: this model has a beat clock and needs the sequence\'s beat');
    if (K && this.beatLags * beat!.period + 1 > this.span) {
      throw new ParameterError(`MeanPrecisionCRBM: a beat of ${beat!.period} frames is longer than this model's beat clock reads (at most ${this.beat!.maxPeriod})`);
    }
    const zv = new Float64Array(rows * mv), zh = new Float64Array(rows * mh);
    const cum = runningSums(y, D);
    for (let r = 0; r < rows; r++) {
      tapMeans(this.visibleTaps, cum, from + r, D, zv, r * mv);
      tapMeans(this.hiddenTaps, cum, from + r, D, zh, r * mh);
      for (let q = 1; q <= this.beatLags; q++) {
        // The frame q beats back, linearly interpolated between the two frames around it (span covers the longest).
        const back = q * beat!.period, lo = Math.floor(back), w = back - lo, t = from + r, o = r * mv + D * (this.visibleTaps.length + q - 1);
        for (let i = 0; i < D; i++) zv[o + i] = (1 - w) * y[(t - lo) * D + i] + w * y[(t - lo - 1) * D + i];
      }
      if (K) {
        clockRow(beat!, K, t0 + from + r, zv, (r + 1) * mv - 2 * K);
        zh.set(zv.subarray((r + 1) * mv - 2 * K, (r + 1) * mv), (r + 1) * mh - 2 * K);
      }
    }
    return { zv, zh, rows };
  }

  /**
   * The beat of a sequence of frames as this model reads it: estimated from the frames (crbm/beatClock.ts); for a
   * sequence too short to tell, the training songs' median period starting at its first frame. Undefined without
   * a beat clock.
   */
  beatOf(frames: Matrix): Beat | undefined {
    if (!this.beat) return undefined;
    return estimateBeat(frames, this.beat) ?? { period: this.typicalPeriod, phase: 0 };
  }

  /** The training songs' median beat period (the middle of the clock's range before training; 0 without a clock). */
  get typicalPeriod(): number {
    if (!this.beat) return 0;
    const p = [...this.beatPeriods].sort((a, b) => a - b);
    return p.length ? p[p.length >> 1] : (this.beat.minPeriod + this.beat.maxPeriod) / 2;
  }

  /** A zᵥ, Δc, p(h | past) and log Zₜ for rows of histories (see the file comment). */
  conditionals(zv: Float64Array, zh: Float64Array, rows: number): FrameConditionals {
    const D = this.nVisible, H = this.nHidden, K = 1 << H, mv = this.visibleWidth, mh = this.hiddenWidth;
    const { prob, logZ: logZ0 } = this.frame.hiddenStates();
    const shift = new Float64Array(rows * D), dc = new Float64Array(rows * H), post = new Float64Array(rows * K);
    const logZ = new Float64Array(rows), logP = Float64Array.from(prob, Math.log), e = new Float64Array(K);
    const base = new Float64Array(K); // Δc·hₖ of the current row
    for (let t = 0; t < rows; t++) {
      for (let i = 0; i < D; i++) {
        let s = 0;
        for (let a = 0, r = i * mv, o = t * mv; a < mv; a++) s += this.A[r + a] * zv[o + a];
        shift[t * D + i] = s;
      }
      for (let j = 0; j < H; j++) {
        let s = 0;
        for (let a = 0, r = j * mh, o = t * mh; a < mh; a++) s += this.B[r + a] * zh[o + a];
        dc[t * H + j] = s;
      }
      // Each state's log weight: log pₖ + Δc·hₖ, built like the state table (one earlier state plus one unit).
      let max = (e[0] = logP[0]);
      for (let k = 1; k < K; k++) {
        const j = 31 - Math.clz32(k & -k);
        base[k] = base[k & (k - 1)] + dc[t * H + j];
        e[k] = logP[k] + base[k];
        if (e[k] > max) max = e[k];
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += (post[t * K + k] = Math.exp(e[k] - max));
      for (let k = 0; k < K; k++) post[t * K + k] /= sum;
      logZ[t] = logZ0 + max + Math.log(sum);
    }
    return { shift, dc, post, logZ };
  }

  /**
   * log p(yₜ | past) of rows of a whitened sequence (from row `from`) with their conditionals (whitened space: add
   * the whitening's log-determinant for frames). `r` and `a` receive the innovations yₜ − A zᵥ (rows × nVisible)
   * and the hidden pre-activations (rows × nHidden) when given.
   */
  logDensityWhite(y: Float64Array, from: number, c: FrameConditionals, r?: Float64Array, a?: Float64Array): Float64Array {
    const D = this.nVisible, H = this.nHidden, f = this.frame, rows = c.logZ.length;
    const res = r ?? new Float64Array(rows * D);
    for (let k = 0; k < rows * D; k++) res[k] = y[from * D + k] - c.shift[k];
    const pre = f.hiddenInputs(res, rows);
    for (let k = 0; k < rows * H; k++) pre[k] += c.dc[k];
    const out = f.freeEnergyWhite(res, rows, pre).map((fe, t) => -fe - c.logZ[t]);
    if (a) a.set(pre);
    return out;
  }

  /**
   * log p(vₜ | v₍<ₜ₎) in nats of frames span … rows − 1 of a sequence (the first `span` frames are its context).
   * A model with a beat clock reads the sequence's `beat` (default: estimated from the whole sequence, so held-out
   * scores know its tempo and phase, two numbers, in advance).
   */
  logDensity(sequence: Matrix, beat?: Beat): Float64Array {
    assertMatrix(sequence, 'MeanPrecisionCRBM.logDensity: sequence', { cols: this.nVisible });
    if (sequence.rows <= this.span) {
      throw new ParameterError(`MeanPrecisionCRBM.logDensity: the sequence has ${sequence.rows} frames; the model needs more than its history of ${this.span} frames`);
    }
    const b = beat ? checkBeat(beat, 'MeanPrecisionCRBM.logDensity') : this.beatOf(sequence);
    const y = this.frame.whiten(sequence), { zv, zh, rows } = this.histories(y, this.span, b);
    const l = this.logDensityWhite(y, this.span, this.conditionals(zv, zh, rows));
    return l.map((v) => v + this.frame.logDetWhitening);
  }

  /** Mean log p(vₜ | past) over every scored frame of `sequences`: nats per frame. */
  meanLogDensity(sequences: Matrix[]): number {
    let s = 0, n = 0;
    for (const q of sequences) for (const v of this.logDensity(q)) { s += v; n++; }
    return s / n;
  }

  /**
   * The last `span` frames of `frames`, whitened (span × nVisible); missing rows — a short or absent history —
   * are the training mean (0 after whitening).
   */
  private whitenedPast(frames?: Matrix): Float64Array {
    const D = this.nVisible, span = this.span, past = new Float64Array(span * D);
    const r = Math.min(frames?.rows ?? 0, span);
    if (frames && r > 0) {
      past.set(this.frame.whiten({ rows: r, cols: D, data: frames.data.subarray((frames.rows - r) * D, frames.rows * D) }), (span - r) * D);
    }
    return past;
  }

  /**
   * E[vₜ | past]: the expected next frame after `history` (its last `span` frames; a shorter one is preceded by the
   * training mean), the states' means weighted by p(h | past). With a beat clock: at `beat` (default the history's).
   */
  predictNext(history: Matrix, beat?: Beat): Float32Array {
    assertMatrix(history, 'predictNext: history', { cols: this.nVisible });
    const D = this.nVisible, span = this.span, buf = new Float64Array((span + 1) * D);
    buf.set(this.whitenedPast(history));
    const b = beat ? checkBeat(beat, 'predictNext') : this.beatOf(history);
    const { zv, zh } = this.histories(buf, span, b, history.rows - span), c = this.conditionals(zv, zh, 1), { mean } = this.frame.hiddenStates();
    const y = c.shift.slice();
    for (let k = 0; k < c.post.length; k++) {
      const q = c.post[k];
      for (let i = 0; i < D; i++) y[i] += q * mean[k * D + i];
    }
    return this.frame.unwhiten(y, 1).data;
  }

  /**
   * `n` new frames by exact ancestral sampling, each drawn from p(v | the frames before it) at temperature T
   * (variance × T). `prime` (frames × nVisible) supplies the past (its last `span` frames; a shorter prime is
   * preceded by the training mean); without one the past is the training mean and the first `span` drawn frames
   * are discarded as warm-up. A model with a beat clock plays to `beat`: by default the prime's (when it is long
   * enough to tell, crbm/beatClock.ts), else one of the training songs' periods, picked by the seed.
   */
  generate(n: number, opts: MeanPrecisionCRBMSampleOptions = {}): Matrix {
    return this.sampler(opts).next(n);
  }

  /** A stateful sampler: each `next(n)` continues where the last stopped (for streaming generation). */
  sampler({ seed = 0, temperature = 1, prime, beat }: MeanPrecisionCRBMSampleOptions = {}): { next(n: number): Matrix; beat?: Beat } {
    if (!(temperature > 0 && Number.isFinite(temperature))) throw new ParameterError(`temperature must be a positive finite number, got ${temperature}`);
    const D = this.nVisible, span = this.span, rng = new Random(seed);
    if (prime) assertMatrix(prime, 'generate: prime', { cols: D });
    let b: Beat | undefined;
    if (this.beat) {
      const periods = this.beatPeriods.length ? this.beatPeriods : [this.typicalPeriod];
      b = beat ? checkBeat(beat, 'generate') : (prime && estimateBeat(prime, this.beat)) || { period: periods[rng.int(periods.length)], phase: 0 };
    }
    const past = this.whitenedPast(prime);
    let time = prime?.rows ?? 0; // the frame number of the next frame drawn (the prime's frames are 0 … rows − 1)
    const draw = (count: number): Float64Array => {
      const out = new Float64Array(count * D), buf = new Float64Array((span + 1) * D);
      const { precision, mean } = this.frame.hiddenStates();
      for (let t = 0; t < count; t++) {
        buf.set(past);
        const { zv, zh } = this.histories(buf, span, b, time++ - span);
        const c = this.conditionals(zv, zh, 1);
        let u = rng.next(), k = 0;
        while (k < c.post.length - 1 && (u -= c.post[k]) > 0) k++;
        const y = out.subarray(t * D, (t + 1) * D);
        for (let i = 0; i < D; i++) {
          const p = precision[k * D + i];
          y[i] = c.shift[i] + mean[k * D + i] + Math.sqrt(temperature / p) * rng.normal();
        }
        // Whitened frames have unit scale: far beyond it the autoregression has run away (see keepStable).
        if (!y.every((v) => Math.abs(v) < 1e4)) {
          throw new DivergenceError(`generate: frame ${time - 1} left the model's range (|value| ≥ 1e4 after `
            + `whitening): its autoregression is unstable; retrain, or lower temperature (now ${temperature})`, this.epochsTrained);
        }
        past.copyWithin(0, D);
        past.set(y, (span - 1) * D);
      }
      return out;
    };
    if (!prime || prime.rows === 0) draw(span);
    return { next: (count: number) => this.frame.unwhiten(draw(count), count), ...(b ? { beat: b } : {}) };
  }

  // ---- persistence ----

  save(path: string, opts: { force?: boolean; meta?: Record<string, unknown> } = {}): Promise<void> {
    return meanPrecisionCRBMDelegates.get('save')(this, path, opts);
  }

  static load(path: string): Promise<MeanPrecisionCRBM> {
    return meanPrecisionCRBMDelegates.get('load')(path);
  }
}
