/**
 * The CD-k gradient as one ONNX graph: the same computation as `cdGradientTf` (src/rbm/training/cdStep.ts), node for
 * node, so onnxruntime can run a whole step in one call on all cores. Inputs are the parameters, the batch and
 * the random draws (made in JS by our seeded Random); outputs are the gradient arrays of `CDGradient`.
 *
 * With `update: true` the graph also applies the momentum/weight-decay update of src/rbm/training/update.ts to W and both
 * biases and outputs the new parameters and velocities instead of the gradients: a plain-JS loop over the
 * 513 × 256 weights took ~0.6 ms per step (as long as the rest of the step), onnxruntime's vectorised kernels a
 * fraction of that.
 */
import { GraphBuilder } from '../../onnx/graph';

/** What the graph is specialised for. */
export interface CDGraphSpec {
  nVisible: number;
  nHidden: number;
  gaussian: boolean;
  /** Gaussian only: also output the gradient w.r.t. z = log σ². */
  learnSigma: boolean;
  /** Gibbs steps. */
  k: number;
  /** Persistent chains: start from input `chain`, output the chains' new state. */
  pcd: boolean;
  /** Take visible noise inputs `noise0…` and sample visible states (else use their means). */
  sampleVisible: boolean;
  /**
   * Fuse the parameter update (momentumStep of update.ts, without the sparsity penalty): take the velocities and
   * the scalars `learningRate`, `momentum`, `weightDecay`; output `newW`, `newVelocityW` and the same for both
   * biases instead of the gradients.
   */
  update?: boolean;
}

/** Names of the graph's inputs, in the order the engine feeds them. */
export function cdGraphInputs(s: CDGraphSpec): string[] {
  const names = ['v0', 'W', 'visibleBias', 'hiddenBias', 'invBatch', 'batchMean'];
  if (s.gaussian) names.push('sigma', 'invVar');
  if (s.pcd) names.push('chain');
  for (let t = 0; t < s.k; t++) names.push(`hiddenUniforms${t}`);
  if (s.sampleVisible) for (let t = 0; t < s.k; t++) names.push(`visibleNoise${t}`);
  if (s.update) names.push(...UPDATE_INPUTS);
  return names;
}

/** The extra inputs of an `update` graph: velocities (momentum buffers) and the update's hyperparameters. */
export const UPDATE_INPUTS = ['velocityW', 'velocityVisibleBias', 'velocityHiddenBias', 'learningRate', 'momentum', 'weightDecay'] as const;

