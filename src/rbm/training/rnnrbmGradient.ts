/**
 * One training step of the RNN-RBM: the gradient of the cost that the paper's reference implementation (the
 * deeplearning.net "rnnrbm" tutorial by Boulanger-Lewandowski) differentiates,
 *
 *     C = mean_t [ F_t(v(t)) − F_t(v⁻(t)) ],   v⁻(t) from k Gibbs steps of frame t's RBM, held constant,
 *
 * where F_t is the free energy of frame t's RBM, whose biases b_v(t) = b_v + W_uv u(t−1) and b_h(t) = b_h + W_uh u(t−1)
 * come from the RNN u(t) = tanh(b_u + W_uu u(t−1) + W_vu v(t)). Its gradient with respect to W, b_v, b_h is CD-k;
 * carried back through the biases into the RNN it is back-propagation through time (BPTT).
 *
 * The reference lets Theano differentiate C. Here the gradient is derived by hand and computed with plain tfjs
 * ops, because (1) tfjs-core registers no gradients unless its ESM-only `register_all_gradients` is loaded, which
 * plain `require` (tslab) cannot do, and (2) without a tape the step runs one forward pass instead of two.
 * test/rbm/rnnrbm.test.ts checks it against tfjs autodiff of {@link rnnrbmCostTf}, and against a float64
 * re-derivation that is itself checked by finite differences. With c_t = mask_t / Σ mask and x = v/σ²:
 *
 *     ∂C/∂b_h(t) = c_t (σ(b_h(t) + x⁻W) − σ(b_h(t) + xW))        ∂C/∂b_v(t) = c_t (v⁻ − v)/σ²   (σ = 1 for Bernoulli)
 *     ∂C/∂W      = Σ_t c_t (x⁻ᵀσ(b_h(t) + x⁻W) − xᵀσ(b_h(t) + xW))
 *     ∂C/∂W_uv   = Σ_t u(t−1)ᵀ ∂C/∂b_v(t),  ∂C/∂W_uh likewise;  g(t−1) = ∂C/∂b_v(t) W_uvᵀ + ∂C/∂b_h(t) W_uhᵀ
 *     BPTT, s = L−2 … 0:  δu(s) = g(s) + δa(s+1) W_uuᵀ,   δa(s) = δu(s) ⊙ (1 − u(s)²)
 *     ∂C/∂b_u = Σ_s δa(s),  ∂C/∂W_vu = Σ_s v(s)ᵀ δa(s),  ∂C/∂W_uu = Σ_s u(s−1)ᵀ δa(s)
 *
 * Random draws come in as arrays from our seeded generator, so a step is a deterministic function of
 * (parameters, batch, draws) on a given backend.
 */
import { tf } from '../backend';
import { RNNRBM_ARRAYS, type RNNRBMArray, type RNNRBMParams } from '../models/RNNRBM';

/** A batch of B chunks of L frames, row-major chunk by chunk: frame t of chunk b is row b·L + t. */
export interface RNNRBMBatch {
  /** B·L × nVisible frames. */
  V: Float32Array;
  /** B·L weights: 1 for a real frame, 0 for padding after a short chunk's end (padding never affects earlier frames). */
  mask: Float32Array;
  chunks: number;
  length: number;
  /** k arrays of B·L·nHidden uniforms (hidden samples of each Gibbs step). */
  hiddenUniforms: Float32Array[];
  /** k arrays of B·L·nVisible draws: uniforms (Bernoulli) or standard normals (Gaussian), when sampling visibles. */
  visibleNoise: Float32Array[];
  /** Sample visible states in the chain (true) or use their means (false). */
  sampleVisible: boolean;
  /**
   * B × nRecurrent starting states u(−1) of the chunks (default 0), e.g. from the RNN reading the frames before
   * each chunk. Treated as constants: the gradient stops there (truncated BPTT).
   */
  u0?: Float32Array;
}

/** What one step returns: the gradient of every parameter array (same layout) and two monitors. */
export interface RNNRBMGradient {
  grads: Record<RNNRBMArray, Float32Array>;
  /** C = mean F(data) − mean F(negatives), per frame. */
  cost: number;
  /** Mean squared error per unit between the data and the first Gibbs step's visible means. */
  reconstructionError: number;
}

/** The parameters as tensors of their natural shapes. */
export type RNNRBMTensors = Record<RNNRBMArray, tf.Tensor>;

