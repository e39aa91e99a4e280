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
 * Running several mini-batches per call (an unrolled S-step graph, with fit() handing over S batches at once) would
 * divide this, and the per-call cost, by S.
 */
import { availableParallelism } from 'node:os';
import type { CDBatch, CDGradient } from '../cdStep';
import type { EngineSpec, FusedCDEngine, TrainStepResult, Velocities } from '../engineTypes';
import type { RBMParams } from '../../types';
import { sumOfSquares, type UpdateSettings } from '../update';
import { buildCDGraph, cdGraphInputs, type CDGraphSpec } from './cdGraph';

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
export async function createOnnxEngine(p: Pick<RBMParams, 'visible' | 'nVisible' | 'nHidden' | 'learnSigma'>, spec: EngineSpec): Promise<FusedCDEngine> {
  const ort: Ort = require('onnxruntime-node');
  const graph: CDGraphSpec = {
    nVisible: p.nVisible, nHidden: p.nHidden, gaussian: p.visible === 'gaussian', learnSigma: p.visible === 'gaussian' && p.learnSigma !== false,
    k: spec.k, pcd: spec.pcd, sampleVisible: spec.sampleVisible,
  };
  const updateGraph: CDGraphSpec = { ...graph, update: true };
  // One session per graph, opened when first needed: fit() only runs the update graph, tests run both.
  const sessions = new Map<boolean, Promise<Ort>>();
  const session = (update: boolean) => {
    if (!sessions.has(update)) sessions.set(update, openSession(ort, update ? updateGraph : graph));
    return sessions.get(update)!;
  };
  await session(!!spec.fuseUpdate); // open the one fit() will use now, outside the timed epochs
  const { nVisible: nv, nHidden: nh } = graph;
  const f32 = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
  const scalar = (x: number) => f32(new Float32Array([x]), [1]);

  /** B copies of 1 / B (the graph's `batchMean` input), made once per batch size. */
  const batchMeans = new Map<number, Float32Array>();
  const batchMean = (B: number) => batchMeans.get(B) ?? batchMeans.set(B, new Float32Array(B).fill(1 / B)).get(B)!;

  /** The inputs both graphs share: batch, parameters, random draws. */
  function commonFeeds(params: RBMParams, batch: CDBatch): Record<string, unknown> {
    const B = batch.rows;
    if (!!batch.chain !== graph.pcd || (batch.visibleNoise !== undefined) !== graph.sampleVisible || batch.hiddenUniforms.length !== graph.k) {
      throw new Error('onnx engine: the batch does not match the graph it was built for (k, pcd or sampleVisible)');
    }
    const feeds: Record<string, unknown> = {
      v0: f32(batch.v0, [B, nv]), W: f32(params.W, [nv, nh]), visibleBias: f32(params.visibleBias, [nv]),
      hiddenBias: f32(params.hiddenBias, [nh]), invBatch: scalar(1 / B), batchMean: f32(batchMean(B), [B]),
    };
    if (graph.gaussian) {
      feeds.sigma = f32(params.logSigma!.map(Math.exp), [nv]);
      feeds.invVar = f32(params.logSigma!.map((s) => Math.exp(-2 * s)), [nv]);
    }
    if (batch.chain) feeds.chain = f32(batch.chain, [B, nv]);
    batch.hiddenUniforms.forEach((u, t) => (feeds[`hiddenUniforms${t}`] = f32(u, [B, nh])));
    batch.visibleNoise?.forEach((u, t) => (feeds[`visibleNoise${t}`] = f32(u, [B, nv])));
    return feeds;
  }

  const inputNames = new Map([graph, updateGraph].map((g) => [g, cdGraphInputs(g)]));
  function checkFeeds(feeds: Record<string, unknown>, g: CDGraphSpec): void {
    const names = inputNames.get(g)!;
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
      o = { arrays: {}, fetches: {} };
      for (const [name, dims] of Object.entries(shapes)) {
        o.arrays[name] = new Float32Array(dims.reduce((n, d) => n * d, 1));
        o.fetches[name] = f32(o.arrays[name], dims);
      }
      outputsByRows.set(B, o);
    }
    return o;
  }

  /**
   * Output tensors over the caller's own parameter and velocity arrays, so onnxruntime writes the new values straight
   * into them: no copy back afterwards (two 513 × 256 memcpys per step, ~15% of the CPU time of a batch-10 step).
   * Safe because in the update graph every node that reads an input runs before the node that writes its new value:
   * velocity → Mul(velocity, μ) → … → new velocity; W, c → every Gemm of the Gibbs chain → dW → new W, new c. The
   * one exception is a learned σ, whose statistic reads W and b independently of the update: then those two are
   * written to separate arrays and copied.
   */
  function inPlaceFetches(params: RBMParams, velocity: Velocities): Record<string, unknown> {
    const f: Record<string, unknown> = {
      newVelocityW: f32(velocity.W, [nv, nh]), newVelocityVisibleBias: f32(velocity.visibleBias, [nv]), newVelocityHiddenBias: f32(velocity.hiddenBias, [nh]),
      newHiddenBias: f32(params.hiddenBias, [nh]),
    };
    if (!graph.learnSigma) Object.assign(f, { newW: f32(params.W, [nv, nh]), newVisibleBias: f32(params.visibleBias, [nv]) });
    return f;
  }
  return {
    name: 'onnx',
    async gradient(params: RBMParams, batch: CDBatch): Promise<CDGradient> {
      const feeds = commonFeeds(params, batch);
      checkFeeds(feeds, graph);
      const r = await (await session(false)).run(feeds);
      return {
        dW: r.dW.data, dVisibleBias: r.dVisibleBias.data, dHiddenBias: r.dHiddenBias.data, hiddenMean: r.hiddenMean.data,
        dLogVariance: r.dLogVariance?.data, chain: r.chainOut?.data,
      };
    },
    async trainStep(params: RBMParams, velocity: Velocities, batch: CDBatch, s: UpdateSettings, measure = false): Promise<TrainStepResult> {
      const feeds = commonFeeds(params, batch);
      Object.assign(feeds, {
        velocityW: f32(velocity.W, [nv, nh]), velocityVisibleBias: f32(velocity.visibleBias, [nv]), velocityHiddenBias: f32(velocity.hiddenBias, [nh]),
        learningRate: scalar(s.learningRate), momentum: scalar(s.momentum), weightDecay: scalar(s.weightDecay),
      });
      checkFeeds(feeds, updateGraph);
      const { arrays: out, fetches } = outputs(batch.rows);
      await (await session(true)).run(feeds, { ...fetches, ...inPlaceFetches(params, velocity) });
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
    dispose() {
      for (const s of sessions.values()) void s.then((x) => x.release?.());
    },
  };
}
