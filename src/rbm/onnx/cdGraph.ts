/**
 * The CD-k gradient as one ONNX graph: the same computation as `cdGradientTf` (src/rbm/cdStep.ts), node for
 * node, so onnxruntime can run a whole step in one call on all cores. Inputs are the parameters, the batch and
 * the random draws (made in JS by our seeded Random); outputs are the gradient arrays of `CDGradient`.
 */
import { GraphBuilder } from './graph';

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
}

/** Names of the graph's inputs, in the order the engine feeds them. */
export function cdGraphInputs(s: CDGraphSpec): string[] {
  const names = ['v0', 'W', 'visibleBias', 'hiddenBias', 'invBatch'];
  if (s.gaussian) names.push('sigma', 'invVar');
  if (s.pcd) names.push('chain');
  for (let t = 0; t < s.k; t++) names.push(`hiddenUniforms${t}`);
  if (s.sampleVisible) for (let t = 0; t < s.k; t++) names.push(`visibleNoise${t}`);
  return names;
}

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

  // dW = (x₀ᵀ·ph₀ − xₖᵀ·phₖ) / B, as two Gemms: the second adds −xₖᵀ·(phₖ/B) to the first's result.
  const posPh = g.op('Mul', [ph0, invBatch]);
  const negPh = g.op('Mul', [ph, invBatch]);
  const positive = g.op('Gemm', [scaled(v0), posPh], { transA: 1 });
  g.output('dW', g.op('Gemm', [scaled(v), negPh, positive], { transA: 1, alpha: { f: -1 } }), [nv, nh]);
  const mean0 = (x: string) => g.op('ReduceMean', [x], { axes: [0], keepdims: 0 });
  g.output('dVisibleBias', mean0(scaled(g.op('Sub', [v0, v]))), [nv]); // ⟨(v₀ − b)/σ²⟩ − ⟨(vₖ − b)/σ²⟩
  const hiddenMean = mean0(ph0);
  g.output('hiddenMean', hiddenMean, [nh]);
  g.output('dHiddenBias', g.op('Sub', [hiddenMean, mean0(ph)]), [nh]);
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
