/**
 * One CD-k step of a Conditional RBM, written with TensorFlow.js like the RBM's own ../cdStep.ts. Given the
 * history, the model is an RBM with per-example biases b̂ = b + xA and ĉ = c + xB, so the chain is the usual
 * one with those biases, and the gradients of A and B are the bias gradients times the history
 * (Taylor, Hinton & Roweis 2006, eq. 5–6).
 */
import { tf } from '../../backend';
import type { CRBMParams } from '../../models/crbm/types';
import { readAndDispose } from '../readTensor';

/** One mini-batch of pairs and the random draws the chain needs (made by our seeded Random, see draws.ts). */
export interface CRBMBatch {
  /** rows × (order·nVisible) histories. */
  history: Float32Array;
  /** rows × nVisible frames v₀. */
  v0: Float32Array;
  rows: number;
  /** k arrays of rows × nHidden uniforms. */
  hiddenUniforms: Float32Array[];
  /** k arrays of rows × nVisible draws (uniform for Bernoulli, normal for Gaussian) when visibles are sampled. */
  visibleNoise?: Float32Array[];
}

/** The CD estimate of the log-likelihood gradient (batch means; ascent direction). */
export interface CRBMGradient {
  dW: Float32Array;
  dVisibleBias: Float32Array;
  dHiddenBias: Float32Array;
  dA: Float32Array;
  dB: Float32Array;
  /** Mean squared difference between v₀ and the chain's last visible means. */
  reconstructionError: number;
}

/** Dynamic biases and the two conditionals of a CRBM, for the rows of a history batch (inside tf.tidy). */
export function crbmTensors(p: CRBMParams, history: Float32Array, rows: number) {
  const D = p.order * p.nVisible;
  const W = tf.tensor2d(p.W, [p.nVisible, p.nHidden]);
  const Wt = tf.transpose(W); // explicit transpose: faster than matMul's flags on wasm
  const X = tf.tensor2d(history, [rows, D]);
  const bDyn = tf.add(tf.matMul(X, tf.tensor2d(p.A, [D, p.nVisible])), tf.tensor1d(p.visibleBias)) as tf.Tensor2D;
  const cDyn = tf.add(tf.matMul(X, tf.tensor2d(p.B, [D, p.nHidden])), tf.tensor1d(p.hiddenBias)) as tf.Tensor2D;
  const gaussian = p.visible === 'gaussian';
  return {
    X, bDyn, cDyn,
    /** p(h = 1 | v, x), with pre-activations divided by the temperature T. */
    hiddenProbs: (v: tf.Tensor2D, T = 1) => tf.sigmoid(tf.div(tf.add(tf.matMul(v, W), cDyn), T)) as tf.Tensor2D,
    /** E[v | h, x]. */
    visibleMean: (h: tf.Tensor2D, T = 1) => {
      const a = tf.add(tf.matMul(h, Wt), bDyn) as tf.Tensor2D;
      return gaussian ? a : tf.sigmoid(tf.div(a, T)) as tf.Tensor2D;
    },
  };
}

/** The readable tfjs CD-k step of a CRBM: statistics from probabilities p(h|v), chain h sampled, v its mean unless noise is given. */
export function crbmGradient(p: CRBMParams, batch: CRBMBatch): CRBMGradient {
  const { rows: B, v0: v0Data } = batch;
  const gaussian = p.visible === 'gaussian';
  // tidy returns tensors, read after it: tidy walks typed arrays it returns at ~0.4 µs per element (see ../readTensor.ts).
  const out = tf.tidy(() => {
    const m = crbmTensors(p, batch.history, B);
    const v0 = tf.tensor2d(v0Data, [B, p.nVisible]);
    const ph0 = m.hiddenProbs(v0);
    let v = v0, ph = ph0, mean = v0;
    batch.hiddenUniforms.forEach((u, t) => {
      const h = tf.cast(tf.less(tf.tensor2d(u, ph.shape), ph), 'float32') as tf.Tensor2D;
      mean = m.visibleMean(h);
      v = mean;
      const noise = batch.visibleNoise?.[t];
      if (noise) {
        const z = tf.tensor2d(noise, [B, p.nVisible]);
        v = (gaussian ? tf.add(mean, z) : tf.cast(tf.less(z, mean), 'float32')) as tf.Tensor2D;
      }
      ph = m.hiddenProbs(v);
    });
    const dv = tf.sub(v0, v) as tf.Tensor2D;
    const dh = tf.sub(ph0, ph) as tf.Tensor2D;
    const Xt = tf.transpose(m.X);
    return {
      dW: tf.div(tf.sub(tf.matMul(tf.transpose(v0), ph0), tf.matMul(tf.transpose(v), ph)), B),
      dVisibleBias: tf.mean(dv, 0),
      dHiddenBias: tf.mean(dh, 0),
      dA: tf.div(tf.matMul(Xt, dv), B),
      dB: tf.div(tf.matMul(Xt, dh), B),
      err: tf.mean(tf.square(tf.sub(v0, mean))),
    };
  });
  return {
    dW: readAndDispose(out.dW), dVisibleBias: readAndDispose(out.dVisibleBias), dHiddenBias: readAndDispose(out.dHiddenBias),
    dA: readAndDispose(out.dA), dB: readAndDispose(out.dB), reconstructionError: readAndDispose(out.err)[0],
  };
}
