/**
 * Mel → linear inversion: the NNLS solver against scipy.optimize.nnls (unique minimiser for the fixture's
 * mel basis), recovery of a known non-negative spectrum, KKT optimality, and the audio path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  magnitude, melFilterbank, melSpectrogram, melToAudio, melToLinear, nnls, spectralConvergence, stft,
} from '../../src/features';
import { takeRows } from '../../src/util/matrix';
import { fixture, maxAbs, maxRelError, testSignal } from './helpers';

const NN = fixture('nnls');

test('nnls reaches scipy.optimize.nnls\'s minimiser (unique here) within 1e-4 of max', (t) => {
  const A = melFilterbank(NN.config);
  const B = { rows: NN.cases.length, cols: A.rows, data: Float32Array.from(NN.cases.flatMap((c: any) => c.mel)) };
  const X = nnls(A, B, { maxIter: 5000, tol: 1e-9 });
  NN.cases.forEach((c: any, i: number) => {
    const x = X.data.subarray(i * A.cols, (i + 1) * A.cols);
    const err = maxRelError(x, c.x, maxAbs(c.x));
    assert.ok(err < 1e-4, `case ${i}: ${err}`);
    // the optimal residual is unique even when x is not: compare it too
    let r2 = 0;
    for (let m = 0; m < A.rows; m++) {
      let s = -c.mel[m];
      for (let k = 0; k < A.cols; k++) s += A.data[m * A.cols + k] * x[k];
      r2 += s * s;
    }
    assert.ok(Math.abs(Math.sqrt(r2) - c.residual) < 1e-4 * Math.max(1e-3, c.residual), `residual ${Math.sqrt(r2)} vs ${c.residual}`);
    t.diagnostic(`case ${i}: max |x − x_scipy| / max ${err.toExponential(2)}, residual ${Math.sqrt(r2).toExponential(3)} (scipy ${c.residual.toExponential(3)})`);
  });
});

test('melToLinear recovers a known non-negative spectrum (power 2 → magnitude)', () => {
  const A = melFilterbank(NN.config);
  const S = Float32Array.from(NN.xTrue as number[], Math.sqrt); // magnitudes; power = S²
  const P = S.map((v) => v * v);
  const M = new Float32Array(A.rows);
  for (let m = 0; m < A.rows; m++) for (let k = 0; k < A.cols; k++) M[m] += A.data[m * A.cols + k] * P[k];
  const Shat = melToLinear({ rows: 1, cols: A.rows, data: M }, { ...NN.config, power: 2, nIter: 5000 });
  assert.equal(Shat.cols, A.cols);
  // NNLS solves in the power domain, so compare there (a square root magnifies errors near zero)
  const err = maxRelError(Shat.data.map((v) => v * v), P, maxAbs(P));
  assert.ok(err < 1e-4, `recovery error ${err}`);
});

test('nnls result satisfies the KKT conditions on an underdetermined real mel basis', () => {
  const A = melFilterbank({ sampleRate: 16000, nFft: 256, nMels: 40 });
  const full = melSpectrogram(testSignal(), { sampleRate: 16000, nFft: 256, hopLength: 64, nMels: 40 });
  const M = takeRows(full, [0, Math.floor(full.rows / 2), full.rows - 1]); // first, middle, last frame
  const X = nnls(A, M, { maxIter: 3000, tol: 1e-10 });
  for (let t = 0; t < M.rows; t++) {
    const x = X.data.subarray(t * A.cols, (t + 1) * A.cols);
    const b = M.data.subarray(t * A.rows, (t + 1) * A.rows);
    const r = new Float64Array(A.rows);
    for (let m = 0; m < A.rows; m++) {
      r[m] = -b[m];
      for (let k = 0; k < A.cols; k++) r[m] += A.data[m * A.cols + k] * x[k];
    }
    let gMax = 0;
    const g = new Float64Array(A.cols);
    for (let k = 0; k < A.cols; k++) {
      for (let m = 0; m < A.rows; m++) g[k] += A.data[m * A.cols + k] * r[m];
      gMax = Math.max(gMax, Math.abs(g[k]));
    }
    const scale = maxAbs(b) * maxAbs(A.data);
    for (let k = 0; k < A.cols; k++) {
      assert.ok(x[k] >= 0);
      // optimality: gradient ≥ 0 where x = 0, ≈ 0 where x > 0
      assert.ok(g[k] > -1e-3 * scale, `frame ${t} bin ${k}: gradient ${g[k]}`);
      if (x[k] > 1e-3 * maxAbs(x)) assert.ok(Math.abs(g[k]) < 1e-3 * scale, `frame ${t} bin ${k}: x ${x[k]} gradient ${g[k]}`);
    }
  }
});

test('melToAudio: mel spectrogram of real audio back to audio with a reasonable spectral convergence', (t) => {
  const y = testSignal();
  const opts = { sampleRate: 16000, nFft: 512, hopLength: 128, nMels: 64 };
  const M = melSpectrogram(y, opts);
  const yHat = melToAudio(M, { ...opts, nIter: 32, seed: 0, length: y.length });
  assert.equal(yHat.length, y.length);
  const sc = spectralConvergence(magnitude(stft(y, opts)), magnitude(stft(yHat, opts)));
  assert.ok(sc < 0.5, `spectral convergence ${sc}`);
  t.diagnostic(`mel(64) → NNLS → 32 fast-GL iterations: spectral convergence ${sc.toFixed(3)}`);
});
