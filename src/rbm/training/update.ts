/**
 * The parameter update shared by every RBM variant (the ConditionalRBM reuses it): gradient ascent with
 * momentum, L2 weight decay and a sparsity penalty, in plain JavaScript over Float32Arrays (Hinton 2010 guide
 * §9–11). The optimiser state (velocities) stays in plain arrays that checkpoints save exactly. This is the
 * readable reference of the rule; the ONNX engine runs the same rule inside its graph (onnx/cdGraph.ts,
 * `update: true`), because at 513 × 256 this loop takes ~0.6 ms per step here, as long as the matrix products.
 */

/** Hyperparameters of one update. */
export interface UpdateSettings {
  learningRate: number;
  momentum: number;
  /** L2 weight-decay coefficient λ, applied to weights only (guide §10: not to biases). */
  weightDecay: number;
  /** Target mean activation p of each hidden unit (guide §11); 0 disables the penalty. */
  sparsityTarget: number;
  /** Weight of the sparsity penalty. */
  sparsityCost: number;
  /** Decay λ of the running estimate q of each hidden unit's activation (guide §11.1: 0.9–0.99). */
  sparsityDecay: number;
}

/** One parameter array, its gradient (ascent direction) and its velocity (momentum buffer). */
export interface ParamGroup {
  value: Float32Array;
  grad: Float32Array;
  velocity: Float32Array;
  /** Apply L2 weight decay to this group (weights only). */
  decay?: boolean;
}

/**
 * Classical momentum (guide §9): `Δθ ← μ·Δθ + ε·(g − λθ)`, then `θ ← θ + Δθ`, for every group.
 * With `measure`, also returns ‖Δθ‖² and ‖θ‖² summed over the groups flagged `decay` (the weights) for the
 * update ratio of guide §15; without, those are NaN (the extra sums cost ~30% of the update, so fit() measures
 * only every few batches).
 */
export function momentumStep(groups: ParamGroup[], s: UpdateSettings, measure = false): { updateSq: number; valueSq: number } {
  let updateSq = measure ? 0 : NaN;
  let valueSq = measure ? 0 : NaN;
  const mu = s.momentum; // locals rather than property reads inside the hot loops
  const lr = s.learningRate;
  for (const g of groups) {
    const lambda = g.decay ? s.weightDecay : 0;
    const { value, grad, velocity } = g;
    for (let i = 0; i < value.length; i++) {
      const d = mu * velocity[i] + lr * (grad[i] - lambda * value[i]);
      velocity[i] = d;
      value[i] += d;
    }
    if (measure && g.decay) {
      updateSq += sumOfSquares(velocity);
      valueSq += sumOfSquares(value);
    }
  }
  return { updateSq, valueSq };
}

/**
 * Adds the sparsity penalty's gradient to the hidden-bias and weight gradients (guide §11): with q the running
 * mean activation of hidden unit j, the cross-entropy penalty's derivative w.r.t. its total input is (qⱼ − p), so
 * we subtract cost·(qⱼ − p) from the hidden-bias gradient and cost·(qⱼ − p)·⟨xᵢ⟩ from the weight gradient, where
 * ⟨xᵢ⟩ is the batch mean of the (σ²-scaled) visible input. Updates `q` in place from this batch's `hiddenMean`.
 */
export function addSparsityGradient(
  q: Float32Array,
  hiddenMean: Float32Array,
  meanInput: Float32Array,
  dW: Float32Array,
  dHiddenBias: Float32Array,
  s: UpdateSettings,
): void {
  if (s.sparsityTarget <= 0 || s.sparsityCost <= 0) return;
  const nh = q.length;
  for (let j = 0; j < nh; j++) {
    q[j] = s.sparsityDecay * q[j] + (1 - s.sparsityDecay) * hiddenMean[j];
    dHiddenBias[j] -= s.sparsityCost * (q[j] - s.sparsityTarget);
  }
  for (let i = 0; i < meanInput.length; i++) {
    const x = meanInput[i];
    for (let j = 0; j < nh; j++) dW[i * nh + j] -= s.sparsityCost * (q[j] - s.sparsityTarget) * x;
  }
}

/**
 * Σ aᵢ² in float64 (for the update ratio ‖ΔW‖ / ‖W‖ of guide §15). Four running sums instead of one: the additions
 * no longer wait on each other, ~2.5× faster on a 513 × 256 array (0.2 ms instead of 0.55; fit() measures two such
 * arrays every 8th step, which was ~8 % of a batch-10 step on the onnx engine).
 */
export function sumOfSquares(a: Float32Array): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const n4 = a.length - (a.length % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    const x0 = a[i], x1 = a[i + 1], x2 = a[i + 2], x3 = a[i + 3];
    s0 += x0 * x0;
    s1 += x1 * x1;
    s2 += x2 * x2;
    s3 += x3 * x3;
  }
  for (; i < a.length; i++) s0 += a[i] * a[i];
  return s0 + s1 + (s2 + s3);
}
