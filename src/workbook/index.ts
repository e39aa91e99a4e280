/**
 * The headless workbook runner (`npm start`) and static-site builder. Not part of the notebook-facing
 * API (src/index.ts does not re-export it): it drives tslab's internals from the outside.
 */
export * from './nbformat';
export * from './execute';
export * from './site';
export * from './markdown';
export * from './outputsOf';
export * from './main';
export { TSLAB_VERSION } from './tslabInternals';
