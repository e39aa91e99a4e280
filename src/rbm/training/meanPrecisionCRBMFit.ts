/**
 * Training the conditional mean–precision RBM (models/MeanPrecisionCRBM.ts) by exact maximum likelihood.
 *
 * As for the unconditional model (meanPrecisionFit.ts) every expectation is an exact sum over the 2^H hidden
 * states. Here the RBM models the innovation rₜ = yₜ − A zᵥ with hidden biases cₜ = c + B zₕ, so the states'
 * weights p(hₖ | past) differ per frame but each state's mean and second moment do not. The gradient of
 * log p(yₜ | past):
 *
 *   b, W, log U, log λ: as in meanPrecisionFit.ts on rₜ, the model term weighted by Σₜ p(hₖ | past)
 *   c, B:  (sigmoid(aₜ) − E[h | past]) and that times zₕᵀ          A:  (∂F/∂rₜ) zᵥᵀ
 *
 * Before the first epoch: whiten the frames (Cholesky of their covariance), regress each whitened frame on its
 * visible history (ridge least squares), and re-whiten by the residual's covariance; A starts at that regression
 * and W, U near 0, so training starts at the linear-Gaussian autoregression (reported as `startLogDensity`).
 */
import { DivergenceError, ParameterError } from '../../errors';
import type { Matrix } from '../../types';
import { cholesky, forwardSubstitute, meanAndCovariance, ridgeRegression } from '../../util/linalg';
import { assertMatrix, concatRows } from '../../util/matrix';
import { Random } from '../../util/random';
import {
  MeanPrecisionCRBM, meanPrecisionCRBMDelegates,
  type MeanPrecisionCRBMHistory, type MeanPrecisionCRBMTrainOptions,
} from '../models/MeanPrecisionCRBM';
import type { MeanPrecisionEpochMetrics } from '../models/MeanPrecisionRBM';
import type { Beat } from '../models/crbm/beatClock';
import { Adam, setWhitening, subtractStateExpectations } from './meanPrecisionFit';

/**
 * Defaults of {@link MeanPrecisionCRBM.fit}: those of the unconditional model (Adam 0.1, 256-frame batches, ridge
 * 1e-3), measured the same way on four soundtrack tracks (see the model's file comment), and 6 epochs: with the
 * beat clock on the bundled songs (`npm run bench -- music`, 8 seeds), 6 epochs kept the steadiest beat (onset
 * periodicity 0.39 free, 0.45 continuing a prime; 8 epochs 0.32 and 0.38) with every seed's flatness ≤ 0.04 (8
 * epochs: up to 0.10) in 100 CPU s (8: 132 s), though the classifier told it from real music more often (0.92
 * vs 0.81).
 */
export const DEFAULT_MEAN_PRECISION_CRBM_TRAIN: MeanPrecisionCRBMTrainOptions = {
  epochs: 6,
  batchSize: 256,
  learningRate: 0.1,
  ridge: 1e-3,
  regressionRidge: 1e-3,
  historyLearningRate: 0.003,
};

meanPrecisionCRBMDelegates.provide({ fit: fitMeanPrecisionCRBM });

/** A set of sequences as whitened frames with their histories (frames span … of each sequence). */
interface Pairs { x: Float64Array; zv: Float64Array; zh: Float64Array; rows: number }

type FrameName = 'W' | 'logU' | 'visibleBias' | 'hiddenBias' | 'logLambda';
type Name = FrameName | 'A' | 'B';

/**
 * Trains `model` in place (see the file comment). Sequences no longer than the model's history span are skipped.
 * @throws ParameterError for bad data or options; DivergenceError naming the epoch if a parameter becomes non-finite.
 */
