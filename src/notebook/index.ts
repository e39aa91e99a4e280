/**
 * The notebook stage: display helpers for tslab notebooks (charts, players, spectrograms, receptive
 * fields, live training views, tables). The only code that touches tslab; outside a kernel every
 * helper records its output instead (see {@link takeRecordedOutputs}).
 */
export * from './output';
export * from './html';
export * from './chart';
export * from './charts';
export * from './colormap';
export * from './png';
export * from './spectrogram';
export * from './audio';
export * from './table';
export * from './sparkline';
export * from './training';
export * from './hiddenUnits';
export * from './images';
export * from './reconstruction';
export * from './exercises';
export * from './claims';
export * from './rbmDiagram';
export * from './selfSimilarity';
export * from './weightHeatmap';
export * from './pianoRoll';
