/**
 * Monitoring and evaluation of RBMs (issue 3 item 2), in float64 so it is an exact, independent reference
 * for the float32 training engine: free energy, exact and AIS log Z, log-likelihood, pseudo-likelihood,
 * free-energy gap, reconstruction error, hidden activity, weight/update ratio, and the bars-and-stripes toy set.
 */
export { type RBMLike, type RBMParamsLike } from './model64';
export { freeEnergyOf } from './freeEnergy';
export { exactLogPartition, exactLogLikelihood, EXACT_MAX_UNITS } from './exactLogPartition';
export { aisLogPartition, DEFAULT_AIS_OPTIONS, type AisOptions, type AisResult } from './ais';
export {
  pseudoLogLikelihood, DEFAULT_PSEUDO_LIKELIHOOD_OPTIONS, type PseudoLikelihoodOptions, type PseudoLikelihoodResult,
} from './pseudoLikelihood';
export {
  freeEnergyGap, reconstructionError, hiddenActivationStats, weightUpdateRatio, type FreeEnergyGap, type HiddenActivationStats,
} from './monitors';
export { barsAndStripes, barsAndStripesOptimum, type BarsAndStripesOptions } from './toyData';
export { rnnrbmFrameLogLikelihood } from './rnnrbmLikelihood';
export { evaluate, DEFAULT_EVALUATE_AIS, EVALUATE_EXACT_MAX_UNITS, type EvaluateOptions, type EvaluateResult } from './evaluate';
export {
  fitDiagonalGaussian, fitFullGaussian, fitDiagonalGMM, baselineLogDensities,
  type DensityModel, type DiagonalGMM, type DiagonalGMMOptions, type BaselineTable,
} from './baselines';
