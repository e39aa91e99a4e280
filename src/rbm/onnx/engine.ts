/**
 * The ONNX engine: runs the CD-k graph of cdGraph.ts in onnxruntime-node (an optional dependency that ships its
 * CPU library inside the npm package). Measured ~4× faster than tfjs-wasm per step on 2 cores (bench/rbm.bench.ts),
 * because onnxruntime's matrix products are multi-threaded and the whole step is one native call.
 */
import { availableParallelism } from 'node:os';
import type { CDBatch, CDEngine, CDGradient } from '../cdStep';
import type { EngineSpec } from '../engines';
import type { RBMParams } from '../types';
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

/** An engine for models shaped like `p`, trained as `spec` says. */
export async function createOnnxEngine(p: Pick<RBMParams, 'visible' | 'nVisible' | 'nHidden' | 'learnSigma'>, spec: EngineSpec): Promise<CDEngine> {
  const ort = require('onnxruntime-node');
  const graph: CDGraphSpec = {
    nVisible: p.nVisible, nHidden: p.nHidden, gaussian: p.visible === 'gaussian', learnSigma: p.visible === 'gaussian' && p.learnSigma !== false,
    k: spec.k, pcd: spec.pcd, sampleVisible: spec.sampleVisible,
  };
  const session = await ort.InferenceSession.create(buildCDGraph(graph), {
    intraOpNumThreads: ONNX_THREADS, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: ONNX_SPIN ? '1' : '0' }, inter_op: { allow_spinning: ONNX_SPIN ? '1' : '0' } } },
  });
  const names = cdGraphInputs(graph);
  const { nVisible: nv, nHidden: nh } = graph;
  const f32 = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);

  return {
    name: 'onnx',
    async gradient(params: RBMParams, batch: CDBatch): Promise<CDGradient> {
      const B = batch.rows;
      if (!!batch.chain !== graph.pcd || (batch.visibleNoise !== undefined) !== graph.sampleVisible || batch.hiddenUniforms.length !== graph.k) {
        throw new Error('onnx engine: the batch does not match the graph it was built for (k, pcd or sampleVisible)');
      }
      const feeds: Record<string, unknown> = {
        v0: f32(batch.v0, [B, nv]), W: f32(params.W, [nv, nh]), visibleBias: f32(params.visibleBias, [nv]),
        hiddenBias: f32(params.hiddenBias, [nh]), invBatch: f32(new Float32Array([1 / B]), [1]),
      };
      if (graph.gaussian) {
        feeds.sigma = f32(params.logSigma!.map(Math.exp), [nv]);
        feeds.invVar = f32(params.logSigma!.map((s) => Math.exp(-2 * s)), [nv]);
      }
      if (batch.chain) feeds.chain = f32(batch.chain, [B, nv]);
      batch.hiddenUniforms.forEach((u, t) => (feeds[`hiddenUniforms${t}`] = f32(u, [B, nh])));
      batch.visibleNoise?.forEach((u, t) => (feeds[`visibleNoise${t}`] = f32(u, [B, nv])));
      if (Object.keys(feeds).length !== names.length) throw new Error(`onnx engine: fed ${Object.keys(feeds).join(',')} but the graph takes ${names.join(',')}`);
      const r = await session.run(feeds);
      return {
        dW: r.dW.data, dVisibleBias: r.dVisibleBias.data, dHiddenBias: r.dHiddenBias.data, hiddenMean: r.hiddenMean.data,
        dLogVariance: r.dLogVariance?.data, chain: r.chainOut?.data,
      };
    },
    dispose() {
      void session.release?.();
    },
  };
}
