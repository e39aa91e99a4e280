/**
 * Frames → audio in blocks, for clips of any length in bounded memory. A {@link FrameSource} yields feature
 * frames block by block (a Gibbs chain that keeps running, or a CRBM that keeps predicting); each block plus a
 * few overlap frames is inverted to audio on its own (Griffin-Lim through the feature pipeline), and
 * neighbouring blocks are crossfaded over the overlap in the sample domain. Only one block of audio, the
 * overlap tail and (for loops) the loop crossfade are ever held; everything else goes straight to the sink
 * (a WAV writer, or an array for in-memory clips).
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import type { FeaturePipeline } from '../features';
import { crossfade } from './loop';

/** A supplier of feature frames (frames × nFeatures, in the pipeline's scaled feature space). */
export interface FrameSource {
  /** The next `n` frames in time order. */
  next(n: number): Matrix;
}

/** Options for {@link renderBlocks}. */
export interface RenderOptions {
  pipeline: FeaturePipeline;
  /** Output length in samples (after loop crossfading). */
  totalSamples: number;
  /** New frames per block. */
  blockFrames: number;
  /** Frames shared by neighbouring blocks and crossfaded (≈ 0.25 s by default in generate()). */
  overlapFrames: number;
  /** Griffin-Lim iterations and momentum per block. */
  nIter: number;
  momentum: number;
  seed: number;
  /** Crossfade the end into the start over this many samples (0 = no loop). */
  loopSamples: number;
  /** Audio to emit first, unchanged (the user's prime); the first generated block is crossfaded onto its end. */
  primeAudio?: Float32Array;
  /**
   * Peak level (default 0.7 ≈ −3 dBFS): the first block is scaled so its peak is here, and that gain then holds
   * for the whole render except where a later passage would peak higher, which is turned down to it
   * ({@link levelPlan}). With a prime, the gain is 1 and the ceiling is the louder of this and the prime's peak.
   */
  targetPeak?: number;
  /** Called after each block with samples done and total (progress bars). */
  onBlock?: (done: number, total: number) => void;
}

/** Soft limiter: linear up to 0.9, then a tanh knee that approaches but never reaches 1 (so peak < 1.0). */
export function softLimit(x: number): number {
  const a = Math.abs(x);
  if (a <= 0.9) return x;
  return Math.sign(x) * (0.9 + 0.0999 * Math.tanh((a - 0.9) / 0.0999));
}

/** Window of the level plan in samples: short enough to follow a crescendo, long enough not to pump. */
export const LEVEL_WINDOW_SAMPLES = 4096;

/**
 * The level plan of a block: `y` scaled by a gain that is `gain` wherever that keeps |y · gain| ≤ `ceiling`,
 * and lower only around louder passages. Per window of {@link LEVEL_WINDOW_SAMPLES} the allowed gain is
 * min(gain, ceiling / window peak); each window then takes the smallest of its own and its neighbours'
 * allowed gains, and the gain is interpolated linearly between window centres. A sample in window w is
 * scaled by a mix of values that are each ≤ window w's allowed gain, so no sample exceeds `ceiling` and the
 * gain glides (over one window) instead of jumping. Because `gain` never rises within a render and each
 * block is planned on its own, the level holds for any length: long generations cannot drift into clipping.
 * @returns a new array.
 * @example levelPlan(Float32Array.of(0.1, 2, 0.1), 1, 0.7, 1) // [0.035, 0.7, 0.035]
 */
export function levelPlan(y: Float32Array, gain: number, ceiling: number, window = LEVEL_WINDOW_SAMPLES): Float32Array {
  const n = y.length;
  const nw = Math.max(1, Math.ceil(n / window));
  const allowed = new Float64Array(nw);
  for (let w = 0; w < nw; w++) {
    let peak = 0;
    for (let i = w * window, end = Math.min(n, (w + 1) * window); i < end; i++) peak = Math.max(peak, Math.abs(y[i]));
    allowed[w] = Math.min(gain, ceiling / Math.max(peak, 1e-12));
  }
  const g = allowed.map((a, w) => Math.min(a, allowed[Math.max(0, w - 1)], allowed[Math.min(nw - 1, w + 1)]));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = (i + 0.5) / window - 0.5; // in window units, 0 at the centre of window 0
    const w0 = Math.max(0, Math.min(nw - 1, Math.floor(t)));
    const w1 = Math.min(nw - 1, w0 + 1);
    const f = Math.max(0, Math.min(1, t - w0));
    out[i] = y[i] * (g[w0] + (g[w1] - g[w0]) * f);
  }
  return out;
}

/**
 * Renders `opts.totalSamples` samples from `source` into `sink`, block by block.
 * @returns the number of samples written.
 */
