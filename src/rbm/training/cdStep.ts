/**
 * One contrastive-divergence step, the heart of RBM training (Hinton 2002; Tieleman 2008 for the persistent
 * variant), written with TensorFlow.js so it reads like the maths. This is the reference implementation; the ONNX
 * engine (src/rbm/training/onnx/) builds the same computation as a graph and is tested against this one.
 *
 * All randomness comes in as arrays of uniform (or normal) draws made by our seeded `Random`, so every engine
 * sees the same random numbers and gives the same result.
 */
import { tf } from '../backend';
import type { RBMParams } from '../types';

/** One mini-batch and the random draws a CD-k step needs. */
export interface CDBatch {
  /** The data batch v₀, rows × nVisible, row-major. */
  v0: Float32Array;
  rows: number;
  /** PCD only: the persistent chains' visible states (rows × nVisible); the chains start there instead of at v₀. */
  chain?: Float32Array;
  /** k arrays of rows × nHidden uniforms in [0, 1): hidden state t is `u < p(h|v)`. */
  hiddenUniforms: Float32Array[];
  /**
   * When visible units are sampled: k arrays of rows × nVisible draws — uniforms for Bernoulli units (`u < p`),
   * standard normals for Gaussian units (`mean + σ·z`). Absent: visible units take their mean (guide §3.2).
   */
  visibleNoise?: Float32Array[];
}

/** The likelihood gradient estimated by one CD-k step (positive minus negative statistics, batch means). */
export interface CDGradient {
  /** ⟨vᵢhⱼ/σᵢ²⟩_data − ⟨vᵢhⱼ/σᵢ²⟩_model, nVisible × nHidden. */
  dW: Float32Array;
  /** ⟨(vᵢ − bᵢ)/σᵢ²⟩_data − ⟨…⟩_model. */
  dVisibleBias: Float32Array;
  /** ⟨hⱼ⟩_data − ⟨hⱼ⟩_model. */
  dHiddenBias: Float32Array;
  /** Gaussian with learned σ: gradient w.r.t. zᵢ = log σᵢ² (Cho, Ilin & Raiko 2011, eq. 6). */
  dLogVariance?: Float32Array;
  /** Mean p(hⱼ = 1 | v₀) over the batch (for sparsity and monitoring). */
  hiddenMean: Float32Array;
  /** PCD only: the chains' new visible states. */
  chain?: Float32Array;
}

/** A way to run CD steps (tfjs or onnxruntime). */
export interface CDEngine {
  readonly name: string;
  gradient(params: RBMParams, batch: CDBatch): CDGradient | Promise<CDGradient>;
  dispose(): void;
}

/**
 * The readable tfjs CD-k step. Gibbs chain: h ~ p(h|v) sampled, v ← E[v|h] (or a sample when `visibleNoise` is
 * given), repeated k = `hiddenUniforms.length` times; the statistics use probabilities p(h|v), not samples
 * (guide §3.1–3.3), which lowers their noise at no cost in bias.
 */
export function cdGradientTf(p: RBMParams, batch: CDBatch): CDGradient {
  const { nVisible: nv, nHidden: nh, visible } = p;
  const B = batch.rows;
  const gaussian = visible === 'gaussian';
  const learnSigma = gaussian && p.learnSigma !== false;
  // tidy returns tensors and we read them afterwards: tidy walks what it returns, and walking typed arrays is slow
  // (~0.4 µs per element: 50 ms for a 513 × 256 gradient).
  const out = tf.tidy(() => {
    const W = tf.tensor2d(p.W, [nv, nh]);
    const Wt = tf.transpose(W); // explicit transpose: matMul's transpose flags are ~6× slower on wasm
    const b = tf.tensor1d(p.visibleBias);
    const c = tf.tensor1d(p.hiddenBias);
    const sigma = gaussian ? tf.exp(tf.tensor1d(p.logSigma!)) : null;
    const invVar = sigma ? tf.reciprocal(tf.square(sigma)) : null;
    const scaled = (v: tf.Tensor2D) => (invVar ? tf.mul(v, invVar) as tf.Tensor2D : v); // v / σ²
    const hiddenProbs = (v: tf.Tensor2D) => tf.sigmoid(tf.add(tf.matMul(scaled(v), W), c)) as tf.Tensor2D;
    const visibleMean = (h: tf.Tensor2D) => {
      const a = tf.add(tf.matMul(h, Wt), b) as tf.Tensor2D;
      return gaussian ? a : tf.sigmoid(a) as tf.Tensor2D;
    };
    const bernoulli = (prob: tf.Tensor2D, u: Float32Array) => tf.cast(tf.less(tf.tensor2d(u, prob.shape), prob), 'float32') as tf.Tensor2D;

    const v0 = tf.tensor2d(batch.v0, [B, nv]);
    const ph0 = hiddenProbs(v0);
    let v = batch.chain ? tf.tensor2d(batch.chain, [B, nv]) : v0;
    let ph = batch.chain ? hiddenProbs(v) : ph0;
    batch.hiddenUniforms.forEach((u, t) => {
      const h = bernoulli(ph, u);
      v = visibleMean(h);
      const noise = batch.visibleNoise?.[t];
      if (noise) v = gaussian ? tf.add(v, tf.mul(tf.tensor2d(noise, [B, nv]), sigma!)) as tf.Tensor2D : bernoulli(v, noise);
      ph = hiddenProbs(v);
    });

    // Positive minus negative statistics, averaged over the batch.
    const assoc = (x: tf.Tensor2D, h: tf.Tensor2D) => tf.matMul(tf.transpose(scaled(x)), h);
    const dW = tf.div(tf.sub(assoc(v0, ph0), assoc(v, ph)), B);
    const dVisibleBias = tf.mean(tf.sub(scaled(tf.sub(v0, b) as tf.Tensor2D), scaled(tf.sub(v, b) as tf.Tensor2D)), 0);
    const hiddenMean = tf.mean(ph0, 0);
    const dHiddenBias = tf.sub(hiddenMean, tf.mean(ph, 0));
    let dLogVariance: tf.Tensor | undefined;
    if (learnSigma) {
      // −∂E/∂zᵢ = e^{−zᵢ} ((vᵢ − bᵢ)²/2 − vᵢ Σⱼ Wᵢⱼ hⱼ)
      const stat = (x: tf.Tensor2D, h: tf.Tensor2D) =>
        tf.mean(tf.sub(tf.div(tf.square(tf.sub(x, b)), 2), tf.mul(x, tf.matMul(h, Wt))), 0);
      dLogVariance = tf.mul(tf.sub(stat(v0, ph0), stat(v, ph)), invVar!);
    }
    return { dW, dVisibleBias, dHiddenBias, hiddenMean, ...(dLogVariance ? { dLogVariance } : {}), ...(batch.chain ? { chain: v } : {}) };
  });
  const read = (t?: tf.Tensor) => {
    const a = t?.dataSync() as Float32Array | undefined;
    t?.dispose();
    return a;
  };
  return {
    dW: read(out.dW)!, dVisibleBias: read(out.dVisibleBias)!, dHiddenBias: read(out.dHiddenBias)!,
    hiddenMean: read(out.hiddenMean)!, dLogVariance: read(out.dLogVariance), chain: read(out.chain),
  };
}

/** The tfjs engine: {@link cdGradientTf} on whatever tfjs backend is active (tensorflow, wasm or cpu). */
export function tfjsEngine(): CDEngine {
  return { name: `tfjs-${tf.getBackend()}`, gradient: cdGradientTf, dispose() {} };
}
