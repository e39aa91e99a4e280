/**
 * One call from a trained model to sound: {@link generate} returns an AudioClip, {@link generateToFile} streams any
 * length to a WAV file. Frames come from the model (RBM: persistent Gibbs chains; ConditionalRBM: next-frame
 * prediction), are mapped back from the scaled feature space to a magnitude spectrogram by the model's own
 * feature pipeline (undoing standardisation and log compression, and the mel filterbank when trained on mel),
 * and become audio through fast Griffin-Lim, block by block (render.ts).
 */
import { ParameterError } from '../errors';
import type { AudioClip, Matrix, Seconds } from '../types';
import { createWavWriter, resampleClip, toMono, validClip, type WavBitDepth } from '../audio';
import type { FeaturePipeline } from '../features';
import { Random } from '../util/random';
import { type AnnealingSchedule, checkAnnealing, checkTemperature } from './anneal';
import type { GibbsParams } from './gibbs';
import { MeanPrecisionCRBM, MeanPrecisionRBM, modelSource } from '../rbm';
import { MeanPrecisionFrameSource } from './meanPrecisionSource';
import { featureColumns } from './musicModel';
import { checkMusicModel } from './loadMusicModel';
import { modelPipeline, type HasMeta, musicMeta, styleClamp, styleIndex, withStyleColumns } from './musicModel';
import { type FrameSource, renderBlocks } from './render';
import { RbmFrameSource, SequenceFrameSource, type SequenceModel } from './sources';
import { DRONE_CHANGE, spectralChange } from './structure';

