/**
 * Where generated frames come from. {@link RbmFrameSource}: persistent Gibbs chains of an RBM, read out one frame
 * per `thin` steps (several chains take turns, one block each). {@link SequenceFrameSource}: a temporal model
 * (ConditionalRBM) that predicts each frame from the previous `order` frames, continued block after block
 * from its own output, so sequences can be far longer than the training context.
 */
import type { Matrix } from '../types';
import { Random } from '../util/random';
import { type AnnealingSchedule, temperatureAt } from './anneal';
import { type Clamp, GibbsChain, type GibbsParams } from './gibbs';
import { featureColumns } from './musicModel';
import type { FrameSource } from './render';

/** Options for {@link RbmFrameSource}. */
export interface RbmSourceOptions {
  seed: number;
  chains: number;
  burnIn: number;
  thin: number;
  temperature: number;
  annealing?: AnnealingSchedule;
  clamp?: Clamp;
  /** Starting visible state for every chain (e.g. the last frame of a prime, with style units). */
  init?: Float32Array;
  /** Feature columns to return (the rest are style units). */
  nFeatures: number;
  /** What each frame is: 'meanField' E[v | p(h|v)] (default, smoothest), 'mean' E[v | h] or 'sample' v. */
  emit?: 'meanField' | 'mean' | 'sample';
  /** Exponential smoothing of emitted frames over about this many frames (0 = off). */
  smoothFrames?: number;
  /** Visible noise in the chain, in [0, 1] (see GibbsChain.visibleNoise; default 1 = exact Gibbs). */
  visibleNoise?: number;
  /**
   * Cyclic reheating (a pulse): every `every` Gibbs steps, run `steps` steps at `temperature` so the chain jumps
   * to another mode — a change of sound on a regular beat. Off by default.
   */
  pulse?: { every: number; steps: number; temperature: number };
  onStep?: () => void;
}

/** Frames from persistent Gibbs chains of an RBM (see gibbs.ts for the sampler and why one chain = coherent music). */
export class RbmFrameSource implements FrameSource {
  private readonly chains: GibbsChain[];
  private turn = 0;
  /** Per chain: the running smoothed frame. */
  private readonly smoothed = new Map<GibbsChain, Float32Array>();

  constructor(params: GibbsParams, private readonly o: RbmSourceOptions) {
    const rng = new Random(o.seed);
    this.chains = Array.from({ length: o.chains }, () => new GibbsChain(params, rng.nextUint32(), o.init, o.clamp));
    for (const c of this.chains) c.visibleNoise = o.visibleNoise ?? 1;
    for (const c of this.chains) {
      for (let s = 0; s < o.burnIn; s++) c.step(this.temperature(c));
      if (o.smoothFrames) this.smoothed.set(c, c.meanField(new Float32Array(params.nVisible)));
    }
  }

  private temperature(c: GibbsChain): number {
    const base = this.o.annealing ? temperatureAt(c.steps, this.o.annealing) : this.o.temperature;
    const p = this.o.pulse;
    // Cyclic reheating: the last `steps` Gibbs steps of every period run hot, so the chain leaves its mode (the
    // first period is left alone, so a continuation starts from its prime).
    if (p && c.steps >= this.o.burnIn && (c.steps - this.o.burnIn) % p.every >= p.every - p.steps) return Math.max(base, p.temperature);
    return base;
  }

  next(n: number): Matrix {
    const chain = this.chains[this.turn++ % this.chains.length];
    const nv = chain.p.nVisible;
    const data = new Float32Array(n * nv);
    const frame = new Float32Array(nv);
    const a = this.o.smoothFrames ? 1 / (1 + this.o.smoothFrames) : 1;
    const prev = this.smoothed.get(chain);
    for (let t = 0; t < n; t++) {
      for (let s = 0; s < this.o.thin; s++) chain.step(this.temperature(chain));
      const emit = this.o.emit ?? 'meanField';
      frame.set(emit === 'sample' ? chain.v : emit === 'mean' ? chain.mean : chain.meanField(frame));
      if (prev && a < 1) for (let i = 0; i < nv; i++) prev[i] = prev[i] + a * (frame[i] - prev[i]);
      data.set(prev && a < 1 ? prev : frame, t * nv);
      this.o.onStep?.();
    }
    return featureColumns({ rows: n, cols: nv, data }, this.o.nFeatures);
  }
}

/** The temporal-model interface {@link SequenceFrameSource} needs (ConditionalRBM provides it). */
export interface SequenceModel {
  order: number;
  /** Frames of past each prediction needs, when more than `order` (a CRBM with long-reaching history taps). */
  span?: number;
  generate(opts: { frames: number; prime: Matrix; gibbsSteps?: number; seed?: number; temperature?: number; noise?: number; readout?: 'sample' | 'meanField' }): Matrix;
}

