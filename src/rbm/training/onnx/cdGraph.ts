/**
 * The CD-k gradient as one ONNX graph: the same computation as `cdGradientTf` (src/rbm/training/cdStep.ts), node for
 * node, so onnxruntime can run a whole step in one call on all cores. Inputs are the parameters, the batch and
 * the random draws (made in JS by our seeded Random); outputs are the gradient arrays of `CDGradient`.
 *
 * With `update: true` the graph also applies the momentum/weight-decay update of src/rbm/training/update.ts to W and both
 * biases and outputs the new parameters and velocities instead of the gradients: a plain-JS loop over the
 * 513 × 256 weights took ~0.6 ms per step (as long as the rest of the step), onnxruntime's vectorised kernels a
 * fraction of that.
 *
 * An update graph can also run `steps` mini-batches in a row (the graph unrolled `steps` times, each step's new
 * parameters and velocities feeding the next): fit() then hands over several mini-batches per native call, so the
 * parameters cross between JS and onnxruntime once per `steps` mini-batches instead of once per mini-batch (see
 * engine.ts for why that crossing is the expensive part).
 */
import { DOUBLE, GraphBuilder } from '../../onnx/graph';

/** What the graph is specialised for. */
export interface CDGraphSpec {
  nVisible: number;
  nHidden: number;
  gaussian: boolean;
  /**
   * Gaussian only: also output the gradient w.r.t. z = log σ². In an `update` graph σ is also updated inside the
   * graph (momentum on z, no decay, log σ floored at input `logMinSigma`): the graph then takes `logSigma` and
   * `velocityLogVariance` instead of `sigma` and `invVar` and outputs `newLogSigma` and `newVelocityLogVariance`.
   */
  learnSigma: boolean;
  /**
   * Gaussian with a fixed σ of 1 for every unit (the usual choice on standardised data): no `sigma` / `invVar`
   * inputs and no multiplications by them (×1 changes no number, so the results are the same).
   */
  unitSigma?: boolean;
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
  /**
   * Update graphs only: training steps (mini-batches) per run, default 1. With S > 1 every
   * per-batch input is taken once per step under the name {@link stepInput} gives (`v0_s0`, `v0_s1`, …), the
   * outputs are the parameters and velocities after the last step, `hiddenMean` holds the S steps' means one
   * after the other (S × nHidden), `hiddenBiases` the hidden biases after each step (S × nHidden, for fit()'s
   * per-batch divergence check), and `chainOut` is the chains after the last step (no `dLogVariance` output).
   */
  steps?: number;
  /**
   * With `steps`: after every `measureEvery`-th step (0, measureEvery, 2·measureEvery, …) also output
   * `updateSq_s{t}` = ‖ΔW‖² and `valueSq_s{t}` = ‖W‖² (float64 sums of the float32 values, as sumOfSquares in
   * update.ts: a float32 sum overflows once weights reach ~1e18, which fit() would take for divergence) for the
   * update ratio fit() reports.
   */
  measureEvery?: number;
}

/** The name of per-batch input `name` for step `t` of a graph that runs `steps` steps (unchanged for one step). */
export function stepInput(name: string, t: number, steps: number): string {
  return steps === 1 ? name : `${name}_s${t}`;
}

/** Steps after which a multi-step graph outputs the update-ratio sums (see `measureEvery`). */
export function measuredSteps(s: CDGraphSpec): number[] {
  const steps = s.steps ?? 1;
  if (steps === 1 || !s.measureEvery) return [];
  return Array.from({ length: steps }, (_, t) => t).filter((t) => t % s.measureEvery! === 0);
}

