/**
 * Exact frame-level scores of a note model: log p(v⁽ᵗ⁾ | v⁽<ᵗ⁾) and the predictive marginals p(vᵢ⁽ᵗ⁾ = 1 | v⁽<ᵗ⁾)
 * for every frame, by enumerating the hidden layer (the visible layer — one unit per pitch — is summed out
 * analytically). Everything in float64.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { assertMatrix } from '../util/matrix';
import type { NoteModel, SequenceConditionals } from './frameConditionals';

/**
 * The largest hidden layer scored exactly (2¹⁶ states). Cost per frame is 2^nHidden · nVisible softplus and
 * sigmoid evaluations (73 k at 10 hidden × 71 pitches; measured 20–60 ms per frame on the shared 2-core machine at
 * load average 30–40, so 8–10 hidden units keep a few thousand held-out frames to minutes there).
 */
export const FRAME_EXACT_MAX_HIDDEN = 16;

/** Per-frame results of {@link frameScores}. */
export interface FrameScores {
  /** log p(v⁽ᵗ⁾ | v⁽<ᵗ⁾) per frame, nats. */
  logLikelihood: Float64Array;
  /** frames × nVisible: p(vᵢ⁽ᵗ⁾ = 1 | v⁽<ᵗ⁾), the exact predictive marginals. */
  marginals: Matrix;
}

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * Exact frame scores of one song under a model (each frame given the song's true past).
 *
 *   log p(v | b̂, ĉ) = b̂·v + Σⱼ softplus(ĉⱼ + (vW)ⱼ) − log Z,
 *   log Z = log Σₕ exp(ĉ·h + Σᵢ softplus(b̂ᵢ + (Wh)ᵢ)),
 *   p(vᵢ = 1) = Σₕ p(h) σ(b̂ᵢ + (Wh)ᵢ),  p(h) ∝ exp(ĉ·h + Σᵢ softplus(b̂ᵢ + (Wh)ᵢ)).
 *
 * @param model a {@link NoteModel} or the conditionals it produced for `roll`.
 * @param roll frames × nVisible, 0/1.
 * @throws ParameterError if the model has more than {@link FRAME_EXACT_MAX_HIDDEN} hidden units or shapes disagree.
 * @example const { logLikelihood } = frameScores(model, testRoll); // mean(logLikelihood) = nats per frame
 */
export function frameScores(model: NoteModel | SequenceConditionals, roll: Matrix): FrameScores {
  const c = 'conditionals' in model ? model.conditionals(roll) : model;
  const { nVisible: nV, nHidden: nH } = c;
  assertMatrix(roll, 'frameScores: roll', { cols: nV });
  if (nH > FRAME_EXACT_MAX_HIDDEN) {
    throw new ParameterError(`frameScores enumerates 2^nHidden hidden states and allows nHidden ≤ ${FRAME_EXACT_MAX_HIDDEN}, got ${nH}; train with fewer hidden units to score exactly`);
  }
  const T = roll.rows;
  if (c.visibleBias.length !== T * nV || c.hiddenBias.length !== T * nH || c.W.length !== nV * nH) {
    throw new ParameterError(`frameScores: conditionals do not match a ${T} × ${nV} roll with ${nH} hidden units`);
  }
  const S = 1 << nH;
  // M[s·nV + i] = (W h_s)ᵢ for every hidden state s, built from the state with its lowest bit cleared.
  const M = new Float64Array(S * nV);
  for (let s = 1; s < S; s++) {
    const j = 31 - Math.clz32(s & -s), prev = s & (s - 1);
    for (let i = 0; i < nV; i++) M[s * nV + i] = M[prev * nV + i] + c.W[i * nH + j];
  }
  const logLikelihood = new Float64Array(T);
  const marginals = new Float32Array(T * nV);
  const a = new Float64Array(S), ch = new Float64Array(S), sig = new Float64Array(S * nV);
  for (let t = 0; t < T; t++) {
    const b = c.visibleBias.subarray(t * nV, (t + 1) * nV), cb = c.hiddenBias.subarray(t * nH, (t + 1) * nH);
    let max = -Infinity;
    for (let s = 0; s < S; s++) {
      if (s > 0) { const j = 31 - Math.clz32(s & -s); ch[s] = ch[s & (s - 1)] + cb[j]; }
      let sum = ch[s];
      for (let i = 0; i < nV; i++) {
        const x = b[i] + M[s * nV + i];
        const e = Math.exp(-Math.abs(x));
        sum += Math.max(x, 0) + Math.log1p(e);
        sig[s * nV + i] = x >= 0 ? 1 / (1 + e) : e / (1 + e);
      }
      a[s] = sum;
      if (sum > max) max = sum;
    }
    let z = 0;
    for (let s = 0; s < S; s++) { a[s] = Math.exp(a[s] - max); z += a[s]; }
    const logZ = max + Math.log(z);
    const v = roll.data.subarray(t * nV, (t + 1) * nV);
    let negF = 0;
    for (let i = 0; i < nV; i++) negF += b[i] * v[i];
    for (let j = 0; j < nH; j++) {
      let x = cb[j];
      for (let i = 0; i < nV; i++) if (v[i]) x += v[i] * c.W[i * nH + j];
      negF += softplus(x);
    }
    logLikelihood[t] = negF - logZ;
    const p = marginals.subarray(t * nV, (t + 1) * nV);
    const acc = new Float64Array(nV);
    for (let s = 0; s < S; s++) {
      const w = a[s] / z;
      for (let i = 0; i < nV; i++) acc[i] += w * sig[s * nV + i];
    }
    p.set(acc);
  }
  return { logLikelihood, marginals: { rows: T, cols: nV, data: marginals } };
}

/**
 * Bay, Ehmann & Downie's (2009) frame-level accuracy of predicted frames against the truth, pooled over
 * every frame: ACC = ΣTP / Σ(TP + FP + FN). A pitch is predicted on when its value is ≥ `threshold`
 * (default 0.5: the more probable state of each pitch under the predictive marginals). Frames where both are
 * silent add nothing, as in the definition.
 * @throws ParameterError if the shapes differ.
 * @example frameAccuracy(frameScores(model, roll).marginals, roll) // 0 … 1
 */
export function frameAccuracy(predicted: Matrix, truth: Matrix, threshold = 0.5): number {
  if (predicted.rows !== truth.rows || predicted.cols !== truth.cols) {
    throw new ParameterError(`frameAccuracy: predicted is ${predicted.rows} × ${predicted.cols} but truth is ${truth.rows} × ${truth.cols}`);
  }
  const { tp, fp, fn } = counts(predicted, truth, threshold);
  return tp + fp + fn > 0 ? tp / (tp + fp + fn) : 1;
}

/** Held-out scores of a model over several songs, pooled over all their frames. */
export interface NoteModelScore {
  model: string;
  /** Mean log p(v⁽ᵗ⁾ | v⁽<ᵗ⁾) over every frame of every song (nats per frame). */
  logLikelihood: number;
  /** Bay et al.'s ACC of the thresholded predictive marginals, pooled over all frames. */
  accuracy: number;
  frames: number;
}

/**
 * Scores a model on songs (e.g. the held-out songs of {@link splitBySong}): frame-level log-likelihood and
 * accuracy, each frame predicted from the song's true past, pooled over all frames.
 * @example evaluateNoteModel(rnnrbmModel, test) // { model: 'RNN-RBM', logLikelihood: -4.1, accuracy: 0.52, frames: 7000 }
 */
export function evaluateNoteModel(model: NoteModel, songs: Matrix[]): NoteModelScore {
  let ll = 0, frames = 0, tp = 0, total = 0;
  for (const roll of songs) {
    const s = frameScores(model, roll);
    for (const x of s.logLikelihood) ll += x;
    frames += roll.rows;
    const acc = counts(s.marginals, roll);
    tp += acc.tp; total += acc.tp + acc.fp + acc.fn;
  }
  return { model: model.name, logLikelihood: ll / frames, accuracy: total > 0 ? tp / total : 1, frames };
}

function counts(predicted: Matrix, truth: Matrix, threshold = 0.5): { tp: number; fp: number; fn: number } {
  let tp = 0, fp = 0, fn = 0;
  for (let k = 0; k < truth.data.length; k++) {
    const p = predicted.data[k] >= threshold, y = truth.data[k] >= 0.5;
    if (p && y) tp++; else if (p) fp++; else if (y) fn++;
  }
  return { tp, fp, fn };
}
