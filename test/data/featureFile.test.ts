import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { saveFeatureFile, loadFeatureFile } from '../../src/data';
import { FileExistsError, ModelFormatError } from '../../src/errors';
import { matrix } from '../../src/util/matrix';

const tmp = mkdtempSync(path.join(tmpdir(), 'rbm-feat-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('features file: save → load round-trips values, shape and header; layout is as documented', async () => {
  const X = matrix(3, 2, [1.5, -2, 0, 3.25, 1e-7, -1e30]);
  const file = path.join(tmp, 'x.features');
  const clips = [{ name: 'a', style: 'blues', startRow: 0, rows: 2 }, { name: 'b', startRow: 2, rows: 1 }];
  await saveFeatureFile(file, X, { pipeline: { format: 'p' }, clips });
  const { header, X: Y } = await loadFeatureFile(file);
  assert.deepEqual([Y.rows, Y.cols], [3, 2]);
  assert.deepEqual(Y.data, X.data);
  assert.deepEqual(header.clips, clips);
  assert.deepEqual(header.pipeline, { format: 'p' });
  // Independent reading of the layout: magic, header length, 4-byte aligned little-endian float32 data.
  const bytes = readFileSync(file);
  assert.equal(bytes.toString('latin1', 0, 8), 'RBMFEAT1');
  const h = bytes.readUInt32LE(8), off = Math.ceil((12 + h) / 4) * 4;
  assert.equal(JSON.parse(bytes.toString('utf8', 12, 12 + h)).rows, 3);
  assert.equal(bytes.readFloatLE(off + 4 * 3), 3.25);
  await assert.rejects(saveFeatureFile(file, X, { pipeline: null, clips: [] }), FileExistsError);
  await saveFeatureFile(file, matrix(1, 1, [7]), { pipeline: null, clips: [] }, { force: true });
  assert.deepEqual((await loadFeatureFile(file)).X.data, new Float32Array([7]));
});

test('features file: missing, foreign, truncated and corrupted files give ModelFormatError naming the file', async () => {
  const file = path.join(tmp, 'y.features');
  await saveFeatureFile(file, matrix(4, 4, new Float32Array(16).fill(1)), { pipeline: null, clips: [] });
  const good = readFileSync(file);
  const cases: [string, Uint8Array, RegExp][] = [
    ['truncated.features', good.subarray(0, good.length - 4), /truncated or corrupted/],
    ['foreign.features', Buffer.from('RIFF....WAVEfmt '), /not an rbm-music features file/],
    ['shortheader.features', good.subarray(0, 20), /truncated/],
  ];
  const badJson = Buffer.from(good); badJson[13] = 0x7b; badJson[14] = 0x7b;
  cases.push(['badjson.features', badJson, /corrupted JSON/]);
  for (const [name, bytes, why] of cases) {
    const f = path.join(tmp, name);
    writeFileSync(f, bytes);
    await assert.rejects(loadFeatureFile(f), (e: Error) => e instanceof ModelFormatError && e.message.includes(name) && why.test(e.message), name);
  }
  await assert.rejects(loadFeatureFile(path.join(tmp, 'missing.features')), (e: Error) => e instanceof ModelFormatError && /not found/.test(e.message));
});
