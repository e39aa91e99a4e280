/**
 * Bad inputs at every entry point of the features stage give a ParameterError naming the argument, its
 * value and what is valid (asserting class and message, not just "throws"); plus the public export list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as features from '../../src/features';
import {
  amplitudeToDb, applyMelFilterbank, getWindow, griffinLim, istft, melFilterbank, melSpectrogram, melToLinear, nnls,
  powerToDb, spectralConvergence, stft,
} from '../../src/features';
import { ParameterError } from '../../src/errors';
import { testSignal, throwsWith } from './helpers';

const y = testSignal().subarray(0, 2048);
const S = features.magnitude(stft(y, { nFft: 256, hopLength: 64 }));

test('stft validates the signal and every option', () => {
  throwsWith(() => stft(new Float32Array(0)), ParameterError, /y is empty/);
  throwsWith(() => stft([0.1, 0.2] as never), ParameterError, /y must be a Float32Array/);
  const bad = y.slice(); bad[5] = Infinity;
  throwsWith(() => stft(bad), ParameterError, /y\[5\] is Infinity/);
  throwsWith(() => stft(y, { hopLength: 0 }), ParameterError, /hopLength=0 must be a positive integer/);
  throwsWith(() => stft(y, { hopLength: 2.5 }), ParameterError, /hopLength=2.5/);
  throwsWith(() => stft(y, { nFft: 1000 }), ParameterError, /nFft=1000 must be a power of two/);
  throwsWith(() => stft(y, { nFft: 256, winLength: 512 }), ParameterError, /winLength=512 must be ≤ nFft=256/);
  throwsWith(() => stft(y, { nFft: 256, hopLength: 512 }), ParameterError, /hopLength=512 must be ≤ winLength=256 \(default nFft\): a longer hop skips samples/);
  throwsWith(() => stft(y, { window: 'kaiser' as never }), ParameterError, /window="kaiser" must be one of 'hann'/);
  throwsWith(() => stft(y, { nFft: 256, window: new Float32Array(100) }), ParameterError, /window has 100 samples but winLength=256/);
  throwsWith(() => stft(y, { padMode: 'wrap' as never }), ParameterError, /padMode="wrap"/);
  throwsWith(() => stft(y, { center: 'yes' as never }), ParameterError, /center=yes must be true or false/);
  throwsWith(() => stft(y.subarray(0, 500), { nFft: 1024, center: false }), ParameterError, /y has 500 samples, fewer than nFft=1024/);
  throwsWith(() => stft(y.subarray(0, 100), { nFft: 1024, padMode: 'reflect' }), ParameterError, /padMode='reflect' needs more than/);
  throwsWith(() => getWindow('hann', 0), ParameterError, /winLength=0/);
});

test('istft validates D and options', () => {
  const D = stft(y, { nFft: 256, hopLength: 64 });
  throwsWith(() => istft({ re: D.re } as never), ParameterError, /D must be a ComplexSpectrogram/);
  throwsWith(() => istft({ re: D.re, im: { rows: 1, cols: D.im.cols, data: new Float32Array(D.im.cols) } }), ParameterError, /D.re .* and D.im .* must have the same/);
  throwsWith(() => istft(D, { hopLength: -1 }), ParameterError, /hopLength=-1/);
  throwsWith(() => istft(D, { length: -5 }), ParameterError, /length=-5 must be a non-negative integer/);
  const odd = { re: { rows: 1, cols: 100, data: new Float32Array(100) }, im: { rows: 1, cols: 100, data: new Float32Array(100) } };
  throwsWith(() => istft(odd), ParameterError, /nFft=198 must be a power of two/);
  const nan = { re: { ...D.re, data: D.re.data.slice() }, im: D.im };
  nan.re.data[3] = NaN;
  throwsWith(() => istft(nan), ParameterError, /D.re contains a non-finite value/);
});

test('mel functions validate their options', () => {
  throwsWith(() => melFilterbank({ sampleRate: 0, nFft: 512 }), ParameterError, /sampleRate=0/);
  throwsWith(() => melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 0 }), ParameterError, /nMels=0 must be a positive integer/);
  throwsWith(() => melFilterbank({ sampleRate: 16000, nFft: 512, fMin: 5000, fMax: 4000 }), ParameterError, /fMax=4000 must be greater than fMin=5000/);
  throwsWith(() => melFilterbank({ sampleRate: 16000, nFft: 512, fMin: -1 }), ParameterError, /fMin=-1/);
  throwsWith(() => melFilterbank({ sampleRate: 16000, nFft: 512, fMax: 12000 }), ParameterError, /fMax=12000 must be a finite number ≥ 0 and ≤ 8000/);
  throwsWith(() => melFilterbank({ sampleRate: 16000, nFft: 512, norm: 'l2' as never }), ParameterError, /norm="l2" must be 'slaney', null/);
  throwsWith(() => melSpectrogram(y, { sampleRate: 16000, power: 0 }), ParameterError, /power=0/);
  const fb = melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 20 });
  throwsWith(() => applyMelFilterbank(S, fb), ParameterError, /S has 129 frequency bins but the filterbank fb expects 257/);
});

test('dB, Griffin-Lim, NNLS, mel inversion and spectral convergence validate their inputs', () => {
  throwsWith(() => powerToDb(S, { amin: 0 }), ParameterError, /amin=0 must be a finite number > 0/);
  throwsWith(() => amplitudeToDb(S, { topDb: -3 }), ParameterError, /topDb=-3/);
  const neg = { ...S, data: S.data.slice() }; neg.data[7] = -1;
  throwsWith(() => griffinLim(neg), ParameterError, /S has a negative value \(-1\) at row 0, column 7/);
  throwsWith(() => griffinLim(S, { hopLength: 64, momentum: -0.5 }), ParameterError, /momentum=-0.5/);
  throwsWith(() => griffinLim(S, { hopLength: 64, nIter: 1.5 }), ParameterError, /nIter=1.5/);
  throwsWith(() => griffinLim(S, { hopLength: 64, init: 'zeros' as never }), ParameterError, /init="zeros" must be 'random' or null/);
  throwsWith(() => griffinLim({ rows: 2, cols: 100, data: new Float32Array(200) }), ParameterError, /S has 100 frequency bins, so nFft = 2·\(100 − 1\) = 198, which must be a power of two: S must have nFft\/2 \+ 1 columns/);
  throwsWith(() => griffinLim(S, { nFft: 1024 } as never), ParameterError, /S has 129 frequency bins \(nFft = 2·\(129 − 1\) = 256\) but nFft=1024 was given/);
  const fb = melFilterbank({ sampleRate: 16000, nFft: 256, nMels: 20 });
  throwsWith(() => nnls(fb, S), ParameterError, /B has 129 columns but A has 20 rows/);
  const M = { rows: 2, cols: 20, data: new Float32Array(40).fill(1) };
  throwsWith(() => melToLinear(M, { sampleRate: 16000, nFft: 256, nMels: 30 }), ParameterError, /nMels=30 but M has 20 columns/);
  throwsWith(() => melToLinear(M, { sampleRate: 16000, nFft: 300 }), ParameterError, /nFft=300/);
  throwsWith(() => spectralConvergence(S, { rows: 1, cols: 129, data: new Float32Array(129) }), ParameterError, /target is \d+ × 129 but estimate is 1 × 129/);
});

test('public export list of the features stage', () => {
  assert.deepEqual(Object.keys(features).sort(), [
    'DEFAULT_AMPLITUDE_TO_DB', 'DEFAULT_FEATURE_CONFIG', 'DEFAULT_GRIFFIN_LIM', 'DEFAULT_LOG_COMPRESS', 'DEFAULT_MEL_OPTIONS',
    'DEFAULT_NNLS', 'DEFAULT_POWER_TO_DB', 'DEFAULT_STFT_OPTIONS', 'FeaturePipeline', 'FeatureStream', 'MinMaxScaler', 'Standardizer',
    'WINDOW_NAMES', 'amplitudeToDb', 'applyMelFilterbank', 'dbToAmplitude', 'dbToPower', 'fftFrequencies', 'getWindow',
    'griffinLim', 'hzToMel', 'istft', 'logCompress', 'logDecompress', 'magnitude', 'melFilterbank', 'melFrequencies',
    'melSpectrogram', 'melToAudio', 'melToHz', 'melToLinear', 'nnls', 'padCenter', 'power', 'powerToDb',
    'resolveFeatureConfig', 'spectralConvergence', 'stft',
  ].sort());
});
