/**
 * The feature configuration shared by the RBM, generation and the notebooks: one typed object that says
 * how audio becomes the matrix an RBM sees (and back).
 */
import { ParameterError } from '../errors';
import { checkFftSize, checkInteger, checkNumber, checkOneOf } from './validate';
import { WAV_MAX_SAMPLE_RATE, WAV_MIN_SAMPLE_RATE } from '../audio/wavHeader';
import { checkMemory, float32Bytes } from '../util/memoryBudget';

/** How audio becomes RBM input: STFT → (mel) → compression → per-bin scaling. */
export interface FeatureConfig {
  /** Sample rate in Hz the audio is resampled to (1000 … 768000). 16000: music's main energy, and 4× cheaper than 44.1 kHz. */
  sampleRate: number;
  /** FFT size (power of two). 1024 = 64 ms at 16 kHz: resolves harmonics 15.6 Hz apart. */
  nFft: number;
  /** Hop in samples. 256 = nFft/4 (75 % overlap, what Griffin-Lim needs): 62.5 frames per second at 16 kHz. */
  hopLength: number;
  /** `'mel'` (nMels bands, compact, needs NNLS to invert) or `'linear'` (nFft/2 + 1 bins, exactly invertible magnitudes). */
  kind: 'mel' | 'linear';
  /** Mel bands when kind = 'mel'. 128 as librosa. */
  nMels: number;
  /** Lowest mel band edge in Hz. */
  fMin: number;
  /** Highest mel band edge in Hz; sampleRate/2 when omitted. */
  fMax?: number;
  /** `'log1p'` log(1 + S) (exact inverse, silence → 0) or `'db'` 20·log10(max(S, 1e-5)) (floor −100 dB, no per-clip topDb so every clip maps alike). */
  compression: 'db' | 'log1p';
  /** `'standardize'` per-bin z-scores (Gaussian visibles) or `'minmax'` per-bin [0, 1] (Bernoulli visibles). */
  scaling: 'standardize' | 'minmax';
}

/** The defaults of {@link FeatureConfig}: 16 kHz, 1024/256 framing, 128 mel bands, log1p, standardised. */
export const DEFAULT_FEATURE_CONFIG: Readonly<FeatureConfig> = Object.freeze({
  sampleRate: 16000,
  nFft: 1024,
  hopLength: 256,
  kind: 'mel',
  nMels: 128,
  fMin: 0,
  compression: 'log1p',
  scaling: 'standardize',
});

const KEYS = ['sampleRate', 'nFft', 'hopLength', 'kind', 'nMels', 'fMin', 'fMax', 'compression', 'scaling'];

/**
 * Fills defaults and validates a partial config (unknown keys are rejected so a typo like `nmels` is caught).
 * @throws {ParameterError} naming the bad field, or when the sizes imply more memory than the limit
 *   ({@link checkMemory}; e.g. nMels 1000000 or nFft 67108864).
 */
export function resolveFeatureConfig(config: Partial<FeatureConfig> = {}): FeatureConfig {
  if (config === null || typeof config !== 'object') throw new ParameterError(`config must be an object, got ${String(config)}`);
  for (const k of Object.keys(config)) {
    if (!KEYS.includes(k)) throw new ParameterError(`config.${k} is not a FeatureConfig option; valid options are ${KEYS.join(', ')}`);
  }
  const c: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...config };
  if (config.fMax === undefined) delete c.fMax;
  // The range audio files may have: at 1 Hz a 256-sample hop is over 4 minutes and generation makes nothing.
  checkNumber('sampleRate', c.sampleRate, WAV_MIN_SAMPLE_RATE, WAV_MAX_SAMPLE_RATE);
  checkFftSize('nFft', c.nFft);
  checkInteger('hopLength', c.hopLength);
  if (c.hopLength > c.nFft) throw new ParameterError(`hopLength=${c.hopLength} must be ≤ nFft=${c.nFft} (frames must overlap for the inversion to work)`);
  checkOneOf('kind', c.kind, ['mel', 'linear']);
  checkInteger('nMels', c.nMels);
  checkNumber('fMin', c.fMin, 0);
  if (c.fMax !== undefined) {
    checkNumber('fMax', c.fMax, 0, c.sampleRate / 2);
    if (c.fMax <= c.fMin) throw new ParameterError(`fMax=${c.fMax} must be greater than fMin=${c.fMin}`);
  } else if (c.fMin >= c.sampleRate / 2) {
    throw new ParameterError(`fMin=${c.fMin} must be below the Nyquist frequency sampleRate/2=${c.sampleRate / 2}`);
  }
  checkOneOf('compression', c.compression, ['db', 'log1p']);
  checkOneOf('scaling', c.scaling, ['standardize', 'minmax']);
  checkMemory(featureConfigBytes(c), `nFft=${c.nFft}${c.kind === 'mel' ? `, nMels=${c.nMels}` : ''}: the FFT tables and the mel filterbank`,
    { hint: 'use a smaller nFft or fewer mel bands' });
  return c;
}

/**
 * Bytes a pipeline of this config holds whatever the audio: the mel filterbank (nMels × (nFft/2 + 1) float32,
 * twice while it is built and checked), the window, the FFT's tables and work buffers (~16 doubles per
 * point) and one block of spectrogram frames ({@link FEATURE_BLOCK_FRAMES} frames of nFft/2 + 1 complex values).
 */
export function featureConfigBytes(c: Pick<FeatureConfig, 'nFft' | 'kind' | 'nMels'>): number {
  const bins = Math.floor(c.nFft / 2) + 1;
  const filterbank = c.kind === 'mel' ? 2 * float32Bytes(c.nMels, bins) : 0;
  return filterbank + 16 * 8 * c.nFft + 3 * float32Bytes(FEATURE_BLOCK_FRAMES, bins, 2);
}

/**
 * Frames of spectrogram computed at a time when audio becomes features: 1024 frames (16 s at the defaults)
 * keep the complex STFT of one block at ~4 MB with nFft 1024, so memory no longer grows with input length.
 */
export const FEATURE_BLOCK_FRAMES = 1024;