/** Defaults for {@link generate}; each says why. */
export const DEFAULT_GENERATE_OPTIONS = {
  seconds: 10 as Seconds,
  seed: 0,
  /** One chain: one continuous musical line. More chains take turns, one block each (variety). */
  chains: 1,
  /** 200 Gibbs steps (≈ 3 s of frames) let a chain leave its random start; 0 when continuing a prime. */
  burnIn: 200,
  /** A frame every Gibbs step: consecutive frames share most hidden units, so the sound evolves smoothly. */
  thin: 1,
  /**
   * 0.8: on an earlier OpenMSX default model T = 1 gave a noisy wash (spectral flatness ≈ 0.1) and T = 0.7 drones,
   * 0.8 kept events and clear harmonics (flatness ≈ 0.045; real music ≈ 0.04, noise 0.56). On the current
   * CLI-default model T = 0.7, 0.8 and 1 measure alike (flatness 0.10–0.13, 3 seeds).
   */
  temperature: 0.8,
  /** Frames are mean-field reconstructions E[v | p(h|v)] of the chain's states: no flicker from single hidden draws. */
  emit: 'meanField' as 'meanField' | 'mean' | 'sample',
  /**
   * No smoothing of frames (0). Smoothing over 2 frames (the earlier default) halved the music's movement: on the
   * CLI-default model (bench/generate.bench.ts, 10 s, seeds 1–3) spectral flux 1.17 → 1.85 and frame-to-frame
   * change 0.038 → 0.107 with it off (training audio: 1.87 and 0.272), while spectral flatness stayed 0.043 → 0.047
   * (white noise ≈ 0.56) and top-peak share 0.88 → 0.87: more note changes, not more noise.
   */
  smoothFrames: 0,
  /**
   * Off. `{ everySeconds: 0.5, steps: 1, temperature: 30 }` re-randomises the hidden units every 0.5 s so the
   * chain settles into a new state (a change of texture on a beat). Measured: on an earlier CLI-default model it
   * steadied quality across 6 seeds (flatness 0.000–0.287 → 0.108–0.142); on the current one (then with 2-frame smoothing) it added little
   * (flux 0.98–1.17 → 1.15–1.20), and it weakens style clamping (a chords-clamped chain, kicked, settled in
   * arpeggio-like states for 2 of 3 seeds), so it is an option, not the default.
   */
  pulse: false as { everySeconds: Seconds; steps: number; temperature: number } | false,
  /** Griffin-Lim iterations (librosa's default) and fast-GL momentum (Perraudin 2013). */
  nIter: 32,
  momentum: 0.99,
  /** Seconds of the prime clip that are kept and continued. */
  primeSeconds: 2 as Seconds,
  /**
   * CRBM: Gibbs steps per predicted frame (sampled hidden units inside the chain: what makes CRBM output move;
   * measured on the classic order-3 CRBM: frame change 0.063 → 0.19 against a mean-field chain). 3 steps measured
   * alike (0.186, flux 1.23), 1 step collapsed one seed in three to a single tone, 30 (Taylor et al.) gave a weaker
   * beat on the multi-scale CRBM (periodicity 0.24–0.40 vs 0.44–0.50, 4 seeds), so 10 is kept.
   */
  gibbsSteps: 10,
  /**
   * CRBM: visible noise 0 (visible means, as Taylor et al. generated). Measured, 0.5 and 1 move less than the
   * sampled hidden read-out and collapse one seed in three to a single tone (flatness 0.000, novelty 12).
   */
  crbmNoise: 0,
  /**
   * CRBM: each frame is E[v | p(h | v, x)] ('meanField': the hidden layer's probabilities, not one draw of it).
   * Measured with the CLI-default CRBM (2 s multi-scale history; 10 s, seeds 1–4, 36 held-out real segments):
   * with the block spread capped at 0.6, the sampled read-out ('sample') gave onset periodicity 0.29–0.40 and
   * the mean-field one 0.37–0.46 at the same flatness; without the cap mean field alone changed little (flatness
   * 0.051–0.068 vs 0.050–0.066). The classic order-3 CRBM droned with it (see the CRBM's gibbsFrame).
   * Free generation only: continuing a prime, the default is 'sample' (with `spreadCap` off), because there the
   * sampled read-out was already clean (flatness 0.017, 8 seeds) and mean field + cap made 3 of 8 continuations
   * static drones (`npm run bench -- music`, 8 seeds).
   */
  crbmReadout: 'meanField' as 'meanField' | 'sample',
  /**
   * CRBM: each feature's standard deviation over a block of emitted frames is capped at this value (standardised
   * units: the training data's is 1 per band). Why: the CRBM over-disperses — its high mel bands swing 2–2.4 sd
   * (real music 1.0) between loud broadband frames and frames where the band is silent, which Griffin-Lim renders
   * as noise bursts: flatness 0.050–0.066 vs real 0.019, and a classifier that tells them from real music by the
   * high bands alone. Capped at 0.6 (with the mean-field read-out): flatness 0.025–0.041, periodicity 0.37–0.46,
   * change over 1 s 0.09–0.13 (real 0.12), classifier 0.90 (was 1.00). Cap 1 and 0.8 (sampled read-out): flatness
   * 0.032–0.049 and 0.029–0.047. More Griffin-Lim iterations (100) changed flatness by < 0.002. `false` = off.
   * Frames fed back to the model's history are not capped: only what is rendered. Off by default when continuing
   * a prime (see `crbmReadout`). Not applied to the RNN-RBM: there a cap of 0.6 made the sound noisier (flatness
   * 0.07–0.12 → 0.10–0.19, 12 epochs, 4 seeds) and stiller (change over 1 s 0.12–0.14 → 0.04–0.05).
   */
  spreadCap: 0.6 as number | false,
  loop: false,
  crossfadeSeconds: 2 as Seconds,
  /** Audio is made in blocks of this length (bounded memory; see render.ts). */
  blockSeconds: 10 as Seconds,
  /** Neighbouring blocks overlap and crossfade over this much. */
  overlapSeconds: 0.25 as Seconds,
};

