/**
 * Mel scale, mel filterbank, mel spectrogram and dB conversions against numpy fixtures that reproduce
 * librosa.hz_to_mel, filters.mel, feature.melspectrogram, power_to_db and amplitude_to_db.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  amplitudeToDb, applyMelFilterbank, hzToMel, magnitude, melFilterbank, melFrequencies, melSpectrogram, melToHz,
  powerToDb, stft, type MelNorm,
} from '../../src/features';
import { fixture, maxAbs, maxRelError, testSignal } from './helpers';

const MEL = fixture('mel');
const SPEC = fixture('melspec');
const TOL = 1e-4;

test('hzToMel / melToHz match librosa (Slaney and HTK) and invert each other', () => {
  MEL.hz.forEach((f: number, i: number) => {
    assert.ok(Math.abs(hzToMel(f) - MEL.melSlaney[i]) < 1e-6 * Math.max(1, MEL.melSlaney[i]), `slaney ${f}`);
    assert.ok(Math.abs(hzToMel(f, true) - MEL.melHtk[i]) < 1e-6 * Math.max(1, MEL.melHtk[i]), `htk ${f}`);
    assert.ok(Math.abs(melToHz(hzToMel(f)) - f) < 1e-9 * Math.max(1, f));
    assert.ok(Math.abs(melToHz(hzToMel(f, true), true) - f) < 1e-9 * Math.max(1, f));
  });
});

for (const c of MEL.cases) {
  const cfg = c.config;
  const label = `sr=${cfg.sampleRate} nFft=${cfg.nFft} nMels=${cfg.nMels} fMin=${cfg.fMin} fMax=${cfg.fMax ?? 'sr/2'} htk=${cfg.htk} norm=${cfg.norm}`;
  test(`melFilterbank matches librosa.filters.mel within ${TOL} of max: ${label}`, (t) => {
    const fb = melFilterbank({ ...cfg, norm: cfg.norm as MelNorm });
    assert.deepEqual([fb.rows, fb.cols], c.shape);
    const ref = new Float64Array(fb.rows * fb.cols);
    c.rows.forEach((r: { start: number; values: number[] }, i: number) => ref.set(r.values, i * fb.cols + r.start));
    const err = maxRelError(fb.data, ref, c.max);
    assert.ok(err < TOL, `error ${err}`);
    const edges = melFrequencies(cfg.nMels + 2, cfg.fMin, cfg.fMax ?? cfg.sampleRate / 2, cfg.htk);
    assert.ok(maxRelError(edges, c.melFrequencies, maxAbs(c.melFrequencies)) < 1e-7, 'mel band edges');
    t.diagnostic(`max error / max weight ${err.toExponential(2)}`);
  });
}

test('slaney-normalised filters have equal area (2/(bandwidth)·bandwidth/2 = 1 in Hz units)', () => {
  const sr = 16000, nFft = 4096;
  const fb = melFilterbank({ sampleRate: sr, nFft, nMels: 40 });
  const df = sr / nFft;
  for (let m = 5; m < 40; m++) {
    let area = 0;
    for (let k = 0; k < fb.cols; k++) area += fb.data[m * fb.cols + k] * df;
    assert.ok(Math.abs(area - 1) < 0.02, `band ${m} area ${area}`);
  }
});

test(`melSpectrogram (power 2 and 1) matches librosa.feature.melspectrogram within ${TOL} of max`, (t) => {
  const cfg = SPEC.config;
  for (const [key, p] of [['power2', 2], ['power1', 1]] as const) {
    const M = melSpectrogram(testSignal(), { ...cfg, power: p });
    assert.deepEqual([M.rows, M.cols], [SPEC.nFrames, cfg.nMels]);
    const ours: number[] = [];
    for (const f of SPEC.frames) ours.push(...M.data.subarray(f * M.cols, (f + 1) * M.cols));
    const err = maxRelError(ours, SPEC[key].values, SPEC[key].max);
    assert.ok(err < TOL, `${key}: ${err}`);
    t.diagnostic(`${key}: max error / max ${err.toExponential(2)}`);
  }
});

test('applyMelFilterbank(|stft|², fb) is melSpectrogram', () => {
  const y = testSignal();
  const D = stft(y, { nFft: 512, hopLength: 128 });
  const S = magnitude(D);
  for (let i = 0; i < S.data.length; i++) S.data[i] *= S.data[i];
  const fb = melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 40 });
  const a = applyMelFilterbank(S, fb);
  const b = melSpectrogram(y, { sampleRate: 16000, nFft: 512, hopLength: 128, nMels: 40 });
  assert.ok(maxRelError(a.data, b.data, maxAbs(b.data)) < 1e-6);
});

test('powerToDb / amplitudeToDb match librosa (incl. topDb clipping) within 1e-4 dB·max', (t) => {
  const cfg = SPEC.config;
  const y = testSignal();
  const P = melSpectrogram(y, { ...cfg, power: 2 });
  const A = melSpectrogram(y, { ...cfg, power: 1 });
  const cases = [
    ['powerToDb', powerToDb(P, { ref: 1, amin: 1e-10, topDb: 80 })],
    ['amplitudeToDb', amplitudeToDb(A, { ref: 1, amin: 1e-5, topDb: 60 })],
  ] as const;
  for (const [key, db] of cases) {
    const ours: number[] = [];
    for (const f of SPEC.frames) ours.push(...db.data.subarray(f * db.cols, (f + 1) * db.cols));
    const ref = SPEC[key].values as number[];
    const err = maxRelError(ours, ref, maxAbs(ref));
    assert.ok(err < TOL, `${key}: ${err}`);
    t.diagnostic(`${key}: max error / max |dB| ${err.toExponential(2)}`);
  }
});
