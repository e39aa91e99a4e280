/** Creates the CD-step engine for the chosen backend: the ONNX graph engine or the tfjs reference. */
import type { BackendName } from './backend';
import { tfjsEngine, type CDEngine } from './cdStep';
import type { RBM } from './RBM';

/** What the ONNX engine's graph is specialised for (one graph per model shape and training method). */
export interface EngineSpec {
  k: number;
  pcd: boolean;
  sampleVisible: boolean;
}

/** The engine for `backend` ('onnx' builds and loads a graph; the others use tfjs). */
export async function createEngine(backend: BackendName, rbm: RBM, spec: EngineSpec): Promise<CDEngine> {
  if (backend !== 'onnx') return tfjsEngine();
  const { createOnnxEngine } = await import('./onnx/engine');
  return createOnnxEngine(rbm, spec);
}
