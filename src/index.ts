/**
 * rbm-music: the public API. Organised by pipeline stage:
 * audio → features → (data, symbolic: songs as notes) → rbm → generate → notebook display, plus datasets, sweeps and the shared types.
 * (Notebooks import the stage barrels they need, e.g. `./src/rbm`, because tslab type-checks everything a cell
 * imports; the CLI in `src/cli` is an application of this API, not part of it.)
 */
export * from './types';
export * from './errors';
export * from './util';
export * from './audio';
export * from './features';
export * from './data';
export * from './symbolic';
export * from './rbm';
export * from './generate';
export * from './sweep';
export * from './notebook';