export async function fitMeanPrecisionCRBM(model: MeanPrecisionCRBM, sequences: Matrix[], opts: Partial<MeanPrecisionCRBMTrainOptions> = {}): Promise<MeanPrecisionCRBMHistory> {
  const o = { ...DEFAULT_MEAN_PRECISION_CRBM_TRAIN, ...opts };
  if (!Array.isArray(sequences) || sequences.length === 0) throw new ParameterError('fit: sequences must be a non-empty array of Matrix (frames × nVisible)');
  sequences.forEach((s, k) => assertMatrix(s, `fit: sequences[${k}]`, { cols: model.nVisible }));
  for (const [name, v, integer] of [['epochs', o.epochs, true], ['batchSize', o.batchSize, true], ['learningRate', o.learningRate, false], ['historyLearningRate', o.historyLearningRate, false]] as const) {
    if (!(Number.isFinite(v) && v > 0 && (!integer || Number.isInteger(v)))) throw new ParameterError(`fit: ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${v}`);
  }
  for (const [name, v] of [['ridge', o.ridge], ['regressionRidge', o.regressionRidge]] as const) {
    if (!(v >= 0 && Number.isFinite(v))) throw new ParameterError(`fit: ${name} must be a non-negative number, got ${v}`);
  }
  const span = model.span;
  const usable = sequences.filter((s) => s.rows > span + 1);
  if (usable.length === 0) throw new ParameterError(`fit: every sequence is at most ${span + 1} frames long; the model's history needs ${span} frames before the first one it learns from`);
  const val = (o.validation ?? []).filter((s) => s.rows > span);
  (o.validation ?? []).forEach((s, k) => assertMatrix(s, `fit: validation[${k}]`, { cols: model.nVisible }));

  // The start's last regression already whitened the frames with the final whitening: reuse its pairs.
  const train = model.epochsTrained === 0 ? startAtAutoregression(model, usable, o.ridge, o.regressionRidge) : pairs(model, usable);
  const held = val.length ? pairs(model, val) : undefined;
  const f = model.frame, D = model.nVisible, H = model.nHidden, N = train.rows;
  const adam = new Adam<FrameName>({ W: f.W, logU: f.logU, visibleBias: f.visibleBias, hiddenBias: f.hiddenBias, logLambda: f.logLambda }, o.learningRate);
  const adamHistory = new Adam<'A' | 'B'>({ A: model.A, B: model.B }, o.historyLearningRate);
  const history: MeanPrecisionCRBMHistory = { epochs: [], startLogDensity: meanLogDensity(model, held ?? train) };
  const rng = new Random(model.seed + 1), order = Array.from({ length: N }, (_, i) => i);
  const bs = Math.min(o.batchSize, N), mv = model.visibleWidth, mh = model.hiddenWidth;
  const batch: Pairs = { x: new Float64Array(bs * D), zv: new Float64Array(bs * mv), zh: new Float64Array(bs * mh), rows: 0 };
  const probe = new Random(model.seed + 2).fillNormal(new Float64Array(D * stateFrames(model)), 0, 1);
  for (let e = 0; e < o.epochs; e++) {
    const t0 = performance.now();
    rng.shuffle(order);
    const stats = { logDensity: 0, activation: 0 };
    for (let start = 0; start < N; start += o.batchSize) {
      const rows = Math.min(o.batchSize, N - start);
      for (let r = 0; r < rows; r++) {
        const i = order[start + r];
        batch.x.set(train.x.subarray(i * D, (i + 1) * D), r * D);
        batch.zv.set(train.zv.subarray(i * mv, (i + 1) * mv), r * mv);
        batch.zh.set(train.zh.subarray(i * mh, (i + 1) * mh), r * mh);
      }
      batch.rows = rows;
      const { A, B, ...g } = crbmGradient(model, batch, stats);
      adam.step(g);
      adamHistory.step({ A, B });
      keepStable(model, probe);
      o.onBatch?.({ epoch: e, batch: start / o.batchSize, batches: Math.ceil(N / o.batchSize) });
    }
    // A thorough check once per epoch (the per-step estimate is warm-started, short), at every training beat.
    for (const P of new Set(model.beatLags ? model.beatPeriods : [0])) keepStable(model, probe, 300, P || undefined);
    if (![f.W, f.logU, f.visibleBias, f.hiddenBias, f.logLambda, model.A, model.B].every((a) => a.every(Number.isFinite))) {
      throw new DivergenceError(`fit: a parameter became non-finite in epoch ${f.epochsTrained}; try a smaller learningRate (now ${o.learningRate})`, f.epochsTrained);
    }
    f.epochsTrained++;
    // The training figure is averaged over the epoch's batches as they were scored (the parameters moving under it,
    // as Keras reports its loss): a second exact pass over every training frame would cost a third of the epoch.
    const trainLogDensity = stats.logDensity / N + f.logDetWhitening;
    const m: MeanPrecisionEpochMetrics = {
      epoch: f.epochsTrained, trainLogDensity, meanHiddenActivation: stats.activation / (N * H), seconds: (performance.now() - t0) / 1000,
      ...(held ? { validationLogDensity: meanLogDensity(model, held) } : {}),
    };
    history.epochs.push(m);
    await o.onEpoch?.(m);
  }
  return history;
}

