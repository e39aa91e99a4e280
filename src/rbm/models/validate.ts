/** Checks of RBM parameter records and training options, with messages that name the bad field and value. */
import { ParameterError } from '../errors';
import { AUTO_LEARNING_RATE, DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './trainOptions';
import type { RBMParams, VisibleType } from './types';

/** Throws ParameterError (prefixed by `where`) unless `p` is a complete, finite, consistently shaped parameter record. */
export function checkParams(p: RBMParams, where: string): void {
  if (!p || typeof p !== 'object') throw new ParameterError(`${where}: parameters must be an object, got ${p}`);
  if (p.visible !== 'bernoulli' && p.visible !== 'gaussian') throw new ParameterError(`${where}: visible must be 'bernoulli' or 'gaussian', got '${p.visible}'`);
  for (const k of ['nVisible', 'nHidden'] as const) {
    if (!Number.isInteger(p[k]) || p[k] < 1) throw new ParameterError(`${where}: ${k} must be a positive integer, got ${p[k]}`);
  }
  const expect: [keyof RBMParams, number][] = [['W', p.nVisible * p.nHidden], ['visibleBias', p.nVisible], ['hiddenBias', p.nHidden]];
  if (p.visible === 'gaussian') expect.push(['logSigma', p.nVisible]);
  for (const [k, n] of expect) {
    const a = p[k];
    if (!(a instanceof Float32Array)) throw new ParameterError(`${where}: ${k} must be a Float32Array${k === 'logSigma' ? ' (required for Gaussian visible units)' : ''}`);
    if (a.length !== n) throw new ParameterError(`${where}: ${k} has ${a.length} values, expected ${n} for ${p.nVisible} visible × ${p.nHidden} hidden`);
    const bad = a.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new ParameterError(`${where}: ${k}[${bad}] is ${a[bad]}; parameters must be finite`);
  }
}

/** Merges `partial` over the defaults, resolves 'auto' and checks every value. */
export function resolveTrainOptions(partial: Partial<TrainOptions>, visible: VisibleType): TrainOptions & { learningRate: number } {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...partial } as TrainOptions;
  const learningRate = o.learningRate === 'auto' ? AUTO_LEARNING_RATE[visible] : o.learningRate;
  const positiveInt = ['epochs', 'batchSize', 'k', 'monitorRows'] as const;
  for (const k of positiveInt) {
    if (!Number.isInteger(o[k]) || (o[k] as number) < 1) throw new ParameterError(`fit: ${k} must be a positive integer, got ${o[k]}`);
  }
  if (o.method !== 'cd' && o.method !== 'pcd') throw new ParameterError(`fit: method must be 'cd' or 'pcd', got '${o.method}'`);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new ParameterError(`fit: learningRate must be a positive number or 'auto', got ${o.learningRate}`);
  const nonNegative = ['weightDecay', 'sparsityTarget', 'sparsityCost', 'momentumSwitchEpoch', 'learningRateDecay'] as const;
  for (const k of nonNegative) {
    if (!(o[k] >= 0 && Number.isFinite(o[k]))) throw new ParameterError(`fit: ${k} must be a non-negative number, got ${o[k]}`);
  }
  for (const k of ['initialMomentum', 'finalMomentum', 'sparsityDecay'] as const) {
    if (!(o[k] >= 0 && o[k] < 1)) throw new ParameterError(`fit: ${k} must be in [0, 1), got ${o[k]}`);
  }
  if (o.sparsityTarget >= 1) throw new ParameterError(`fit: sparsityTarget must be in [0, 1), got ${o.sparsityTarget}`);
  if (o.patience !== undefined && !(Number.isInteger(o.patience) && o.patience >= 1)) throw new ParameterError(`fit: patience must be a positive integer, got ${o.patience}`);
  if (o.patience !== undefined && !o.validation && (o.monitor.startsWith('validation') || o.monitor === 'freeEnergyGap')) {
    throw new ParameterError(`fit: early stopping on '${o.monitor}' needs held-out data: pass validation`);
  }
  if (o.checkpoint && !(typeof o.checkpoint.path === 'string' && Number.isInteger(o.checkpoint.every) && o.checkpoint.every >= 1)) {
    throw new ParameterError(`fit: checkpoint must be { path: string, every: positive integer }, got ${JSON.stringify(o.checkpoint)}`);
  }
  if (o.resume === true && !o.checkpoint) throw new ParameterError('fit: resume: true needs checkpoint.path (or pass the checkpoint file as resume)');
  return { ...o, learningRate };
}
