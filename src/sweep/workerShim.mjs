// Entry point of a sweep worker thread. Worker threads do not inherit the parent's TypeScript loader, so this
// plain-JS shim registers tsx itself, for both module systems: the ESM hooks (the RBM engine loads some modules
// with dynamic import()) and the CommonJS hook (the project is CommonJS), then loads the TypeScript worker.
// Registering from an .mjs file is what works on Node 20 (tsx 4's CommonJS wrapper of esm/api does not), and it
// behaves the same whether the parent runs under `node --import tsx --test`, the `rbm-music` CLI or tslab.
import { register } from 'tsx/esm/api';
import { createRequire } from 'node:module';

register();
const require = createRequire(import.meta.url);
require('tsx/cjs');
require('./trialWorker.ts');