/** The parameters as tensors (callers dispose them, or run inside tf.tidy). */
export function rnnrbmTensors(p: RNNRBMParams): RNNRBMTensors {
  const { nVisible: nV, nHidden: nH, nRecurrent: nU } = p;
  return {
    W: tf.tensor2d(p.W, [nV, nH]), visibleBias: tf.tensor1d(p.visibleBias), hiddenBias: tf.tensor1d(p.hiddenBias),
    Wuv: tf.tensor2d(p.Wuv, [nU, nV]), Wuh: tf.tensor2d(p.Wuh, [nU, nH]), Wvu: tf.tensor2d(p.Wvu, [nV, nU]),
    Wuu: tf.tensor2d(p.Wuu, [nU, nU]), recurrentBias: tf.tensor1d(p.recurrentBias),
  };
}

const mm = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
/** aᵀb with an explicit transpose: tfjs-wasm's transpose flags take a ~6× slower path (FACTS.md). */
const mmT = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(tf.transpose(a as tf.Tensor2D), b as tf.Tensor2D);

/**
 * The RNN over a batch of chunks (u(−1) = u0, default 0, in each), as differentiable tfjs ops (the training step
 * itself runs the recurrence in plain arrays, see recurrenceForward): `Uprev` (B·L × nRecurrent) holds u(t−1) for every frame,
 * `U` the states u(t) (B chunks of L × nRecurrent; the last one of each chunk is not needed and is left 0), and
 * the frames' biases BV = b_v + u(t−1) W_uv, BH = b_h + u(t−1) W_uh. The input part v(t) W_vu of every frame is
 * one matrix product; only u(t−1) W_uu goes frame by frame.
 */
export function rnnrbmForwardTf(p: RNNRBMTensors, V: tf.Tensor2D, chunks: number, length: number, u0?: tf.Tensor2D) {
  const nU = p.Wuu.shape[0];
  const input = tf.unstack(tf.reshape(tf.add(mm(V, p.Wvu), p.recurrentBias), [chunks, length, nU]), 1);
  let u: tf.Tensor = u0 ?? tf.zeros([chunks, nU]);
  const prev: tf.Tensor[] = [];
  for (let t = 0; t < length; t++) {
    prev.push(u);
    u = t < length - 1 ? tf.tanh(tf.add(input[t], mm(u, p.Wuu))) : u;
  }
  const Uprev = tf.reshape(tf.stack(prev, 1), [chunks * length, nU]) as tf.Tensor2D;
  return { Uprev, BV: tf.add(mm(Uprev, p.Wuv), p.visibleBias) as tf.Tensor2D, BH: tf.add(mm(Uprev, p.Wuh), p.hiddenBias) as tf.Tensor2D };
}

/** Free energy of each row of V under its own row of biases (the RBM's formula; Gaussian with a fixed σ). */
export function frameFreeEnergyTf(W: tf.Tensor, V: tf.Tensor2D, BV: tf.Tensor2D, BH: tf.Tensor2D, visible: 'bernoulli' | 'gaussian', sigma: number): tf.Tensor1D {
  const s2 = visible === 'gaussian' ? sigma * sigma : 1;
  const hiddenTerm = tf.sum(tf.softplus(tf.add(BH, mm(s2 === 1 ? V : tf.div(V, s2), W))), 1);
  const visibleTerm = visible === 'gaussian' ? tf.div(tf.sum(tf.square(tf.sub(V, BV)), 1), 2 * s2) : tf.neg(tf.sum(tf.mul(V, BV), 1));
  return tf.sub(visibleTerm, hiddenTerm) as tf.Tensor1D;
}

/**
 * The reference implementation's cost C (see the module comment) as a differentiable tfjs expression of the
 * parameter tensors, for checking {@link rnnrbmGradient} against autodiff (`tf.grads`, with gradients registered).
 */
export function rnnrbmCostTf(model: RNNRBMParams, p: RNNRBMTensors, V: tf.Tensor2D, vNeg: tf.Tensor2D, mask: tf.Tensor1D, chunks: number, length: number, u0?: tf.Tensor2D): tf.Scalar {
  const { BV, BH } = rnnrbmForwardTf(p, V, chunks, length, u0);
  const F = (x: tf.Tensor2D) => frameFreeEnergyTf(p.W, x, BV, BH, model.visible, model.sigma);
  return tf.div(tf.sum(tf.mul(tf.sub(F(V), F(vNeg)), mask)), tf.sum(mask)) as tf.Scalar;
}

