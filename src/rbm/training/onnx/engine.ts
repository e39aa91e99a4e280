/**
 * The ONNX engine: runs the CD-k graph of cdGraph.ts in onnxruntime-node (an optional dependency that ships its
 * CPU library inside the npm package). Measured ~4× faster than tfjs-wasm per step on 2 cores (bench/rbm.bench.ts),
 * because onnxruntime's matrix products are multi-threaded and the whole step is one native call.
 *
 * fit() uses `trainStep`, whose graph also does the momentum / weight-decay update (cdGraph.ts, `update: true`):
 * profiling a 513 × 256 × 64 step showed ~0.8 ms in the graph and ~0.6 ms in the JS update loop, so moving the
 * update into the graph is the largest saving. The new parameters and velocities are written by onnxruntime straight
 * into the model's own arrays (passed as `fetches`, see inPlaceFetches); other outputs go into arrays allocated once.
 *
 * The largest overhead left is outside our code: onnxruntime-node (1.30) also copies every output, pre-allocated
 * or not, into a freshly allocated ArrayBuffer for the result object it returns (OrtValueToNapiValue in its
 * tensor_helper.cc; a probe confirmed `result.y.data` is never the array we passed). Each step therefore allocates
 * 2 × nVisible·nHidden·4 bytes (1 MB at 513 × 256) that only a garbage collection frees, and V8 collects on that
 * "external memory pressure": in fit() at batch 10, 211 collections in 2400 steps took ~20 % of the time (load ~9).
 * `trainSteps` therefore runs several mini-batches per call (the update graph unrolled S times, cdGraph.ts `steps`;
 * fit() hands over S = 8 batches and their random draws at once), which divides this, and the fixed cost of a call
 * (~2 ms inside onnxruntime on the loaded 2-core machine: 0.95 ms per step at S = 8 vs 0.74 at S = 32, batch 10), by S.
 * With a learned σ the update graphs also do fit()'s σ step, so that σ too can stay inside for S steps.
 */
import { availableParallelism } from 'node:os';
import type { CDBatch, CDGradient } from '../cdStep';
import type { EngineSpec, MultiStepEngine, TrainStepResult, TrainStepsResult, Velocities } from '../engineTypes';
import type { RBMParams } from '../../types';
import { sumOfSquares, type UpdateSettings } from '../update';
import { buildCDGraph, cdGraphInputs, measuredSteps, stepInput, type CDGraphSpec } from './cdGraph';

/** Threads for onnxruntime's matrix products: the machine's cores, at most 2 (the 2-core target); env RBM_ONNX_THREADS overrides. */
export const ONNX_THREADS = Number(process.env.RBM_ONNX_THREADS) || Math.max(1, Math.min(2, availableParallelism()));

/**
 * Whether onnxruntime's worker threads busy-wait between operators (its default). We turn it off: on a machine
 * that is also running other work (a notebook, a browser, other processes) spinning threads fight for the cores,
 * and we measured a CD-1 step at 7–8 ms with spinning vs 1.2 ms without (2 threads, 2 cores, load ~8).
 * Set RBM_ONNX_SPIN=1 to turn it back on for an otherwise idle machine.
 */
export const ONNX_SPIN = process.env.RBM_ONNX_SPIN === '1';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- onnxruntime-node is optional, loaded with require()
type Ort = any;

/** An onnxruntime session for one graph. */
async function openSession(ort: Ort, graph: CDGraphSpec): Promise<Ort> {
  const spin = ONNX_SPIN ? '1' : '0';
  return ort.InferenceSession.create(buildCDGraph(graph), {
    intraOpNumThreads: ONNX_THREADS, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  });
}

