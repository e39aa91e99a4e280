/**
 * The training helper behind `rbm-music train` and the notebooks: audio clips → fitted feature pipeline →
 * frames (plus one-hot style units when asked) → a trained RBM or ConditionalRBM whose `meta` carries everything
 * generation and ranking need (the pipeline, the style names, the training free-energy statistics).
 */
import { AudioFormatError, ParameterError } from '../errors';
import type { AudioClip, Matrix } from '../types';
import { resampleClip, toMono, validClip } from '../audio';
import { DEFAULT_FEATURE_CONFIG, FeaturePipeline, type FeatureConfig } from '../features';
import { ConditionalRBM, RNNRBM, type CRBMHistory, type RNNRBMHistory, type RNNRBMTrainOptions } from '../rbm';
import { MeanPrecisionRBM, type MeanPrecisionHistory, type MeanPrecisionTrainOptions } from '../rbm';
import { MeanPrecisionCRBM, type MeanPrecisionCRBMHistory } from '../rbm';
import { historyTaps, multiScaleTaps, type HistoryKind } from '../rbm/models/crbm/taps';
import { DEFAULT_BEAT_CLOCK } from '../rbm/models/crbm/beatClock';
import { RBM, type EpochMetrics, type TrainOptions, type TrainingHistory } from '../rbm';
import { concatRows } from '../util/matrix';
import { Random } from '../util/random';
import type { MusicModelMeta } from './musicModel';
import { withStyleColumns } from './musicModel';
import { frameFreeEnergy, meanStd } from './rank';

/** Defaults for {@link trainOnClips}; each says why. */
export const DEFAULT_TRAIN_ON_CLIPS = {
  model: 'rbm' as MusicModelKind,
  /** 256 hidden units for 128 mel features: enough to capture chords and timbres, fast to train on 2 cores. */
  nHidden: 256,
  epochs: 20,
  seed: 0,
  /** CRBM context: 3 previous frames (≈ 50 ms at hop 256, 16 kHz), as in Taylor et al. 2006's short histories. */
  order: 3,
  /** CRBM history: 'recent' (the last `order` frames), or 'lags' / 'multiscale' taps reaching `historySeconds` back. */
  history: 'recent' as HistoryKind,
  /** How far back 'lags' and 'multiscale' histories reach: 2 s, a bar of 4/4 at 120 BPM (at most half the shortest clip). */
  historySeconds: 2,
  /**
   * Mean–precision RBM hidden units when `nHidden` is not given: 8. Each doubles the 2^H states its exact log Z
   * sums; on four real soundtrack tracks (issue 8, 25 epochs; npm run bench -- density) 8 units reached +20 nats/frame
   * held out (3 seeds) and 10 units no more in 1.7× the time (the full-covariance Gaussian: −59; a 64-component
   * diagonal GMM: −20).
   */
  nHiddenMeanPrecision: 8,
  /** RNN-RBM recurrent units (the paper's reference implementation used 100 with 150 hidden units). */
  nRecurrent: 100,
  /** Value of an "on" style unit; 1 matches the ±1 spread of standardised features. */
  styleScale: 1,
  /**
   * Frame RBM's Gaussian σ when the caller gives none: fixed at 1 (the spread of standardised features), or learned
   * when style units are trained. Measured on held-out real music (issue 8: four Wesnoth tracks, 264 s, last 20 % of
   * each held out, 256 hidden, 15 epochs, AIS log Z): σ = 1 gives −165 nats/frame (diagonal Gaussian −178); a learned
   * σ drifts with CD-1 (−312) and explodes with CD-10 (σ → 40, −823) or PCD (fit() now warns). With style units a
   * learned σ stays: their small learned σ is what makes clamping them steer the output (test/generate/style.test.ts
   * fails with σ = 1). Pass `sigma` to choose either way.
   */
  sigma: 'auto' as 'auto' | 'learned' | number,
  /** Held-out frames for validation metrics and early stopping. */
  validationFraction: 0.1,
};

/** The model kinds `trainOnClips` (and `rbm-music train --model`) can train. */
export const MUSIC_MODEL_KINDS = ['rbm', 'crbm', 'rnnrbm', 'mprbm', 'mpcrbm'] as const;
/**
 * One of {@link MUSIC_MODEL_KINDS}: a frame RBM, a conditional RBM over the recent past, an RNN-RBM, a
 * mean–precision RBM (frames; the best frame density model, see MeanPrecisionRBM), or a conditional mean–precision
 * RBM (the mean–precision RBM with the past setting its biases, see MeanPrecisionCRBM).
 */