/** Largest growth per step allowed for the visible autoregression (see {@link keepStable}). */
export const MAX_GROWTH = 0.99;

/**
 * The same with beat lags: 1, no mode may grow. Music repeats from beat to beat at nearly full strength, and a
 * per-frame limit of 0.99 is a decay to 0.72 per 0.5 s beat: on the bundled songs (8 seeds, 8 epochs) the limit
 * 0.99 gave onset periodicity 0.20, 0.999 gave 0.32, 1 gave 0.32 with the classifier fooled more often (0.81 vs
 * 0.85), and
 * six minutes generated at 1 stayed in range (largest standardised feature 4.5–12.6 in every minute, 8 seeds).
 */
export const MAX_BEAT_GROWTH = 1;

/**
 * Keeps free generation from exploding: each generated frame is A times the last plus an innovation, so if A has
 * an eigenvalue beyond 1 the piece grows without bound — and maximum likelihood does not prevent that, since every
 * training frame's past is real music. (Measured on the bundled data with an earlier form of the model, where the
 * past shifted the visible biases: the least-squares start grew 0.98 per frame, 12 epochs of Adam took it to
 * 1.25–1.46, and generated frames reached 1e26 within 2 s.) So after each step the growth is estimated by a few
 * power iterations (warm-started from the last step's vector `v`, so they track A as it moves) and A is scaled back
 * to {@link MAX_GROWTH} when it exceeds that: a projection onto stable dynamics, as in projected gradient ascent.
 * With beat lags the dynamics reach a beat back, so the iteration runs on the last frames up to there, at one
 * beat `period` (default: the training songs' median; training checks every training period once per epoch):
 * a CLI model trained on 9 s of synthetic songs with the one-frame check alone exploded within 2 s.
 */