export async function renderBlocks(source: FrameSource, opts: RenderOptions,
  sink: (samples: Float32Array) => void | Promise<void>): Promise<number> {
  const { pipeline, blockFrames, overlapFrames, loopSamples } = opts;
  if (!Number.isInteger(blockFrames) || blockFrames < 1) throw new ParameterError(`blockFrames must be an integer >= 1, got ${blockFrames}`);
  if (!Number.isInteger(overlapFrames) || overlapFrames < 0) throw new ParameterError(`overlapFrames must be an integer >= 0, got ${overlapFrames}`);
  const hop = Math.round(pipeline.config.hopLength);
  const ovl = overlapFrames * hop;
  // The stream before loop handling is longer by the loop crossfade, which the loop folds back onto the start.
  const streamTotal = opts.totalSamples + loopSamples;
  let gain = 0;
  let emitted = 0; // samples of the stream (before the loop fold) passed to emit()
  let written = 0;
  let head: Float32Array | null = loopSamples ? new Float32Array(0) : null;
  let delay = new Float32Array(0); // the last loopSamples samples, withheld until we know they are the end

  // The limiter is the last step, after every crossfade (block joins and the loop fold), so no sum of faded
  // signals can reach full scale; the level plan keeps it in its linear range almost everywhere.
  const write = async (y: Float32Array): Promise<void> => {
    if (y.length === 0) return;
    const out = new Float32Array(y.length);
    for (let i = 0; i < y.length; i++) out[i] = softLimit(y[i]);
    await sink(out);
    written += y.length;
  };
  const emit = async (y: Float32Array): Promise<void> => {
    y = y.subarray(0, Math.max(0, streamTotal - emitted));
    emitted += y.length;
    const out = y;
    if (!head) return write(out);
    let rest = out;
    if (head.length < loopSamples) { // the first loopSamples samples become the loop's fade-in
      const take = Math.min(loopSamples - head.length, rest.length);
      const h = new Float32Array(head.length + take);
      h.set(head);
      h.set(rest.subarray(0, take), head.length);
      head = h;
      rest = rest.subarray(take);
    }
    const joined = new Float32Array(delay.length + rest.length);
    joined.set(delay);
    joined.set(rest, delay.length);
    const keep = Math.min(loopSamples, joined.length);
    await write(joined.subarray(0, joined.length - keep));
    delay = joined.slice(joined.length - keep);
  };

  let tail: Float32Array | null = null;
  let ceiling = opts.targetPeak ?? 0.7;
  if (opts.primeAudio && opts.primeAudio.length) {
    gain = 1; // the user's own audio is kept as it is, and the continuation is rendered at the same level
    const p = opts.primeAudio;
    for (const v of p) ceiling = Math.max(ceiling, Math.abs(v));
    const cut = Math.max(0, p.length - ovl);
    await emit(p.subarray(0, cut));
    tail = p.slice(cut);
  }
  let block = 0;
  let firstBlockGain = gain === 0;
  // Griffin-Lim is least consistent at a block's edges (frames with one-sided overlap); render `edge` extra
  // frames (one window length) on each side and drop their audio.
  const edge = Math.ceil(pipeline.config.nFft / hop);
  while (emitted + (tail?.length ?? 0) < streamTotal) {
    const frames = source.next(blockFrames + overlapFrames + 2 * edge);
    const full = pipeline.toAudio(frames, { nIter: opts.nIter, momentum: opts.momentum, seed: opts.seed + block });
    let audio = full.subarray(edge * hop, Math.max(edge * hop, full.length - edge * hop));
    if (firstBlockGain) {
      let peak = 0;
      for (const v of audio) peak = Math.max(peak, Math.abs(v));
      gain = ceiling / Math.max(peak, 1e-6);
      firstBlockGain = false;
    }
    audio = levelPlan(audio, gain, ceiling);
    if (tail && tail.length) {
      const n = Math.min(tail.length, audio.length);
      const mixed = audio.slice();
      mixed.set(crossfade(tail.subarray(0, n), audio.subarray(0, n)), 0);
      audio = mixed;
    }
    const cut = Math.max(0, audio.length - ovl);
    if (cut === 0) {
      // Each block must move the stream forward, or this loop never ends (a block of one frame, a pipeline at 1 Hz).
      throw new ParameterError(`blockFrames=${blockFrames} with overlapFrames=${overlapFrames} at hop ${hop} makes no new audio per block; use blocks longer than the overlap (generate: a larger blockSeconds)`);
    }
    await emit(audio.subarray(0, cut));
    tail = audio.slice(cut);
    block++;
    opts.onBlock?.(Math.min(emitted, opts.totalSamples), opts.totalSamples);
    // Let the event loop turn between blocks (~1 s of work each): progress redraws, and Ctrl-C reaches the
    // caller's signal handler (generateToFile removes its temp file) instead of waiting for the whole render.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (tail) await emit(tail);
  if (head) {
    // Fold: the withheld end fades out while the withheld start fades in (see loop.ts for why this is seamless).
    const n = Math.min(delay.length, head.length);
    await write(crossfade(delay.subarray(delay.length - n), head.subarray(head.length - n)));
  }
  return written;
}
