/** Turning frame sequences into the (history, frame) pairs a ConditionalRBM trains on. */
import { ParameterError } from '../../../errors';
import type { Matrix } from '../../../types';
import { assertMatrix } from '../../../util/matrix';
import { type HistoryTap, historyRow, isRecent, tapSpan } from './taps';

/**
 * All (history, frame) pairs of some sequences: for each frame t ≥ order of each sequence, the history row is
 * frames t−order … t−1 concatenated (oldest first) and the frame row is frame t.
 * @param sequences each frames × nVisible (a spectrogram of one clip, say); sequences shorter than order + 1 frames add no pairs.
 * @returns `{ history: N × (order·nVisible), frames: N × nVisible }`.
 * @throws ParameterError when there are no sequences, columns differ, or no sequence is long enough.
 * @example const { history, frames } = historyPairs([S1, S2], 3);
 */
export function historyPairs(sequences: Matrix[], orderOrTaps: number | readonly HistoryTap[], name = 'sequences'): { history: Matrix; frames: Matrix } {
  if (!Array.isArray(sequences) || sequences.length === 0) throw new ParameterError(`${name} must be a non-empty array of Matrix (frames × nVisible)`);
  const taps = typeof orderOrTaps === 'number' ? undefined : orderOrTaps;
  const order = taps ? taps.length : (orderOrTaps as number);
  if (!Number.isInteger(order) || order < 1) throw new ParameterError(`order must be a positive integer, got ${order}`);
  // With taps other than the last `order` frames, pairs start once the whole span of history exists.
  const span = taps && !isRecent(taps) ? tapSpan(taps) : order;
  const nV = sequences[0]?.cols;
  let n = 0;
  sequences.forEach((s, k) => {
    assertMatrix(s, `${name}[${k}]`, { cols: nV });
    n += Math.max(0, s.rows - span);
  });
  if (n === 0) throw new ParameterError(`${name}: every sequence is shorter than ${span === order ? 'order' : 'the history span'} + 1 = ${span + 1} frames, so there is nothing to learn from`);
  const D = order * nV;
  const history = new Float32Array(n * D);
  const frames = new Float32Array(n * nV);
  let r = 0;
  for (const s of sequences) {
    for (let t = span; t < s.rows; t++, r++) {
      if (span === order) history.set(s.data.subarray((t - order) * nV, t * nV), r * D); // contiguous rows: the history is a slice
      else historyRow(taps!, s.data, t, nV, history, r * D);
      frames.set(s.data.subarray(t * nV, (t + 1) * nV), r * nV);
    }
  }
  return { history: { rows: n, cols: D, data: history }, frames: { rows: n, cols: nV, data: frames } };
}
