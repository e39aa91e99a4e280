/**
 * The feature pipeline: audio ⇄ the scaled spectrogram matrix an RBM trains on. One object holds the
 * configuration and the fitted scaling statistics, and is saved as JSON beside a model.
 */
import { resample } from '../audio/resample';
import { toMono } from '../audio/toMono';
import { validAudio } from '../audio/validAudio';
import { ModelFormatError, ParameterError } from '../errors';
import type { AudioClip, Matrix } from '../types';
import { concatRows } from '../util/matrix';
import { SampleWindow } from '../util/sampleWindow';
import { amplitudeToDb, dbToAmplitude } from './db';
import { FEATURE_BLOCK_FRAMES, FeatureConfig, resolveFeatureConfig } from './featureConfig';
import { checkMemory, float32Bytes } from '../util/memoryBudget';
import { griffinLim, GriffinLimOptions } from './griffinLim';
import { logCompress, logDecompress } from './logCompress';
import { fftFrequencies, melFilterbank, melFrequencies } from './mel';
import { applyMelFilterbank } from './melSpectrogram';
import { melToLinear } from './melToLinear';
import { MinMaxScaler } from './minMaxScaler';
import { Standardizer } from './standardizer';
import { magnitude, stft } from './stft';
import { checkMatrix } from './validate';

/** Audio accepted by the pipeline: a clip (mixed down and resampled as needed) or mono samples at config.sampleRate. */
export type FeatureInput = AudioClip | Float32Array;

/** Options of {@link FeaturePipeline.toAudio}: Griffin-Lim's iteration count, momentum, seed, length, progress. */
export type ToAudioOptions = Pick<GriffinLimOptions, 'nIter' | 'momentum' | 'seed' | 'length' | 'onIteration'>;

/** Saved form of a {@link FeaturePipeline}. */
export interface FeaturePipelineJSON {
  format: 'rbm-music/feature-pipeline';
  version: 1;
  config: FeatureConfig;
  scaler: ReturnType<Standardizer['toJSON']> | ReturnType<MinMaxScaler['toJSON']> | null;
}

const DB_AMIN = 1e-5; // −100 dB floor for 'db' compression

/**
 * Audio → frames × features (STFT magnitude → mel bands → log compression → per-bin scaling), and back
 * (undo scaling and compression → NNLS mel inversion → Griffin-Lim).
 *
 * @example
 * const fp = new FeaturePipeline({ kind: 'mel', nMels: 64 });
 * const X = fp.fitTransform([clipA, clipB]);     // frames × 64, each column mean 0, std 1
 * const y = fp.toAudio(X, { nIter: 32, seed: 0 }); // back to audio (Griffin-Lim)
 * fs.writeFileSync('features.json', JSON.stringify(fp.toJSON()));
 * const same = FeaturePipeline.fromJSON(JSON.parse(fs.readFileSync('features.json', 'utf8')));
 */
export class FeaturePipeline {
  /** The resolved configuration (defaults filled in). */
  readonly config: Readonly<FeatureConfig>;
  private readonly scaler: Standardizer | MinMaxScaler;
  private filterbank: Matrix | null = null;

  /** @throws {ParameterError} naming a bad or unknown config field. */
  constructor(config: Partial<FeatureConfig> = {}) {
    this.config = Object.freeze(resolveFeatureConfig(config));
    this.scaler = this.config.scaling === 'standardize' ? new Standardizer() : new MinMaxScaler();
    if (this.config.kind === 'mel') this.melBasis(); // validates nMels against the FFT resolution now, before any audio is read
  }

  /** Columns of the feature matrix: nMels, or nFft/2 + 1 for linear. */
  get nFeatures(): number {
    return this.config.kind === 'mel' ? this.config.nMels : (this.config.nFft >> 1) + 1;
  }

