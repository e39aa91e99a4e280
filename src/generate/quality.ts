/**
 * What a listener would notice, as numbers: is generated audio silent, clipped, white noise, tonal, or a copy of
 * the training data? {@link audioQualityReport} measures one clip; the tests hold generated clips to these numbers
 * and the README reports them.
 *
 * - **Spectral flatness** (Wiener entropy; Dubnov 2004) per frame = geometric mean / arithmetic mean of the power
 *   spectrum: ≈ 0.56 for white noise (e^−γ for exponentially distributed periodogram bins), near 0 for a few
 *   sinusoids. It is compared with white noise of the same length, analysed with the same frames.
 * - **Peak energy fraction**: the share of each frame's energy in its `topK` strongest spectral peaks (each peak
 *   = a local maximum and its two neighbours, the main lobe of the Hann window). Music built from harmonic
 *   partials scores high; noise spreads its energy over all bins and scores low.
 * - **Novelty**: for each generated frame, the distance to the nearest training frame, divided by the typical
 *   distance between a training frame and its nearest training frame from another moment (more than
 *   `excludeNeighbours` frames away). A verbatim copy scores ≈ 0; a model that reproduces its data within
 *   the variation the data itself has scores ≈ 1 or more.
 */
import { ParameterError } from '../errors';
import type { AudioClip, Matrix } from '../types';
import { Random } from '../util/random';
import { validClip } from '../audio';
import { magnitude, stft } from '../features';

/** Defaults for {@link audioQualityReport}. */
export const DEFAULT_QUALITY_OPTIONS = {
  /** 1024-point frames: 64 ms at 16 kHz, fine enough (15.6 Hz bins) to separate harmonics. */
  nFft: 1024,
  hopLength: 256,
  /** Peaks counted per frame: a chord of 3–4 notes with a few harmonics each. */
  topK: 16,
  /** Frames quieter than this (RMS, relative to the loudest frame) are ignored: silence has no spectrum to judge. */
  silenceDb: -50,
  /** Training frames within this many hops of each other count as the same moment in the novelty baseline. */
  excludeNeighbours: 8,
  /** At most this many training frames are compared (seeded subsample): 6 min of audio at 16 kHz fits whole. */
  maxTrainingFrames: 30000,
  seed: 0,
};

/** Options for {@link audioQualityReport}. */
export interface QualityOptions {
  nFft?: number;
  hopLength?: number;
  topK?: number;
  silenceDb?: number;
  /** Training frames in the same space as {@link qualityFrames} gives (log-magnitude frames); enables `novelty`. */
  trainingFrames?: Matrix;
  excludeNeighbours?: number;
  maxTrainingFrames?: number;
  seed?: number;
}

/** The numbers {@link audioQualityReport} returns. */
export interface QualityReport {
  seconds: number;
  rms: number;
  peak: number;
  /** Mean spectral flatness over non-silent frames (0 = pure tones … ≈ 0.56 white noise). */
  spectralFlatness: number;
  /** The same measure on white noise with the same frame count (the reference the clip is compared with). */
  noiseFlatness: number;
  /** Mean fraction of frame energy in the top-k spectral peaks. */
  peakEnergyFraction: number;
  /** The same on white noise. */
  noisePeakEnergyFraction: number;
  /** Mean spectral centroid in Hz (brightness; used to compare styles). */
  spectralCentroid: number;
  /**
   * Movement: median distance between consecutive level-independent band frames ({@link qualityFrames}) — about
   * 0 for a frozen drone, larger for music with events. Reported, not judged: a chain stuck in one state still
   * passes the tonal checks, and this number shows it.
   */
  spectralFlux: number;
  /** Nearest-training-frame distance relative to the training data's own nearest-neighbour distance (see module doc). */
  novelty?: number;
  /** Median of the raw nearest-training-frame distances (log-magnitude units). */
  nearestTrainingDistance?: number;
}

/** Bands of {@link qualityFrames}: 48 log-spaced bands from 40 Hz, about a third of an octave each. */
export const QUALITY_BANDS = 48;

/**
 * Compact, level-independent log-spectral frames (frames × 48): STFT magnitudes summed in 48 log-spaced bands,
 * each frame divided by its total (so a copy played louder or softer is still a copy), then `log(x + 1e-4)`.
 * The space in which novelty is measured: coarse enough that Griffin-Lim's phase errors hardly move a frame,
 * small enough to compare every generated frame with every training frame. Use it on the training clips to
 * build `trainingFrames`.
 */
