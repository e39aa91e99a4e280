/**
 * The `rbm-music` command line (bin/rbm-music.js runs {@link main}). Not re-exported by src/index.ts: the CLI is an
 * application of the library. Its small helpers are exported for reuse and tests.
 */
export { main, buildProgram } from './main';
export { COMMANDS, type RegisterCommand } from './commands';
export { createProgress, type Progress, type ProgressOptions } from './progress';
export { handleError, EXIT } from './handleError';
export { renderSpectrogramPng, renderSpectrogramSvg, SPECTROGRAM_IMAGE_DEFAULTS, type SpectrogramImageOptions } from './renderSpectrogram';
export { positiveInt, nonNegativeInt, positiveNumber, nonNegativeNumber, commaList } from './parse';
