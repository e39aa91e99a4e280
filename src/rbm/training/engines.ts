/** Creates the CD-step engine for the chosen backend: the ONNX graph engine or the tfjs reference. */
import type { BackendName } from '../backend';
import type { RBM } from '../models/RBM';
import { tfjsEngine, type CDEngine } from './cdStep';
import type { EngineSpec, FusedCDEngine, MultiStepEngine } from './engineTypes';

export type { EngineSpec, FusedCDEngine, MultiStepEngine, TrainStepResult, TrainStepsResult, Velocities } from './engineTypes';

/** The engine for `backend` ('onnx' builds and loads a graph; the others use tfjs). */
export async function createEngine(backend: BackendName, rbm: RBM, spec: EngineSpec): Promise<CDEngine | FusedCDEngine | MultiStepEngine> {
  if (backend !== 'onnx') return tfjsEngine();
  // require, not import(): a dynamic import() goes through Node's ESM loader, which cannot resolve extensionless
  // TypeScript paths when only tsx's CommonJS hook is registered (bin/rbm-music.js, tslab).
  const { createOnnxEngine } = require('./onnx/engine') as typeof import('./onnx/engine');
  return createOnnxEngine(rbm, spec);
}