export function qualityFrames(y: Float32Array, opts: { nFft?: number; hopLength?: number; sampleRate?: number } = {}): Matrix {
  const { nFft, hopLength } = { ...DEFAULT_QUALITY_OPTIONS, ...opts };
  const sr = opts.sampleRate ?? 16000;
  const S = magnitude(stft(y, { nFft, hopLength }));
  const band = new Int32Array(S.cols).fill(-1);
  const lo = Math.log(40), hi = Math.log(sr / 2);
  for (let f = 1; f < S.cols; f++) {
    const hz = (f * sr) / nFft;
    if (hz >= 40) band[f] = Math.min(QUALITY_BANDS - 1, Math.floor(((Math.log(hz) - lo) / (hi - lo)) * QUALITY_BANDS));
  }
  const data = new Float32Array(S.rows * QUALITY_BANDS);
  for (let t = 0; t < S.rows; t++) {
    const row = data.subarray(t * QUALITY_BANDS, (t + 1) * QUALITY_BANDS);
    for (let f = 0; f < S.cols; f++) if (band[f] >= 0) row[band[f]] += S.data[t * S.cols + f];
    let total = 0;
    for (let b = 0; b < QUALITY_BANDS; b++) total += row[b];
    for (let b = 0; b < QUALITY_BANDS; b++) row[b] = Math.log(row[b] / (total + 1e-12) + 1e-4);
  }
  return { rows: S.rows, cols: QUALITY_BANDS, data };
}

interface SpectralStats { flatness: number; peakFraction: number; centroid: number }

function spectralStats(y: Float32Array, sampleRate: number, o: typeof DEFAULT_QUALITY_OPTIONS): SpectralStats {
  const S = magnitude(stft(y, { nFft: o.nFft, hopLength: o.hopLength }));
  const { rows, cols } = S;
  const energy = new Float64Array(rows);
  for (let t = 0; t < rows; t++) for (let f = 0; f < cols; f++) energy[t] += S.data[t * cols + f] ** 2;
  const loudest = Math.max(...energy, 1e-30);
  const gate = loudest * 10 ** (o.silenceDb / 10);
  let flat = 0, peaks = 0, centroid = 0, n = 0;
  const p = new Float64Array(cols);
  for (let t = 0; t < rows; t++) {
    if (energy[t] < gate || energy[t] === 0) continue;
    let logSum = 0, sum = 0, weighted = 0;
    for (let f = 0; f < cols; f++) {
      p[f] = S.data[t * cols + f] ** 2;
      logSum += Math.log(p[f] + 1e-20);
      sum += p[f];
      weighted += p[f] * ((f * sampleRate) / o.nFft);
    }
    flat += Math.exp(logSum / cols) / (sum / cols);
    centroid += weighted / sum;
    // Local maxima, strongest first; each takes its two neighbours (the Hann main lobe) with it.
    const maxima: number[] = [];
    for (let f = 1; f + 1 < cols; f++) if (p[f] > p[f - 1] && p[f] >= p[f + 1]) maxima.push(f);
    maxima.sort((a, b) => p[b] - p[a]);
    let inPeaks = 0;
    for (const f of maxima.slice(0, o.topK)) inPeaks += p[f - 1] + p[f] + p[f + 1];
    peaks += Math.min(1, inPeaks / sum);
    n++;
  }
  return n === 0 ? { flatness: NaN, peakFraction: NaN, centroid: NaN } : { flatness: flat / n, peakFraction: peaks / n, centroid: centroid / n };
}

/**
 * Mean spectral flatness (Wiener entropy) of the non-silent frames of `y`: ≈ 0.56 white noise, near 0 a few
 * tones, ≈ 0.016 real OpenMSX music (the measure {@link audioQualityReport} reports, without its noise reference).
 * @example spectralFlatness(clip.channels[0], clip.sampleRate)
 */
export function spectralFlatness(y: Float32Array, sampleRate = 16000, opts: { nFft?: number; hopLength?: number; silenceDb?: number } = {}): number {
  if (!(y instanceof Float32Array) || y.length === 0) throw new ParameterError('spectralFlatness: y must be a non-empty Float32Array');
  return spectralStats(y, sampleRate, { ...DEFAULT_QUALITY_OPTIONS, ...opts }).flatness;
}

