/**
 * Degeneracy guards (issue 8): checks run after every epoch of `fit()` that catch a model which is finite but
 * useless — σ collapsed onto its floor or blown up, hidden units that never or always fire, persistent chains all
 * sitting on one mode — and report it as a typed, explained {@link TrainingWarning} (or, with
 * `degeneracy: 'throw'`, a DivergenceError naming the epoch) instead of returning a silently useless model.
 * Thresholds are the measured failure cases of issue 8 (PCD with learned σ: σ → 30, log-density −5968).
 */
import { DivergenceError } from '../../errors';
import type { Matrix } from '../../types';
import type { RBM } from '../models/RBM';
import type { TrainingWarning } from '../types';
import { evenRows } from './metrics';

/** The thresholds of the guards, each with its reason. */
export const DEGENERACY_THRESHOLDS = Object.freeze({
  /** σᵢ within 10 % of the floor MIN_SIGMA counts as collapsed: the unit's density is a spike the data cannot fill. */
  sigmaFloorMargin: 1.1,
  /** σ collapse is reported when at least this fraction of visible units sit on the floor. */
  sigmaCollapseFraction: 0.1,
  /**
   * σᵢ more than this many times unit i's data standard deviation is an explosion: the model's noise alone is
   * wider than the data (issue 8 measured σ → 30 on standardised data before the log-density fell to −5968).
   */
  sigmaExplosionRatio: 3,
  /** A hidden unit is dead when its mean p(h = 1 | v) over the data is below this, saturated above 1 − this. */
  hiddenTail: 0.01,
  /** Dead or saturated hidden units are reported when they are at least this fraction of all hidden units. */
  hiddenFraction: 0.5,
  /**
   * Persistent chains are stuck on one mode when the spread of their visible states (mean per-unit variance
   * across chains) is below this fraction of the data's: every chain then shows the model the same example.
   */
  chainSpreadRatio: 0.05,
});

/** What the guards need beyond the model: the data, the PCD chains (if any) and the σ floor. */
export interface GuardInput {
  data: Matrix;
  epoch: number;
  minSigma: number;
  /** PCD chains' visible states (chains × nVisible), absent for CD. */
  chain?: Float32Array;
  /** Per-unit standard deviation of the data (computed once per fit). */
  dataStd: Float64Array;
  /** Rows used for the hidden-unit statistics (same as the monitor rows). */
  monitorRows: number;
}

/** Per-column standard deviation (biased) of a matrix, float64. */
export function columnStd(data: Matrix): Float64Array {
  const { rows, cols, data: x } = data;
  const mean = new Float64Array(cols);
  const sq = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let i = 0; i < cols; i++) { const v = x[r * cols + i]; mean[i] += v; sq[i] += v * v; }
  return mean.map((s, i) => Math.sqrt(Math.max(sq[i] / rows - (s / rows) ** 2, 0)));
}

/** Runs every guard on `rbm` after an epoch; returns the warnings (empty when the model looks healthy). */
export function checkDegeneracy(rbm: RBM, g: GuardInput): TrainingWarning[] {
  const out: TrainingWarning[] = [];
  const T = DEGENERACY_THRESHOLDS;
  const { epoch } = g;
  if (rbm.visible === 'gaussian' && rbm.learnSigma && rbm.logSigma) {
    const sigma = Array.from(rbm.logSigma, Math.exp);
    const floor = sigma.filter((s) => s <= g.minSigma * T.sigmaFloorMargin).length;
    if (floor >= T.sigmaCollapseFraction * sigma.length) {
      out.push({
        epoch, kind: 'sigmaCollapse', value: floor / sigma.length,
        message: `epoch ${epoch}: σ collapsed — ${floor} of ${sigma.length} visible units sit on the floor σ = ${g.minSigma}; ` +
          'the model puts spikes of density where the data has spread (a learned σ chasing near-constant features). ' +
          "Use a fixed σ (sigma: 1 on standardised data), a smaller learning rate, or check for constant feature columns.",
      });
    }
    let worst = 0, at = 0;
    sigma.forEach((s, i) => {
      if (s <= g.minSigma * T.sigmaFloorMargin) return; // held up by the floor (reported above), not grown
      const r = s / Math.max(g.dataStd[i], 1e-12);
      if (r > worst) { worst = r; at = i; }
    });
    if (worst > T.sigmaExplosionRatio) {
      out.push({
        epoch, kind: 'sigmaExplosion', value: worst,
        message: `epoch ${epoch}: σ exploded — σ[${at}] = ${sigma[at].toPrecision(3)} is ${worst.toFixed(1)}× that unit's data standard deviation ` +
          `(${g.dataStd[at].toPrecision(3)}); the model explains the data as noise and its log-density falls (issue 8 measured −5968 nats/frame). ` +
          'Learned σ with PCD or long training drifts like this; use a fixed σ, CD, or a smaller learning rate.',
      });
    }
  }
  const rows = evenRows(g.data, g.monitorRows);
  const p = rbm.hiddenProbs(rows).data;
  const nh = rbm.nHidden;
  const meanP = new Float64Array(nh);
  for (let r = 0; r < rows.rows; r++) for (let j = 0; j < nh; j++) meanP[j] += p[r * nh + j] / rows.rows;
  const dead = meanP.filter((m) => m < T.hiddenTail).length;
  const saturated = meanP.filter((m) => m > 1 - T.hiddenTail).length;
  if (dead + saturated >= T.hiddenFraction * nh) {
    out.push({
      epoch, kind: dead >= saturated ? 'deadHidden' : 'saturatedHidden', value: (dead + saturated) / nh,
      message: `epoch ${epoch}: ${dead} hidden units are dead (p(h=1|v) < ${T.hiddenTail} on every example) and ${saturated} saturated (> ${1 - T.hiddenTail}) ` +
        `out of ${nh}; they carry no information about v. Typical causes: a learning rate too large, a strong sparsity penalty, ` +
        'or unscaled data; lower the learning rate or standardise the data.',
    });
  }
  if (g.chain) {
    const n = g.chain.length / rbm.nVisible;
    if (n > 1) {
      const chainStd = columnStd({ rows: n, cols: rbm.nVisible, data: g.chain });
      let chainVar = 0, dataVar = 0;
      for (let i = 0; i < rbm.nVisible; i++) { chainVar += chainStd[i] ** 2; dataVar += g.dataStd[i] ** 2; }
      const ratio = chainVar / Math.max(dataVar, 1e-30);
      if (ratio < T.chainSpreadRatio) {
        out.push({
          epoch, kind: 'stuckChain', value: ratio,
          message: `epoch ${epoch}: the ${n} persistent chains are stuck on one mode — their spread is ${(100 * ratio).toFixed(2)} % of the data's ` +
            '(variance summed over units), so the negative phase sees one example and the gradient is biased. ' +
            "Use CD (method: 'cd'), more Gibbs steps k, or a smaller learning rate so the chains can mix.",
        });
      }
    }
  }
  return out;
}

/** Reports warnings as asked: collected always, passed to `onWarning`, or thrown as a DivergenceError. */
export function reportWarnings(warnings: TrainingWarning[], mode: 'warn' | 'throw' | 'off', onWarning?: (w: TrainingWarning) => void): void {
  if (mode === 'off') return;
  if (mode === 'throw' && warnings.length) {
    throw new DivergenceError(`fit: degenerate model — ${warnings.map((w) => w.message).join(' | ')}`, warnings[0].epoch);
  }
  for (const w of warnings) onWarning?.(w);
}