/** Names of the graph's inputs, in the order the engine feeds them. */
export function cdGraphInputs(s: CDGraphSpec): string[] {
  const steps = s.steps ?? 1;
  const names = ['W', 'visibleBias', 'hiddenBias', 'invBatch', 'batchMean'];
  if (sigmaInGraph(s)) names.push('logSigma', 'velocityLogVariance', 'logMinSigma');
  else if (s.gaussian && !s.unitSigma) names.push('sigma', 'invVar');
  if (s.pcd) names.push('chain');
  for (let i = 0; i < steps; i++) {
    const at = (n: string) => stepInput(n, i, steps);
    names.push(at('v0'));
    for (let t = 0; t < s.k; t++) names.push(at(`hiddenUniforms${t}`));
    if (s.sampleVisible) for (let t = 0; t < s.k; t++) names.push(at(`visibleNoise${t}`));
  }
  if (s.update) names.push(...UPDATE_INPUTS);
  return names;
}

/** Whether σ is updated inside the graph (an update graph with a learned σ). */
function sigmaInGraph(s: CDGraphSpec): boolean {
  return !!(s.update && s.gaussian && s.learnSigma);
}

/** The extra inputs of an `update` graph: velocities (momentum buffers) and the update's hyperparameters. */
export const UPDATE_INPUTS = ['velocityW', 'velocityVisibleBias', 'velocityHiddenBias', 'learningRate', 'momentum', 'weightDecay'] as const;

/**
 * Builds the serialised ONNX model of one CD-k step (or, with `steps`, of several in a row). The batch size is a
 * run-time dimension 'B' (the same for every step of one run).
 * @throws Error for `steps` > 1 without `update`.
 */
