/** Turning frame sequences into the (history, frame) pairs a ConditionalRBM trains on. */
import { ParameterError } from '../../../errors';
import type { Matrix } from '../../../types';
import { assertMatrix } from '../../../util/matrix';

/**
 * All (history, frame) pairs of some sequences: for each frame t ≥ order of each sequence, the history row is
 * frames t−order … t−1 concatenated (oldest first) and the frame row is frame t.
 * @param sequences each frames × nVisible (a spectrogram of one clip, say); sequences shorter than order + 1 frames add no pairs.
 * @returns `{ history: N × (order·nVisible), frames: N × nVisible }`.
 * @throws ParameterError when there are no sequences, columns differ, or no sequence is long enough.
 * @example const { history, frames } = historyPairs([S1, S2], 3);
 */
export function historyPairs(sequences: Matrix[], order: number, name = 'sequences'): { history: Matrix; frames: Matrix } {
  if (!Array.isArray(sequences) || sequences.length === 0) throw new ParameterError(`${name} must be a non-empty array of Matrix (frames × nVisible)`);
  if (!Number.isInteger(order) || order < 1) throw new ParameterError(`order must be a positive integer, got ${order}`);
  const nV = sequences[0]?.cols;
  let n = 0;
  sequences.forEach((s, k) => {
    assertMatrix(s, `${name}[${k}]`, { cols: nV });
    n += Math.max(0, s.rows - order);
  });
  if (n === 0) throw new ParameterError(`${name}: every sequence is shorter than order + 1 = ${order + 1} frames, so there is nothing to learn from`);
  const D = order * nV;
  const history = new Float32Array(n * D);
  const frames = new Float32Array(n * nV);
  let r = 0;
  for (const s of sequences) {
    for (let t = order; t < s.rows; t++, r++) {
      history.set(s.data.subarray((t - order) * nV, t * nV), r * D); // contiguous rows: the history is a slice
      frames.set(s.data.subarray(t * nV, (t + 1) * nV), r * nV);
    }
  }
  return { history: { rows: n, cols: D, data: history }, frames: { rows: n, cols: nV, data: frames } };
}