export type MusicModelKind = (typeof MUSIC_MODEL_KINDS)[number];

/** A named clip with an optional style (what `loadDataset` returns). */
export interface LabelledClip { name?: string; style?: string; clip: AudioClip }

/** Options for {@link trainOnClips}. */
export interface TrainOnClipsOptions {
  /** Feature settings (default DEFAULT_FEATURE_CONFIG: 16 kHz, 128 log1p mel bands, standardised). */
  features?: Partial<FeatureConfig>;
  model?: MusicModelKind;
  nHidden?: number;
  /** RNN-RBM recurrent units (default 100). */
  nRecurrent?: number;
  /** RNN-RBM training options (chunkLength, k, learningRate, pretrain, …); `epochs` comes from `epochs`. */
  rnnrbm?: Partial<RNNRBMTrainOptions>;
  epochs?: number;
  seed?: number;
  /** CRBM history length in frames (the 'recent' history). */
  order?: number;
  /** CRBM history: 'recent' (default), 'lags' (frames 1, 2, 4, … back) or 'multiscale' (means of frames 1, 2–3, 4–7, … back). */
  history?: HistoryKind;
  /** Seconds the 'lags' / 'multiscale' history reaches back (default 2). */
  historySeconds?: number;
  /**
   * mpcrbm: a beat clock and beat lag in its histories (default true; see MeanPrecisionCRBM). Beats up to half the
   * shortest clip (at most 1 s); none for clips under ≈ 0.5 s.
   */
  beat?: boolean;
  /**
   * Style units: `true` uses every clip's `style` label (sorted names), a list fixes the names and order.
   * Default: none.
   */
  styles?: boolean | string[];
  styleScale?: number;
  /** Frame RBM's Gaussian visible σ: 'learned' per unit (Cho et al. 2011), a fixed value, or 'auto' (default: 1 without style units, learned with them; see DEFAULT_TRAIN_ON_CLIPS). */
  sigma?: 'auto' | 'learned' | number;
  validationFraction?: number;
  /** Any other `fit()` option (learningRate, k, batchSize, …). */
  train?: Partial<TrainOptions>;
  /** Mean–precision RBM training options (learningRate, batchSize, …); `epochs` comes from `epochs`. */
  meanPrecision?: Partial<MeanPrecisionTrainOptions>;
  /** After each epoch, with its metrics (EpochMetrics for an RBM, the CRBM's metrics for a CRBM). */
  onEpoch?: (m: EpochMetrics | Record<string, number | undefined>) => void | Promise<void>;
  onBatch?: TrainOptions['onBatch'];
  /** A note on what the model was trained on, saved in its metadata. */
  trainedOn?: string;
}

/** What {@link trainOnClips} returns. */
export interface TrainedMusicModel<M = RBM | ConditionalRBM | RNNRBM | MeanPrecisionRBM | MeanPrecisionCRBM> {
  model: M;
  pipeline: FeaturePipeline;
  /** Per-epoch metrics (an RBM's TrainingHistory, or a CRBM's or RNN-RBM's history with prediction errors). */
  history: TrainingHistory | CRBMHistory | RNNRBMHistory | MeanPrecisionHistory;
  /** The training frames (features + style units), e.g. for the quality report's novelty check. */
  frames: Matrix;
}

/**
 * Trains a music model on clips.
 *
 * @param clips AudioClips or labelled clips (`loadDataset('openmsx')`); resampled and mixed to mono as needed.
 * @throws {ParameterError} for no clips, missing style labels, or bad sizes.
 * @example
 * const clips = await loadDataset('synthetic');
 * const { model, pipeline } = await trainOnClips(clips, { epochs: 5, styles: true });
 */
