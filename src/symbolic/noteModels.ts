/**
 * Adapters that let every model of the RBM stage state p(v⁽ᵗ⁾ | v⁽<ᵗ⁾) for a piano roll (see frameConditionals.ts),
 * plus the baseline every note model must beat: each pitch an independent coin with its training frequency.
 * The models themselves are the project's RBM, ConditionalRBM and RNNRBM classes; nothing here trains or samples.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { assertMatrix } from '../util/matrix';
import type { NoteModel, SequenceConditionals } from './frameConditionals';

/** What an RBM over frames (or over windows of frames) exposes: the `RBM` class or its `params()`. */
export interface RBMParamsView {
  nVisible: number;
  nHidden: number;
  W: ArrayLike<number>;
  visibleBias: ArrayLike<number>;
  hiddenBias: ArrayLike<number>;
}

/** What a conditional RBM exposes (`ConditionalRBM` or its `params()`): A is (order·nVisible) × nVisible, B (order·nVisible) × nHidden. */
export interface CRBMParamsView extends RBMParamsView {
  order: number;
  A: ArrayLike<number>;
  B: ArrayLike<number>;
}

/** What an RNN-RBM exposes (the `RNNRBM` class): W and the dynamic biases of every frame given its past. */
export interface RNNRBMView {
  nVisible: number;
  nHidden: number;
  W: ArrayLike<number>;
  biases(sequence: Matrix): { visible: Matrix; hidden: Matrix };
}

/**
 * The independent baseline: pitch i is on with its frequency in the training frames, add-one smoothed
 * ((count + 1) / (frames + 2)) so a pitch never seen in training does not cost infinitely many nats.
 * @example evaluateNoteModel(independentBernoulli(train), test)
 */
export function independentBernoulli(train: Matrix[], name = 'independent Bernoulli'): NoteModel {
  if (train.length === 0) throw new ParameterError('independentBernoulli: needs at least one training roll');
  const nV = train[0].cols;
  const count = new Float64Array(nV);
  let frames = 0;
  for (const r of train) {
    assertMatrix(r, 'independentBernoulli: train roll', { cols: nV });
    for (let k = 0; k < r.data.length; k++) count[k % nV] += r.data[k];
    frames += r.rows;
  }
  const b = count.map((c) => { const p = (c + 1) / (frames + 2); return Math.log(p / (1 - p)); });
  return constantModel(name, { nVisible: nV, nHidden: 0, W: new Float64Array(0), visibleBias: b, hiddenBias: new Float64Array(0) });
}

/**
 * A plain RBM on single frames: every frame is scored by the same RBM, ignoring the past.
 * @example rbmNoteModel(rbm) // rbm = new RBM({ nVisible: roll.cols, nHidden: 16 }) trained on the frames
 */
export function rbmNoteModel(rbm: RBMParamsView, name = `RBM (${rbm.nHidden} hidden)`): NoteModel {
  return constantModel(name, rbm);
}

function constantModel(name: string, p: RBMParamsView): NoteModel {
  const { nVisible: nV, nHidden: nH } = p;
  return {
    name, nVisible: nV, nHidden: nH,
    conditionals(roll: Matrix): SequenceConditionals {
      assertMatrix(roll, `${name}: roll`, { cols: nV });
      const visibleBias = new Float64Array(roll.rows * nV), hiddenBias = new Float64Array(roll.rows * nH);
      for (let t = 0; t < roll.rows; t++) { visibleBias.set(p.visibleBias, t * nV); hiddenBias.set(p.hiddenBias, t * nH); }
      return { nVisible: nV, nHidden: nH, W: p.W, visibleBias, hiddenBias };
    },
  };
}

/**
 * Frames → windows of `window` consecutive frames, oldest first, one row per window (rows − window + 1 rows);
 * the training data of an RBM on windows.
 * @throws ParameterError if the roll is shorter than the window.
 */
export function frameWindows(roll: Matrix, window: number): Matrix {
  if (!Number.isInteger(window) || window < 1) throw new ParameterError(`window must be a positive integer, got ${window}`);
  if (roll.rows < window) throw new ParameterError(`frameWindows: a roll of ${roll.rows} frames is shorter than window=${window}`);
  const n = roll.rows - window + 1, D = window * roll.cols;
  const data = new Float32Array(n * D);
  for (let r = 0; r < n; r++) data.set(roll.data.subarray(r * roll.cols, r * roll.cols + D), r * D);
  return { rows: n, cols: D, data };
}