/** An engine for models shaped like `p`, trained as `spec` says (with `trainStep` when `spec.fuseUpdate`). */
export async function createOnnxEngine(p: Pick<RBMParams, 'visible' | 'nVisible' | 'nHidden' | 'learnSigma'> & { logSigma?: Float32Array }, spec: EngineSpec): Promise<MultiStepEngine> {
  const ort: Ort = require('onnxruntime-node');
  const graph: CDGraphSpec = {
    nVisible: p.nVisible, nHidden: p.nHidden, gaussian: p.visible === 'gaussian', learnSigma: p.visible === 'gaussian' && p.learnSigma !== false,
    k: spec.k, pcd: spec.pcd, sampleVisible: spec.sampleVisible,
    // A fixed σ of 1 everywhere (σ never changes when it is fixed): skip the ×1/σ² and ×σ.
    unitSigma: p.visible === 'gaussian' && p.learnSigma === false && !!p.logSigma?.every((x) => x === 0),
  };
  const updateGraph: CDGraphSpec = { ...graph, update: true };
  // Several steps per call: update graphs only.
  const stepsPerCall = spec.fuseUpdate ? Math.max(1, Math.floor(spec.stepsPerCall ?? 1)) : 1;
  const logMinSigma = Math.log(spec.minSigma ?? 0.05);
  /** The S-step graph for each group size S > 1 that trainSteps is asked for. */
  const stepsGraphs = new Map<number, CDGraphSpec>();
  const stepsGraph = (n: number) => stepsGraphs.get(n) ?? stepsGraphs.set(n, { ...updateGraph, steps: n, measureEvery: spec.measureEvery }).get(n)!;
  const specOf = (which: 'gradient' | 'update' | number) => (which === 'gradient' ? graph : which === 'update' ? updateGraph : stepsGraph(which));
  // One session per graph, opened when first needed: fit() runs the update graphs, tests all of them.
  const sessions = new Map<'gradient' | 'update' | number, Promise<Ort>>();
  const session = (which: 'gradient' | 'update' | number) => {
    if (!sessions.has(which)) sessions.set(which, openSession(ort, specOf(which)));
    return sessions.get(which)!;
  };
  // Open the ones fit() will use now, outside the timed epochs (by default the one-step graph and the largest group).
  if (!spec.fuseUpdate) await session('gradient');
  else {
    const sizes = spec.callSizes ?? [1, stepsPerCall];
    for (const n of new Set(sizes.filter((x) => x <= stepsPerCall))) await session(n === 1 ? 'update' : n);
  }
  const { nVisible: nv, nHidden: nh } = graph;
  const f32 = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
  const scalar = (x: number) => f32(new Float32Array([x]), [1]);

  /** B copies of 1 / B (the graph's `batchMean` input), made once per batch size. */
  const batchMeans = new Map<number, Float32Array>();
  const batchMean = (B: number) => batchMeans.get(B) ?? batchMeans.set(B, new Float32Array(B).fill(1 / B)).get(B)!;

  /** The inputs every graph shares: parameters, the first batch's chains, and each batch with its random draws. */
  function commonFeeds(params: RBMParams, batches: CDBatch[], update: boolean): Record<string, unknown> {
    const B = batches[0].rows;
    const feeds: Record<string, unknown> = {
      W: f32(params.W, [nv, nh]), visibleBias: f32(params.visibleBias, [nv]),
      hiddenBias: f32(params.hiddenBias, [nh]), invBatch: scalar(1 / B), batchMean: f32(batchMean(B), [B]),
    };
    if (graph.learnSigma && update) {
      feeds.logSigma = f32(params.logSigma!, [nv]); // the update graphs compute σ from log σ at every step
      feeds.logMinSigma = scalar(logMinSigma);
    } else if (graph.unitSigma) {
      if (!params.logSigma!.every((x) => x === 0)) throw new Error('onnx engine: built for σ = 1, but the model\'s σ has changed');
    } else if (graph.gaussian) {
      feeds.sigma = f32(params.logSigma!.map(Math.exp), [nv]);
      feeds.invVar = f32(params.logSigma!.map((s) => Math.exp(-2 * s)), [nv]);
    }
    if (batches[0].chain) feeds.chain = f32(batches[0].chain, [B, nv]);
    batches.forEach((batch, i) => {
      if (!!batch.chain !== graph.pcd || (batch.visibleNoise !== undefined) !== graph.sampleVisible || batch.hiddenUniforms.length !== graph.k) {
        throw new Error('onnx engine: the batch does not match the graph it was built for (k, pcd or sampleVisible)');
      }
      if (batch.rows !== B) throw new Error(`onnx engine: the batches of one call must have the same size, got ${B} and ${batch.rows} rows`);
      const at = (name: string) => stepInput(name, i, batches.length);
      feeds[at('v0')] = f32(batch.v0, [B, nv]);
      batch.hiddenUniforms.forEach((u, t) => (feeds[at(`hiddenUniforms${t}`)] = f32(u, [B, nh])));
      batch.visibleNoise?.forEach((u, t) => (feeds[at(`visibleNoise${t}`)] = f32(u, [B, nv])));
    });
    return feeds;
  }

  /** The update graphs' extra inputs: velocities and the update's hyperparameters. */
  function updateFeeds(velocity: Velocities, s: UpdateSettings): Record<string, unknown> {
    if (graph.learnSigma && !velocity.logVariance) throw new Error('onnx engine: a learned σ needs velocity.logVariance');
    return {
      ...(graph.learnSigma ? { velocityLogVariance: f32(velocity.logVariance!, [nv]) } : {}),
      velocityW: f32(velocity.W, [nv, nh]), velocityVisibleBias: f32(velocity.visibleBias, [nv]), velocityHiddenBias: f32(velocity.hiddenBias, [nh]),
      learningRate: scalar(s.learningRate), momentum: scalar(s.momentum), weightDecay: scalar(s.weightDecay),
    };
  }

  const inputNames = new Map<CDGraphSpec, string[]>();
  function checkFeeds(feeds: Record<string, unknown>, g: CDGraphSpec): void {
    const names = inputNames.get(g) ?? inputNames.set(g, cdGraphInputs(g)).get(g)!;
    if (Object.keys(feeds).length !== names.length) throw new Error(`onnx engine: fed ${Object.keys(feeds).join(',')} but the graph takes ${names.join(',')}`);
  }

  /**
   * Output arrays of the update graph and the tensors wrapping them (onnxruntime writes into these), made once
   * per batch size: the last batch of an epoch may be smaller, and the chains' shape follows the batch.
   */
  const outputsByRows = new Map<number, { arrays: Record<string, Float32Array>; fetches: Record<string, unknown> }>();
  function outputs(B: number) {
    let o = outputsByRows.get(B);
    if (!o) {
      const shapes: Record<string, number[]> = {
        newW: [nv, nh], newVelocityW: [nv, nh], newVisibleBias: [nv], newVelocityVisibleBias: [nv], newHiddenBias: [nh], newVelocityHiddenBias: [nh], hiddenMean: [nh],
      };
      if (graph.learnSigma) shapes.dLogVariance = [nv];
      if (graph.pcd) shapes.chainOut = [B, nv];
      o = allocate(shapes);
      outputsByRows.set(B, o);
    }
    return o;
  }
  function allocate(shapes: Record<string, number[]>) {
    const o: { arrays: Record<string, Float32Array>; sums: Record<string, Float64Array>; fetches: Record<string, unknown> } = { arrays: {}, sums: {}, fetches: {} };
    for (const [name, dims] of Object.entries(shapes)) {
      o.arrays[name] = new Float32Array(dims.reduce((n, d) => n * d, 1));
      o.fetches[name] = f32(o.arrays[name], dims);
    }
    return o;
  }

  /** The outputs of the n-step graph that do not go into the caller's arrays, per n and batch size. */
  const stepsOutputsBy = new Map<string, ReturnType<typeof allocate>>();
  function stepsOutputs(n: number, B: number) {
    let o = stepsOutputsBy.get(`${n}x${B}`);
    if (!o) {
      const shapes: Record<string, number[]> = { hiddenMean: [n * nh], hiddenBiases: [n * nh] };
      if (graph.pcd) shapes.chainOut = [B, nv];
      o = allocate(shapes);
      for (const t of measuredSteps(stepsGraph(n))) {
        for (const name of [`updateSq_s${t}`, `valueSq_s${t}`]) {
          o.sums[name] = new Float64Array(1);
          o.fetches[name] = new ort.Tensor('float64', o.sums[name], []);
        }
      }
      stepsOutputsBy.set(`${n}x${B}`, o);
    }
    return o;
  }

  /**
   * Output tensors over the caller's own parameter and velocity arrays, so onnxruntime writes the new values straight
   * into them: no copy back afterwards (two 513 × 256 memcpys per step, ~15% of the CPU time of a batch-10 step).
   * Safe because in the update graph every node that reads an input runs before the node that writes its new value:
   * velocity → Mul(velocity, μ) → … → new velocity; W, c → every Gemm of the Gibbs chain → dW → new W, new c. The
   * one exception is a learned σ, whose statistic reads W and b independently of the update: then in the one-step
   * graph those two are written to separate arrays and copied (log σ and its velocity are safe: their new values
   * follow the statistic). In the multi-step graph everything is safe through the chain of steps: every reader of
   * an input is an ancestor of the first step's new values (σ's included), which are ancestors of the last step's.
   */
  function inPlaceFetches(params: RBMParams, velocity: Velocities, steps: number): Record<string, unknown> {
    const f: Record<string, unknown> = {
      newVelocityW: f32(velocity.W, [nv, nh]), newVelocityVisibleBias: f32(velocity.visibleBias, [nv]), newVelocityHiddenBias: f32(velocity.hiddenBias, [nh]),
      newHiddenBias: f32(params.hiddenBias, [nh]),
    };
    if (!graph.learnSigma || steps > 1) Object.assign(f, { newW: f32(params.W, [nv, nh]), newVisibleBias: f32(params.visibleBias, [nv]) });
    if (graph.learnSigma) Object.assign(f, { newLogSigma: f32(params.logSigma!, [nv]), newVelocityLogVariance: f32(velocity.logVariance!, [nv]) });
    return f;
  }
  return {
    name: 'onnx',
    stepsPerCall,
    async gradient(params: RBMParams, batch: CDBatch): Promise<CDGradient> {
      const feeds = commonFeeds(params, [batch], false);
      checkFeeds(feeds, graph);
      const r = await (await session('gradient')).run(feeds);
      return {
        dW: r.dW.data, dVisibleBias: r.dVisibleBias.data, dHiddenBias: r.dHiddenBias.data, hiddenMean: r.hiddenMean.data,
        dLogVariance: r.dLogVariance?.data, chain: r.chainOut?.data,
      };
    },
    async trainStep(params: RBMParams, velocity: Velocities, batch: CDBatch, s: UpdateSettings, measure = false): Promise<TrainStepResult> {
      const feeds = { ...commonFeeds(params, [batch], true), ...updateFeeds(velocity, s) };
      checkFeeds(feeds, updateGraph);
      const { arrays: out, fetches } = outputs(batch.rows);
      await (await session('update')).run(feeds, { ...fetches, ...inPlaceFetches(params, velocity, 1) });
      if (graph.learnSigma) {
        // Copied after the run: with σ learned the graph may still read W and b after writing the new ones.
        params.W.set(out.newW);
        params.visibleBias.set(out.newVisibleBias);
      }
      return {
        hiddenMean: out.hiddenMean.slice(), updateSq: measure ? sumOfSquares(velocity.W) : NaN, valueSq: measure ? sumOfSquares(params.W) : NaN,
        dLogVariance: out.dLogVariance?.slice(), chain: out.chainOut, // chain: valid until the next step (fit() copies it at once)
      };
    },
    async trainSteps(params: RBMParams, velocity: Velocities, batches: CDBatch[], s: UpdateSettings): Promise<TrainStepsResult> {
      const n = batches.length;
      if (!(n >= 2 && n <= stepsPerCall)) throw new Error(`onnx engine: trainSteps takes 2 to ${stepsPerCall} batches (stepsPerCall), got ${n}`);
      const feeds = { ...commonFeeds(params, batches, true), ...updateFeeds(velocity, s) };
      checkFeeds(feeds, stepsGraph(n));
      const { arrays: out, sums, fetches } = stepsOutputs(n, batches[0].rows);
      await (await session(n)).run(feeds, { ...fetches, ...inPlaceFetches(params, velocity, n) });
      const updateSq = new Array<number>(n).fill(NaN);
      const valueSq = new Array<number>(n).fill(NaN);
      for (const t of measuredSteps(stepsGraph(n))) {
        updateSq[t] = sums[`updateSq_s${t}`][0];
        valueSq[t] = sums[`valueSq_s${t}`][0];
      }
      return {
        hiddenMeans: batches.map((_, t) => out.hiddenMean.subarray(t * nh, (t + 1) * nh)),
        hiddenBiases: batches.map((_, t) => out.hiddenBiases.subarray(t * nh, (t + 1) * nh)),
        updateSq, valueSq, chain: out.chainOut,
      };
    },
    dispose() {
      for (const s of sessions.values()) void s.then((x) => x.release?.());
    },
  };
}