export async function trainOnClips(clips: Array<AudioClip | LabelledClip>, opts: TrainOnClipsOptions = {}): Promise<TrainedMusicModel> {
  const o = { ...DEFAULT_TRAIN_ON_CLIPS, ...opts };
  if (!Array.isArray(clips) || clips.length === 0) throw new ParameterError('trainOnClips needs at least one clip');
  if (!MUSIC_MODEL_KINDS.includes(o.model)) throw new ParameterError(`model must be one of ${MUSIC_MODEL_KINDS.map((k) => `'${k}'`).join(', ')}, got '${o.model}'`);
  const config = { ...DEFAULT_FEATURE_CONFIG, ...(opts.features ?? {}) };
  const labelled: LabelledClip[] = clips.map((c, i) => ('clip' in c ? c : { name: `clip ${i}`, clip: c }));
  const audio = labelled.map((c, i) => {
    validClip(c.clip, c.name ?? `clips[${i}]`);
    const mono = toMono(c.clip);
    return (mono.sampleRate === config.sampleRate ? mono : resampleClip(mono, config.sampleRate)).channels[0];
  });

  let styles: string[] = [];
  if (o.styles) {
    const missing = labelled.find((c) => !c.style);
    if (missing) throw new ParameterError(`styles were asked for but clip '${missing.name}' has no style label`);
    styles = Array.isArray(o.styles) ? o.styles : [...new Set(labelled.map((c) => c.style!))].sort();
    const unknown = labelled.find((c) => !styles.includes(c.style!));
    if (unknown) throw new ParameterError(`clip '${unknown.name}' has style '${unknown.style}', not in styles [${styles.join(', ')}]`);
  }

  const pipeline = new FeaturePipeline(config);
  // A clip shorter than one analysis window is all padding (a 1-sample clip made one frame and a misleading
  // DivergenceError, "try a smaller learning rate"): name it instead.
  audio.forEach((y, i) => {
    if (y.length < pipeline.config.nFft) {
      const c = labelled[i] as LabelledClip & { path?: string };
      throw new AudioFormatError(`${c.path ?? c.name ?? `clips[${i}]`}: ${y.length} samples (${(y.length / config.sampleRate).toFixed(3)} s at ${config.sampleRate} Hz) is too short to train on: each clip needs at least one analysis window of nFft=${pipeline.config.nFft} samples`);
    }
  });
  // Each clip's features are extracted once: fitting the scaler on all of them, then scaling each, gives what
  // fit(audio) + transform(y) gave (the same frames, the same statistics) without a second STFT of every clip.
  const unscaled = audio.map((y) => pipeline.extract(y));
  pipeline.fitFeatures(unscaled.length === 1 ? unscaled[0] : concatRows(unscaled));
  const sequences = unscaled.map((E, i) => {
    const X = pipeline.scale(E);
    return styles.length ? withStyleColumns(X, styles.indexOf(labelled[i].style!), styles.length, o.styleScale) : X;
  });
  unscaled.length = 0;
  const frames = concatRows(sequences);
  const nVisible = pipeline.nFeatures + styles.length;
  const common = { ...(opts.train ?? {}), epochs: o.epochs, onEpoch: opts.onEpoch, onBatch: opts.onBatch };

  let model: RBM | ConditionalRBM | RNNRBM | MeanPrecisionRBM | MeanPrecisionCRBM;
  let history: TrainingHistory | CRBMHistory | RNNRBMHistory | MeanPrecisionHistory | MeanPrecisionCRBMHistory;
  // Short clips cannot hold a 2 s history (a 1 s clip has 62 frames): then reach back at most half the shortest.
  const shortest = Math.min(...sequences.map((x) => x.rows));
  const historyReach = (): number => Math.max(1, Math.min(Math.round(o.historySeconds * pipeline.frameRate), Math.floor(shortest / 2)));
  // Frame models: a seeded random split of frames into training and validation sets.
  const split = (): { train: Matrix; validation?: Matrix } => {
    const idx = new Random(o.seed).shuffle(Array.from({ length: frames.rows }, (_, i) => i));
    const nVal = frames.rows > 20 ? Math.round(frames.rows * o.validationFraction) : 0;
    const pick = (ids: number[]): Matrix => {
      const data = new Float32Array(ids.length * frames.cols);
      ids.forEach((r, k) => data.set(frames.data.subarray(r * frames.cols, (r + 1) * frames.cols), k * frames.cols));
      return { rows: ids.length, cols: frames.cols, data };
    };
    return { train: pick(idx.slice(nVal)), ...(nVal ? { validation: pick(idx.slice(0, nVal)) } : {}) };
  };
  if (o.model === 'rbm') {
    const { train, validation } = split();
    const sigma = o.sigma === 'auto' || o.sigma === undefined ? (styles.length ? 'learned' : 1) : o.sigma;
    const rbm = new RBM({ nVisible, nHidden: o.nHidden, visible: 'gaussian', seed: o.seed, sigma });
    history = await rbm.fit(train, { ...common, ...(validation ? { validation } : {}) });
    model = rbm;
  } else if (o.model === 'mprbm') {
    if (styles.length) throw new ParameterError("style units need model 'rbm' (a Gaussian RBM clamps them while sampling); the mean–precision RBM ('mprbm') has none");
    const { train, validation } = split();
    const mp = new MeanPrecisionRBM({ nVisible, nHidden: opts.nHidden ?? o.nHiddenMeanPrecision, seed: o.seed });
    history = await mp.fit(train, {
      ...(opts.meanPrecision ?? {}), ...(opts.epochs ? { epochs: opts.epochs } : {}), ...(validation ? { validation } : {}),
      onEpoch: opts.onEpoch as any, onBatch: opts.onBatch as any,
    });
    model = mp;
  } else if (o.model === 'mpcrbm') {
    if (styles.length) throw new ParameterError("style units need model 'rbm' or 'crbm'; the conditional mean–precision RBM ('mpcrbm') has none");
    // Its hidden history: the 'lags' or 'multiscale' taps reaching historySeconds (multiscale unless 'lags' is asked).
    const hiddenTaps = o.history === 'lags' ? historyTaps('lags', historyReach()) : multiScaleTaps(historyReach());
    // The beat clock's longest period (1 s at the default frame rate) is also how far its beat lag reaches back:
    // short clips get shorter beats (at most half the shortest clip), and clips too short for any beat none.
    const maxPeriod = Math.min(DEFAULT_BEAT_CLOCK.maxPeriod, Math.floor(shortest / 2));
    const beat = o.beat !== false && maxPeriod > DEFAULT_BEAT_CLOCK.minPeriod ? { maxPeriod } : undefined;
    const mp = new MeanPrecisionCRBM({
      nVisible, nHidden: opts.nHidden ?? o.nHiddenMeanPrecision, seed: o.seed, hiddenTaps, ...(beat ? { beat } : {}),
    });
    const { validation: _frames, ...train } = opts.meanPrecision ?? {};
    history = await mp.fit(sequences, {
      ...train, ...(opts.epochs ? { epochs: opts.epochs } : {}), onEpoch: opts.onEpoch as any, onBatch: opts.onBatch as any,
    });
    model = mp;
  } else if (o.model === 'rnnrbm') {
    const rnn = new RNNRBM({ nVisible, nHidden: o.nHidden, nRecurrent: o.nRecurrent, visible: 'gaussian', seed: o.seed });
    history = await rnn.fit(sequences, { ...(opts.rnnrbm ?? {}), epochs: o.epochs, onEpoch: opts.onEpoch as any, onBatch: opts.onBatch });
    model = rnn;
  } else {
    const taps = o.history === 'recent' ? undefined : historyTaps(o.history, historyReach());
    const crbm = new ConditionalRBM({ nVisible, nHidden: o.nHidden, ...(taps ? { taps } : { order: o.order }), visible: 'gaussian', seed: o.seed });
    history = await crbm.fit(sequences, common as any);
    model = crbm;
  }
  const meta: MusicModelMeta = {
    kind: 'rbm-music', version: 1, model: o.model, pipeline: pipeline.toJSON(), nFeatures: pipeline.nFeatures,
    styles, styleScale: o.styleScale, trainedOn: o.trainedOn ?? `${clips.length} clips`,
  };
  if (o.model === 'mprbm') {
    meta.freeEnergy = meanStd((model as MeanPrecisionRBM).freeEnergy(frames));
  } else if (o.model === 'rbm') {
    const X = { rows: frames.rows, cols: pipeline.nFeatures, data: new Float32Array(frames.rows * pipeline.nFeatures) };
    for (let t = 0; t < frames.rows; t++) X.data.set(frames.data.subarray(t * nVisible, t * nVisible + pipeline.nFeatures), t * pipeline.nFeatures);
    meta.freeEnergy = meanStd(frameFreeEnergy(model as RBM, X, styles.length, o.styleScale));
  }
  model.meta = { ...model.meta, ...meta };
  return { model, pipeline, history, frames };
}
