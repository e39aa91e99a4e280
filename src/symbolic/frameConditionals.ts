/**
 * Every note model in this stage, from the independent-pitch baseline to the RNN-RBM, predicts frame t of a
 * song as an RBM whose biases depend on the frames before it (Boulanger-Lewandowski et al. 2012, eq. 9–10):
 *
 *   p(v⁽ᵗ⁾ | v⁽<ᵗ⁾) = RBM(v⁽ᵗ⁾; W, b̂⁽ᵗ⁾, ĉ⁽ᵗ⁾)
 *
 * - independent Bernoulli per pitch: no hidden units, constant b̂;
 * - plain RBM on frames: constant b̂, ĉ;
 * - RBM on windows of frames: the window's last frame given the others (ĉ moved by the earlier frames);
 * - conditional RBM (Taylor et al. 2006): b̂ = b + xA, ĉ = c + xB from the previous frames x;
 * - RNN-RBM: b̂, ĉ from the recurrent state.
 *
 * So one exact evaluator (frameScores.ts) scores them all the same way.
 */
import type { Matrix } from '../types';

/** Frame t's RBM for every t of one song: shared weights, per-frame biases. */
export interface SequenceConditionals {
  nVisible: number;
  nHidden: number;
  /** nVisible × nHidden row-major (empty when nHidden = 0). */
  W: ArrayLike<number>;
  /** frames × nVisible: b̂⁽ᵗ⁾. */
  visibleBias: Float64Array;
  /** frames × nHidden: ĉ⁽ᵗ⁾. */
  hiddenBias: Float64Array;
}

/** A model that can state p(v⁽ᵗ⁾ | v⁽<ᵗ⁾) for every frame of a song (the song starts after silence). */
export interface NoteModel {
  /** Short label for tables, e.g. 'RNN-RBM (16 hidden)'. */
  readonly name: string;
  readonly nVisible: number;
  readonly nHidden: number;
  /** The per-frame RBMs of `roll` (rows × nVisible 0/1), each given the true past (teacher forcing). */
  conditionals(roll: Matrix): SequenceConditionals;
}