/** Options for {@link generate}. */
export interface GenerateOptions {
  seconds?: Seconds;
  seed?: number;
  /** Feature pipeline (default: the one saved in the model's metadata). */
  pipeline?: FeaturePipeline;
  chains?: number;
  burnIn?: number;
  thin?: number;
  temperature?: number;
  /** RBM frame read-out: 'meanField' (default), 'mean' (given sampled hiddens) or 'sample'. */
  emit?: 'meanField' | 'mean' | 'sample';
  /** Exponential smoothing of RBM frames over about this many frames (0 = off). */
  smoothFrames?: number;
  /** RBM chains: visible sampling noise in [0, 1] (1 = exact Gibbs sampling). */
  visibleNoise?: number;
  /**
   * RBM chains: cyclic reheating for a regular change of sound: every `everySeconds`, `steps` Gibbs steps at
   * `temperature`, e.g. `{ everySeconds: 0.5, steps: 1, temperature: 30 }`; default `false` (off).
   */
  pulse?: { everySeconds: Seconds; steps: number; temperature: number } | false;
  /** Cooling schedule over the first Gibbs steps (overrides `temperature` while it runs), e.g. `{ from: 2, to: 1, steps: 200 }`. */
  annealing?: AnnealingSchedule;
  /** Continue this clip: its first `primeSeconds` are kept and the model generates what follows. */
  prime?: AudioClip;
  primeSeconds?: Seconds;
  /** Style name or index, for models trained with style units (clamps those units). */
  style?: string | number;
  gibbsSteps?: number;
  /** CRBM: visible sampling noise in each Gibbs step, in [0, 1] (0 = visible means, 1 = true samples of p(v | h, x)). */
  crbmNoise?: number;
  /** CRBM: frame read-out, 'meanField' or 'sample' (E[v | h] after one draw of the hidden units); default 'meanField', 'sample' with a prime. */
  crbmReadout?: 'meanField' | 'sample';
  /** CRBM: cap on each feature's standard deviation over a rendered block (default 0.6, off with a prime; `false` = off). */
  spreadCap?: number | false;
  nIter?: number;
  momentum?: number;
  /** Make a seamless loop (the end crossfades into the start). */
  loop?: boolean;
  crossfadeSeconds?: Seconds;
  blockSeconds?: Seconds;
  overlapSeconds?: Seconds;
  /** Progress in output samples. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called when a stretch of the output is a static drone: every {@link DRONE_WINDOW_SECONDS} of generated audio
   * (after the prime) is checked, and one whose spectrum changes less than {@link DRONE_CHANGE} over 1 s (a sixth
   * of real music's) is reported with where it starts. The CLI prints it; `generateToFile` also returns them.
   */
  onDrone?: (drone: DroneReport) => void;
}

/** An RBM or ConditionalRBM as generation sees it. */
export type GenerativeModel = HasMeta & ({ params(): GibbsParams; nVisible: number } | MeanPrecisionRBM | MeanPrecisionCRBM | (SequenceModel & { nVisible?: number; params?: unknown }) | RecurrentModel);

/** The RNN-RBM as generation sees it: `generate(frames, { prime, seed, temperature, gibbsSteps })`. */
export interface RecurrentModel {
  nVisible: number;
  nRecurrent: number;
  generate(nFrames: number, opts: { prime?: Matrix; seed?: number; temperature?: number; gibbsSteps?: number }): Matrix;
}

/**
 * Frames of its own past an RNN-RBM re-reads at the start of each block (4 s: two bars; its state forgets
 * faster than that), so block after block it continues the same line without reading the whole piece again.
 */
export const RNNRBM_CONTEXT_FRAMES = 250;
/** RNN-RBM Gibbs steps per frame when `gibbsSteps` is not given: the reference implementation's 25. */
const RNNRBM_GIBBS_STEPS = 25;

function isRecurrentModel(m: GenerativeModel): m is HasMeta & RecurrentModel {
  return typeof (m as any).nRecurrent === 'number' && typeof (m as any).generate === 'function';
}

function isSequenceModel(m: GenerativeModel): m is HasMeta & SequenceModel {
  return typeof (m as any).order === 'number' && typeof (m as any).generate === 'function';
}

/** An RNN-RBM as a {@link SequenceModel}: each call reads the given frames (up to the context), then continues them. */
function recurrentAsSequence(m: RecurrentModel): SequenceModel {
  return {
    order: 1, span: RNNRBM_CONTEXT_FRAMES,
    generate: ({ frames, prime, seed, temperature, gibbsSteps }) => m.generate(frames, { prime, seed, temperature, gibbsSteps }),
  };
}

function positive(v: number, name: string, allowZero = false): void {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new ParameterError(`${name} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${v}`);
}

interface Plan { source: FrameSource; pipeline: FeaturePipeline; sampleRate: number; primeAudio?: Float32Array; o: typeof DEFAULT_GENERATE_OPTIONS & GenerateOptions }

