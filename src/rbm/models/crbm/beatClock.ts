/**
 * A beat clock for temporal models (issue 9). Music's note starts recur at a beat; a model whose history reaches
 * 2 s still has to *infer* where the next beat falls from a blurred past, and free-running chains lose it within a
 * bar (onset periodicity 0.12 against real music's 0.62). A model that is told where in the beat each frame falls
 * can learn what happens there — a drum hit on the beat, a decay after it — and put it there again.
 *
 * Each sequence's beat is estimated from its own frames, as a beat tracker does (librosa.beat.beat_track works
 * the same way, with an onset envelope and its autocorrelation): the onset envelope is the mean rise of the
 * features from one frame to the next (half-wave rectified); its autocorrelation's highest peak between
 * `minPeriod` and `maxPeriod` frames is the period to the nearest frame, which a comb — the envelope's mean at
 * φ, φ + P, φ + 2P, … — then refines to a fraction of a frame and gives the phase φ (where the onsets fall).
 *
 * The clock features of frame t are the first `harmonics` terms of a Fourier series in the beat's phase,
 * cos and sin of 2πk(t − φ)/P for k = 1 … harmonics: any pattern that repeats every beat, sharp or smooth, is a
 * linear function of enough of them, so a model that reads them linearly can learn the beat's shape.
 */
import { ParameterError } from '../../../errors';
import type { Matrix } from '../../../types';
import { autocorrelation } from '../../../util/series';

/** Where the beats of a sequence fall: every `period` frames (not necessarily whole), starting at frame `phase`. */
export interface Beat { period: number; phase: number }

/** How a model reads the beat: the Fourier terms it gets, and the periods (in frames) a beat may have. */
export interface BeatClockOptions {
  /** Fourier terms of the beat's phase (each a cos and a sin column). */
  harmonics: number;
  /** Shortest beat period searched, frames (16 ≈ 0.26 s at the default 62.5 frames/s, 234 BPM). */
  minPeriod: number;
  /** Longest beat period searched, frames (64 ≈ 1 s, 60 BPM). */
  maxPeriod: number;
  /** Frames 1 … beatLags beats back that a model's visible history also reads (0: the clock only). */
  beatLags: number;
}

/**
 * Defaults of {@link BeatClockOptions}: beats of 0.26–1 s at 62.5 frames/s, and 8 harmonics, which resolve a
 * 0.5 s beat to ≈ 2 frames (on a test piece of one-frame hits, 4 harmonics gave generated onset periodicity
 * 0.19–0.27, 8 gave 0.66–0.70, the piece itself 0.92), and one beat lag (on the bundled songs, 8 seeds, 12
 * epochs, before the stability check covered beat lags: onset periodicity 0.44 with one, 0.27 with two, 0.24 with
 * none).
 */
export const DEFAULT_BEAT_CLOCK: BeatClockOptions = { harmonics: 8, minPeriod: 16, maxPeriod: 64, beatLags: 1 };

/** Checks beat-clock options read from options or a file. @throws `Err` naming `where` and the bad value. */
export function checkBeatClock(o: unknown, where: string, Err: typeof ParameterError = ParameterError): BeatClockOptions {
  const b = { ...DEFAULT_BEAT_CLOCK, ...(o as Partial<BeatClockOptions>) };
  for (const k of ['harmonics', 'minPeriod', 'maxPeriod', 'beatLags'] as const) {
    const least = k === 'beatLags' ? 0 : 1;
    if (!Number.isInteger(b[k]) || b[k] < least) {
      throw new Err(`${where}: beat.${k} must be a ${least ? 'positive' : 'non-negative'} whole number, got ${JSON.stringify(b[k])}`);
    }
  }
  if (b.minPeriod < 2 || b.maxPeriod <= b.minPeriod) {
    throw new Err(`${where}: beat periods need 2 ≤ minPeriod < maxPeriod, got ${b.minPeriod} and ${b.maxPeriod}`);
  }
  return { harmonics: b.harmonics, minPeriod: b.minPeriod, maxPeriod: b.maxPeriod, beatLags: b.beatLags };
}