  /**
   * Centre frequency in Hz of each feature column (length {@link nFeatures}), e.g. for an axis or for
   * `showHiddenUnits`' `freqs`: for mel, the band centres `melFrequencies(nMels + 2, fMin, fMax)` without the two
   * outer edges (band i peaks at edge i + 1; Slaney scale as the filterbank); for linear, the STFT bin centres
   * `fftFrequencies(sampleRate, nFft)` (0 … sampleRate/2). A new array on each call.
   * @example new FeaturePipeline({ nMels: 4, fMax: 1000 }).frequencies // [200, 400, 600, 800]
   */
  get frequencies(): Float64Array {
    const { kind, sampleRate, nFft, nMels, fMin, fMax } = this.config;
    if (kind === 'linear') return fftFrequencies(sampleRate, nFft);
    return melFrequencies(nMels + 2, fMin, fMax ?? sampleRate / 2).slice(1, nMels + 1);
  }

  /** Frames per second: sampleRate / hopLength (62.5 with the defaults). */
  get frameRate(): number {
    return this.config.sampleRate / this.config.hopLength;
  }

  /** Whether the scaler has been fitted (fit / fitTransform / fromJSON). */
  get fitted(): boolean {
    return this.scaler.fitted;
  }

  /** Mono samples at config.sampleRate: clips are mixed down (toMono) and resampled (resample) when needed. */
  toSignal(input: FeatureInput, name = 'y'): Float32Array {
    if (input instanceof Float32Array) {
      validAudio(input, name);
      return input;
    }
    const mono = toMono(input).channels[0];
    return input.sampleRate === this.config.sampleRate ? mono : resample(mono, input.sampleRate, this.config.sampleRate);
  }

  /** The linear magnitude spectrogram of an input, frames × (nFft/2 + 1). */
  spectrogram(input: FeatureInput): Matrix {
    const { nFft, hopLength } = this.config;
    return magnitude(stft(this.toSignal(input), { nFft, hopLength }));
  }

  /**
   * Features before scaling (mel or linear magnitudes, compressed), frames × nFeatures.
   *
   * Computed in blocks of {@link FEATURE_BLOCK_FRAMES} frames: each block's complex STFT is made from its own
   * slice of the signal (zero-padded at the ends exactly as the centred STFT pads) and reduced to features
   * before the next block starts, so besides the input and the result only one block of spectrogram is held
   * (~4 MB at the defaults) whatever the input's length; the whole-signal STFT held ~31 MB per minute of audio.
   * The frames are identical to those of the whole-signal STFT (same samples, same window, same FFT).
   * @throws {ParameterError} if the result would exceed the memory limit ({@link checkMemory}).
   */
  extract(input: FeatureInput): Matrix {
    const y = this.toSignal(input);
    const { hopLength } = this.config;
    const nFrames = 1 + Math.floor(y.length / hopLength); // the centred STFT's frame count (nFft/2 zeros each side)
    const nF = this.nFeatures;
    checkMemory(float32Bytes(nFrames, nF), `features of ${y.length} samples (${nFrames} frames × ${nF})`, { hint: 'split the audio into shorter files' });
    const out = new Float32Array(nFrames * nF);
    for (let t0 = 0; t0 < nFrames; t0 += FEATURE_BLOCK_FRAMES) {
      const t1 = Math.min(nFrames, t0 + FEATURE_BLOCK_FRAMES);
      out.set(this.framesOf(y, 0, t0, t1).data, t0 * nF);
    }
    return { rows: nFrames, cols: nF, data: out };
  }

  /**
   * {@link extract} for audio that arrives in pieces (mono samples at config.sampleRate, e.g. from
   * `monoBlocks(openAudioReader(path), { sampleRate })`): `push` each piece, then `end()`. Each returns the feature
   * rows completed so far; concatenated they are exactly {@link extract}'s rows for the whole signal (frames that
   * straddle two pieces wait for the second; the same blocks of frames, window and FFT). Memory holds one block of
   * frames and the samples it spans, whatever the length of the audio.
   * @example
   * const s = fp.extractStream();
   * for (const y of monoBlocks(reader, { sampleRate: fp.config.sampleRate })) spool.append(s.push(y));
   * spool.append(s.end());
   */
  extractStream(): FeatureStream {
    const { nFft, hopLength } = this.config;
    return new FeatureStream(nFft, hopLength, this.nFeatures, (y, yStart, t0, t1) => this.framesOf(y, yStart, t0, t1));
  }