/**
 * An RBM trained on windows of `window` frames, used as a sequence model: frame t is its window's last frame
 * given the `window − 1` frames before it (silence before the song). Conditioning an RBM on some of its visible
 * units leaves an RBM over the others whose hidden biases absorb them: ĉ = c + Σ_{earlier units} vᵢWᵢ:.
 * @throws ParameterError if the RBM's nVisible is not a multiple of `window`.
 */
export function windowNoteModel(rbm: RBMParamsView, window: number, name = `RBM on ${window}-frame windows (${rbm.nHidden} hidden)`): NoteModel {
  if (!Number.isInteger(window) || window < 1 || rbm.nVisible % window !== 0) {
    throw new ParameterError(`windowNoteModel: window=${window} must divide the RBM's nVisible=${rbm.nVisible}`);
  }
  const nV = rbm.nVisible / window, nH = rbm.nHidden, past = (window - 1) * nV;
  const W = Float64Array.from({ length: nV * nH }, (_, k) => rbm.W[past * nH + k]);
  const bLast = Float64Array.from({ length: nV }, (_, i) => rbm.visibleBias[past + i]);
  return {
    name, nVisible: nV, nHidden: nH,
    conditionals(roll: Matrix): SequenceConditionals {
      assertMatrix(roll, `${name}: roll`, { cols: nV });
      const T = roll.rows;
      const visibleBias = new Float64Array(T * nV), hiddenBias = new Float64Array(T * nH);
      for (let t = 0; t < T; t++) {
        visibleBias.set(bLast, t * nV);
        const c = hiddenBias.subarray(t * nH, (t + 1) * nH);
        c.set(Float64Array.from(rbm.hiddenBias));
        for (let w = 0; w < window - 1; w++) {
          const src = t - (window - 1) + w; // window slot w holds frame src
          if (src < 0) continue;
          for (let i = 0; i < nV; i++) {
            if (!roll.data[src * nV + i]) continue;
            const row = (w * nV + i) * nH;
            for (let j = 0; j < nH; j++) c[j] += roll.data[src * nV + i] * rbm.W[row + j];
          }
        }
      }
      return { nVisible: nV, nHidden: nH, W, visibleBias, hiddenBias };
    },
  };
}

/**
 * A conditional RBM (Taylor, Hinton & Roweis 2006) as a sequence model: b̂ = b + xA, ĉ = c + xB with x the
 * previous `order` frames, oldest first (silence before the song).
 */
export function crbmNoteModel(crbm: CRBMParamsView, name = `conditional RBM (order ${crbm.order}, ${crbm.nHidden} hidden)`): NoteModel {
  const { nVisible: nV, nHidden: nH, order } = crbm;
  return {
    name, nVisible: nV, nHidden: nH,
    conditionals(roll: Matrix): SequenceConditionals {
      assertMatrix(roll, `${name}: roll`, { cols: nV });
      const T = roll.rows;
      const visibleBias = new Float64Array(T * nV), hiddenBias = new Float64Array(T * nH);
      for (let t = 0; t < T; t++) {
        const b = visibleBias.subarray(t * nV, (t + 1) * nV), c = hiddenBias.subarray(t * nH, (t + 1) * nH);
        for (let i = 0; i < nV; i++) b[i] = crbm.visibleBias[i];
        for (let j = 0; j < nH; j++) c[j] = crbm.hiddenBias[j];
        for (let o = 0; o < order; o++) {
          const src = t - order + o; // history slot o holds frame src
          if (src < 0) continue;
          for (let i = 0; i < nV; i++) {
            const x = roll.data[src * nV + i];
            if (!x) continue;
            const k = o * nV + i;
            for (let l = 0; l < nV; l++) b[l] += x * crbm.A[k * nV + l];
            for (let j = 0; j < nH; j++) c[j] += x * crbm.B[k * nH + j];
          }
        }
      }
      return { nVisible: nV, nHidden: nH, W: crbm.W, visibleBias, hiddenBias };
    },
  };
}

/** The RNN-RBM (Boulanger-Lewandowski, Bengio & Vincent 2012) as a sequence model: its own dynamic biases. */
export function rnnrbmNoteModel(model: RNNRBMView, name = `RNN-RBM (${model.nHidden} hidden)`): NoteModel {
  const { nVisible: nV, nHidden: nH } = model;
  return {
    name, nVisible: nV, nHidden: nH,
    conditionals(roll: Matrix): SequenceConditionals {
      const { visible, hidden } = model.biases(roll);
      return { nVisible: nV, nHidden: nH, W: model.W, visibleBias: Float64Array.from(visible.data), hiddenBias: Float64Array.from(hidden.data) };
    },
  };
}
