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
  /** Peak level the first block is scaled to (default 0.7 ≈ −3 dBFS). */
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

  const write = async (y: Float32Array): Promise<void> => {
    if (y.length === 0) return;
    await sink(y);
    written += y.length;
  };
  const emit = async (y: Float32Array): Promise<void> => {
    y = y.subarray(0, Math.max(0, streamTotal - emitted));
    emitted += y.length;
    const out = new Float32Array(y.length);
    for (let i = 0; i < y.length; i++) out[i] = softLimit(y[i] * gain);
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
  if (opts.primeAudio && opts.primeAudio.length) {
    gain = 1; // the user's own audio is kept as it is, and the continuation is rendered at the same level
    const p = opts.primeAudio;
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
      gain = (opts.targetPeak ?? 0.7) / Math.max(peak, 1e-6);
      firstBlockGain = false;
    } else if (tail && tail.length) {
      const n = Math.min(tail.length, audio.length);
      const mixed = audio.slice();
      mixed.set(crossfade(tail.subarray(0, n), audio.subarray(0, n)), 0);
      audio = mixed;
    }
    const cut = Math.max(0, audio.length - ovl);
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
