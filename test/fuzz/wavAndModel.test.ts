/** Fuzzing (issue 11): WAV and model files; the harness and the contract are described in ./harness.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { WaveFile } from 'wavefile';
import { loadMusicModel, trainOnClips } from '../../src/generate';
import { synthesizeDataset } from '../../src/data';
import { initBackend } from '../../src/rbm';
import { wholeFileChecksum } from '../../src/rbm/storage/modelFile';
import { buildWav } from '../audio/wavBuilder';
import { byteMutant, cleanUpAfter, decode, dir, EXTREMES, fuzz, FUZZ_MUTANTS, withLimit } from './harness';

cleanUpAfter();

test(`fuzz WAV: ${FUZZ_MUTANTS} mutants load or throw a typed error naming the file, none slow or huge`, { timeout: 1_800_000 }, async () => {
  const w = new WaveFile();
  w.fromScratch(2, 16000, '24', [Array.from({ length: 50 }, (_, i) => i * 1000), Array.from({ length: 50 }, (_, i) => -i * 1000)]);
  const good = buildWav({ before: [['LIST', new Uint8Array(10)]], channels: 2, bitsPerSample: 24, sampleRate: 16000, data: w.toBuffer().subarray(44) });
  const wavFields = [24, 28, 34, 22, 32, 40, 4, 16, 54, 70]; // rate, byte rate, bits, channels, align, sizes
  const o = await withLimit(() => fuzz('wav', good, (g, r, k) => {
    if (k % 6 !== 5) return byteMutant(g, r, k, 80);
    const b = g.slice(); // a header field set to an extreme or plausible-but-wrong value
    const at = wavFields[r.int(wavFields.length)];
    new DataView(b.buffer).setUint32(at, [...EXTREMES, 1000, 44100, 768001, 3][r.int(12)], true);
    return b;
  }, decode, 1));
  assert.ok(o.loaded > 0 && o.typed > 0);
});

/** Every path to a leaf in a JSON value (arrays: their first 3 entries), for field-by-field header edits. */
function leafPaths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object') {
    out.push(at); // the object itself can be replaced too
    const entries = Array.isArray(v) ? v.slice(0, 3).map((x, i) => [i, x] as const) : Object.entries(v);
    for (const [k, x] of entries) leafPaths(x, [...at, k], out);
  } else out.push(at);
  return out;
}
const HOSTILE = [null, -1, 0, 0.5, 7.5, 1e308, -1e308, 2 ** 31, 1e12, 'x', '', [], {}, true, [null], { kind: 'standard' }];

test(`fuzz model files: ${FUZZ_MUTANTS} mutants load or throw a typed error naming the file, none slow or huge`, { timeout: 1_800_000 }, async () => {
  await initBackend({ log: () => {} });
  const { model } = await trainOnClips(synthesizeDataset({ seed: 5, clips: 2, seconds: 1 }), { nHidden: 4, epochs: 1, seed: 1, features: { nMels: 16 } });
  const goodPath = path.join(dir, 'good.rbm');
  await model.save(goodPath);
  const good = new Uint8Array(readFileSync(goodPath));
  const hLen = Buffer.from(good).readUInt32LE(8);
  const header = JSON.parse(Buffer.from(good).toString('utf8', 12, 12 + hLen));
  const payload = good.subarray(12 + hLen);
  const paths = leafPaths(header).filter((p) => p.length > 0 && p[0] !== 'checksum');
  const sealed = (h: Record<string, unknown>): Uint8Array => {
    h.checksum = wholeFileChecksum(h, payload);
    let json = Buffer.from(JSON.stringify(h));
    json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(json.length);
    return Buffer.concat([Buffer.from('RBMMUSIC', 'latin1'), len, json, payload]);
  };
  const o = await withLimit(() => fuzz('rbm', good, (g, r, k) => {
    if (k % 2 === 0) return byteMutant(g, r, k >> 1, 12 + hLen);
    const h = structuredClone(header); // edit one field to a hostile value and re-seal: reaches the metadata checks
    const p = paths[r.int(paths.length)];
    let o: any = h;
    for (const key of p.slice(0, -1)) o = o[key];
    o[p[p.length - 1]] = structuredClone(HOSTILE[r.int(HOSTILE.length)]);
    return sealed(h);
  }, async (bytes, name) => {
    const f = path.join(dir, name);
    writeFileSync(f, bytes);
    try { await loadMusicModel(f); } finally { rmSync(f, { force: true }); }
  }, 6));
  assert.ok(o.loaded + o.typed === FUZZ_MUTANTS);
});
