/**
 * rbm-music: the public API. Organised by pipeline stage:
 * audio → features → rbm → generate → notebook display, plus datasets, sweeps and the shared types.
 */
export * from './types';
export * from './errors';
export * from './util';
export * from './audio';
export * from './features';
export * from './data';
export * from './rbm';
export * from './generate';
export * from './sweep';