/** Validates options and builds the frame source shared by generate() and generateToFile(). */
function plan(model: GenerativeModel, opts: GenerateOptions): Plan {
  // A continuation keeps the CRBM's sampled read-out, uncapped (measured: see DEFAULT_GENERATE_OPTIONS.crbmReadout).
  const continuing = opts.prime ? { crbmReadout: 'sample' as const, spreadCap: false as const } : {};
  const o = { ...DEFAULT_GENERATE_OPTIONS, ...continuing, ...opts };
  positive(o.seconds, 'seconds');
  positive(o.crossfadeSeconds, 'crossfadeSeconds', true);
  positive(o.blockSeconds, 'blockSeconds');
  positive(o.overlapSeconds, 'overlapSeconds', true);
  positive(o.primeSeconds, 'primeSeconds');
  for (const k of ['chains', 'thin', 'nIter', 'gibbsSteps'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new ParameterError(`${k} must be an integer >= 1, got ${o[k]}`);
  }
  if (opts.burnIn !== undefined && (!Number.isInteger(opts.burnIn) || opts.burnIn < 0)) throw new ParameterError(`burnIn must be an integer >= 0, got ${opts.burnIn}`);
  if (o.annealing) {
    checkTemperature(o.annealing.from, 'annealing.from (CLI --anneal-from)');
    checkTemperature(o.annealing.to, 'annealing.to (CLI --temperature)');
    checkAnnealing(o.annealing);
  } else checkTemperature(o.temperature, 'temperature (CLI --temperature)');
  if (!(o.crbmNoise >= 0 && o.crbmNoise <= 1)) throw new ParameterError(`crbmNoise must be in [0, 1], got ${o.crbmNoise}`);
  if (o.crbmReadout !== 'meanField' && o.crbmReadout !== 'sample') throw new ParameterError(`crbmReadout must be 'meanField' or 'sample', got '${String(o.crbmReadout)}'`);
  if (o.spreadCap !== false && !(o.spreadCap > 0 && Number.isFinite(o.spreadCap))) throw new ParameterError(`spreadCap must be a positive number or false, got ${o.spreadCap}`);

  // A model read from a file (RBM.load & co.) has its saved metadata checked against it first, so a damaged or
  // hand-edited pipeline, scaler or feature count is a ModelFormatError naming the file (issue 11), not a
  // ParameterError from deep inside naming no file. A pipeline passed in replaces the saved one: not checked.
  const file = modelSource(model);
  if (!opts.pipeline && file) checkMusicModel(model as any, file);
  const pipeline = modelPipeline(model, opts.pipeline, file);
  const meta = opts.pipeline && !(model.meta as any)?.pipeline
    ? { styles: [] as string[], styleScale: 1, nFeatures: pipeline.nFeatures }
    : musicMeta(model);
  const nFeatures = pipeline.nFeatures;
  const nStyles = meta.styles.length;
  const nVisible = (model as { nVisible?: number }).nVisible;
  if (nVisible !== undefined && nVisible !== nFeatures + nStyles) {
    throw new ParameterError(`model/feature mismatch: the model has ${nVisible} visible units but the pipeline gives ${nFeatures} features${nStyles ? ` + ${nStyles} style units` : ''}`);
  }
  const s = o.style === undefined ? -1 : styleIndex(o.style, meta.styles);
  const sampleRate = pipeline.config.sampleRate;

  let primeFrames: Matrix | undefined;
  let primeAudio: Float32Array | undefined;
  if (o.prime) {
    validClip(o.prime, 'prime');
    const mono = toMono(o.prime);
    const clip = mono.sampleRate === sampleRate ? mono : resampleClip(mono, sampleRate);
    primeAudio = clip.channels[0].slice(0, Math.round(o.primeSeconds * sampleRate));
    primeFrames = pipeline.transform(primeAudio);
    if (nStyles) primeFrames = withStyleColumns(primeFrames, Math.max(s, 0), nStyles, s >= 0 ? meta.styleScale : 0);
  }
  const clamp = s >= 0 ? styleClamp(nFeatures, s, nStyles, meta.styleScale) : undefined;

  let source: FrameSource;
  if (isRecurrentModel(model)) {
    // No prime: the RNN starts from its zero state (as the model was trained: each chunk starts at u = 0).
    const prime = primeFrames ?? { rows: 0, cols: nFeatures + nStyles, data: new Float32Array(0) };
    source = new SequenceFrameSource(recurrentAsSequence(model), {
      seed: o.seed, gibbsSteps: opts.gibbsSteps ?? RNNRBM_GIBBS_STEPS, temperature: o.temperature, annealing: o.annealing, prime, nFeatures, clamp,
    });
  } else if (isSequenceModel(model)) {
    let prime = primeFrames;
    if (!prime) {
      // No prime: start from `span` frames of small noise around the mean frame (0 in standardised features).
      const rng = new Random(o.seed ^ 0x5bd1e995);
      const rows = model.span ?? model.order;
      prime = { rows, cols: nFeatures + nStyles, data: rng.fillNormal(new Float32Array(rows * (nFeatures + nStyles)), 0, 0.1) };
    }
    source = new SequenceFrameSource(model, { seed: o.seed, gibbsSteps: o.gibbsSteps, noise: o.crbmNoise, temperature: o.temperature, annealing: o.annealing, prime, nFeatures, clamp, readout: o.crbmReadout, ...(o.spreadCap ? { spreadCap: o.spreadCap } : {}) });
  } else if (model instanceof MeanPrecisionCRBM) {
    // Exact ancestral sampling, frame by frame from the model's own past (or the prime's): no chain to burn in.
    const sampler = model.sampler({ seed: o.seed, temperature: o.temperature, prime: primeFrames });
    source = { next: (n) => featureColumns(sampler.next(n), nFeatures) };
  } else if (model instanceof MeanPrecisionRBM) {
    const init = primeFrames && primeFrames.rows ? primeFrames.data.slice((primeFrames.rows - 1) * primeFrames.cols) : undefined;
    source = new MeanPrecisionFrameSource(model, {
      seed: o.seed, chains: o.chains, burnIn: opts.burnIn ?? (o.prime ? 0 : o.burnIn), thin: o.thin, temperature: o.temperature,
      annealing: o.annealing, init, nFeatures, emit: opts.emit === 'mean' ? 'mean' : 'sample',
    });
  } else {
    const init = primeFrames && primeFrames.rows ? primeFrames.data.slice((primeFrames.rows - 1) * primeFrames.cols) : undefined;
    source = new RbmFrameSource(model.params(), {
      seed: o.seed, chains: o.chains, burnIn: opts.burnIn ?? (o.prime ? 0 : o.burnIn), thin: o.thin,
      temperature: o.temperature, annealing: o.annealing, clamp, init, nFeatures, emit: o.emit, smoothFrames: o.smoothFrames, visibleNoise: o.visibleNoise,
      pulse: o.pulse ? { every: Math.max(1, Math.round((o.pulse.everySeconds * pipeline.frameRate) * o.thin)), steps: o.pulse.steps, temperature: o.pulse.temperature } : undefined,
    });
  }
  return { source, pipeline, sampleRate, primeAudio, o };
}

/** A stretch of generated audio that holds one sound (see {@link GenerateOptions.onDrone}). */
export interface DroneReport {
  /** Where the stretch starts in the output, in seconds. */
  startSeconds: Seconds;
  seconds: Seconds;
  /** Its spectral change over 1 s (real music ≈ 0.12; below {@link DRONE_CHANGE} counts as a drone). */
  change: number;
}

/** Length of each stretch checked for a drone: long enough for the 1 s measure to take many pairs. */
export const DRONE_WINDOW_SECONDS = 5;

/** Wraps a sink so that each DRONE_WINDOW_SECONDS of audio after the first `skip` samples is checked for a drone. */
function droneWatch(sink: (y: Float32Array) => void | Promise<void>, sampleRate: number, skip: number, report: (d: DroneReport) => void): (y: Float32Array) => Promise<void> {
  const n = Math.round(DRONE_WINDOW_SECONDS * sampleRate);
  const buf = new Float32Array(n);
  let seen = 0, fill = 0, start = 0;
  return async (y) => {
    await sink(y);
    for (let i = 0; i < y.length; i++, seen++) {
      if (seen < skip) continue;
      if (fill === 0) start = seen;
      buf[fill++] = y[i];
      if (fill === n) {
        fill = 0;
        const change = spectralChange(buf, 1, { sampleRate });
        if (change < DRONE_CHANGE) report({ startSeconds: start / sampleRate, seconds: DRONE_WINDOW_SECONDS, change });
      }
    }
  };
}

/** Runs a plan into `sink`; shared by the in-memory and streaming front ends. */
function run(p: Plan, sink: (y: Float32Array) => void | Promise<void>): Promise<number> {
  const { o, pipeline, sampleRate } = p;
  if (o.onDrone) sink = droneWatch(sink, sampleRate, p.primeAudio?.length ?? 0, o.onDrone);
  const frameRate = sampleRate / pipeline.config.hopLength;
  const totalSamples = Math.round(o.seconds * sampleRate);
  const loopSamples = o.loop ? Math.min(Math.round(o.crossfadeSeconds * sampleRate), Math.floor(totalSamples / 3)) : 0;
  // With several chains and a short clip, shorten blocks so every chain gets a turn.
  const needFrames = Math.ceil(((totalSamples + loopSamples) / sampleRate) * frameRate);
  // A block adds (blockFrames − 1) hops of new audio (render.ts), so one frame per block would never finish.
  if (Math.ceil(o.blockSeconds * frameRate) < 2) {
    throw new ParameterError(`blockSeconds (CLI --block-seconds) is ${o.blockSeconds} s, shorter than two hops of the model's features ` +
      `(2 × ${pipeline.config.hopLength} samples at ${sampleRate} Hz = ${(2 / frameRate).toPrecision(3)} s); use at least ${(2 / frameRate).toPrecision(3)} s (default ${DEFAULT_GENERATE_OPTIONS.blockSeconds})`);
  }
  const blockFrames = Math.max(2, Math.min(Math.ceil(o.blockSeconds * frameRate), Math.ceil(needFrames / o.chains)));
  return renderBlocks(p.source, {
    pipeline, totalSamples, blockFrames, overlapFrames: Math.round(o.overlapSeconds * frameRate),
    nIter: o.nIter, momentum: o.momentum, seed: o.seed, loopSamples, primeAudio: p.primeAudio, onBlock: o.onProgress,
  }, sink);
}

/**
 * Generates `seconds` of audio from a trained RBM or ConditionalRBM.
 *
 * @param model a model trained by {@link trainOnClips} (or any RBM/CRBM with `pipeline` given).
 * @returns a mono AudioClip at the pipeline's sample rate, peak below 1.
 * @throws {ParameterError} for bad options, an unknown style, or a model/feature mismatch.
 * @throws {ModelFormatError} when the model has no saved pipeline and none is given, or (naming the file) when a
 *   model loaded from a file has damaged saved metadata: pipeline config, scaler, feature count.
 * @example
 * const { model } = await trainOnClips(clips, { epochs: 5 });
 * const clip = await generate(model, { seconds: 5, seed: 1, annealing: { from: 2, to: 1, steps: 200 } });
 */
export async function generate(model: GenerativeModel, opts: GenerateOptions = {}): Promise<AudioClip> {
  const p = plan(model, opts);
  const chunks: Float32Array[] = [];
  const n = await run(p, (y) => { chunks.push(y.slice()); });
  const y = new Float32Array(n);
  let at = 0;
  for (const c of chunks) { y.set(c, at); at += c.length; }
  return { sampleRate: p.sampleRate, channels: [y] };
}

/** Options for {@link generateToFile}: those of {@link generate} plus the file's. */
export interface GenerateToFileOptions extends GenerateOptions {
  force?: boolean;
  bitDepth?: WavBitDepth;
}

/**
 * Generates straight into a WAV file, block by block through a streaming writer: memory stays bounded by one
 * block (default 10 s) however long the output. The file appears only when complete.
 *
 * @returns the path, the samples written and the sample rate.
 * @throws {FileExistsError} if `path` exists and `force` is not set; plus {@link generate}'s errors.
 * @example await generateToFile(model, 'generated/bg.wav', { seconds: 120, loop: true });
 */
export async function generateToFile(model: GenerativeModel, path: string, opts: GenerateToFileOptions = {}): Promise<{ path: string; samples: number; sampleRate: number }> {
  const p = plan(model, opts);
  // Ctrl-C during a long render must not leave a half-written temp file behind: remove it, then let the signal
  // do what it would have done (our listener is gone by then, so the default action ends the process). The
  // listeners go in before the temp file exists: a signal in between would otherwise end the process at once.
  let opened: ReturnType<typeof createWavWriter> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    opened?.abort();
    process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const sig of signals) process.once(sig, onSignal);
  try {
    opened = createWavWriter(path, { sampleRate: p.sampleRate, bitDepth: opts.bitDepth ?? 16, force: opts.force });
  } catch (err) {
    for (const sig of signals) process.removeListener(sig, onSignal);
    throw err;
  }
  const writer = opened;
  try {
    const samples = await run(p, (y) => writer.write(y));
    await writer.close();
    return { path, samples, sampleRate: p.sampleRate };
  } catch (err) {
    writer.abort();
    throw err;
  } finally {
    for (const sig of signals) process.removeListener(sig, onSignal);
  }
}