export function buildCDGraph(s: CDGraphSpec): Uint8Array {
  const steps = s.steps ?? 1;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`buildCDGraph: steps must be a positive integer, got ${steps}`);
  if (steps > 1 && !s.update) throw new Error('buildCDGraph: several steps per run need update: true');
  const g = new GraphBuilder();
  const nv = s.nVisible;
  const nh = s.nHidden;
  const W0 = g.input('W', [nv, nh]);
  const b0 = g.input('visibleBias', [nv]);
  const c0 = g.input('hiddenBias', [nh]);
  const invBatch = g.input('invBatch', [1]); // 1 / B, as the batch size varies at run time
  const batchMean = g.input('batchMean', ['B']); // B copies of 1 / B: batch means as a product (see mean0)
  const learnSigma = s.gaussian && s.learnSigma;
  const updateSigma = sigmaInGraph(s);
  // σ and 1/σ² are inputs, or with σ updated in the graph computed from log σ at every step.
  if (s.unitSigma && (!s.gaussian || learnSigma)) throw new Error('buildCDGraph: unitSigma is for Gaussian units with a fixed σ');
  const sigmaInputs = s.gaussian && !updateSigma && !s.unitSigma;
  let sigma = sigmaInputs ? g.input('sigma', [nv]) : '';
  let invVar = sigmaInputs ? g.input('invVar', [nv]) : '';
  let logSigma = updateSigma ? g.input('logSigma', [nv]) : '';
  let velocityZ = updateSigma ? g.input('velocityLogVariance', [nv]) : '';
  const logMinSigma = updateSigma ? g.input('logMinSigma', [1]) : '';
  const half = learnSigma ? g.constant('half', [0.5], [1]) : '';
  const two = updateSigma ? g.constant('two', [2], [1]) : '';
  const minusTwo = updateSigma ? g.constant('minusTwo', [-2], [1]) : '';
  const lr = s.update ? g.input('learningRate', [1]) : '';
  const mu = s.update ? g.input('momentum', [1]) : '';
  const lambda = s.update ? g.input('weightDecay', [1]) : '';
  // With the update fused, the scale of the dW product is ε/B (learning rate ε), so the Gemm yields ε·dW directly.
  const scale = s.update ? g.op('Mul', [invBatch, lr]) : invBatch;
  const negScale = g.op('Neg', [scale]);
  const lrLambda = s.update ? g.op('Mul', [lr, lambda]) : '';

  const scaled = (v: string) => (s.gaussian && !s.unitSigma ? g.op('Mul', [v, invVar]) : v); // v / σ²
  const bernoulli = (p: string, u: string) => g.op('Cast', [g.op('Less', [u, p])], { to: 1 }); // 1 where u < p
  // Column means of a B × n matrix as the product (1/B, …, 1/B) · x: onnxruntime's ReduceMean over axis 0 took
  // ~25 µs per call here, the 1-row MatMul a few µs.
  const mean0 = (x: string) => g.op('MatMul', [batchMean, x]);

  // The state carried from step to step: parameters, velocities, persistent chains.
  let W = W0;
  let b = b0;
  let c = c0;
  let velocityW = s.update ? g.input('velocityW', [nv, nh]) : '';
  let velocityB = s.update ? g.input('velocityVisibleBias', [nv]) : '';
  let velocityC = s.update ? g.input('velocityHiddenBias', [nh]) : '';
  let chain = s.pcd ? g.input('chain', ['B', nv]) : '';
  const hiddenMeans: string[] = [];
  const hiddenBiases: string[] = [];
  const measured = new Set(measuredSteps(s));
  for (let step = 0; step < steps; step++) {
    const at = (n: string) => stepInput(n, step, steps);
    const last = step === steps - 1;
    if (updateSigma) {
      sigma = g.op('Exp', [logSigma]);
      invVar = g.op('Exp', [g.op('Mul', [logSigma, minusTwo])]);
    }
    // This step's parameters, before its update (the σ statistic below reads them).
    const [Wt, bt] = [W, b];
    // Gemm computes alpha·A'·B' + C, with A' = Aᵀ when transA = 1 (fast in onnxruntime, unlike tfjs-wasm).
    const hiddenProbs = (v: string) => g.op('Sigmoid', [g.op('Gemm', [scaled(v), W, c])]);
    const visibleMean = (h: string) => {
      const a = g.op('Gemm', [h, W, b], { transB: 1 }); // h·Wᵀ + b
      return s.gaussian ? a : g.op('Sigmoid', [a]);
    };

    const v0 = g.input(at('v0'), ['B', nv]);
    const ph0 = hiddenProbs(v0);
    let v = s.pcd ? chain : v0;
    let ph = s.pcd ? hiddenProbs(v) : ph0;
    for (let t = 0; t < s.k; t++) {
      const h = bernoulli(ph, g.input(at(`hiddenUniforms${t}`), ['B', nh]));
      v = visibleMean(h);
      if (s.sampleVisible) {
        const noise = g.input(at(`visibleNoise${t}`), ['B', nv]);
        v = s.gaussian ? g.op('Add', [v, s.unitSigma ? noise : g.op('Mul', [noise, sigma])]) : bernoulli(v, noise);
      }
      ph = hiddenProbs(v);
    }

    // dW = (x₀ᵀ·ph₀ − xₖᵀ·phₖ) / B as ONE Gemm over the stacked batch, [x₀; xₖ]ᵀ · [ph₀/B; −phₖ/B]: a single pass
    // over the nv × nh result instead of two (onnxruntime's profiler: 0.36 ms vs 0.40 ms at 513 × 256 × 64).
    const stackedX = g.op('Concat', [scaled(v0), scaled(v)], { axis: 0 });
    const stackedPh = g.op('Concat', [g.op('Mul', [ph0, scale]), g.op('Mul', [ph, negScale])], { axis: 0 });
    const dVisibleBias = mean0(scaled(g.op('Sub', [v0, v]))); // ⟨(v₀ − b)/σ²⟩ − ⟨(vₖ − b)/σ²⟩
    const hiddenMean = mean0(ph0);
    hiddenMeans.push(hiddenMean);
    const dHiddenBias = g.op('Sub', [hiddenMean, mean0(ph)]);
    if (s.update) {
      // momentumStep of src/rbm/training/update.ts: Δθ = μ·velocity + ε·(g − λθ), θ ← θ + Δθ, velocity ← Δθ (λ on W only).
      // For W this is Xᵀ·P + (μ·velocity − ελ·W): the bracket goes in as the Gemm's C input, so the whole weight
      // update costs three elementwise passes and the add. The last step's outputs are named directly (no Identity copies).
      const carried = g.op('Sub', [g.op('Mul', [velocityW, mu]), g.op('Mul', [W, lrLambda])]);
      velocityW = g.op('Gemm', [stackedX, stackedPh, carried], { transA: 1 }, last ? 'newVelocityW' : undefined);
      W = g.op('Add', [W, velocityW], {}, last ? 'newW' : undefined);
      velocityB = g.op('Add', [g.op('Mul', [velocityB, mu]), g.op('Mul', [dVisibleBias, lr])], {}, last ? 'newVelocityVisibleBias' : undefined);
      b = g.op('Add', [b, velocityB], {}, last ? 'newVisibleBias' : undefined);
      velocityC = g.op('Add', [g.op('Mul', [velocityC, mu]), g.op('Mul', [dHiddenBias, lr])], {}, last ? 'newVelocityHiddenBias' : undefined);
      c = g.op('Add', [c, velocityC], {}, last ? 'newHiddenBias' : undefined);
      hiddenBiases.push(c);
      if (measured.has(step)) {
        const sumSq = (x: string) => g.op('ReduceSumSquare', [g.op('Cast', [x], { to: DOUBLE })], { keepdims: 0 });
        g.output(`updateSq_s${step}`, sumSq(velocityW), [], DOUBLE);
        g.output(`valueSq_s${step}`, sumSq(W), [], DOUBLE);
      }
    } else {
      g.output('dW', g.op('Gemm', [stackedX, stackedPh], { transA: 1 }), [nv, nh]);
      g.output('dVisibleBias', dVisibleBias, [nv]);
      g.output('dHiddenBias', dHiddenBias, [nh]);
    }
    if (learnSigma) {
      // −∂E/∂zᵢ = e^{−zᵢ} ((vᵢ − bᵢ)²/2 − vᵢ Σⱼ Wᵢⱼ hⱼ), data minus model, at this step's W and b
      const stat = (x: string, h: string) => {
        const d = g.op('Sub', [x, bt]);
        const wh = g.op('Gemm', [h, Wt], { transB: 1 });
        return mean0(g.op('Sub', [g.op('Mul', [g.op('Mul', [d, d]), half]), g.op('Mul', [x, wh])]));
      };
      const dLogVariance = g.op('Mul', [g.op('Sub', [stat(v0, ph0), stat(v, ph)]), invVar]);
      if (steps === 1) g.output('dLogVariance', dLogVariance, [nv]);
      if (updateSigma) {
        // fit()'s σ step: momentumStep on z = 2 log σ (no decay), then log σ = max(z / 2, log MIN_SIGMA)
        velocityZ = g.op('Add', [g.op('Mul', [velocityZ, mu]), g.op('Mul', [dLogVariance, lr])], {}, last ? 'newVelocityLogVariance' : undefined);
        const z = g.op('Add', [g.op('Mul', [logSigma, two]), velocityZ]);
        logSigma = g.op('Max', [g.op('Mul', [z, half]), logMinSigma], {}, last ? 'newLogSigma' : undefined);
      }
    }
    chain = v;
  }
  if (s.update) {
    for (const [name, value, n] of [['newVelocityW', velocityW, [nv, nh]], ['newW', W, [nv, nh]], ['newVelocityVisibleBias', velocityB, [nv]],
      ['newVisibleBias', b, [nv]], ['newVelocityHiddenBias', velocityC, [nh]], ['newHiddenBias', c, [nh]]] as const) g.output(name, value, [...n]);
    if (updateSigma) {
      g.output('newVelocityLogVariance', velocityZ, [nv]);
      g.output('newLogSigma', logSigma, [nv]);
    }
  }
  if (steps === 1) g.output('hiddenMean', hiddenMeans[0], [nh]);
  else {
    g.output('hiddenMean', g.op('Concat', hiddenMeans, { axis: 0 }), [steps * nh]);
    g.output('hiddenBiases', g.op('Concat', hiddenBiases, { axis: 0 }), [steps * nh]);
  }
  if (s.pcd) g.output('chainOut', chain, ['B', nv]);
  return g.toModel('rbm_cd_step');
}
