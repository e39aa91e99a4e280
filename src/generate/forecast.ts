/**
 * Held-out prediction error at several horizons: from a real history, a model rolls forward h frames on its own
 * (deterministically, mean-field) and the h-th frame is compared with what the song actually did. A model that
 * knows the beat and the bar should beat the two trivial forecasts at 10 and 50 frames (0.16 s and 0.8 s at 62.5
 * frames per second): **persistence** (the last frame again) and the **mean** frame (0 in standardised features).
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { sigmoid } from '../rbm/evaluation/model64';
import type { GibbsParams } from './gibbs';

/** Rolls `horizon` frames forward from `history` (rows = frames, oldest first); returns horizon × features. */
export type Forecaster = (history: Matrix, horizon: number) => Matrix;

/** Options of {@link forecastError}. */
export interface ForecastOptions {
  /** Horizons in frames (default 1, 10, 50: one frame, a sixth of a second, most of a second at hop 256, 16 kHz). */
  horizons?: number[];
  /** Frames of real history handed to the forecaster (default 250 = 4 s: two bars, more than any model here reaches). */
  context?: number;
  /** Forecast origins per sequence, evenly spaced (default 8). */
  origins?: number;
  /** Feature columns compared (default all; set it to leave style units out). */
  nFeatures?: number;
}

/** Mean squared error per feature at each horizon, for the model and the two trivial forecasts. */
export interface ForecastReport {
  horizons: number[];
  model: number[];
  persistence: number[];
  mean: number[];
  origins: number;
}

/**
 * Prediction error of `forecast` on held-out sequences (each frames × features, in the model's feature space).
 * @throws {ParameterError} if no sequence is longer than context + the longest horizon.
 * @example forecastError(heldOut.map((y) => pipeline.transform(y)), crbmForecaster(crbm)).model // [h=1, 10, 50]
 */
export function forecastError(sequences: Matrix[], forecast: Forecaster, opts: ForecastOptions = {}): ForecastReport {
  const horizons = opts.horizons ?? [1, 10, 50];
  const context = opts.context ?? 250, per = opts.origins ?? 8;
  const H = Math.max(...horizons);
  for (const h of horizons) if (!Number.isInteger(h) || h < 1) throw new ParameterError(`horizons must be positive integers, got ${h}`);
  const usable = sequences.filter((s) => s.rows >= context + H);
  if (usable.length === 0) throw new ParameterError(`forecastError needs a sequence of at least context + max horizon = ${context + H} frames`);
  const sums = { model: horizons.map(() => 0), persistence: horizons.map(() => 0), mean: horizons.map(() => 0) };
  let n = 0;
  for (const S of usable) {
    const cols = S.cols, nF = opts.nFeatures ?? cols;
    const span = S.rows - context - H;
    for (let k = 0; k < per; k++) {
      const t = context + Math.floor((span * k) / Math.max(1, per - 1)); // the first forecast frame
      const history = { rows: context, cols, data: S.data.subarray((t - context) * cols, t * cols) };
      const f = forecast(history, H);
      horizons.forEach((h, hi) => {
        const truth = (t + h - 1) * cols, pred = (h - 1) * cols, last = (t - 1) * cols;
        let em = 0, ep = 0, e0 = 0;
        for (let i = 0; i < nF; i++) {
          const y = S.data[truth + i];
          em += (f.data[pred + i] - y) ** 2; ep += (S.data[last + i] - y) ** 2; e0 += y * y;
        }
        sums.model[hi] += em / nF; sums.persistence[hi] += ep / nF; sums.mean[hi] += e0 / nF;
      });
      n++;
    }
  }
  const avg = (xs: number[]): number[] => xs.map((x) => x / n);
  return { horizons, model: avg(sums.model), persistence: avg(sums.persistence), mean: avg(sums.mean), origins: n };
}

/**
 * An RBM has no time: its forecast is the mean-field chain v ← E[v | p(h | v)] started at the last real frame,
 * one step per frame (what generation does from a prime, without the sampling noise).
 */
export function rbmForecaster(p: GibbsParams): Forecaster {
  const { nVisible: nV, nHidden: nH, W, visibleBias, hiddenBias } = p;
  const invVar = new Float32Array(nV).fill(1);
  if (p.visible === 'gaussian' && p.logSigma) for (let i = 0; i < nV; i++) invVar[i] = Math.exp(-2 * p.logSigma[i]);
  return (history, horizon) => {
    const v = Float64Array.from(history.data.subarray((history.rows - 1) * nV, history.rows * nV));
    const out = new Float32Array(horizon * nV), ph = new Float64Array(nH);
    for (let t = 0; t < horizon; t++) {
      ph.set(hiddenBias);
      for (let i = 0; i < nV; i++) {
        const x = p.visible === 'gaussian' ? v[i] * invVar[i] : v[i];
        for (let j = 0; j < nH; j++) ph[j] += W[i * nH + j] * x;
      }
      for (let j = 0; j < nH; j++) ph[j] = sigmoid(ph[j]);
      for (let i = 0; i < nV; i++) {
        let a = visibleBias[i];
        for (let j = 0; j < nH; j++) a += W[i * nH + j] * ph[j];
        v[i] = p.visible === 'gaussian' ? a : sigmoid(a);
      }
      out.set(v, t * nV);
    }
    return { rows: horizon, cols: nV, data: out };
  };
}

/**
 * A temporal model's forecast: `predictNext` on the last `span` (or `order`) frames, fed back `horizon` times (the
 * ConditionalRBM's deterministic mean-field prediction).
 */
export function sequenceForecaster(model: { order: number; span?: number; nVisible: number; predictNext(history: Matrix): Float32Array }): Forecaster {
  return (history, horizon) => {
    // A CRBM with long-reaching taps needs `span` frames of past; the classic one needs `order`.
    const { nVisible: nV } = model, order = model.span ?? model.order;
    if (history.rows < order) throw new ParameterError(`the history has ${history.rows} frames; the model needs order = ${order}`);
    const buf = new Float32Array((order + horizon) * nV);
    buf.set(history.data.subarray((history.rows - order) * nV, history.rows * nV));
    for (let t = 0; t < horizon; t++) {
      buf.set(model.predictNext({ rows: order, cols: nV, data: buf.subarray(t * nV, (t + order) * nV) }), (t + order) * nV);
    }
    return { rows: horizon, cols: nV, data: buf.slice(order * nV) };
  };
}

/** What {@link recurrentForecaster} needs of an RNN-RBM: its deterministic `forecast` (src/rbm/models/RNNRBM.ts). */
export interface RecurrentForecastModel {
  forecast(history: Matrix, frames: number, opts?: { meanFieldSteps?: number }): Matrix;
}

/**
 * The RNN-RBM's forecast: `model.forecast`, which reads the history once (the RNN state carries it), then predicts
 * each frame by mean field from the biases its state sets and reads the prediction back in (as `RNNRBM.predictNext`
 * on a growing history, without re-reading it every frame).
 * @example forecastError(heldOut, recurrentForecaster(rnnrbm)).model
 */
export function recurrentForecaster(model: RecurrentForecastModel, meanFieldSteps = 5): Forecaster {
  return (history, horizon) => model.forecast(history, horizon, { meanFieldSteps });
}