function sqDist(a: Float32Array, ai: number, b: Float32Array, bi: number, cols: number): number {
  let s = 0;
  for (let f = 0; f < cols; f++) {
    const d = a[ai + f] - b[bi + f];
    s += d * d;
  }
  return s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

/**
 * How much a sequence of feature frames moves: the median RMS step between consecutive frames (frames × features,
 * in the model's scaled feature space). Real music measures ≈ 0.27 on the default features; a drone ≈ 0.
 * @example frameChange(model.sample(...))
 */
export function frameChange(frames: Matrix): number {
  const steps: number[] = [];
  for (let t = 1; t < frames.rows; t++) {
    let s = 0;
    for (let i = 0; i < frames.cols; i++) {
      const d = frames.data[t * frames.cols + i] - frames.data[(t - 1) * frames.cols + i];
      s += d * d;
    }
    steps.push(Math.sqrt(s / frames.cols));
  }
  steps.sort((a, b) => a - b);
  return steps.length ? steps[steps.length >> 1] : 0;
}

/** Novelty of `frames` against `training` (see the module comment). */
export function novelty(frames: Matrix, training: Matrix, o: { excludeNeighbours: number; maxTrainingFrames: number; seed: number }): { novelty: number; nearest: number } {
  if (frames.cols !== training.cols) {
    throw new ParameterError(`trainingFrames has ${training.cols} columns but the clip's frames have ${frames.cols}; compute both with qualityFrames() and the same nFft`);
  }
  const cols = training.cols;
  const rng = new Random(o.seed);
  const pick = (rows: number, max: number): number[] => {
    const idx = Array.from({ length: rows }, (_, i) => i);
    return rows <= max ? idx : rng.shuffle(idx).slice(0, max).sort((a, b) => a - b);
  };
  const tIdx = pick(training.rows, o.maxTrainingFrames);
  const gIdx = pick(frames.rows, 300);
  const nearest = gIdx.map((g) => {
    let best = Infinity;
    for (const t of tIdx) best = Math.min(best, sqDist(frames.data, g * cols, training.data, t * cols, cols));
    return Math.sqrt(best);
  });
  const baseline = pick(tIdx.length, 300).map((k) => {
    const i = tIdx[k];
    let best = Infinity;
    for (const t of tIdx) if (Math.abs(t - i) > o.excludeNeighbours) best = Math.min(best, sqDist(training.data, i * cols, training.data, t * cols, cols));
    return Math.sqrt(best);
  }).filter(Number.isFinite);
  const nearestMedian = median(nearest);
  return { novelty: nearestMedian / Math.max(median(baseline), 1e-12), nearest: nearestMedian };
}

/**
 * Measures a (generated) clip: loudness, peak, spectral flatness and peak-energy fraction beside white noise's,
 * spectral centroid, and with `trainingFrames` its novelty. Uses the first channel.
 *
 * @throws {ParameterError} for an invalid clip or training frames in another space.
 * @example
 * const report = audioQualityReport(clip, { trainingFrames: qualityFrames(trainClip.channels[0]) });
 * console.table(report);
 */
export function audioQualityReport(clip: AudioClip, opts: QualityOptions = {}): QualityReport {
  validClip(clip, 'clip');
  const o = { ...DEFAULT_QUALITY_OPTIONS, ...opts };
  const y = clip.channels[0];
  let peak = 0, sumSq = 0;
  for (let i = 0; i < y.length; i++) {
    peak = Math.max(peak, Math.abs(y[i]));
    sumSq += y[i] * y[i];
  }
  const rms = Math.sqrt(sumSq / Math.max(1, y.length));
  const stats = spectralStats(y, clip.sampleRate, o);
  const noise = new Random(o.seed).fillNormal(new Float32Array(y.length), 0, Math.max(rms, 1e-3));
  const noiseStats = spectralStats(noise, clip.sampleRate, o);
  const report: QualityReport = {
    seconds: y.length / clip.sampleRate, rms, peak,
    spectralFlatness: stats.flatness, noiseFlatness: noiseStats.flatness,
    peakEnergyFraction: stats.peakFraction, noisePeakEnergyFraction: noiseStats.peakFraction,
    spectralCentroid: stats.centroid,
    spectralFlux: NaN,
  };
  const frames = qualityFrames(y, { ...o, sampleRate: clip.sampleRate });
  const steps: number[] = [];
  for (let t = 1; t < frames.rows; t++) steps.push(Math.sqrt(sqDist(frames.data, t * frames.cols, frames.data, (t - 1) * frames.cols, frames.cols)));
  report.spectralFlux = median(steps);
  if (opts.trainingFrames) {
    const r = novelty(frames, opts.trainingFrames, o);
    report.novelty = r.novelty;
    report.nearestTrainingDistance = r.nearest;
  }
  return report;
}
