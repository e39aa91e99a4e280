/**
 * The framing options shared by {@link stft}, {@link istft} and {@link griffinLim}, their defaults
 * (librosa ≥ 0.10's, in camelCase) and their validation.
 */
import { ParameterError } from '../errors';
import { checkFftSize, checkInteger, checkOneOf } from './validate';
import { WindowSpec } from './window';

/** How the signal is padded at both ends when `center` is true (numpy.pad modes). */
export type PadMode = 'constant' | 'reflect';

/** Options of {@link stft}. */
export interface StftOptions {
  /** FFT size in samples; a power of two (fft.js). Default 1024: 64 ms at 16 kHz, enough to resolve harmonics ~16 Hz apart. */
  nFft?: number;
  /** Samples between frame starts. Default `floor(winLength / 4)`: 75 % overlap, which Hann needs for COLA and Griffin-Lim likes. */
  hopLength?: number;
  /** Window length in samples (≤ nFft; zero-padded to nFft in the middle). Default nFft. */
  winLength?: number;
  /** Window: `'hann'` (default, periodic like librosa), `'hamming'`, `'blackman'`, `'boxcar'` or your own Float32Array of winLength samples. */
  window?: WindowSpec;
  /** Centre frame t on sample t·hopLength by padding nFft/2 samples at each end (default true, as librosa). */
  center?: boolean;
  /** Padding used when `center` is true: `'constant'` zeros (default, as librosa ≥ 0.10) or `'reflect'`. */
  padMode?: PadMode;
}

/** The defaults of {@link stft}; `hopLength` and `winLength` are derived from `nFft` when not given. */
export const DEFAULT_STFT_OPTIONS = {
  nFft: 1024,
  window: 'hann' as WindowSpec,
  center: true,
  padMode: 'constant' as PadMode,
} as const;

/** Options after defaults and validation. */
export interface ResolvedStft {
  nFft: number;
  hopLength: number;
  winLength: number;
  window: WindowSpec;
  center: boolean;
  padMode: PadMode;
}

/**
 * Applies defaults (librosa's: winLength = nFft, hopLength = ⌊winLength/4⌋) and validates every option.
 * @throws {ParameterError} naming the bad option.
 */
export function resolveStftOptions(opts: StftOptions = {}, nFftOverride?: number): ResolvedStft {
  if (opts === null || typeof opts !== 'object') throw new ParameterError(`options must be an object, got ${String(opts)}`);
  const nFft = checkFftSize('nFft', nFftOverride ?? opts.nFft ?? DEFAULT_STFT_OPTIONS.nFft);
  const winLength = checkInteger('winLength', opts.winLength ?? nFft);
  if (winLength > nFft) throw new ParameterError(`winLength=${winLength} must be ≤ nFft=${nFft}`);
  const hopLength = checkInteger('hopLength', opts.hopLength ?? Math.max(1, Math.floor(winLength / 4)));
  // A hop longer than the window leaves samples that no frame sees: the spectrogram silently ignores them
  // and istft/griffinLim cannot rebuild them.
  if (hopLength > winLength) throw new ParameterError(`hopLength=${hopLength} must be ≤ winLength=${winLength} (default nFft): a longer hop skips samples between frames`);
  const center = opts.center ?? DEFAULT_STFT_OPTIONS.center;
  if (typeof center !== 'boolean') throw new ParameterError(`center=${String(center)} must be true or false`);
  const padMode = checkOneOf<PadMode>('padMode', opts.padMode ?? DEFAULT_STFT_OPTIONS.padMode, ['constant', 'reflect']);
  return { nFft, hopLength, winLength, window: opts.window ?? DEFAULT_STFT_OPTIONS.window, center, padMode };
}