/** Checks a beat given by a caller. @throws ParameterError naming `where`. */
export function checkBeat(beat: Beat, where: string): Beat {
  if (!beat || !(Number.isFinite(beat.period) && beat.period > 0) || !Number.isFinite(beat.phase)) {
    throw new ParameterError(`${where}: a beat needs a positive finite period and a finite phase (frames), got ${JSON.stringify(beat)}`);
  }
  return { period: beat.period, phase: beat.phase };
}

/** The onset envelope of feature frames: the mean over columns of each frame's rise from the last (0 for row 0). */
export function frameOnsets(frames: Matrix): Float64Array {
  const { rows, cols, data } = frames, env = new Float64Array(rows);
  for (let t = 1; t < rows; t++) {
    let s = 0;
    for (let i = 0; i < cols; i++) s += Math.max(0, data[t * cols + i] - data[(t - 1) * cols + i]);
    env[t] = s / cols;
  }
  return env;
}

/**
 * The beat of a sequence of frames (see the file comment), or undefined when it is shorter than 1.5 of the
 * longest periods (too short to tell a beat from a coincidence; 1.5 so that a 2 s prime, 125 frames, has one).
 */
export function estimateBeat(frames: Matrix, o: BeatClockOptions = DEFAULT_BEAT_CLOCK): Beat | undefined {
  if (frames.rows < 1.5 * o.maxPeriod) return undefined;
  const env = frameOnsets(frames), r = autocorrelation(env, o.maxPeriod + 1);
  let mean = 0;
  for (const v of env) mean += v;
  mean /= env.length;
  // The autocorrelation at a fractional lag, linearly interpolated: a beat of 23.4 frames peaks between 23 and 24,
  // where neither whole lag may beat the peak at 47 that two beats make.
  const at = (P: number): number => r[Math.floor(P)] + (P - Math.floor(P)) * (r[Math.ceil(P)] - r[Math.floor(P)]);
  let lag = o.minPeriod;
  for (let P = o.minPeriod; P <= o.maxPeriod; P += 0.25) if (at(P) > at(lag)) lag = P;
  // The comb: mean (envelope − its mean) at φ + kP, for periods within a frame of `centre` in 1/20 steps and
  // phases in half-frame steps. A wrong period drifts off the beats within a few bars and scores near 0.
  const comb = (centre: number): Beat & { score: number } => {
    let best = { period: centre, phase: 0, score: -Infinity };
    for (let P = Math.max(o.minPeriod, centre - 1); P <= Math.min(o.maxPeriod, centre + 1) + 1e-9; P += 0.05) {
      for (let phase = 0; phase < P; phase += 0.5) {
        let sum = 0, n = 0;
        for (let t = phase; t < env.length - 0.5; t += P) { sum += env[Math.round(t)] - mean; n++; }
        if (n && sum / n > best.score) best = { period: P, phase, score: sum / n };
      }
    }
    return best;
  };
  // Every other beat lines up as well as every beat: prefer the half period when its comb scores nearly as high
  // (librosa's tempo estimate leans the same way, with a prior centred on 120 BPM).
  let best = comb(lag);
  while (best.period / 2 >= o.minPeriod) {
    const half = comb(best.period / 2);
    if (half.score < 0.8 * best.score) break;
    best = half;
  }
  return { period: best.period, phase: best.phase };
}

/** Writes frame `t`'s clock features (2·harmonics values: cos, sin of 2πk(t − φ)/P, k = 1 …) into `out` at `off`. */
export function clockRow(beat: Beat, harmonics: number, t: number, out: Float64Array, off: number): void {
  const theta = (2 * Math.PI * (t - beat.phase)) / beat.period;
  for (let k = 1; k <= harmonics; k++) {
    out[off + 2 * (k - 1)] = Math.cos(k * theta);
    out[off + 2 * (k - 1) + 1] = Math.sin(k * theta);
  }
}
