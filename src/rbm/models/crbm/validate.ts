/** Shape checks of CRBM parameter records, shared by fromParams (ParameterError) and load (ModelFormatError, storage/crbmFile.ts). */
import { ModelFormatError, ParameterError } from '../../../errors';
import type { CRBMParams } from './types';
import { checkTaps } from './taps';

/** The array fields of a CRBM, in file order. */
export const CRBM_ARRAYS = ['W', 'visibleBias', 'hiddenBias', 'A', 'B'] as const;

/** Throws `Err` (prefixed by `where`) unless `p` is a complete, finite, consistently shaped CRBM record. */
export function checkCRBMParams(p: CRBMParams, where: string, Err: typeof ParameterError | typeof ModelFormatError): void {
  if (!p || typeof p !== 'object') throw new Err(`${where}: parameters must be an object, got ${p}`);
  if (p.visible !== 'bernoulli' && p.visible !== 'gaussian') throw new Err(`${where}: visible must be 'bernoulli' or 'gaussian', got '${p.visible}'`);
  for (const k of ['nVisible', 'nHidden', 'order'] as const) {
    if (!Number.isInteger(p[k]) || p[k] < 1) throw new Err(`${where}: ${k} must be a positive integer, got ${p[k]}`);
  }
  if (p.taps !== undefined && checkTaps(p.taps, where, Err).length !== p.order) throw new Err(`${where}: ${p.taps.length} taps but order ${p.order}; order is the number of taps`);
  const D = p.order * p.nVisible;
  const sizes = { W: p.nVisible * p.nHidden, visibleBias: p.nVisible, hiddenBias: p.nHidden, A: D * p.nVisible, B: D * p.nHidden };
  for (const k of CRBM_ARRAYS) {
    const a = p[k];
    if (!(a instanceof Float32Array)) throw new Err(`${where}: ${k} must be a Float32Array`);
    if (a.length !== sizes[k]) throw new Err(`${where}: ${k} has ${a.length} values, expected ${sizes[k]} for ${p.nVisible} visible × ${p.nHidden} hidden, order ${p.order}`);
    const bad = a.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Err(`${where}: ${k}[${bad}] is ${a[bad]}; parameters must be finite`);
  }
}
