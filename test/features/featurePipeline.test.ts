/**
 * FeaturePipeline: shapes, scaling statistics, clip handling (mixdown + resampling), JSON round trip, and the
 * audio → features → audio round trip scored by spectral convergence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_FEATURE_CONFIG, FeaturePipeline, magnitude, spectralConvergence, stft,
} from '../../src/features';
import { ModelFormatError, ParameterError } from '../../src/errors';
import { fixture, maxAbs, maxRelError, testSignal, throwsWith } from './helpers';

const y = testSignal(); // 0.5 s at 16 kHz
const y2 = testSignal().map((v, i) => v * (0.5 + 0.5 * Math.cos(i / 700))); // a second, different clip

test('defaults: 16 kHz, 1024/256, 128 mel bands, log1p, standardize → 128 features at 62.5 frames/s', () => {
  const fp = new FeaturePipeline();
  assert.deepEqual({ ...fp.config }, { ...DEFAULT_FEATURE_CONFIG });
  assert.equal(fp.nFeatures, 128);
  assert.equal(fp.frameRate, 62.5);
  assert.equal(new FeaturePipeline({ kind: 'linear' }).nFeatures, 513);
  assert.match(fp.toString(), /mel 128 @ 16000 Hz.*not fitted/);
});

test('frequencies: mel band centres (librosa\'s mel_frequencies without the outer edges) and STFT bin centres in Hz', () => {
  // Below 1 kHz Slaney's mel scale is linear, so 4 bands over 0–1000 Hz are centred every 200 Hz.
  const low = new FeaturePipeline({ nMels: 4, fMax: 1000 }).frequencies;
  assert.deepEqual(Array.from(low, (f) => +f.toFixed(9)), [200, 400, 600, 800]);
  // Against librosa's band edges from the committed fixture, for every fixture case on the Slaney scale.
  for (const c of fixture('mel').cases.filter((k: any) => !k.config.htk)) {
    const { sampleRate, nFft, nMels, fMin, fMax } = c.config;
    const fp = new FeaturePipeline({ sampleRate, nFft, hopLength: nFft / 4, nMels, fMin, ...(fMax ? { fMax } : {}) });
    assert.equal(fp.frequencies.length, fp.nFeatures);
    const ref = c.melFrequencies.slice(1, nMels + 1);
    assert.ok(maxRelError(fp.frequencies, ref, maxAbs(ref)) < 1e-7, `mel centres sr=${sampleRate} nMels=${nMels}`);
  }
  const lin = new FeaturePipeline({ kind: 'linear', sampleRate: 8000, nFft: 16, hopLength: 4 }).frequencies;
  assert.deepEqual(Array.from(lin), [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000]);
});

test('fitTransform stacks all inputs\' frames and standardises each feature over them', () => {
  const fp = new FeaturePipeline({ nMels: 40 });
  const X = fp.fitTransform([y, y2]);
  const frames = 1 + Math.floor(y.length / 256);
  assert.deepEqual([X.rows, X.cols], [2 * frames, 40]);
  for (let j = 0; j < 40; j++) {
    let m = 0, v = 0;
    for (let t = 0; t < X.rows; t++) m += X.data[t * 40 + j];
    m /= X.rows;
    for (let t = 0; t < X.rows; t++) v += (X.data[t * 40 + j] - m) ** 2;
    assert.ok(Math.abs(m) < 1e-4, `mean ${m}`);
    assert.ok(Math.abs(Math.sqrt(v / X.rows) - 1) < 1e-3, `std ${Math.sqrt(v / X.rows)}`);
  }
  // transform of one input equals its block of fitTransform
  assert.ok(maxRelError(fp.transform(y2).data, X.data.subarray(frames * 40), 1) < 1e-6);
});

test('minmax scaling puts training frames in [0, 1]; db compression works too', () => {
  const fp = new FeaturePipeline({ scaling: 'minmax', compression: 'db', nMels: 32 });
  const X = fp.fitTransform([y, y2]);
  assert.ok(Math.min(...X.data) >= 0 && Math.max(...X.data) <= 1 + 1e-6);
});

test('a stereo 44.1 kHz AudioClip is mixed down and resampled to config.sampleRate', () => {
  const fp = new FeaturePipeline({ nMels: 40 }).fit([y]);
  const sr = 44100, n = Math.round(0.5 * sr);
  const left = new Float32Array(n), right = new Float32Array(n);
  for (let i = 0; i < n; i++) { left[i] = 0.6 * Math.sin((2 * Math.PI * 440 * i) / sr); right[i] = 0.2 * Math.sin((2 * Math.PI * 440 * i) / sr); }
  const X = fp.transform({ sampleRate: sr, channels: [left, right] });
  assert.equal(X.rows, 1 + Math.floor(8000 / 256));
  const mono16 = new Float32Array(8000);
  for (let i = 0; i < 8000; i++) mono16[i] = 0.4 * Math.sin((2 * Math.PI * 440 * i) / 16000);
  const ref = fp.transform(mono16);
  // the middle frames (away from resampler edge effects) agree closely with a directly synthesised 16 kHz tone
  const mid = sliceFrames(X, 5, X.rows - 5), refMid = sliceFrames(ref, 5, ref.rows - 5);
  assert.ok(maxRelError(mid, refMid, maxAbs(refMid)) < 0.02, `${maxRelError(mid, refMid, maxAbs(refMid))}`);
});

function sliceFrames(X: { cols: number; data: Float32Array }, a: number, b: number): Float32Array {
  return X.data.subarray(a * X.cols, b * X.cols);
}

test('round trip audio → X → audio: linear features reach Griffin-Lim quality, mel features a reasonable one', (t) => {
  const opts = { nFft: 1024, hopLength: 256 };
  const S = magnitude(stft(y, opts));
  for (const [cfg, limit] of [[{ kind: 'linear' as const }, 0.15], [{ kind: 'mel' as const }, 0.25], [{ kind: 'mel' as const, compression: 'db' as const, scaling: 'minmax' as const }, 0.25]] as const) {
    const fp = new FeaturePipeline(cfg);
    const X = fp.fitTransform([y]);
    const yHat = fp.toAudio(X, { nIter: 32, seed: 0, length: y.length });
    assert.equal(yHat.length, y.length);
    const sc = spectralConvergence(S, magnitude(stft(yHat, opts)));
    assert.ok(sc < limit, `${JSON.stringify(cfg)}: spectral convergence ${sc}`);
    t.diagnostic(`${JSON.stringify(cfg)}: spectral convergence of the round trip ${sc.toFixed(3)} (limit ${limit})`);
  }
});

test('toMagnitude of linear/log1p features gives back |stft| exactly (to float32)', () => {
  const fp = new FeaturePipeline({ kind: 'linear' });
  const X = fp.fitTransform([y, y2]);
  const S = magnitude(stft(y, { nFft: 1024, hopLength: 256 }));
  const back = fp.toMagnitude({ rows: S.rows, cols: S.cols, data: X.data.subarray(0, S.data.length) });
  assert.ok(maxRelError(back.data, S.data, maxAbs(S.data)) < 1e-5);
});

test('toJSON / fromJSON restores a pipeline that transforms identically; bad JSON → ModelFormatError', () => {
  const fp = new FeaturePipeline({ nMels: 48, fMax: 7000, scaling: 'minmax' });
  fp.fit([y, y2]);
  const again = FeaturePipeline.fromJSON(JSON.parse(JSON.stringify(fp.toJSON())));
  assert.deepEqual(again.config, fp.config);
  assert.deepEqual(again.transform(y2), fp.transform(y2));
  const unfitted = FeaturePipeline.fromJSON(JSON.parse(JSON.stringify(new FeaturePipeline().toJSON())));
  assert.equal(unfitted.fitted, false);
  throwsWith(() => FeaturePipeline.fromJSON({ format: 'other' }), ModelFormatError, /format/);
  throwsWith(() => FeaturePipeline.fromJSON({ ...fp.toJSON(), version: 9 }), ModelFormatError, /version 9/);
  throwsWith(() => FeaturePipeline.fromJSON({ ...fp.toJSON(), config: { ...fp.config, nMels: 0 } }), ModelFormatError, /nMels=0/);
  throwsWith(() => FeaturePipeline.fromJSON({ ...fp.toJSON(), config: { ...fp.config, nMels: 40 } }), ModelFormatError, /48 features but the config gives 40/);
});

test('pipeline errors name the argument', () => {
  throwsWith(() => new FeaturePipeline({ hopLength: 0 }), ParameterError, /hopLength=0 must be a positive integer/);
  throwsWith(() => new FeaturePipeline({ nFft: 1000 }), ParameterError, /nFft=1000 must be a power of two/);
  throwsWith(() => new FeaturePipeline({ kind: 'cqt' as never }), ParameterError, /kind="cqt"/);
  throwsWith(() => new FeaturePipeline({ nmels: 40 } as never), ParameterError, /config.nmels is not a FeatureConfig option/);
  throwsWith(() => new FeaturePipeline({ fMax: 9000 }), ParameterError, /fMax=9000/);
  throwsWith(() => new FeaturePipeline({ nMels: 128, nFft: 256, hopLength: 64 }), ParameterError, /nMels=128 is too many for nFft=256 at sampleRate=16000 Hz: 13 of the mel bands cover no FFT bin/);
  throwsWith(() => new FeaturePipeline().transform(y), ParameterError, /not fitted/);
  throwsWith(() => new FeaturePipeline().fit([]), ParameterError, /inputs must be a non-empty array/);
  const bad = y.slice();
  bad[17] = NaN;
  throwsWith(() => new FeaturePipeline().fit([y, bad]), ParameterError, /inputs\[1\]\[17\] is NaN/);
  const fp = new FeaturePipeline().fit([y]);
  throwsWith(() => fp.toAudio({ rows: 2, cols: 5, data: new Float32Array(10) }), ParameterError, /X has 5 columns, expected 128/);
});
