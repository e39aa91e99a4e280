/**
 * Which engine runs the maths. The RBM is written against the TensorFlow.js API (readable, the reference); at
 * start {@link initBackend} picks the fastest engine that loads on this machine, in this order:
 *
 * 1. `tensorflow` — `@tensorflow/tfjs-node` (native libtensorflow, multi-threaded), when it installed;
 * 2. `onnx` — `onnxruntime-node` runs each CD-k step as one ONNX graph (src/rbm/onnx/), multi-threaded; tfjs (wasm)
 *    still serves inference;
 * 3. `wasm` — `@tensorflow/tfjs-backend-wasm` (SIMD, single-threaded in Node);
 * 4. `cpu` — pure-JavaScript tfjs kernels (slow, always there).
 *
 * The environment variable `RBM_BACKEND` (`tensorflow` | `onnx` | `wasm` | `cpu`) overrides the choice.
 * Measured speeds on a 2-core machine are in bench/rbm.bench.ts and the README.
 */
// tfjs-core plus the backends we use, not the @tensorflow/tfjs umbrella (which adds layers, converter, data and
// webgl: ~200 MB installed and ~0.25 s more to load). tfjs-node, where it installs, registers itself on this same core.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ParameterError } from '../errors';

/** The engines {@link initBackend} can choose. */
export type BackendName = 'tensorflow' | 'onnx' | 'wasm' | 'cpu';

/** All engine names, fastest first (the order {@link initBackend} tries). */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'onnx', 'wasm', 'cpu'];

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Force one engine (default: `process.env.RBM_BACKEND`, else the first of {@link BACKEND_ORDER} that loads). */
  backend?: BackendName;
  /** Where the one-line report of the choice goes (default: a line on stderr). Pass `() => {}` to silence it. */
  log?: (line: string) => void;
}

let chosen: BackendName | null = null;
let pending: Promise<BackendName> | null = null;

/** Tries to load a module; returns it or the reason it failed. */
function tryRequire(name: string): { module?: any; error?: string } {
  try {
    return { module: require(name) };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] };
  }
}

/** Sets the tfjs backend used for tensor maths (inference, and training on the tfjs engines). */
async function setTfBackend(name: 'tensorflow' | 'wasm' | 'cpu'): Promise<string | undefined> {
  if (name === 'wasm') {
    const wasm = tryRequire('@tensorflow/tfjs-backend-wasm');
    if (wasm.error) return wasm.error;
  }
  if (name === 'tensorflow') {
    const node = tryRequire('@tensorflow/tfjs-node');
    if (node.error) return node.error;
  }
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name ? undefined : `tf.setBackend('${name}') failed`;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Whether onnxruntime-node loads here (it is an optional dependency). */
export function onnxAvailable(): boolean {
  return !tryRequire('onnxruntime-node').error;
}

async function choose(opts: InitBackendOptions): Promise<BackendName> {
  const forced = opts.backend ?? (process.env.RBM_BACKEND as BackendName | undefined) ?? undefined;
  if (forced !== undefined && !BACKEND_ORDER.includes(forced)) {
    throw new ParameterError(`RBM backend '${forced}' is unknown; valid: ${BACKEND_ORDER.join(', ')} (set by ${opts.backend ? 'the backend option' : 'RBM_BACKEND'})`);
  }
  const tried: string[] = [];
  for (const name of forced ? [forced] : BACKEND_ORDER) {
    let error: string | undefined;
    if (name === 'onnx') {
      error = tryRequire('onnxruntime-node').error;
      // onnx runs the training steps; tfjs still does inference, on wasm when it loads.
      if (!error && (await setTfBackend('wasm'))) await setTfBackend('cpu');
    } else {
      error = await setTfBackend(name);
    }
    if (!error) {
      const detail = name === 'onnx' ? ` (CD steps in onnxruntime-node, inference on tfjs-${tf.getBackend()})` : '';
      (opts.log ?? ((l: string) => process.stderr.write(l + '\n')))(`rbm-music: RBM backend = ${name}${detail}`);
      return name;
    }
    tried.push(`${name}: ${error}`);
  }
  throw new ParameterError(`no RBM backend could be started (${tried.join('; ')})`);
}

/**
 * Picks and starts the engine (see the module comment for the order), reports the choice once, and returns its
 * name. Safe to call many times: later calls return the same choice unless `opts.backend` asks for another.
 * `fit()` and `RBM.load()` call it themselves.
 * @throws ParameterError if `RBM_BACKEND` / `opts.backend` is unknown or the forced engine does not load.
 * @example
 * await initBackend();            // e.g. 'onnx' on a default install
 * await initBackend({ backend: 'wasm' }); // the readable tfjs reference engine
 */
export async function initBackend(opts: InitBackendOptions = {}): Promise<BackendName> {
  if (chosen && (opts.backend === undefined || opts.backend === chosen)) return chosen;
  if (pending && opts.backend === undefined) return pending;
  pending = choose(opts);
  try {
    chosen = await pending;
    return chosen;
  } finally {
    pending = null;
  }
}

/** The engine chosen by {@link initBackend}, or `'none'` before it ran. */
export function backendName(): BackendName | 'none' {
  return chosen ?? 'none';
}

/**
 * Makes sure tfjs has a usable backend for synchronous inference. Before {@link initBackend} ran, this falls
 * back to the always-available `cpu` backend (correct but slow; `await initBackend()` for speed).
 */
export function ensureTfBackend(): void {
  if (chosen || tf.engine().backendName) return;
  void tf.setBackend('cpu'); // the cpu backend initialises synchronously, so it is ready on return
}

export { tf };
