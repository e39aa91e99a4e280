/**
 * One training step of the RNN-RBM, as the reference implementation (the deeplearning.net "rnnrbm" tutorial by
 * Boulanger-Lewandowski) computes it, in TensorFlow.js:
 *
 * 1. run the RNN over a batch of chunks (B chunks × L frames, each chunk starting from u(0) = 0) to get every
 *    frame's biases b_v(t), b_h(t);
 * 2. run k Gibbs steps of each frame's RBM from the data frame, giving negative samples v⁻(t);
 * 3. the cost C = mean_t [F_t(v(t)) − F_t(v⁻(t))] with v⁻ held constant: its gradient with respect to W, b_v, b_h
 *    is CD-k, and back-propagated through the biases into the RNN it is back-propagation through time for
 *    W_uv, W_uh, W_vu, W_uu, b_u. tfjs's autodiff (`tf.grads`) does the back-propagation.
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
  /** k arrays of B·L·nVisible draws: uniforms (Bernoulli) or standard normals (Gaussian, when sampling visibles). */
  visibleNoise: Float32Array[];
  /** Sample visible states in the chain (true) or use their means (false). */
  sampleVisible: boolean;
}

/** What one step returns: the gradient of every parameter array (same layout) and two monitors. */
export interface RNNRBMGradient {
  grads: Record<RNNRBMArray, Float32Array>;
  /** C = mean F(data) − mean F(negatives), per frame. */
  cost: number;
  /** Mean squared error per unit between the data and the first Gibbs step's visible means. */
  reconstructionError: number;
}

type Tensors = Record<RNNRBMArray, tf.Tensor>;

/** The parameters as tensors of their natural shapes. */
function tensorsOf(p: RNNRBMParams): Tensors {
  const { nVisible: nV, nHidden: nH, nRecurrent: nU } = p;
  return {
    W: tf.tensor2d(p.W, [nV, nH]), visibleBias: tf.tensor1d(p.visibleBias), hiddenBias: tf.tensor1d(p.hiddenBias),
    Wuv: tf.tensor2d(p.Wuv, [nU, nV]), Wuh: tf.tensor2d(p.Wuh, [nU, nH]), Wvu: tf.tensor2d(p.Wvu, [nV, nU]),
    Wuu: tf.tensor2d(p.Wuu, [nU, nU]), recurrentBias: tf.tensor1d(p.recurrentBias),
  };
}

/**
 * Every frame's biases: BV (B·L × nVisible) = b_v + u(t−1) W_uv and BH (B·L × nHidden) = b_h + u(t−1) W_uh, with
 * u(t) = tanh(b_u + u(t−1) W_uu + v(t) W_vu) and u(−1) = 0 in each chunk. The input part v(t) W_vu of every frame
 * is one matrix product; only u(t−1) W_uu has to go frame by frame.
 */
export function rnnrbmBiasesTf(p: Tensors, V: tf.Tensor2D, chunks: number, length: number): { BV: tf.Tensor2D; BH: tf.Tensor2D } {
  const nU = p.Wuu.shape[0];
  const input = tf.unstack(tf.reshape(tf.add(tf.matMul(V, p.Wvu as tf.Tensor2D), p.recurrentBias), [chunks, length, nU]), 1) as tf.Tensor2D[];
  let u = tf.zeros([chunks, nU]) as tf.Tensor2D;
  const previous: tf.Tensor2D[] = [];
  for (let t = 0; t < length; t++) {
    previous.push(u);
    if (t < length - 1) u = tf.tanh(tf.add(input[t], tf.matMul(u, p.Wuu as tf.Tensor2D))) as tf.Tensor2D;
  }
  const U = tf.reshape(tf.stack(previous, 1), [chunks * length, nU]) as tf.Tensor2D;
  return { BV: tf.add(tf.matMul(U, p.Wuv as tf.Tensor2D), p.visibleBias) as tf.Tensor2D, BH: tf.add(tf.matMul(U, p.Wuh as tf.Tensor2D), p.hiddenBias) as tf.Tensor2D };
}

