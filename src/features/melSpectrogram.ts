/**
 * Mel spectrograms (librosa.feature.melspectrogram) and applying a filterbank to any spectrogram.
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { melFilterbank } from './mel';
import { stft } from './stft';
import { StftOptions } from './stftOptions';
import { checkMatrix, checkNumber } from './validate';

/**
 * S · fbᵀ: maps a frames × bins spectrogram to frames × nMels with a filterbank nMels × bins
 * (librosa's `mel_basis @ S` in our transposed layout). Only each filter's non-zero span is visited.
 * @throws {ParameterError} if the bin counts differ.
 * @example const M = applyMelFilterbank(power(stft(y)), melFilterbank({ sampleRate: 16000, nFft: 1024 }));
 */
export function applyMelFilterbank(S: Matrix, fb: Matrix): Matrix {
  checkMatrix('fb', fb);
  checkMatrix('S', S);
  if (S.cols !== fb.cols) {
    throw new ParameterError(`S has ${S.cols} frequency bins but the filterbank fb expects ${fb.cols} (nFft/2 + 1); use the same nFft`);
  }
  const spans = filterSpans(fb);
  const out = new Float32Array(S.rows * fb.rows);
  for (let t = 0; t < S.rows; t++) {
    const so = t * S.cols;
    for (let m = 0; m < fb.rows; m++) {
      const [a, b] = spans[m];
      const fo = m * fb.cols;
      let acc = 0;
      for (let k = a; k < b; k++) acc += fb.data[fo + k] * S.data[so + k];
      out[t * fb.rows + m] = acc;
    }
  }
  return { rows: S.rows, cols: fb.rows, data: out };
}

/** [first, last + 1) non-zero column of each filterbank row (empty rows give [0, 0)). */
export function filterSpans(fb: Matrix): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let m = 0; m < fb.rows; m++) {
    let a = -1, b = -1;
    for (let k = 0; k < fb.cols; k++) {
      if (fb.data[m * fb.cols + k] !== 0) {
        if (a < 0) a = k;
        b = k;
      }
    }
    spans.push(a < 0 ? [0, 0] : [a, b + 1]);
  }
  return spans;
}

/** Options of {@link melSpectrogram}: the STFT's and the filterbank's, plus the exponent. */
export interface MelSpectrogramOptions extends StftOptions {
  /** Sample rate in Hz (required). */
  sampleRate: number;
  /** Number of mel bands. Default 128. */
  nMels?: number;
  /** Lowest band edge in Hz. Default 0. */
  fMin?: number;
  /** Highest band edge in Hz. Default sampleRate/2. */
  fMax?: number;
  /** Exponent of the magnitude before the filterbank: 2 = power (default, librosa), 1 = magnitude. */
  power?: number;
}

/**
 * Mel spectrogram, the same as `librosa.feature.melspectrogram(y, sr, n_fft, hop_length, n_mels, fmin,
 * fmax, power)`: |stft(y)|^power, then the Slaney mel filterbank.
 * @returns frames × nMels.
 * @throws {ParameterError} for a bad signal or option.
 * @example const M = melSpectrogram(y, { sampleRate: 16000, nFft: 1024, hopLength: 256, nMels: 128 });
 */
export function melSpectrogram(y: Float32Array, options: MelSpectrogramOptions): Matrix {
  if (!options || typeof options !== 'object') throw new ParameterError('melSpectrogram needs options { sampleRate, ... }');
  const p = checkNumber('power', options.power ?? 2, 0, Infinity, true);
  const D = stft(y, options);
  const nFft = 2 * (D.re.cols - 1);
  const fb = melFilterbank({ sampleRate: options.sampleRate, nFft, nMels: options.nMels, fMin: options.fMin, fMax: options.fMax });
  const S = new Float32Array(D.re.data.length);
  const re = D.re.data, im = D.im.data;
  for (let i = 0; i < S.length; i++) {
    const pw = re[i] * re[i] + im[i] * im[i];
    S[i] = p === 2 ? pw : Math.pow(pw, p / 2);
  }
  return applyMelFilterbank({ rows: D.re.rows, cols: D.re.cols, data: S }, fb);
}