  /**
   * Feature frames [t0, t1) of the centred STFT of a signal, given as `y` = its samples [yStart, yStart + y.length)
   * (samples outside are zero, as the centred STFT pads). The caller passes every sample the frames cover.
   */
  private framesOf(y: Float32Array, yStart: number, t0: number, t1: number): Matrix {
    const { nFft, hopLength } = this.config;
    const start = t0 * hopLength - (nFft >> 1); // frame t covers samples [t·hop − nFft/2, t·hop + nFft/2)
    const seg = new Float32Array((t1 - t0 - 1) * hopLength + nFft);
    const from = Math.max(start, yStart);
    const to = Math.min(yStart + y.length, start + seg.length);
    if (to > from) seg.set(y.subarray(from - yStart, to - yStart), from - start);
    const S = magnitude(stft(seg, { nFft, hopLength, center: false }));
    const fb = this.config.kind === 'mel' ? this.melBasis() : null;
    const B = fb ? applyMelFilterbank(S, fb) : S;
    return this.config.compression === 'log1p' ? logCompress(B) : amplitudeToDb(B, { ref: 1, amin: DB_AMIN, topDb: null });
  }

  /**
   * Fits the per-bin scaler on the frames of all inputs together. Returns `this`.
   * @throws {ParameterError} for an empty list or bad audio (naming `inputs[i]`).
   */
  fit(inputs: FeatureInput[]): this {
    this.scaler.fit(this.extractAll(inputs));
    return this;
  }

  /**
   * Fits the per-bin scaler on features visited block by block (e.g. read back from a file): `forEach(visit)` must
   * call `visit` on every block of rows, in the same order, each time it is called (a standardizer makes two
   * passes). The statistics are exactly those of {@link fitFeatures} on the blocks stacked. Returns `this`.
   * @throws {ParameterError} for a block of the wrong width, non-finite values, or no rows at all.
   */
  fitFeatureBlocks(forEach: (visit: (E: Matrix) => void) => void): this {
    this.scaler.fitBlocks((visit) => forEach((E) => {
      checkMatrix('E', E, { cols: this.nFeatures, minRows: 0 });
      visit(E);
    }));
    return this;
  }

  /**
   * Fits the per-bin scaler on features already made by {@link extract} (frames × nFeatures), so a caller that
   * extracts each input once can fit and {@link scale} without extracting again. Returns `this`.
   * @throws {ParameterError} for a matrix of the wrong width.
   */
  fitFeatures(E: Matrix): this {
    checkMatrix('E', E, { cols: this.nFeatures, minRows: 1 });
    this.scaler.fit(E);
    return this;
  }

  /** Scales features made by {@link extract}: what {@link transform} does after extracting. @throws {ParameterError} if not fitted. */
  scale(E: Matrix): Matrix {
    if (!this.fitted) throw new ParameterError('FeaturePipeline is not fitted yet; call fit(inputs) or fitFeatures(E) first');
    return this.scaler.transform(E);
  }

  /** Scaled features of one input, frames × nFeatures. @throws {ParameterError} if not fitted. */
  transform(input: FeatureInput): Matrix {
    if (!this.fitted) throw new ParameterError('FeaturePipeline is not fitted yet; call fit(inputs) or fitTransform(inputs) first');
    return this.scaler.transform(this.extract(input));
  }

  /** Fits on all inputs and returns their scaled frames stacked in input order (frames × nFeatures). */
  fitTransform(inputs: FeatureInput[]): Matrix {
    const X = this.extractAll(inputs);
    return this.scaler.fitTransform(X);
  }

