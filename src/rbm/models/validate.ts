/** Checks of RBM parameter records, with messages that name the bad field and value (training options: training/trainOptions.ts). */
import { ParameterError } from '../../errors';
import type { RBMParams } from '../types';

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