export function keepStable(model: MeanPrecisionCRBM, v: Float64Array, iterations = 20, period?: number): number {
  const D = model.nVisible, A = model.A, mv = model.visibleWidth, lags = model.beatLags;
  // The transition is A's first D columns (and its beat-lag blocks); the clock's columns are an input.
  if (model.visibleTaps.length !== 1 || model.visibleTaps[0].from !== 1 || model.visibleTaps[0].to !== 1) return 0;
  const P = lags ? period ?? model.typicalPeriod : 0;
  // The state: the last L frames (1 without beat lags), newest first; one step of the dynamics prepends
  // y = A₁ y₋₁ + Σ_q A_q (y₋qP interpolated) and drops the oldest.
  const L = lags ? Math.floor(lags * P) + 2 : 1;
  if (v.length < L * D) throw new ParameterError(`keepStable: the probe holds ${v.length / D} frames, the dynamics need ${L}`);
  let state = Float64Array.from(v.subarray(0, L * D)), next = new Float64Array(L * D);
  let logGrowth = 0;
  for (let it = 0; it < iterations; it++) {
    let before = 0;
    for (let i = 0; i < L * D; i++) before += state[i] * state[i];
    for (let i = 0; i < D; i++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += A[i * mv + j] * state[j];
      for (let q = 1; q <= lags; q++) {
        // The frame q·P back: rows lo − 1 and lo of the state (row 0 is one frame back).
        const back = q * P, lo = Math.floor(back), w = back - lo, o = i * mv + q * D;
        for (let j = 0; j < D; j++) s += A[o + j] * ((1 - w) * state[(lo - 1) * D + j] + w * state[lo * D + j]);
      }
      next[i] = s;
    }
    next.set(state.subarray(0, (L - 1) * D), D);
    let after = 0;
    for (let i = 0; i < L * D; i++) after += next[i] * next[i];
    const ratio = Math.sqrt(after / (before || 1)) || 1, norm = Math.sqrt(after) || 1;
    for (let i = 0; i < L * D; i++) state[i] = next[i] / norm;
    if (2 * it >= iterations) logGrowth += Math.log(ratio); // the first half lets the start's other modes die out
    [state, next] = [next, state];
  }
  v.set(state); // the warm start of the next call
  // The geometric mean of the per-step growth over the second half (the state is kept unit-length), which also
  // settles for a complex pair.
  const growth = Math.exp(logGrowth / (iterations - Math.ceil(iterations / 2)));
  const limit = lags ? MAX_BEAT_GROWTH : MAX_GROWTH;
  if (growth > limit) {
    // Scaling the one-frame block by 1/γ and the q-beat block by 1/γ^(qP) divides every eigenvalue by γ exactly:
    // if λ solves λ^n v = λ^(n−1) A₁ v + A_q v (n = qP), λ/γ solves it with the scaled blocks.
    const g = growth / limit;
    for (let q = 0; q <= lags; q++) {
      const k = q === 0 ? 1 / g : Math.pow(g, -q * P);
      for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) A[i * mv + q * D + j] *= k;
    }
  }
  return growth;
}

/** Frames of state {@link keepStable} needs for `model`: 1, or enough to reach its longest beat lag. */
export function stateFrames(model: MeanPrecisionCRBM): number {
  return model.beatLags ? Math.floor(model.beatLags * (model.beat?.maxPeriod ?? 0)) + 2 : 1;
}

/**
 * Whitened frames span … of each sequence with their visible and hidden histories (and beat clock), stacked.
 * `beats`: each sequence's beat when already estimated (estimated here otherwise).
 */
function pairs(model: MeanPrecisionCRBM, sequences: Matrix[], beats?: (Beat | undefined)[]): Pairs {
  const parts = sequences.map((s, k) => {
    const y = model.frame.whiten(s), h = model.histories(y, model.span, beats ? beats[k] : model.beatOf(s));
    return { x: y.subarray(model.span * model.nVisible), ...h };
  });
  const cat = (k: 'x' | 'zv' | 'zh'): Float64Array => {
    const out = new Float64Array(parts.reduce((n, p) => n + p[k].length, 0));
    let off = 0;
    for (const p of parts) { out.set(p[k], off); off += p[k].length; }
    return out;
  };
  return { x: cat('x'), zv: cat('zv'), zh: cat('zh'), rows: parts.reduce((n, p) => n + p.rows, 0) };
}

/** Exact mean log p(vₜ | past) over the pairs (frames, with the whitening's Jacobian), in chunks. */
function meanLogDensity(model: MeanPrecisionCRBM, p: Pairs): number {
  const D = model.nVisible, H = model.nHidden, mv = model.visibleWidth, mh = model.hiddenWidth;
  let s = 0;
  for (let start = 0; start < p.rows; start += 1024) {
    const rows = Math.min(1024, p.rows - start);
    const c = model.conditionals(p.zv.subarray(start * mv, (start + rows) * mv), p.zh.subarray(start * mh, (start + rows) * mh), rows);
    for (const v of model.logDensityWhite(p.x.subarray(start * D, (start + rows) * D), 0, c)) s += v;
  }
  return s / p.rows + model.frame.logDetWhitening;
}