/** Free energy of each row of V under its own row of biases (the RBM's formula; Gaussian with a fixed σ). */
export function frameFreeEnergyTf(p: Tensors, V: tf.Tensor2D, BV: tf.Tensor2D, BH: tf.Tensor2D, visible: 'bernoulli' | 'gaussian', sigma: number): tf.Tensor1D {
  const gaussian = visible === 'gaussian';
  const x = gaussian && sigma !== 1 ? tf.div(V, sigma * sigma) : V;
  const hiddenTerm = tf.sum(tf.softplus(tf.add(BH, tf.matMul(x as tf.Tensor2D, p.W as tf.Tensor2D))), 1);
  const visibleTerm = gaussian ? tf.div(tf.sum(tf.square(tf.sub(V, BV)), 1), 2 * sigma * sigma) : tf.neg(tf.sum(tf.mul(V, BV), 1));
  return tf.sub(visibleTerm, hiddenTerm) as tf.Tensor1D;
}

/** k Gibbs steps of every frame's RBM from the data, with the batch's draws: the negative samples, and the first step's means. */
function negatives(model: RNNRBMParams, p: Tensors, V: tf.Tensor2D, BV: tf.Tensor2D, BH: tf.Tensor2D, batch: RNNRBMBatch): { vNeg: tf.Tensor2D; firstMean: tf.Tensor2D } {
  const rows = batch.chunks * batch.length;
  const { nVisible: nV, nHidden: nH, visible, sigma } = model;
  const Wt = tf.transpose(p.W) as tf.Tensor2D;
  let v = V;
  let firstMean: tf.Tensor2D | null = null;
  for (let s = 0; s < batch.hiddenUniforms.length; s++) {
    const x = visible === 'gaussian' && sigma !== 1 ? tf.div(v, sigma * sigma) as tf.Tensor2D : v;
    const ph = tf.sigmoid(tf.add(BH, tf.matMul(x, p.W as tf.Tensor2D)));
    const h = tf.cast(tf.less(tf.tensor2d(batch.hiddenUniforms[s], [rows, nH]), ph), 'float32') as tf.Tensor2D;
    const a = tf.add(BV, tf.matMul(h, Wt)) as tf.Tensor2D;
    const mean = visible === 'gaussian' ? a : tf.sigmoid(a) as tf.Tensor2D;
    if (!firstMean) firstMean = mean;
    if (!batch.sampleVisible) v = mean;
    else if (visible === 'gaussian') v = tf.add(mean, tf.mul(tf.tensor2d(batch.visibleNoise[s], [rows, nV]), sigma));
    else v = tf.cast(tf.less(tf.tensor2d(batch.visibleNoise[s], [rows, nV]), mean), 'float32') as tf.Tensor2D;
  }
  return { vNeg: v, firstMean: firstMean ?? V };
}

/**
 * The gradient of the free-energy cost for one batch (see the module comment), by tfjs autodiff.
 * @example const { grads, cost } = rnnrbmGradient(model.params(), batch);
 */
export function rnnrbmGradient(model: RNNRBMParams, batch: RNNRBMBatch): RNNRBMGradient {
  const rows = batch.chunks * batch.length;
  const { nVisible: nV, visible, sigma } = model;
  let result: RNNRBMGradient | null = null;
  // Results are copied out inside tidy but not returned from it: tidy walks whatever it returns, element by element.
  tf.tidy(() => {
    const p = tensorsOf(model);
    const V = tf.tensor2d(batch.V, [rows, nV]);
    const mask = tf.tensor1d(batch.mask);
    const frames = batch.mask.reduce((a, b) => a + b, 0);
    // Pass 1, no gradient: biases, then negative samples held constant in pass 2 (consider_constant in Theano).
    const first = rnnrbmBiasesTf(p, V, batch.chunks, batch.length);
    const { vNeg, firstMean } = negatives(model, p, V, first.BV, first.BH, batch);
    const errRows = tf.mul(tf.mean(tf.square(tf.sub(firstMean, V)), 1), mask);
    const reconstructionError = tf.sum(errRows).dataSync()[0] / frames;
    const costOf = (...params: tf.Tensor[]) => {
      const q = Object.fromEntries(RNNRBM_ARRAYS.map((name, i) => [name, params[i]])) as Tensors;
      const { BV, BH } = rnnrbmBiasesTf(q, V, batch.chunks, batch.length);
      const gap = tf.sub(frameFreeEnergyTf(q, V, BV, BH, visible, sigma), frameFreeEnergyTf(q, vNeg, BV, BH, visible, sigma));
      return tf.div(tf.sum(tf.mul(gap, mask)), frames) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(costOf)(RNNRBM_ARRAYS.map((name) => p[name]));
    const out = {} as Record<RNNRBMArray, Float32Array>;
    RNNRBM_ARRAYS.forEach((name, i) => { out[name] = grads[i].dataSync() as Float32Array; });
    result = { grads: out, cost: value.dataSync()[0], reconstructionError };
  });
  return result!;
}