  /**
   * Scaled features back to a linear magnitude spectrogram, frames × (nFft/2 + 1): undo the scaling and the
   * compression, then (mel) invert the filterbank by non-negative least squares ({@link melToLinear}).
   * @throws {ParameterError} if not fitted or X has the wrong column count / non-finite values.
   */
  toMagnitude(X: Matrix): Matrix {
    if (!this.fitted) throw new ParameterError('FeaturePipeline is not fitted yet; call fit(inputs) before toMagnitude');
    checkMatrix('X', X, { cols: this.nFeatures, minRows: 1 });
    const U = this.scaler.inverseTransform(X);
    const B = this.config.compression === 'log1p' ? logDecompress(U) : dbToAmplitude(U);
    if (this.config.kind === 'linear') return B;
    const { sampleRate, nFft, fMin, fMax } = this.config;
    return melToLinear(B, { sampleRate, nFft, fMin, fMax, power: 1 });
  }

  /**
   * Scaled features back to audio: {@link toMagnitude}, then fast Griffin-Lim with the pipeline's framing.
   * @returns mono samples at config.sampleRate, (frames − 1)·hopLength long unless `length` is given.
   */
  toAudio(X: Matrix, options: ToAudioOptions = {}): Float32Array {
    const S = this.toMagnitude(X);
    const { nFft, hopLength } = this.config;
    return griffinLim(S, { nIter: 32, momentum: 0.99, seed: 0, ...options, hopLength, winLength: nFft, center: true });
  }

  /** Configuration and fitted statistics as plain JSON (save it beside a model). */
  toJSON(): FeaturePipelineJSON {
    return {
      format: 'rbm-music/feature-pipeline',
      version: 1,
      config: { ...this.config },
      scaler: this.fitted ? this.scaler.toJSON() : null,
    };
  }

  /**
   * Rebuilds a pipeline saved with {@link toJSON}.
   * @throws {ModelFormatError} for a wrong format/version, a bad config or scaler statistics of the wrong size.
   */
  static fromJSON(json: unknown): FeaturePipeline {
    const o = json as Partial<FeaturePipelineJSON> | null;
    if (!o || typeof o !== 'object' || o.format !== 'rbm-music/feature-pipeline') {
      throw new ModelFormatError(`feature pipeline JSON must have format 'rbm-music/feature-pipeline', got ${JSON.stringify(o?.format)}`);
    }
    if (o.version !== 1) throw new ModelFormatError(`feature pipeline JSON version ${JSON.stringify(o.version)} is not supported (expected 1)`);
    let fp: FeaturePipeline;
    try {
      fp = new FeaturePipeline(o.config ?? {});
    } catch (e) {
      throw new ModelFormatError(`feature pipeline JSON has a bad config: ${(e as Error).message}`, { cause: e });
    }
    if (o.scaler) {
      const sc = fp.config.scaling === 'standardize' ? Standardizer.fromJSON(o.scaler) : MinMaxScaler.fromJSON(o.scaler);
      if (sc.nFeatures !== fp.nFeatures) {
        throw new ModelFormatError(`feature pipeline JSON scaler has ${sc.nFeatures} features but the config gives ${fp.nFeatures}`);
      }
      (fp as unknown as { scaler: Standardizer | MinMaxScaler }).scaler = sc;
    }
    return fp;
  }

  /** A one-line summary, e.g. `FeaturePipeline(mel 128 @ 16000 Hz, nFft 1024, hop 256, log1p, standardize, fitted)`. */
  toString(): string {
    const c = this.config;
    const kind = c.kind === 'mel' ? `mel ${c.nMels}` : `linear ${this.nFeatures}`;
    return `FeaturePipeline(${kind} @ ${c.sampleRate} Hz, nFft ${c.nFft}, hop ${c.hopLength}, ${c.compression}, ${c.scaling}, ${this.fitted ? 'fitted' : 'not fitted'})`;
  }

  private melBasis(): Matrix {
    if (!this.filterbank) {
      const { sampleRate, nFft, nMels, fMin, fMax } = this.config;
      const fb = melFilterbank({ sampleRate, nFft, nMels, fMin, fMax });
      // Too many bands for the FFT resolution leaves some bands with no FFT bin: columns that are always 0, which
      // carry nothing and make Gaussian RBM training diverge (librosa only warns "Empty filters detected").
      let empty = 0;
      for (let i = 0; i < fb.rows; i++) if (!fb.data.subarray(i * fb.cols, (i + 1) * fb.cols).some((x) => x > 0)) empty++;
      if (empty > 0) {
        throw new ParameterError(`nMels=${nMels} is too many for nFft=${nFft} at sampleRate=${sampleRate} Hz: ${empty} of the mel bands cover no FFT bin and would always be 0; use fewer mel bands or a larger nFft`);
      }
      this.filterbank = fb;
    }
    return this.filterbank;
  }