/**
 * Sets the whitening and A so that the model is the linear-Gaussian autoregression yₜ = A zᵥ(t) + noise with
 * whitened (identity-covariance) noise, and b to the residual's mean. Returns the sequences' pairs in the final
 * whitening (what training then uses).
 */
export function startAtAutoregression(model: MeanPrecisionCRBM, sequences: Matrix[], ridge: number, regressionRidge: number): Pairs {
  const f = model.frame, D = model.nVisible;
  // Each sequence's beat, estimated once (the whitening does not change where the onsets are).
  const beats = sequences.map((s) => model.beatOf(s));
  if (model.beat) model.beatPeriods = beats.map((b) => b!.period);
  setWhitening(f, concatRows(sequences), ridge);
  // 1. Regress in the frames' whitening, 2. re-whiten by the residual, 3. regress again in the new coordinates.
  const first = regress(model, sequences, beats, regressionRidge);
  const { C } = meanAndCovariance(first.residual, first.pairs.rows, D, ridge);
  rewhiten(model, cholesky(C, D, 'MeanPrecisionCRBM.fit', `the autoregression's residual has collinear bands; raise ridge (now ${ridge})`));
  const second = regress(model, sequences, beats, regressionRidge), mv = second.pairs.zv.length / second.pairs.rows;
  for (let i = 0; i < D; i++) for (let a = 0; a < mv; a++) model.A[i * mv + a] = second.coef[a * D + i];
  f.visibleBias.set(meanAndCovariance(second.residual, second.pairs.rows, D).mu);
  return second.pairs;
}

/** Ridge least squares of each whitened frame on its visible history, in the model's current whitening. */
function regress(model: MeanPrecisionCRBM, sequences: Matrix[], beats: (Beat | undefined)[], ridge: number): { pairs: Pairs; coef: Float64Array; residual: Float64Array } {
  const D = model.nVisible, p = pairs(model, sequences, beats), mv = p.zv.length / p.rows;
  const coef = ridgeRegression(p.zv, p.x, p.rows, mv, D, ridge, 'MeanPrecisionCRBM.fit (autoregression)');
  const residual = p.x.slice();
  for (let t = 0; t < p.rows; t++) {
    // Row by row of coef (contiguous), not column by column (a stride of D through it for every band).
    for (let a = 0; a < mv; a++) {
      const za = p.zv[t * mv + a];
      if (za === 0) continue;
      for (let i = 0, o = a * D, r = t * D; i < D; i++) residual[r + i] -= za * coef[o + i];
    }
  }
  return { pairs: p, coef, residual };
}

/** Whitening P' = Lr⁻¹ P (lower-triangular), its inverse L' = P⁻¹ Lr, log |det P'| = log |det P| − Σ log Lr_ii. */
function rewhiten(model: MeanPrecisionCRBM, Lr: Float64Array): void {
  const f = model.frame, D = model.nVisible;
  const P = Float64Array.from(f.whitening), Linv = Float64Array.from(f.unwhitening);
  const newP = new Float32Array(D * D), newL = new Float32Array(D * D), col = new Float64Array(D), out = new Float64Array(D);
  for (let k = 0; k < D; k++) {
    for (let i = 0; i < D; i++) col[i] = P[i * D + k];
    forwardSubstitute(Lr, D, col, out);
    for (let i = 0; i < D; i++) newP[i * D + k] = out[i];
  }
  for (let i = 0; i < D; i++) {
    for (let k = 0; k <= i; k++) {
      let s = 0;
      for (let m = k; m <= i; m++) s += Linv[i * D + m] * Lr[m * D + k];
      newL[i * D + k] = s;
    }
    f.logDetWhitening -= Math.log(Lr[i * D + i]);
  }
  f.whitening = newP;
  f.unwhitening = newL;
}

