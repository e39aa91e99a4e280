/** Public API of the sweep stage: hyperparameter sweeps on worker threads, their results files and charts. */
export { sweep, DEFAULT_SWEEP_OPTIONS, type SweepOptions, type SweepResult } from './sweep';
export { expandGrid, drawRandom, makeTrials, type Distribution, type HyperValue, type TrialSpec } from './space';
export { readSweepFile, writeSweepFiles, sweepCsv, csvPathFor, type TrialResult, type TrialStatus, type SweepFile } from './results';
export { sweepChartSpec, sweepCurvesSpec, sweepRows, varyingParams, type SweepChartOptions } from './chart';
export { runTrial, isHopeless, type EarlyStopRule, type TrialConfig } from './trial';
