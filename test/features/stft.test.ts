/**
 * STFT / iSTFT against numpy fixtures (data-scripts/fixtures/make_feature_fixtures.py reproduces
 * librosa.stft) and the perfect-reconstruction property.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getWindow, istft, magnitude, power, stft, type WindowName } from '../../src/features';
import { dequantize, fixture, maxAbs, maxRelError, testSignal } from './helpers';

const FIX = fixture('stft');
const TOL = 1e-4; // relative to the largest magnitude, as issue 2 asks

test('getWindow matches scipy.signal.get_window(fftbins=True) for every named window', () => {
  for (const [name, ref] of Object.entries(FIX.windows16 as Record<string, number[]>)) {
    const w = getWindow(name as WindowName, 16);
    assert.ok(maxRelError(w, ref, 1) < 1e-7, `${name}: ${maxRelError(w, ref, 1)}`);
  }
});

for (const c of FIX.cases) {
  const label = `nFft=${c.config.nFft} hop=${c.config.hopLength} win=${c.config.winLength} ${c.config.window} center=${c.config.center} ${c.config.padMode}`;
  test(`stft matches librosa.stft (numpy fixture) within ${TOL} of max: ${label}`, (t) => {
    const D = stft(testSignal(), c.config);
    assert.equal(D.re.rows, c.nFrames, 'frame count');
    assert.equal(D.re.cols, c.nBins, 'bin count');
    const S = magnitude(D);
    assert.ok(Math.abs(maxAbs(S.data) - c.maxMagnitude) / c.maxMagnitude < TOL, 'max magnitude');
    const refMag = dequantize(c.magnitudeQ, c.maxMagnitude);
    const ours: number[] = [];
    for (const t of c.frames) ours.push(...S.data.subarray(t * c.nBins, (t + 1) * c.nBins));
    const errMag = maxRelError(ours, refMag, c.maxMagnitude);
    assert.ok(errMag < TOL, `magnitude error ${errMag}`);
    const re: number[] = [], im: number[] = [];
    for (const t of c.complexFrames) {
      re.push(...D.re.data.subarray(t * c.nBins, (t + 1) * c.nBins));
      im.push(...D.im.data.subarray(t * c.nBins, (t + 1) * c.nBins));
    }
    const errRe = maxRelError(re, dequantize(c.reQ, c.maxMagnitude), c.maxMagnitude);
    const errIm = maxRelError(im, dequantize(c.imQ, c.maxMagnitude), c.maxMagnitude);
    assert.ok(errRe < TOL && errIm < TOL, `complex error re ${errRe} im ${errIm}`);
    t.diagnostic(`max error / max magnitude: |D| ${errMag.toExponential(2)}, re ${errRe.toExponential(2)}, im ${errIm.toExponential(2)}`);
  });
}

test('istft(stft(y)) reconstructs y to < 1e-5 of its peak for COLA/NOLA framings', (t) => {
  const y = testSignal();
  const peak = maxAbs(y);
  const configs = [
    {}, // librosa defaults here: nFft 1024, hop 256, hann, centred
    { nFft: 512, hopLength: 128 },
    { nFft: 512, hopLength: 256 }, // Hann at 50 % overlap
    { nFft: 256, hopLength: 100, window: 'blackman' as const },
    { nFft: 512, winLength: 400, hopLength: 160, window: 'hamming' as const },
  ];
  for (const cfg of configs) {
    const D = stft(y, cfg);
    const y2 = istft(D, { ...cfg, length: y.length });
    assert.equal(y2.length, y.length);
    const err = maxRelError(y2, y, peak);
    assert.ok(err < 1e-5, `${JSON.stringify(cfg)}: ${err}`);
    t.diagnostic(`${JSON.stringify(cfg)}: max error / peak ${err.toExponential(2)}`);
  }
});

test('istft without length gives (frames − 1)·hop samples when centred; center=false reconstructs the covered part', () => {
  const y = testSignal().subarray(0, 5000);
  const D = stft(y, { nFft: 512, hopLength: 128 });
  assert.equal(istft(D, { hopLength: 128 }).length, (D.re.rows - 1) * 128);
  const Dn = stft(y, { nFft: 512, hopLength: 128, center: false });
  const yn = istft(Dn, { hopLength: 128, center: false });
  assert.equal(yn.length, 512 + 128 * (Dn.re.rows - 1));
  // the first and last samples have a near-zero window sum; compare the fully overlapped middle
  const err = maxRelError(yn.subarray(512, yn.length - 512), y.subarray(512, yn.length - 512), maxAbs(y));
  assert.ok(err < 1e-5, `center=false middle error ${err}`);
});

test('istft with a longer length zero-pads, a shorter one trims, both agreeing with the signal', () => {
  const y = testSignal().subarray(0, 3000);
  const D = stft(y, { nFft: 256, hopLength: 64 });
  const longer = istft(D, { hopLength: 64, length: 3500 });
  assert.equal(longer.length, 3500);
  assert.ok(maxRelError(longer.subarray(0, 3000), y, maxAbs(y)) < 1e-5);
  assert.ok(maxAbs(longer.subarray(3100)) < 1e-6, 'beyond the signal is silence');
  const shorter = istft(D, { hopLength: 64, length: 1000 });
  assert.ok(maxRelError(shorter, y.subarray(0, 1000), maxAbs(y)) < 1e-5);
});

test('power = magnitude², frames = 1 + floor(len/hop) when centred, a pure tone peaks at its bin', () => {
  const sr = 16000, n = 4096;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin((2 * Math.PI * 1000 * i) / sr); // 1000 Hz = bin 64 of 1024
  const D = stft(y, { nFft: 1024, hopLength: 256 });
  assert.equal(D.re.rows, 1 + Math.floor(n / 256));
  const S = magnitude(D), P = power(D);
  for (let i = 0; i < S.data.length; i += 97) assert.ok(Math.abs(S.data[i] ** 2 - P.data[i]) <= 1e-4 * Math.max(1, P.data[i]));
  const mid = 8 * 513;
  let best = 0;
  for (let k = 1; k < 513; k++) if (S.data[mid + k] > S.data[mid + best]) best = k;
  assert.equal(best, 64);
  // periodic Hann, unit sine: peak magnitude = nFft/4
  assert.ok(Math.abs(S.data[mid + 64] - 256) < 0.01 * 256, `peak ${S.data[mid + 64]}`);
});
