// Entry point of a sweep worker thread. Worker threads do not inherit the parent's TypeScript loader, so this
// plain-JS shim registers tsx's CommonJS hook first and then loads the TypeScript worker. It works the same
// whether the parent runs under `node --import tsx --test`, the `rbm-music` CLI, or a tslab notebook.
require('tsx/cjs');
require('./trialWorker.ts');