  private extractAll(inputs: FeatureInput[]): Matrix {
    if (!Array.isArray(inputs) || inputs.length === 0) {
      throw new ParameterError(`inputs must be a non-empty array of AudioClip or Float32Array, got ${Array.isArray(inputs) ? 'an empty array' : typeof inputs}`);
    }
    return concatRows(inputs.map((x, i) => {
      if (x instanceof Float32Array) validAudio(x, `inputs[${i}]`);
      return this.extract(x);
    }));
  }
}

/**
 * Feature rows of a signal pushed in pieces; made by {@link FeaturePipeline.extractStream}. Frames are made in the
 * blocks of {@link FEATURE_BLOCK_FRAMES} that {@link FeaturePipeline.extract} uses, each once all of its samples
 * have arrived (or the signal has ended), so the rows are extract's, value for value.
 */
export class FeatureStream {
  /** Samples still needed by later frames. */
  private readonly signal = new SampleWindow('FeatureStream.push(y)');
  /** Next frame to make (a multiple of FEATURE_BLOCK_FRAMES until the end). */
  private tNext = 0;
  private ended = false;

  /** @internal Use {@link FeaturePipeline.extractStream}. */
  constructor(
    private readonly nFft: number,
    private readonly hop: number,
    /** Columns of every row returned. */
    readonly cols: number,
    private readonly frames: (y: Float32Array, yStart: number, t0: number, t1: number) => Matrix,
  ) {}

  /** Frames made so far. */
  get rows(): number {
    return this.tNext;
  }

  /**
   * The next piece of the signal (finite samples at the pipeline's rate); returns the rows completed by it (often
   * none: a block is {@link FEATURE_BLOCK_FRAMES} frames).
   * @throws {ParameterError} for a non-finite sample (numbered in the whole signal) or a push after end().
   */
  push(y: Float32Array): Matrix {
    if (this.ended) throw new ParameterError('FeatureStream.push after end(): call extractStream() again for another signal');
    this.signal.push(y);
    // Whole blocks whose last frame's window, [t·hop − nFft/2, t·hop + nFft/2), has fully arrived.
    const half = this.nFft >> 1;
    let t1 = this.tNext;
    while ((t1 + FEATURE_BLOCK_FRAMES - 1) * this.hop + half <= this.signal.received) t1 += FEATURE_BLOCK_FRAMES;
    return this.make(t1);
  }

  /**
   * Ends the signal; returns the remaining rows (1 + ⌊samples / hop⌋ rows in all, as extract).
   * @throws {ParameterError} if no sample was pushed (extract refuses an empty signal too), or if called twice.
   */
  end(): Matrix {
    if (this.ended) throw new ParameterError('FeatureStream.end() called twice');
    if (this.signal.received === 0) throw new ParameterError('FeatureStream: the signal is empty (no samples were pushed); audio needs at least one sample');
    this.ended = true;
    return this.make(1 + Math.floor(this.signal.received / this.hop));
  }

  /** Makes frames [tNext, t1) in extract's blocks, then drops the samples no later frame covers. */
  private make(t1: number): Matrix {
    const n = t1 - this.tNext;
    const out = new Float32Array(Math.max(0, n) * this.cols);
    const y = this.signal.samples();
    for (let t0 = this.tNext; t0 < t1; t0 += FEATURE_BLOCK_FRAMES) {
      const b1 = Math.min(t1, t0 + FEATURE_BLOCK_FRAMES);
      out.set(this.frames(y, this.signal.start, t0, b1).data, (t0 - this.tNext) * this.cols);
    }
    this.tNext = Math.max(this.tNext, t1);
    this.signal.dropBefore(this.tNext * this.hop - (this.nFft >> 1));
    return { rows: Math.max(0, n), cols: this.cols, data: out };
  }
}