/** Options for {@link SequenceFrameSource}. */
export interface SequenceSourceOptions {
  seed: number;
  gibbsSteps: number;
  temperature: number;
  /** Visible sampling noise in the model's Gibbs chain, in [0, 1] (see ConditionalRBM.generate; omitted = the model's default). */
  noise?: number;
  /** How each frame's chain ends (see ConditionalRBM.generate's `readout`; omitted = the model's default). */
  readout?: 'sample' | 'meanField';
  annealing?: AnnealingSchedule;
  /** The frames the sequence starts from (at least `span` rows; from the prime clip, or a seed draw). */
  prime: Matrix;
  nFeatures: number;
  /**
   * Units reset in the history before each block (style units): the model cannot clamp inside its own
   * sampler here, so the style acts through the history → bias connections that condition every frame.
   */
  clamp?: Clamp;
  /** Cap on each feature's standard deviation over a block of emitted frames (see {@link capSpread}); off when omitted. */
  spreadCap?: number;
}

/** Frames from a temporal model, each block primed with the last `span` frames of the previous one. */
export class SequenceFrameSource implements FrameSource {
  private history: Matrix;
  private block = 0;
  private produced = 0;

  private readonly span: number;

  constructor(private readonly model: SequenceModel, private readonly o: SequenceSourceOptions) {
    this.span = model.span ?? model.order;
    // A prime shorter than the model's reach (2 s of prime, 2 s of memory) is extended back with its first frame.
    this.history = this.clamped(padFront(lastRows(o.prime, this.span), this.span));
  }

  private clamped(m: Matrix): Matrix {
    const c = this.o.clamp;
    if (c) for (let t = 0; t < m.rows; t++) for (let i = 0; i < m.cols; i++) if (c.mask[i]) m.data[t * m.cols + i] = c.values[i];
    return m;
  }

  next(n: number): Matrix {
    // Annealing for sequences: the temperature is held per block, following the schedule in frames.
    const T = this.o.annealing ? temperatureAt(this.produced, this.o.annealing) : this.o.temperature;
    const out = this.model.generate({ frames: n, prime: this.history, gibbsSteps: this.o.gibbsSteps, seed: this.o.seed + 7919 * this.block++, temperature: T, ...(this.o.noise === undefined ? {} : { noise: this.o.noise }), ...(this.o.readout ? { readout: this.o.readout } : {}) });
    // Some implementations return the prime rows first; keep only the n new frames.
    const frames = out.rows > n ? lastRows(out, n) : out;
    this.history = this.clamped(lastRows(frames.rows >= this.span ? frames : concat(this.history, frames), this.span));
    this.produced += n;
    const emitted = featureColumns(frames, this.o.nFeatures);
    return this.o.spreadCap ? capSpread(emitted, this.o.spreadCap) : emitted;
  }
}

/**
 * Each column's deviations from its mean over the block scaled down so that its standard deviation is at most `cap`
 * (columns within the cap are left alone). Returns a new matrix.
 */
export function capSpread(X: Matrix, cap: number): Matrix {
  const { rows, cols } = X;
  const data = X.data.slice();
  for (let i = 0; i < cols; i++) {
    let m = 0, q = 0;
    for (let t = 0; t < rows; t++) m += data[t * cols + i];
    m /= rows;
    for (let t = 0; t < rows; t++) q += (data[t * cols + i] - m) ** 2;
    const sd = Math.sqrt(q / rows);
    if (sd <= cap) continue;
    const k = cap / sd;
    for (let t = 0; t < rows; t++) data[t * cols + i] = m + k * (data[t * cols + i] - m);
  }
  return { rows, cols, data };
}

function lastRows(m: Matrix, n: number): Matrix {
  const r = Math.min(n, m.rows);
  return { rows: r, cols: m.cols, data: m.data.slice((m.rows - r) * m.cols) };
}

function padFront(m: Matrix, rows: number): Matrix {
  if (m.rows >= rows || m.rows === 0) return m;
  const data = new Float32Array(rows * m.cols);
  for (let r = 0; r < rows - m.rows; r++) data.set(m.data.subarray(0, m.cols), r * m.cols);
  data.set(m.data, (rows - m.rows) * m.cols);
  return { rows, cols: m.cols, data };
}

function concat(a: Matrix, b: Matrix): Matrix {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { rows: a.rows + b.rows, cols: a.cols, data };
}