/**
 * k Gibbs steps of every frame's RBM from the data, with the batch's draws. Returns the negative samples, the
 * first step's hidden probabilities p(h | v) of the data (reused by the gradient) and its visible means.
 */
function gibbs(model: RNNRBMParams, W: tf.Tensor, Wt: tf.Tensor, V: tf.Tensor2D, BV: tf.Tensor2D, BH: tf.Tensor2D, batch: RNNRBMBatch) {
  const rows = batch.chunks * batch.length;
  const { nVisible: nV, nHidden: nH, visible, sigma } = model;
  const s2 = visible === 'gaussian' ? sigma * sigma : 1;
  let v: tf.Tensor = V;
  let PH: tf.Tensor | null = null, firstMean: tf.Tensor | null = null;
  for (let s = 0; s < batch.hiddenUniforms.length; s++) {
    const ph = tf.sigmoid(tf.add(BH, mm(s2 === 1 ? v : tf.div(v, s2), W)));
    PH ??= ph;
    const h = tf.cast(tf.less(tf.tensor2d(batch.hiddenUniforms[s], [rows, nH]), ph), 'float32');
    const a = tf.add(BV, mm(h, Wt));
    const mean = visible === 'gaussian' ? a : tf.sigmoid(a);
    firstMean ??= mean;
    if (!batch.sampleVisible) v = mean;
    else if (visible === 'gaussian') v = tf.add(mean, tf.mul(tf.tensor2d(batch.visibleNoise[s], [rows, nV]), sigma));
    else v = tf.cast(tf.less(tf.tensor2d(batch.visibleNoise[s], [rows, nV]), mean), 'float32');
  }
  return { vNeg: v as tf.Tensor2D, PH: PH ?? tf.sigmoid(tf.add(BH, mm(s2 === 1 ? V : tf.div(V, s2), W))), firstMean: firstMean ?? V };
}

/**
 * The RNN's forward recurrence in plain typed arrays, for the training step: `input` holds b_u + v(t) W_vu for
 * every frame (B·L × nRecurrent, from one matrix product); returns u(t−1) of every frame (`u0`, default 0, at
 * each chunk start).
 * Frame-by-frame work on B × nRecurrent blocks is far cheaper here than hundreds of tiny tensor ops (tfjs-wasm's
 * unstack of B × L × nRecurrent along time alone took longer than every matrix product of the step).
 */
function recurrenceForward(input: Float32Array, Wuu: Float32Array, chunks: number, L: number, nU: number, u0?: Float32Array): Float32Array {
  const Uprev = new Float32Array(chunks * L * nU);
  const a = new Float64Array(nU);
  for (let b = 0; b < chunks; b++) {
    if (u0) Uprev.set(u0.subarray(b * nU, (b + 1) * nU), b * L * nU);
    for (let t = 1; t < L; t++) {
      const prev = (b * L + t - 1) * nU; // u(t−2) is Uprev row t−1; u(t−1) = tanh(input(t−1) + u(t−2) W_uu)
      for (let l = 0; l < nU; l++) a[l] = input[prev + l];
      for (let k = 0; k < nU; k++) {
        const x = Uprev[prev + k];
        if (x === 0) continue;
        const row = k * nU;
        for (let l = 0; l < nU; l++) a[l] += x * Wuu[row + l];
      }
      const out = (b * L + t) * nU;
      for (let l = 0; l < nU; l++) Uprev[out + l] = Math.tanh(a[l]);
    }
  }
  return Uprev;
}

/**
 * BPTT in plain typed arrays: given g(t−1) = ∂C/∂u(t−1) from every frame's biases (`gPrev`, row b·L + t) and the
 * states (`Uprev`), returns δa(s) for every frame s (row b·L + s; 0 for the last frame of each chunk).
 */
