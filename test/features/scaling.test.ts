/**
 * Compression (dB, log1p) and per-bin scalers: exact inverses, the statistics they claim, JSON round trips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  amplitudeToDb, dbToAmplitude, dbToPower, logCompress, logDecompress, MinMaxScaler, powerToDb, Standardizer,
} from '../../src/features';
import { ModelFormatError, ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import type { Matrix } from '../../src/types';
import { maxAbs, maxRelError, throwsWith } from './helpers';

/** 200 × 6 data with different means/scales per column and one constant column. */
function data(seed = 1): Matrix {
  const r = new Random(seed);
  const rows = 200, cols = 6;
  const out = new Float32Array(rows * cols);
  for (let t = 0; t < rows; t++) {
    for (let j = 0; j < cols; j++) out[t * cols + j] = j === 3 ? 2.5 : (j + 1) * 10 + (j + 0.5) * r.normal();
  }
  return { rows, cols, data: out };
}

test('Standardizer: columns get mean 0 and std 1 (constant column → 0), inverse is exact to float32', () => {
  const X = data();
  const sc = new Standardizer().fit(X);
  const Z = sc.transform(X);
  for (let j = 0; j < X.cols; j++) {
    let m = 0, v = 0;
    for (let t = 0; t < X.rows; t++) m += Z.data[t * X.cols + j];
    m /= X.rows;
    for (let t = 0; t < X.rows; t++) v += (Z.data[t * X.cols + j] - m) ** 2;
    const sd = Math.sqrt(v / X.rows);
    assert.ok(Math.abs(m) < 1e-5, `col ${j} mean ${m}`);
    if (j === 3) assert.equal(sd, 0);
    else assert.ok(Math.abs(sd - 1) < 1e-5, `col ${j} std ${sd}`);
  }
  assert.equal(sc.std[3], 1, 'constant column guarded to std 1');
  const back = sc.inverseTransform(Z);
  assert.ok(maxRelError(back.data, X.data, maxAbs(X.data)) < 1e-6);
});

test('MinMaxScaler: training data maps onto [0, 1] with both ends reached; inverse is exact to float32', () => {
  const X = data(2);
  const sc = new MinMaxScaler().fit(X);
  const U = sc.transform(X);
  for (let j = 0; j < X.cols; j++) {
    let lo = Infinity, hi = -Infinity;
    for (let t = 0; t < X.rows; t++) { lo = Math.min(lo, U.data[t * X.cols + j]); hi = Math.max(hi, U.data[t * X.cols + j]); }
    assert.equal(lo, 0);
    assert.ok(j === 3 ? hi === 0 : Math.abs(hi - 1) < 1e-6, `col ${j} max ${hi}`);
  }
  assert.ok(maxRelError(sc.inverseTransform(U).data, X.data, maxAbs(X.data)) < 1e-6);
});

test('scalers survive a JSON round trip and transform identically', () => {
  const X = data(3);
  for (const sc of [new Standardizer().fit(X), new MinMaxScaler().fit(X)]) {
    const json = JSON.parse(JSON.stringify(sc.toJSON()));
    const again = sc instanceof Standardizer ? Standardizer.fromJSON(json) : MinMaxScaler.fromJSON(json);
    assert.deepEqual(again.transform(X), sc.transform(X));
  }
});

test('scalers reject misuse with named errors', () => {
  const X = data();
  throwsWith(() => new Standardizer().transform(X), ParameterError, /not fitted/, /fit/);
  throwsWith(() => new Standardizer().fit(X).transform({ rows: 1, cols: 2, data: new Float32Array(2) }), ParameterError, /X has 2 columns, expected 6/);
  throwsWith(() => new MinMaxScaler().fit({ rows: 0, cols: 3, data: new Float32Array(0) }), ParameterError, /X has 0 rows/);
  throwsWith(() => Standardizer.fromJSON({ kind: 'MinMaxScaler', min: [0], range: [1] }), ModelFormatError, /kind: 'Standardizer'/);
  throwsWith(() => Standardizer.fromJSON({ kind: 'Standardizer', mean: [0, 1], std: [1, 0] }), ModelFormatError, /'std'/, /positive/);
  throwsWith(() => MinMaxScaler.fromJSON({ kind: 'MinMaxScaler', min: [0, 1], range: [1] }), ModelFormatError, /differ in length/);
});

test('dB conversions invert (above the floor), match the formulas, and honour ref="max" and topDb', () => {
  const S: Matrix = { rows: 2, cols: 3, data: Float32Array.from([1, 0.1, 0.001, 10, 1e-9, 0.5]) };
  const adb = amplitudeToDb(S, { topDb: null });
  assert.ok(Math.abs(adb.data[0]) < 1e-6 && Math.abs(adb.data[1] + 20) < 1e-5 && Math.abs(adb.data[3] - 20) < 1e-5);
  assert.ok(Math.abs(adb.data[4] + 100) < 1e-4, 'amin = 1e-5 floors at −100 dB');
  const back = dbToAmplitude(adb);
  for (const i of [0, 1, 2, 3, 5]) assert.ok(Math.abs(back.data[i] - S.data[i]) < 1e-5 * S.data[i]);
  const pdb = powerToDb(S, { ref: 'max', topDb: 50 });
  assert.ok(Math.abs(pdb.data[3]) < 1e-6, 'ref=max maps the maximum to 0 dB');
  assert.ok(Math.abs(Math.min(...pdb.data) + 50) < 1e-5, 'topDb clips 50 dB below the max');
  const p2 = dbToPower(powerToDb(S, { topDb: null }));
  for (const i of [0, 1, 2, 3, 5]) assert.ok(Math.abs(p2.data[i] - S.data[i]) < 1e-5 * S.data[i]);
});

test('logCompress / logDecompress are exact inverses; c scales before the log', () => {
  const S: Matrix = { rows: 1, cols: 4, data: Float32Array.from([0, 1e-6, 3, 250]) };
  const X = logCompress(S, { c: 10 });
  assert.ok(Math.abs(X.data[2] - Math.log1p(30)) < 1e-6);
  assert.equal(X.data[0], 0);
  const back = logDecompress(X, { c: 10 });
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(back.data[i] - S.data[i]) <= 1e-6 * Math.max(1e-3, S.data[i]));
  throwsWith(() => logCompress({ rows: 1, cols: 1, data: Float32Array.from([-1]) }), ParameterError, /S has a negative value/);
  throwsWith(() => logCompress(S, { c: 0 }), ParameterError, /c=0/);
});