/** Builds the serialised ONNX model of one CD-k step. The batch size is a run-time dimension 'B'. */
export function buildCDGraph(s: CDGraphSpec): Uint8Array {
  const g = new GraphBuilder();
  const nv = s.nVisible;
  const nh = s.nHidden;
  const v0 = g.input('v0', ['B', nv]);
  const W = g.input('W', [nv, nh]);
  const b = g.input('visibleBias', [nv]);
  const c = g.input('hiddenBias', [nh]);
  const invBatch = g.input('invBatch', [1]); // 1 / B, as the batch size varies at run time
  const batchMean = g.input('batchMean', ['B']); // B copies of 1 / B: batch means as a product (see mean0)
  const sigma = s.gaussian ? g.input('sigma', [nv]) : '';
  const invVar = s.gaussian ? g.input('invVar', [nv]) : '';

  const scaled = (v: string) => (s.gaussian ? g.op('Mul', [v, invVar]) : v); // v / σ²
  // Gemm computes alpha·A'·B' + C, with A' = Aᵀ when transA = 1 (fast in onnxruntime, unlike tfjs-wasm).
  const hiddenProbs = (v: string) => g.op('Sigmoid', [g.op('Gemm', [scaled(v), W, c])]);
  const visibleMean = (h: string) => {
    const a = g.op('Gemm', [h, W, b], { transB: 1 }); // h·Wᵀ + b
    return s.gaussian ? a : g.op('Sigmoid', [a]);
  };
  const bernoulli = (p: string, u: string) => g.op('Cast', [g.op('Less', [u, p])], { to: 1 }); // 1 where u < p

  const ph0 = hiddenProbs(v0);
  let v = s.pcd ? g.input('chain', ['B', nv]) : v0;
  let ph = s.pcd ? hiddenProbs(v) : ph0;
  for (let t = 0; t < s.k; t++) {
    const h = bernoulli(ph, g.input(`hiddenUniforms${t}`, ['B', nh]));
    v = visibleMean(h);
    if (s.sampleVisible) {
      const noise = g.input(`visibleNoise${t}`, ['B', nv]);
      v = s.gaussian ? g.op('Add', [v, g.op('Mul', [noise, sigma])]) : bernoulli(v, noise);
    }
    ph = hiddenProbs(v);
  }

  // dW = (x₀ᵀ·ph₀ − xₖᵀ·phₖ) / B as ONE Gemm over the stacked batch, [x₀; xₖ]ᵀ · [ph₀/B; −phₖ/B]: a single pass
  // over the nv × nh result instead of two (onnxruntime's profiler: 0.36 ms vs 0.40 ms at 513 × 256 × 64).
  // With the update fused, the scale is ε/B (learning rate ε), so the Gemm yields ε·dW directly.
  const lr = s.update ? g.input('learningRate', [1]) : '';
  const scale = s.update ? g.op('Mul', [invBatch, lr]) : invBatch;
  const stackedX = g.op('Concat', [scaled(v0), scaled(v)], { axis: 0 });
  const stackedPh = g.op('Concat', [g.op('Mul', [ph0, scale]), g.op('Mul', [ph, g.op('Neg', [scale])])], { axis: 0 });
  // Column means of a B × n matrix as the product (1/B, …, 1/B) · x: onnxruntime's ReduceMean over axis 0 took
  // ~25 µs per call here, the 1-row MatMul a few µs.
  const mean0 = (x: string) => g.op('MatMul', [batchMean, x]);
  const dVisibleBias = mean0(scaled(g.op('Sub', [v0, v]))); // ⟨(v₀ − b)/σ²⟩ − ⟨(vₖ − b)/σ²⟩
  const hiddenMean = mean0(ph0);
  g.output('hiddenMean', hiddenMean, [nh]);
  const dHiddenBias = g.op('Sub', [hiddenMean, mean0(ph)]);
  if (s.update) {
    // momentumStep of src/rbm/training/update.ts: Δθ = μ·velocity + ε·(g − λθ), θ ← θ + Δθ, velocity ← Δθ (λ on W only).
    // For W this is Xᵀ·P + (μ·velocity − ελ·W): the bracket goes in as the Gemm's C input, so the whole weight
    // update costs three elementwise passes and the add. Outputs are named directly (no Identity copies).
    const mu = g.input('momentum', [1]);
    const lambda = g.input('weightDecay', [1]);
    const velocityW = g.input('velocityW', [nv, nh]);
    const carried = g.op('Sub', [g.op('Mul', [velocityW, mu]), g.op('Mul', [W, g.op('Mul', [lr, lambda])])]);
    const deltaW = g.op('Gemm', [stackedX, stackedPh, carried], { transA: 1 }, 'newVelocityW');
    g.output(deltaW, deltaW, [nv, nh]);
    g.output('newW', g.op('Add', [W, deltaW], {}, 'newW'), [nv, nh]);
    for (const [name, value, grad, n] of [['VisibleBias', b, dVisibleBias, nv], ['HiddenBias', c, dHiddenBias, nh]] as const) {
      const velocity = g.input(`velocity${name}`, [n]);
      const delta = g.op('Add', [g.op('Mul', [velocity, mu]), g.op('Mul', [grad, lr])], {}, `newVelocity${name}`);
      g.output(delta, delta, [n]);
      g.output(`new${name}`, g.op('Add', [value, delta], {}, `new${name}`), [n]);
    }
  } else {
    g.output('dW', g.op('Gemm', [stackedX, stackedPh], { transA: 1 }), [nv, nh]);
    g.output('dVisibleBias', dVisibleBias, [nv]);
    g.output('dHiddenBias', dHiddenBias, [nh]);
  }
  if (s.gaussian && s.learnSigma) {
    // −∂E/∂zᵢ = e^{−zᵢ} ((vᵢ − bᵢ)²/2 − vᵢ Σⱼ Wᵢⱼ hⱼ), data minus model
    const half = g.constant('half', [0.5], [1]);
    const stat = (x: string, h: string) => {
      const d = g.op('Sub', [x, b]);
      const wh = g.op('Gemm', [h, W], { transB: 1 });
      return mean0(g.op('Sub', [g.op('Mul', [g.op('Mul', [d, d]), half]), g.op('Mul', [x, wh])]));
    };
    g.output('dLogVariance', g.op('Mul', [g.op('Sub', [stat(v0, ph0), stat(v, ph)]), invVar]), [nv]);
  }
  if (s.pcd) g.output('chainOut', v, ['B', nv]);
  return g.toModel('rbm_cd_step');
}
