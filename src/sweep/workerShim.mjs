// Entry point of a sweep worker thread. The pool starts workers without the parent's tsx loader flags (see
// workerExecArgv in pool.ts), so this plain-JS shim first loads the big plain-JavaScript packages with Node's own
// require (tsx's hook would transform tfjs's 3 MB bundle: ~0.75 s instead of ~0.2 s per worker), then registers
// tsx's CommonJS hook (the project is CommonJS TypeScript, and loads onnxruntime-node with require, never
// import()) and loads the TypeScript worker. It behaves the same under `node --import tsx --test`, the
// `rbm-music` CLI and tslab. A copy of this file sits in dist/sweep/ (bin/build-dist.js), beside the compiled
// trialWorker.js: there the worker is plain JavaScript and needs no tsx.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
require('@tensorflow/tfjs-backend-wasm');
if (workerData?.backend === 'onnx') require('onnxruntime-node');
if (existsSync(new URL('./trialWorker.js', import.meta.url))) {
  require('./trialWorker.js');
} else {
  require('tsx/cjs');
  require('./trialWorker.ts');
}