/**
 * The exact gradient of the mean log p(yₜ | past) of a batch (see the file comment); adds the batch's summed
 * log-densities (whitened space) to `stats.logDensity` and summed p(h = 1 | v, past) to `stats.activation` when given.
 */
export function crbmGradient(model: MeanPrecisionCRBM, p: Pairs, stats?: { logDensity: number; activation: number }): Record<Name, Float64Array> {
  const f = model.frame, D = model.nVisible, H = model.nHidden, K = 1 << H, n = p.rows;
  const mv = model.visibleWidth, mh = model.hiddenWidth; // (the buffers may hold more rows)
  const zv = p.zv.subarray(0, n * mv), zh = p.zh.subarray(0, n * mh), x = p.x.subarray(0, n * D);
  const g: Record<Name, Float64Array> = {
    W: new Float64Array(D * H), logU: new Float64Array(D * H), visibleBias: new Float64Array(D), hiddenBias: new Float64Array(H),
    logLambda: new Float64Array(D), A: new Float64Array(model.A.length), B: new Float64Array(model.B.length),
  };
  const c = model.conditionals(zv, zh, n), r = new Float64Array(n * D), a = new Float64Array(n * H);
  const ld = model.logDensityWhite(x, 0, c, r, a);
  if (stats) for (const v of ld) stats.logDensity += v;
  const lambda = Float64Array.from(f.logLambda, Math.exp), U = f.U();
  const P1 = new Float64Array(K), S = new Float64Array(H), eh = new Float64Array(H), dF = new Float64Array(D);
  for (let t = 0; t < n; t++) {
    // Data term on the innovation r = y − A zᵥ, as for the unconditional model.
    for (let j = 0; j < H; j++) {
      S[j] = 1 / (1 + Math.exp(-a[t * H + j]));
      if (stats) stats.activation += S[j];
    }
    for (let i = 0; i < D; i++) {
      const ri = r[t * D + i], r2 = ri * ri;
      g.visibleBias[i] += ri;
      g.logLambda[i] -= 0.5 * r2;
      // ∂F/∂rᵢ, which the autoregression's gradient needs: ∂ log p / ∂Aᵢₐ = (∂F/∂rᵢ) zᵥₐ.
      let d = lambda[i] * ri - f.visibleBias[i];
      for (let j = 0; j < H; j++) {
        const w = i * H + j;
        g.W[w] += ri * S[j];
        g.logU[w] -= 0.5 * r2 * S[j];
        d -= S[j] * (f.W[w] - U[w] * ri);
      }
      dF[i] = d;
    }
    for (let i = 0; i < D; i++) for (let m = 0, o = i * mv, q = t * mv; m < mv; m++) g.A[o + m] += dF[i] * zv[q + m];
    // Hidden units: data minus model expectation given the past; the model's state weights summed for below.
    eh.fill(0);
    for (let k = 0; k < K; k++) {
      const q = c.post[t * K + k];
      P1[k] += q;
      for (let j = 0; j < H; j++) if (k & (1 << j)) eh[j] += q;
    }
    for (let j = 0; j < H; j++) {
      const gc = S[j] - eh[j];
      g.hiddenBias[j] += gc;
      for (let m = 0, o = j * mh, q = t * mh; m < mh; m++) g.B[o + m] += gc * zh[q + m];
    }
  }
  for (const k of Object.keys(g) as Name[]) for (let i = 0; i < g[k].length; i++) g[k][i] /= n;
  // Model terms of b, W, log U, log λ: each state's statistics (constants of the state table) weighted by its
  // share of the batch's pasts.
  subtractStateExpectations(f, P1.map((v) => v / n), g, false);
  for (let i = 0; i < D; i++) g.logLambda[i] *= lambda[i];
  for (let i = 0; i < D * H; i++) g.logU[i] *= U[i];
  return g;
}