function recurrenceBackward(gPrev: Float32Array, Uprev: Float32Array, Wuu: Float32Array, chunks: number, L: number, nU: number): Float32Array {
  const DA = new Float32Array(chunks * L * nU);
  const dU = new Float64Array(nU);
  for (let b = 0; b < chunks; b++) {
    for (let s = L - 2; s >= 0; s--) {
      const next = (b * L + s + 1) * nU; // u(s) is Uprev row s + 1; its gradient comes from frame s + 1 …
      for (let k = 0; k < nU; k++) {
        let g = gPrev[next + k];
        if (s < L - 2) for (let l = 0; l < nU; l++) g += Wuu[k * nU + l] * DA[next + l]; // … and from u(s + 1)
        dU[k] = g;
      }
      const out = (b * L + s) * nU;
      for (let l = 0; l < nU; l++) DA[out + l] = dU[l] * (1 - Uprev[next + l] * Uprev[next + l]);
    }
  }
  return DA;
}

/**
 * The gradient of C for one batch, by the hand-derived CD-k + BPTT formulas of the module comment.
 * @example const { grads, cost } = rnnrbmGradient(model, batch);
 */
export function rnnrbmGradient(model: RNNRBMParams, batch: RNNRBMBatch): RNNRBMGradient {
  const { chunks, length: L } = batch;
  const rows = chunks * L;
  const { nVisible: nV, nRecurrent: nU, visible, sigma } = model;
  const s2 = visible === 'gaussian' ? sigma * sigma : 1;
  let result: RNNRBMGradient | null = null;
  // Results are copied out inside tidy but not returned from it: tidy walks whatever it returns, element by element.
  tf.tidy(() => {
    const p = rnnrbmTensors(model);
    const V = tf.tensor2d(batch.V, [rows, nV]);
    const frames = batch.mask.reduce((a, b) => a + b, 0);
    const c = tf.reshape(tf.div(tf.tensor1d(batch.mask), frames), [rows, 1]);
    const Wt = tf.transpose(p.W);
    const UprevData = recurrenceForward(tf.add(mm(V, p.Wvu), p.recurrentBias).dataSync() as Float32Array, model.Wuu, chunks, L, nU, batch.u0);
    const Uprev = tf.tensor2d(UprevData, [rows, nU]);
    const BV = tf.add(mm(Uprev, p.Wuv), p.visibleBias) as tf.Tensor2D, BH = tf.add(mm(Uprev, p.Wuh), p.hiddenBias) as tf.Tensor2D;
    const { vNeg, PH, firstMean } = gibbs(model, p.W, Wt, V, BV, BH, batch);
    const X = s2 === 1 ? V : tf.div(V, s2), Xneg = s2 === 1 ? vNeg : tf.div(vNeg, s2);
    const PHneg = tf.sigmoid(tf.add(BH, mm(Xneg, p.W)));
    // CD-k part: the frame RBMs' weights and per-frame biases.
    const gBH = tf.mul(c, tf.sub(PHneg, PH));
    const gBV = tf.mul(c, tf.div(tf.sub(vNeg, V), s2));
    const gW = tf.sub(mmT(Xneg, tf.mul(c, PHneg)), mmT(X, tf.mul(c, PH)));
    // Into the RNN: the gradient reaching each u(t−1), then back through time inside each chunk.
    const gPrev = tf.add(mm(gBV, tf.transpose(p.Wuv)), mm(gBH, tf.transpose(p.Wuh))).dataSync() as Float32Array;
    const DA = tf.tensor2d(recurrenceBackward(gPrev, UprevData, model.Wuu, chunks, L, nU), [rows, nU]);
    const grads: Record<RNNRBMArray, tf.Tensor> = {
      W: gW, visibleBias: tf.sum(gBV, 0), hiddenBias: tf.sum(gBH, 0),
      Wuv: mmT(Uprev, gBV), Wuh: mmT(Uprev, gBH), Wvu: mmT(V, DA), Wuu: mmT(Uprev, DA), recurrentBias: tf.sum(DA, 0),
    };
    const F = (x: tf.Tensor2D) => frameFreeEnergyTf(p.W, x, BV, BH, visible, sigma);
    const cost = tf.sum(tf.mul(tf.reshape(c, [rows]), tf.sub(F(V), F(vNeg))));
    const err = tf.sum(tf.mul(tf.reshape(c, [rows]), tf.mean(tf.square(tf.sub(firstMean, V)), 1)));
    const out = {} as Record<RNNRBMArray, Float32Array>;
    for (const name of RNNRBM_ARRAYS) out[name] = grads[name].dataSync() as Float32Array;
    result = { grads: out, cost: cost.dataSync()[0], reconstructionError: err.dataSync()[0] };
  });
  return result!;
}
