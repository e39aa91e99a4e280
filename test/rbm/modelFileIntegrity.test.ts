/**
 * Issue 11: the checksum covered only the weights, so header edits went unnoticed (`visible` changed, arrays
 * reordered so weights were silently scrambled, scaler means set to −1e6 → an all-zero WAV with exit 0), and
 * damaged headers gave "internal error"s. Version 2 checksums the whole file, for every model kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AudioFormatError, ModelFormatError, ParameterError } from '../../src/errors';
import { ConditionalRBM, initBackend, RBM } from '../../src/rbm';
import { MODEL_FORMAT_VERSION, wholeFileChecksum } from '../../src/rbm/storage/modelFile';
import { loadMusicModel, trainOnClips } from '../../src/generate';
import { synthesizeDataset } from '../../src/data';
import { Random } from '../../src/util/random';

const dir = mkdtempSync(path.join(tmpdir(), 'rbm-integrity-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** FNV-1a 32, written out again here from its definition (http://www.isthe.com/chongo/tech/comp/fnv/). */
function fnv(bytes: Uint8Array): number {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h >>> 0;
}

interface Parts { header: any; payload: Buffer }
function split(file: string): Parts {
  const bytes = readFileSync(file);
  const h = bytes.readUInt32LE(8);
  return { header: JSON.parse(bytes.toString('utf8', 12, 12 + h)), payload: bytes.subarray(12 + h) };
}
/** Writes a container with `header` (JSON) and `payload`, as the format describes it (independent of the writer). */
function join(name: string, header: unknown, payload: Uint8Array): string {
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat([Buffer.from('RBMMUSIC', 'latin1'), len, json, payload]));
  return file;
}
const rejectsNaming = async (p: Promise<unknown>, file: string, what: RegExp) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ModelFormatError, `expected ModelFormatError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.ok(e.message.includes(file), `message does not name ${file}: ${e.message}`);
    assert.match(e.message, what);
    return true;
  });

test('header edits are caught for every kind (RBM and CRBM): visible, array order, any metadata field', async () => {
  await initBackend({ log: () => {} });
  const rbm = new RBM({ nVisible: 6, nHidden: 4, visible: 'gaussian', seed: 3 });
  rbm.meta = { note: 'x', scaler: { mean: [1, 2] } };
  const good = path.join(dir, 'good.rbm');
  await rbm.save(good);
  const { header, payload } = split(good);
  assert.equal(header.version, MODEL_FORMAT_VERSION);
  assert.equal(MODEL_FORMAT_VERSION, 2);
  await RBM.load(good);
  const edits: Record<string, (h: any) => void> = {
    visible: (h) => { h.visible = 'bernoulli'; },
    order: (h) => { h.arrays = [h.arrays[1], h.arrays[0], ...h.arrays.slice(2)]; },
    meta: (h) => { h.meta.scaler.mean[0] = -1e6; },
    seed: (h) => { h.seed = 4; },
  };
  for (const [name, edit] of Object.entries(edits)) {
    const h = structuredClone(header);
    edit(h);
    const f = join(`${name}.rbm`, h, payload);
    await rejectsNaming(RBM.load(f), f, /corrupted: the checksum does not match the file \(it covers the header/);
  }
  const crbm = new ConditionalRBM({ nVisible: 3, nHidden: 2, order: 2, seed: 1 });
  const cf = path.join(dir, 'good.crbm');
  await crbm.save(cf);
  const c = split(cf);
  c.header.order = 1;
  const edited = join('order.crbm', c.header, c.payload);
  await rejectsNaming(ConditionalRBM.load(edited), edited, /corrupted: the checksum/);
});

test('version-1 files (checksum of the weights only) still load; unknown versions say which are read', async () => {
  const rbm = new RBM({ nVisible: 5, nHidden: 3, seed: 9 });
  const f = path.join(dir, 'v2.rbm');
  await rbm.save(f);
  const { header, payload } = split(f);
  const v1 = join('v1.rbm', { ...header, version: 1, checksum: fnv(payload) }, payload);
  const back = await RBM.load(v1);
  assert.deepEqual(Array.from(back.W), Array.from(rbm.W));
  const badV1 = Buffer.from(payload);
  badV1[0] ^= 1;
  const broken = join('v1bad.rbm', { ...header, version: 1, checksum: fnv(payload) }, badV1);
  await rejectsNaming(RBM.load(broken), broken, /corrupted: the checksum of the weights/);
  const v3 = join('v3.rbm', { ...header, version: 3 }, payload);
  await rejectsNaming(RBM.load(v3), v3, /format version 3 is not supported; this library reads versions 1 and 2 \(it was written by a newer rbm-music/);
});

test('damaged array lists are ModelFormatErrors naming the file, not internal errors (even with a valid checksum)', async () => {
  const rbm = new RBM({ nVisible: 4, nHidden: 2, seed: 1 });
  const f = path.join(dir, 'a.rbm');
  await rbm.save(f);
  const { header, payload } = split(f);
  const sealed = (name: string, edit: (h: any) => void): string => {
    const h = structuredClone(header);
    edit(h);
    h.checksum = wholeFileChecksum(h, payload);
    return join(name, h, payload);
  };
  const cases: Array<[string, (h: any) => void, RegExp]> = [
    ['fraction', (h) => { h.arrays[0].length = 7.5; }, /array 'W' has length 7\.5; lengths are whole numbers/],
    ['null', (h) => { h.arrays[1] = null; }, /arrays\[1\] is null, expected \{ name, length \}/],
    ['negative', (h) => { h.arrays[2].length = -4; }, /array 'hiddenBias' has length -4/],
    ['twice', (h) => { h.arrays[1].name = 'W'; }, /array 'W' is listed twice/],
    ['header-null', (h) => { for (const k of Object.keys(h)) delete h[k]; }, /corrupted header \(missing format or arrays\)/],
  ];
  for (const [name, edit, what] of cases) {
    const file = sealed(`${name}.rbm`, edit);
    await rejectsNaming(RBM.load(file), file, what);
  }
  const nullHeader = join('nullheader.rbm', null, payload);
  await rejectsNaming(RBM.load(nullHeader), nullHeader, /corrupted header/);
});

test('sizes are checked before allocating: nHidden 1e12, CRBM order 100000 → ParameterError naming the option at once', () => {
  const t0 = performance.now();
  assert.throws(() => new RBM({ nVisible: 128, nHidden: 1e12 }), (e: unknown) =>
    e instanceof ParameterError && /^RBM: nVisible=128, nHidden=1000000000000 .* needs .* TiB, more than the .* memory limit; use fewer hidden units \(CLI --hidden\)/.test(e.message));
  assert.throws(() => new RBM({ nVisible: 128, nHidden: 20_000_000 }), (e: unknown) => e instanceof ParameterError && /nHidden=20000000/.test(e.message));
  assert.throws(() => new ConditionalRBM({ nVisible: 128, nHidden: 256, order: 100_000 }), (e: unknown) =>
    e instanceof ParameterError && /^ConditionalRBM: .*order=100000 .* more than the .* memory limit; use a shorter history \(CLI --order\)/.test(e.message));
  assert.ok(performance.now() - t0 < 500);
});

test('ConditionalRBM.fit refuses constant data as RBM.fit does; trainOnClips refuses a 1-sample clip naming it', async () => {
  const frames = { rows: 30, cols: 4, data: new Float32Array(120).fill(0.5) };
  await assert.rejects(new ConditionalRBM({ nVisible: 4, nHidden: 3, order: 2 }).fit([frames], { epochs: 1 }), (e: unknown) =>
    e instanceof ParameterError && /no variation: all 28 frames are identical/.test(e.message));
  await assert.rejects(new RBM({ nVisible: 4, nHidden: 3 }).fit(frames, { epochs: 1 }), ParameterError);
  const one = { name: 'blip', clip: { sampleRate: 16000, channels: [Float32Array.of(0.5)] } };
  const r = new Random(1);
  const ok = { name: 'noise', clip: { sampleRate: 16000, channels: [Float32Array.from({ length: 16000 }, () => r.normal() * 0.1)] } };
  await assert.rejects(trainOnClips([ok, one], { epochs: 1, nHidden: 4 }), (e: unknown) =>
    e instanceof AudioFormatError && /^blip: 1 samples .* too short to train on: each clip needs at least one analysis window of nFft=1024/.test(e.message));
});

test('a music model whose saved metadata is wrong fails at load, as a ModelFormatError naming the file', async () => {
  await initBackend({ log: () => {} });
  const { model } = await trainOnClips(synthesizeDataset({ seed: 2, clips: 2, seconds: 1 }), { nHidden: 4, epochs: 1, seed: 1 });
  const f = path.join(dir, 'music.rbm');
  await model.save(f);
  await loadMusicModel(f);
  const { header, payload } = split(f);
  const sealed = (name: string, edit: (h: any) => void): string => {
    const h = structuredClone(header);
    edit(h);
    h.checksum = wholeFileChecksum(h, payload);
    return join(name, h, payload);
  };
  const cases: Array<[string, (h: any) => void, RegExp]> = [
    ['nfft', (h) => { h.meta.pipeline.config.nFft = 1048576; }, /saved feature pipeline .* unusable: .*nFft=1048576.* memory limit/],
    ['rate1', (h) => { h.meta.pipeline.config.sampleRate = 1; }, /saved feature pipeline .* unusable: .*sampleRate=1 must be/],
    ['nmels', (h) => { h.meta.pipeline.config.nMels = 64; }, /unusable: .*scaler has 128 features but the config gives 64/],
    ['nofit', (h) => { h.meta.pipeline.scaler = null; }, /no fitted scaler/],
    ['scaler', (h) => { h.meta.pipeline.scaler.mean[3] = null; }, /unusable: .*must be a non-empty array of finite numbers/],
    ['nfeatures', (h) => { h.meta.nFeatures = 100; }, /meta\.nFeatures is 100 but its feature pipeline gives 128/],
    ['styles', (h) => { h.meta.styles = ['a']; }, /model\/feature mismatch: the model has 128 visible units but its metadata gives 128 features \+ 1 style units/],
    ['styles2', (h) => { h.meta.styles = 'jazz'; }, /meta\.styles must be a list/],
    ['freeEnergy', (h) => { h.meta.freeEnergy = { mean: 1, std: null }; }, /meta\.freeEnergy must be \{ mean, std \}/],
  ];
  for (const [name, edit, what] of cases) {
    const file = sealed(`${name}.rbm`, edit);
    await rejectsNaming(loadMusicModel(file), file, what);
  }
});
