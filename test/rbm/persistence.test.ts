/** save → load round trips, and every kind of damaged file gives a ModelFormatError naming file and problem. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { FileExistsError, ModelFormatError } from '../../src/errors';
import { initBackend, RBM } from '../../src/rbm';
import { wholeFileChecksum } from '../../src/rbm/storage/modelFile';
import { Random } from '../../src/util/random';

const dir = mkdtempSync(path.join(tmpdir(), 'rbm-persist-'));

function trainedLike(visible: 'bernoulli' | 'gaussian'): RBM {
  const rbm = new RBM({ nVisible: 10, nHidden: 6, visible, seed: 5 });
  const rng = new Random(9);
  rng.fillNormal(rbm.visibleBias);
  rng.fillNormal(rbm.hiddenBias);
  if (rbm.logSigma) rng.fillNormal(rbm.logSigma, 0, 0.2);
  return rbm;
}

function expectFormatError(file: string, pattern: RegExp) {
  return assert.rejects(RBM.load(file), (e: Error) => {
    assert.ok(e instanceof ModelFormatError, `expected ModelFormatError, got ${e.name}: ${e.message}`);
    assert.ok(e.message.includes(file), `message names the file: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('RBM.save / RBM.load', () => {
  before(async () => {
    await initBackend({ backend: 'wasm', log: () => {} });
  });

  for (const visible of ['bernoulli', 'gaussian'] as const) {
    test(`${visible}: save → load gives identical parameters, outputs and metadata`, async () => {
      const rbm = trainedLike(visible);
      const file = path.join(dir, `${visible}.rbm`);
      const meta = { featurePipeline: { nMels: 10, hopLength: 256 }, styles: ['blues', 'rag'] };
      await rbm.save(file, { meta });
      const back = await RBM.load(file);
      assert.deepEqual(back.params(), rbm.params());
      assert.deepEqual(back.meta, meta);
      assert.equal(back.seed, 5);
      const v = { rows: 3, cols: 10, data: new Random(1).fillUniform(new Float32Array(30)) };
      assert.deepEqual(back.reconstruct(v), rbm.reconstruct(v));
      assert.deepEqual(back.freeEnergy(v), rbm.freeEnergy(v));
    });
  }

  test('refuses to overwrite without force', async () => {
    const file = path.join(dir, 'once.rbm');
    const rbm = trainedLike('bernoulli');
    await rbm.save(file);
    await assert.rejects(rbm.save(file), FileExistsError);
    await rbm.save(file, { force: true });
  });

  test('damaged files: missing, truncated, corrupted, wrong version, wrong shape, not a model', async () => {
    const good = path.join(dir, 'good.rbm');
    await trainedLike('bernoulli').save(good);
    const bytes = readFileSync(good);
    const headerLength = bytes.readUInt32LE(8);
    const write = (name: string, b: Uint8Array) => {
      const f = path.join(dir, name);
      writeFileSync(f, b);
      return f;
    };
    const withHeader = (name: string, edit: (h: any) => void, reseal = false) => {
      const h = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength));
      edit(h);
      if (reseal) h.checksum = wholeFileChecksum(h, bytes.subarray(12 + headerLength)); // an edit that passes the checksum
      const json = Buffer.from(JSON.stringify(h).padEnd(headerLength, ' '));
      assert.equal(json.length, headerLength, 'edited header must keep its length for this test');
      return write(name, Buffer.concat([bytes.subarray(0, 12), json, bytes.subarray(12 + headerLength)]));
    };
    await expectFormatError(path.join(dir, 'nope.rbm'), /no such file/);
    await expectFormatError(write('short.rbm', bytes.subarray(0, 5)), /truncated/);
    await expectFormatError(write('cut-header.rbm', bytes.subarray(0, 40)), /truncated/);
    await expectFormatError(write('cut-weights.rbm', bytes.subarray(0, bytes.length - 7)), /truncated: \d+ bytes of weights/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3] ^= 0xff;
    await expectFormatError(write('flipped.rbm', flipped), /corrupted: the checksum/);
    const badJson = Buffer.from(bytes);
    badJson[14] = 0x7b;
    await expectFormatError(write('badjson.rbm', badJson), /corrupted header/);
    await expectFormatError(write('text.rbm', Buffer.from('{"W": [1, 2, 3]} just some json, not a model')), /not an rbm-music model file/);
    await expectFormatError(withHeader('v9.rbm', (h) => (h.version = 9)), /format version 9 is not supported; this library reads versions 1 and 2 \(it was written by a newer rbm-music/);
    await expectFormatError(withHeader('shape.rbm', (h) => (h.nHidden = 7)), /corrupted: the checksum does not match the file/);
    await expectFormatError(withHeader('shape2.rbm', (h) => (h.nHidden = 7), true), /W has 60 values, expected 70/);
    await expectFormatError(withHeader('kind.rbm', (h) => (h.kind = 'other')), /is of kind 'other', expected a 'model' file/);
  });
});
