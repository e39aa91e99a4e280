/**
 * "Personal taste": score how well clips fit a model trained on someone's collection. An RBM gives every frame a
 * free energy F(v) with p(v) ∝ exp(−F(v)): lower free energy = more typical of the training music. A clip's raw
 * score is its mean free energy per frame. Raw free energies have no natural scale (they shift with the
 * partition function and the feature scaling), so the calibrated score is a z-score against the training
 * frames: `score = (mean_F_train − mean_F_clip) / std_F_train`. 0 means "as typical as the collection's own
 * frames on average", −2 means the clip's frames are on average two training standard deviations less likely,
 * positive means more typical than the collection itself. Models with style units are scored with the style
 * summed out: F(x) = −log Σ_s exp(−F(x, s)).
 */
import { AudioFormatError, ParameterError } from '../errors';
import type { AudioClip, Matrix } from '../types';
import { loadAudio, resampleClip, toMono, validClip } from '../audio';
import type { FeaturePipeline } from '../features';
import { modelSource } from '../rbm';
import { checkMusicModel } from './loadMusicModel';
import { modelPipeline, type HasMeta, musicMeta, withStyleColumns } from './musicModel';
import * as nodePath from 'node:path';

/** What ranking needs from a model: its free energy (an RBM). */
export interface FreeEnergyModel extends HasMeta {
  nVisible: number;
  freeEnergy(v: Matrix): Float32Array;
}

/** One ranked clip. */
export interface RankEntry {
  name: string;
  /** Calibrated score (z-score vs the training frames; higher = fits the model better). */
  score: number;
  /** Mean free energy per frame (lower = fits better). */
  meanFreeEnergy: number;
  frames: number;
}

/** Options for {@link rankByModel}. */
export interface RankOptions {
  /** Feature pipeline (default: the model's saved one). */
  pipeline?: FeaturePipeline;
  /** Only the first this many seconds of each clip are scored (default: all). */
  maxSeconds?: number;
  /** Training free-energy statistics for the z-score (default: the model's saved ones). */
  calibration?: { mean: number; std: number };
}

/** A clip to rank: a file path, an AudioClip with a name, or a dataset clip. */
export type RankInput = string | { name: string; clip: AudioClip };

/**
 * Free energy of each feature frame (frames × nFeatures, no style columns), with style units summed out.
 */
export function frameFreeEnergy(model: FreeEnergyModel, X: Matrix, styles = 0, styleScale = 1): Float32Array {
  if (styles === 0) return model.freeEnergy(X);
  const per = Array.from({ length: styles }, (_, s) => model.freeEnergy(withStyleColumns(X, s, styles, styleScale)));
  const out = new Float32Array(X.rows);
  for (let t = 0; t < X.rows; t++) {
    let m = Infinity;
    for (const f of per) m = Math.min(m, f[t]);
    let sum = 0;
    for (const f of per) sum += Math.exp(-(f[t] - m));
    out[t] = m - Math.log(sum);
  }
  return out;
}

/** Mean and standard deviation of a list of numbers. */
export function meanStd(x: ArrayLike<number>): { mean: number; std: number } {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= Math.max(1, x.length);
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - m) ** 2;
  return { mean: m, std: Math.sqrt(v / Math.max(1, x.length - 1)) };
}

/**
 * Ranks clips by how well they fit `model`, best first.
 *
 * @param clips file paths or named clips (e.g. `loadDataset()` output).
 * @returns `[{ name, score, meanFreeEnergy, frames }]` sorted by score, highest first.
 * @throws {ParameterError} for a mismatch with a given `opts.pipeline` or a model without free energy (e.g. a CRBM).
 * @throws {ModelFormatError} naming the file, for a model loaded from a file whose saved metadata is damaged
 *   (pipeline config, scaler, feature count; see checkMusicModel).
 * @throws {AudioFormatError} for an unreadable file, or one shorter than one analysis window (named).
 * @example
 * const ranked = await rankByModel(model, ['a.wav', 'b.wav']);
 * console.table(ranked);
 */
export async function rankByModel(model: FreeEnergyModel, clips: RankInput[], opts: RankOptions = {}): Promise<RankEntry[]> {
  // A CRBM's or RNN-RBM's freeEnergy needs the frames' history too: only a frame model can score frames alone.
  const temporal = typeof (model as any).order === 'number' || typeof (model as any).nRecurrent === 'number';
  if (typeof (model as any).freeEnergy !== 'function' || temporal) {
    throw new ParameterError('rankByModel needs a model with freeEnergy() (an RBM; train one with `rbm-music train --model rbm`); a temporal model\'s free energy depends on its history');
  }
  // A model read from a file (RBM.load & co.) has its saved metadata checked against it first, so a damaged or
  // hand-edited pipeline, scaler or feature count is a ModelFormatError naming the file (issue 11), not a
  // ParameterError from deep inside naming no file. A pipeline passed in replaces the saved one: not checked.
  const file = modelSource(model);
  if (!opts.pipeline && file) checkMusicModel(model as any, file);
  const pipeline = modelPipeline(model, opts.pipeline, file);
  const meta = opts.pipeline && !(model.meta as any)?.pipeline ? { styles: [], styleScale: 1, freeEnergy: undefined } : musicMeta(model);
  const nStyles = meta.styles.length;
  if (model.nVisible !== pipeline.nFeatures + nStyles) {
    throw new ParameterError(`model/feature mismatch: the model has ${model.nVisible} visible units but the pipeline gives ${pipeline.nFeatures} features${nStyles ? ` + ${nStyles} style units` : ''}`);
  }
  const calibration = opts.calibration ?? meta.freeEnergy;
  const sr = pipeline.config.sampleRate;
  const out: RankEntry[] = [];
  for (const item of clips) {
    const name = typeof item === 'string' ? nodePath.basename(item) : item.name;
    let clip = typeof item === 'string' ? await loadAudio(item, { sampleRate: sr, mono: true }) : item.clip;
    validClip(clip, name);
    clip = toMono(clip);
    if (clip.sampleRate !== sr) clip = resampleClip(clip, sr);
    let y = clip.channels[0];
    if (opts.maxSeconds) y = y.subarray(0, Math.round(opts.maxSeconds * sr));
    // A clip shorter than one analysis window is all padding: its "fit" would be a score of silence, not music.
    if (y.length < pipeline.config.nFft) {
      throw new AudioFormatError(`${name}: ${y.length} samples (${(y.length / sr).toFixed(3)} s) is too short to rank: it needs at least one full analysis window of nFft=${pipeline.config.nFft} samples (${(pipeline.config.nFft / sr).toFixed(3)} s)`);
    }
    const F = frameFreeEnergy(model, pipeline.transform(y), nStyles, meta.styleScale);
    const { mean } = meanStd(F);
    const score = calibration ? (calibration.mean - mean) / Math.max(calibration.std, 1e-12) : -mean;
    out.push({ name, score, meanFreeEnergy: mean, frames: F.length });
  }
  return out.sort((a, b) => b.score - a.score);
}
